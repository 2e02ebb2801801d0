package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// countdownEvery is how often a proposal's countdown is redrawn.
const countdownEvery = 30 * time.Second

// proposalData is what the proposal screen shows, read in one go.
type proposalData struct {
	pv      workspace.ProposalView
	history []workspace.HistoryEntry
	// For a proposal that ratifies an agreement version: the agreement's
	// title and whether the ratification is recorded there.
	agreement string
	ratified  bool
}

// proposalView shows one proposal: its text, the vote, the live tally, the
// discussion and its history. Inputs (the vote being chosen, a comment being
// typed) are built once and survive refreshes; the rest is redrawn.
type proposalView struct {
	u  *UI
	id string

	title     *widget.Label
	status    *widget.Label
	countdown *widget.Label
	process   *widget.Label
	body      *bodyEditor
	outcome   *fyne.Container
	vote      *votePanel
	voteCard  fyne.CanvasObject
	tally     *tallyPanel
	reasons   *fyne.Container
	manage    *managePanel
	comments  *commentsPanel
	history   *foldout

	data         *proposalData
	gen          int
	reasonsDrawn string // what the reasons were drawn from
	outcomeDrawn string
	stopTick     func()
	root         fyne.CanvasObject
}

func newProposalView(u *UI, id string) *proposalView {
	v := &proposalView{u: u, id: id}
	v.title = heading("")
	v.status = chip("", widget.MediumImportance)
	v.countdown = widget.NewLabel("")
	v.process = note("")
	v.body = newBodyEditor(u, "proposal text", func(md string) error { return u.coop.SetProposalBody(id, md) })
	v.outcome = container.NewVBox()
	v.vote = newVotePanel(u, id)
	v.voteCard = card("Your vote", v.vote.object())
	v.tally = newTallyPanel(u)
	v.reasons = container.NewVBox()
	v.manage = newManagePanel(u, id)
	v.comments = newCommentsPanel(u, id)
	v.history = newFoldout("the history of votes and edits", v.renderHistory)
	content := container.NewVBox(
		v.title,
		container.NewHBox(v.status, v.countdown),
		v.process,
		v.body.object(),
		v.outcome,
		v.voteCard,
		card("Tally", v.tally.object()),
		card("Reasons given", v.reasons),
		v.manage.object(),
		card("Discussion", v.comments.object()),
		v.history.object(),
	)
	v.root = scroller(container.NewPadded(content))
	v.tick()
	return v
}

func (v *proposalView) object() fyne.CanvasObject { return v.root }
func (v *proposalView) docID() string             { return v.id }

func (v *proposalView) closeView() {
	if v.stopTick != nil {
		v.stopTick()
		v.stopTick = nil
	}
}

// tick redraws the countdown every countdownEvery while the view is open.
func (v *proposalView) tick() {
	if v.data != nil {
		v.showCountdown()
		if v.data.pv.StatusAt(v.u.now()) != v.data.pv.Tally.Status {
			v.reload() // it opened or closed while on screen: count again
		}
	}
	v.stopTick = v.u.run.after(countdownEvery, func() {
		if v.stopTick != nil {
			v.tick()
		}
	})
}

func (v *proposalView) reload() {
	c, id := v.u.coop, v.id
	fetch(v.u, &v.gen, func() (*proposalData, error) {
		pv, err := c.Proposal(id)
		if err != nil {
			return nil, err
		}
		h, err := c.History(id)
		if err != nil {
			return nil, err
		}
		d := &proposalData{pv: pv, history: h}
		if link := pv.Ratifies; link != nil {
			if a, err := c.Agreement(link.Agreement); err == nil {
				d.agreement = a.Title()
				recs, _ := a.RatificationRecords()
				for _, r := range recs {
					d.ratified = d.ratified || r.VersionID == link.Version
				}
			}
		}
		return d, nil
	}, func(d *proposalData, err error) {
		if err != nil {
			v.title.SetText("This proposal cannot be shown")
			v.process.SetText(friendly(err))
			return
		}
		v.data = d
		v.render()
	})
}

// render draws everything from v.data.
func (v *proposalView) render() {
	d := v.data.pv
	now := v.u.now()
	v.title.SetText(d.Title)
	v.process.SetText(describeProcess(d) + " · proposed by " + v.u.nameOf(d.CreatedBy) + ", " + dateOnly(d.CreatedAt, now))
	v.showCountdown()
	manager := v.canManage()
	v.body.show(d.Body, manager && d.Tally.Status == workspace.ProposalOpen,
		"Only the author or an admin can edit the text, and only while the proposal is open.")
	v.renderOutcome()
	show(v.voteCard, d.Tally.Status == workspace.ProposalOpen)
	v.vote.show(d, v.u.canVote())
	v.tally.show(d)
	v.comments.show(d.Comments) // before the reasons: it sorts out replies to stances
	v.renderReasons()
	v.manage.show(d, manager)
	v.history.refresh()
}

