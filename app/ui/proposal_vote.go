package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// votePanel is where a member casts or changes their vote. Its inputs fit
// the proposal's process and are rebuilt only when the options change, so a
// colleague's vote arriving never clears what this member is choosing.
type votePanel struct {
	u  *UI
	id string
	pv workspace.ProposalView

	built   string // the options the inputs were built for
	touched bool   // the member changed the inputs since they were filled
	inputs  *fyne.Container
	radio   *widget.RadioGroup
	checks  *widget.CheckGroup
	selects map[string]*widget.Select
	slots   map[string]*widget.RadioGroup
	byLabel map[string]string // shown label → option ID

	reason  *widget.Entry
	submit  *widget.Button
	current *widget.Label
	hint    *widget.Label
	box     *fyne.Container
}

var consentLabels = []string{"Agree", "Abstain", "Disagree", "Block"}

var slotAnswers = []string{"Yes", "If need be", "No"}

func newVotePanel(u *UI, id string) *votePanel {
	p := &votePanel{u: u, id: id, inputs: container.NewVBox()}
	p.reason = widget.NewMultiLineEntry()
	p.reason.Wrapping = fyne.TextWrapWord
	p.reason.SetMinRowsVisible(2)
	p.reason.OnChanged = func(string) { p.touched = true }
	p.submit = button("Vote", theme.ConfirmIcon(), widget.HighImportance, p.cast)
	p.current = note("")
	p.hint = note("")
	p.box = container.NewVBox(p.inputs, p.reason, container.NewBorder(nil, nil, nil, p.submit, p.current), p.hint)
	return p
}

func (p *votePanel) object() fyne.CanvasObject { return p.box }

// show adapts the panel to the proposal as it now is.
func (p *votePanel) show(pv workspace.ProposalView, canVote bool) {
	p.pv = pv
	sig := string(pv.Process)
	for _, o := range pv.Options {
		if !o.Removed {
			sig += "|" + o.ID + "=" + optionLabel(o)
		}
	}
	if sig != p.built {
		p.build()
		p.built = sig
		p.touched = false
	}
	mine, voted := p.myStance()
	if !p.touched {
		p.fill(mine, voted)
	}
	p.current.SetText("You have not voted yet.")
	if voted {
		p.current.SetText("Your vote: " + choicesText(pv, mine.Choices) + " (" + ago(mine.At, p.u.now()) + ")")
		p.submit.SetText("Change my vote")
	} else {
		p.submit.SetText("Vote")
	}
	switch pv.ReasonMode {
	case workspace.ReasonOff:
		p.reason.Hide()
	case workspace.ReasonRequired:
		p.reason.Show()
		p.reason.SetPlaceHolder("Why? (a reason is required)")
	case workspace.ReasonForObjection:
		p.reason.Show()
		p.reason.SetPlaceHolder("Why? (required to disagree or block)")
	default:
		p.reason.Show()
		p.reason.SetPlaceHolder("Why? (optional, but it helps the others)")
	}
	enable(p.submit, canVote)
	p.hint.SetText("Observers take part in the discussion but their votes are not counted.")
	show(p.hint, !canVote)
}

func (p *votePanel) myStance() (workspace.Stance, bool) {
	for _, s := range p.pv.Current {
		if s.Member == p.u.me() {
			return s, true
		}
	}
	return workspace.Stance{}, false
}

// build makes the inputs for the process.
func (p *votePanel) build() {
	pv := p.pv
	p.radio, p.checks, p.selects, p.slots, p.byLabel = nil, nil, map[string]*widget.Select{}, map[string]*widget.RadioGroup{}, map[string]string{}
	touch := func(string) { p.touched = true }
	var objs []fyne.CanvasObject
	var labels []string
	var live []workspace.Option
	for _, o := range pv.Options {
		if !o.Removed {
			live = append(live, o)
			l := optionLabel(o)
			labels = append(labels, l)
			p.byLabel[l] = o.ID
		}
	}
	switch pv.Process {
	case workspace.ProcessConsent:
		p.byLabel = map[string]string{}
		for _, l := range consentLabels {
			p.byLabel[l] = strings.ToLower(l)
		}
		p.radio = widget.NewRadioGroup(consentLabels, touch)
		p.radio.Horizontal = true
		objs = append(objs, p.radio)
	case workspace.ProcessChooseOne:
		p.radio = widget.NewRadioGroup(labels, touch)
		objs = append(objs, p.radio)
	case workspace.ProcessChooseMany:
		p.checks = widget.NewCheckGroup(labels, func([]string) { p.touched = true })
		if pv.MaxChoices > 0 {
			objs = append(objs, note(fmt.Sprintf("Choose up to %d.", pv.MaxChoices)))
		}
		objs = append(objs, p.checks)
	case workspace.ProcessScore, workspace.ProcessRanked:
		values := []string{"—"}
		n := pv.MaxScore
		if pv.Process == workspace.ProcessRanked {
			n = len(live)
			objs = append(objs, note("Number the options in your order of preference; leave out any you would not accept."))
		}
		for i := 0; i <= n; i++ {
			if pv.Process == workspace.ProcessRanked && i == 0 {
				continue
			}
			values = append(values, strconv.Itoa(i))
		}
		for _, o := range live {
			sel := widget.NewSelect(values, touch)
			sel.SetSelected("—")
			p.selects[o.ID] = sel
			objs = append(objs, container.NewBorder(nil, nil, nil, sel, para(optionLabel(o))))
		}
	case workspace.ProcessMeetingTime:
		for _, o := range live {
			rg := widget.NewRadioGroup(slotAnswers, touch)
			rg.Horizontal = true
			p.slots[o.ID] = rg
			objs = append(objs, container.NewBorder(nil, nil, nil, rg, para(optionLabel(o))))
		}
	}
	p.inputs.Objects = objs
	p.inputs.Refresh()
}

// fill shows the member's current vote in the inputs.
func (p *votePanel) fill(s workspace.Stance, voted bool) {
	if !voted {
		s = workspace.Stance{}
	}
	label := func(id string) string {
		for l, oid := range p.byLabel {
			if oid == id {
				return l
			}
		}
		return ""
	}
	switch {
	case p.radio != nil:
		p.radio.Selected = ""
		if len(s.Choices) > 0 {
			p.radio.Selected = label(s.Choices[0].Option)
		}
		p.radio.Refresh()
	case p.checks != nil:
		var sel []string
		for _, c := range s.Choices {
			sel = append(sel, label(c.Option))
		}
		p.checks.Selected = sel
		p.checks.Refresh()
	}
	for id, sel := range p.selects {
		sel.Selected = "—"
		for _, c := range s.Choices {
			if c.Option == id {
				sel.Selected = strconv.Itoa(c.Value)
			}
		}
		sel.Refresh()
	}
	for id, rg := range p.slots {
		rg.Selected = ""
		for _, c := range s.Choices {
			if c.Option == id {
				rg.Selected = map[int]string{workspace.SlotYes: "Yes", workspace.SlotMaybe: "If need be", workspace.SlotNo: "No"}[c.Value]
			}
		}
		rg.Refresh()
	}
	p.reason.OnChanged = nil
	p.reason.SetText(s.Reason)
	p.reason.OnChanged = func(string) { p.touched = true }
}

// choices reads the inputs as a stance.
func (p *votePanel) choices() ([]workspace.Choice, error) {
	var out []workspace.Choice
	switch {
	case p.radio != nil:
		if p.radio.Selected == "" {
			return nil, errors.New("choose one of the options first")
		}
		out = append(out, workspace.Choice{Option: p.byLabel[p.radio.Selected], Value: 1})
	case p.checks != nil:
		for _, l := range p.checks.Selected {
			out = append(out, workspace.Choice{Option: p.byLabel[l], Value: 1})
		}
	}
	for _, o := range p.pv.Options {
		if sel, ok := p.selects[o.ID]; ok && sel.Selected != "—" && sel.Selected != "" {
			n, _ := strconv.Atoi(sel.Selected)
			out = append(out, workspace.Choice{Option: o.ID, Value: n})
		}
		if rg, ok := p.slots[o.ID]; ok && rg.Selected != "" {
			v := map[string]int{"Yes": workspace.SlotYes, "If need be": workspace.SlotMaybe, "No": workspace.SlotNo}[rg.Selected]
			out = append(out, workspace.Choice{Option: o.ID, Value: v})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("choose at least one option first")
	}
	return out, nil
}

// cast saves the vote.
func (p *votePanel) cast() {
	cs, err := p.choices()
	if err != nil {
		p.u.showError("Could not vote", err)
		return
	}
	c, id, reason := p.u.coop, p.id, strings.TrimSpace(p.reason.Text)
	p.submit.Disable()
	p.u.run.bg(func() {
		err := c.Vote(id, cs, reason)
		p.u.run.ui(func() {
			enable(p.submit, p.u.canVote())
			if err != nil {
				p.u.showError("Could not vote", err)
				return
			}
			p.touched = false
			p.current.SetText("Your vote is saved.")
		})
	})
}