// canManage: the author or an admin may edit, close, extend, reopen.
func (v *proposalView) canManage() bool {
	d := v.data.pv
	m, ok := v.u.roster.Member(v.u.me())
	return ok && m.Active() && (m.Role == workspace.RoleAdmin || d.CreatedBy == v.u.me())
}

func (v *proposalView) showCountdown() {
	d := v.data.pv
	now := v.u.now()
	st := d.StatusAt(now)
	switch st {
	case workspace.ProposalOpen:
		setChip(v.status, "Open", widget.HighImportance)
		v.countdown.SetText(countdown(d.Deadline(), now) + " (" + dateTime(d.Deadline(), now) + ")")
		v.countdown.Importance = widget.MediumImportance
		if d.Deadline().Sub(now) < 24*time.Hour {
			v.countdown.Importance = widget.WarningImportance
		}
	case workspace.ProposalDraft:
		setChip(v.status, "Not open yet", widget.LowImportance)
		v.countdown.SetText("opens " + dateTime(d.OpensAt, now))
	default:
		text, imp := resultText(d.Tally)
		setChip(v.status, text, imp)
		v.countdown.SetText("closed " + dateTime(d.Deadline(), now))
		v.countdown.Importance = widget.LowImportance
	}
	v.countdown.Refresh()
}

func (v *proposalView) renderOutcome() {
	d := v.data.pv
	sig := fmt.Sprintf("%+v|%+v|%v|%s|%v|%v", d.Outcome, d.Ratifies, v.data.ratified, v.data.agreement, d.Tally.Result, v.canManage())
	if sig == v.outcomeDrawn {
		return
	}
	v.outcomeDrawn = sig
	v.outcome.Objects = nil
	if o := d.Outcome; o != nil {
		lines := []fyne.CanvasObject{subheading("Outcome"), para(o.Statement),
			note("Recorded by " + v.u.nameOf(o.By) + ", " + dateOnly(o.At, v.u.now()))}
		if !o.ReviewAt.IsZero() {
			lines = append(lines, note("To be reviewed "+dateOnly(o.ReviewAt, v.u.now())))
		}
		v.outcome.Objects = []fyne.CanvasObject{tinted(theme.ColorNameSuccess, container.NewVBox(lines...))}
	}
	if link := d.Ratifies; link != nil {
		v.outcome.Add(v.ratifiesRow(*link))
	}
	v.outcome.Refresh()
}

// ratifiesRow links a ratification proposal to its agreement, and once it
// passed lets the author or an admin record the ratification there.
func (v *proposalView) ratifiesRow(link workspace.RatifyLink) fyne.CanvasObject {
	u, d := v.u, v.data
	name := d.agreement
	if name == "" {
		name = "an agreement not on this computer yet"
	}
	open := button("Open the agreement", theme.FileTextIcon(), widget.LowImportance, func() { u.shell.opened(secAgreements, link.Agreement) })
	row := container.NewHBox(widget.NewLabel("Ratifies a version of "+name), open)
	switch {
	case d.ratified:
		row.Add(chip("Recorded", widget.SuccessImportance))
	case d.pv.Tally.Result == workspace.ResultPassed && v.canManage():
		c, id := u.coop, v.id
		row.Add(button("Record the ratification", theme.ConfirmIcon(), widget.HighImportance, func() {
			u.do("record the ratification", func() error { return c.Ratify(link.Agreement, link.Version, id) }, v.reload)
		}))
	}
	return row
}

// renderReasons lists each member's current stance with its reason and the
// replies to it, Loomio style.
func (v *proposalView) renderReasons() {
	d := v.data.pv
	sig := v.comments.drawn
	for _, s := range d.Current {
		sig += "|" + string(s.Member) + s.At.String() + rejectedReason(d.Tally, s)
	}
	if sig == v.reasonsDrawn {
		return
	}
	v.reasonsDrawn = sig
	var objs []fyne.CanvasObject
	for _, s := range d.Current {
		if s.Reason == "" {
			continue
		}
		line := container.NewHBox(widget.NewLabelWithStyle(v.u.nameOf(s.Member), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			chip(choicesText(d, s.Choices), stanceImportance(d, s)))
		items := []fyne.CanvasObject{line, para("“" + s.Reason + "”")}
		if why := rejectedReason(d.Tally, s); why != "" {
			items = append(items, chip("⚠ Not counted: "+why, widget.WarningImportance))
		}
		for _, r := range v.comments.stanceReplies[s.Member] {
			items = append(items, container.NewBorder(nil, nil, container.New(&minWidth{w: 18}), nil, v.comments.thread(r, 0)))
		}
		parent := workspace.StanceParent(s.Member)
		items = append(items, container.NewHBox(button("Reply", nil, widget.LowImportance, func() { v.comments.openReply(parent) })))
		if v.comments.replyTo == parent {
			items = append(items, v.comments.replyBox)
		}
		objs = append(objs, container.NewVBox(items...), widget.NewSeparator())
	}
	if len(objs) == 0 {
		objs = []fyne.CanvasObject{note("Nobody has explained their vote yet.")}
	}
	v.reasons.Objects = objs
	v.reasons.Refresh()
}
