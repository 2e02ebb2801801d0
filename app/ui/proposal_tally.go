package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// tallyPanel shows the live count: a bar per option, how many took part
// against the quorum, who has not voted yet, and every stance the tally did
// not count with the reason.
type tallyPanel struct {
	u *UI

	result     *widget.Label
	rows       *fyne.Container
	quorum     *widget.ProgressBar
	quorumText *widget.Label
	notVoted   *widget.Label
	rejected   *fyne.Container
	rounds     *widget.Label
	box        fyne.CanvasObject

	// shown is each option's label and count as drawn (for tests).
	shown  map[string]string
	layout string // the options the rows were made for
	bars   map[string]*tallyRow
}

// tallyRow is one option's line: its name, a bar and the count. Rows are
// updated in place as votes arrive.
type tallyRow struct {
	name, count *widget.Label
	bar         *meter
	box         fyne.CanvasObject
}

func newTallyRow() *tallyRow {
	r := &tallyRow{name: widget.NewLabel(""), count: widget.NewLabel(""), bar: newMeter()}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.box = container.NewVBox(container.NewBorder(nil, nil, nil, r.count, r.name), r.bar)
	return r
}

func (r *tallyRow) set(label string, bold bool, value float64, count string, imp widget.Importance) {
	if r.name.Text != label || r.name.TextStyle.Bold != bold {
		r.name.TextStyle = fyne.TextStyle{Bold: bold}
		r.name.SetText(label)
	}
	color := theme.ColorNamePrimary
	if imp == widget.DangerImportance {
		color = theme.ColorNameError
	}
	r.bar.set(value, 1, color)
	if r.count.Text != count || r.count.Importance != imp {
		r.count.Importance = imp
		r.count.SetText(count)
	}
}

func newTallyPanel(u *UI) *tallyPanel {
	t := &tallyPanel{u: u, result: widget.NewLabel(""), rows: container.NewVBox(), quorum: widget.NewProgressBar(),
		quorumText: note(""), notVoted: note(""), rejected: container.NewVBox(), rounds: note("")}
	t.result.Wrapping = fyne.TextWrapWord
	t.box = container.NewVBox(t.result, t.rows, t.rounds, widget.NewSeparator(), t.quorumText, t.quorum, t.notVoted, t.rejected)
	return t
}

func (t *tallyPanel) object() fyne.CanvasObject { return t.box }

func (t *tallyPanel) show(pv workspace.ProposalView) {
	r := pv.Tally
	t.result.SetText(resultSentence(pv))
	t.shown = map[string]string{}
	winners := map[string]bool{}
	for _, w := range r.Winners {
		winners[w] = true
	}
	layout := ""
	for _, o := range r.Options {
		layout += o.ID + "|"
	}
	if layout != t.layout { // the options changed: new rows
		t.layout = layout
		t.bars = map[string]*tallyRow{}
		var rows []fyne.CanvasObject
		for _, o := range r.Options {
			row := newTallyRow()
			t.bars[o.ID] = row
			rows = append(rows, row.box)
		}
		t.rows.Objects = rows
		t.rows.Refresh()
	}
	for _, o := range r.Options {
		label := o.Label
		if opt, ok := optionByID(pv, o.ID); ok && pv.Process != workspace.ProcessConsent {
			label = optionLabel(opt)
		}
		value, text := barValue(pv, o)
		bold := false
		if winners[o.ID] && pv.Process != workspace.ProcessConsent {
			bold = true
			text += map[bool]string{true: " · leading", false: " · chosen"}[r.Result == workspace.ResultOpen]
		}
		t.shown[label] = text
		imp := widget.MediumImportance
		if o.ID == workspace.ConsentBlock && o.Count > 0 {
			imp = widget.DangerImportance
		}
		t.bars[o.ID].set(label, bold, value, text, imp)
	}
	t.showRounds(r)
	t.quorum.Max = 1
	t.quorum.SetValue(r.Participation)
	q := fmt.Sprintf("%d of %d voting members took part", r.Participated, r.Voters)
	if r.Quorum > 0 {
		met := "not reached yet"
		if r.QuorumMet {
			met = "reached"
		}
		q += fmt.Sprintf(" — quorum of %.0f%% %s", 100*r.Quorum, met)
	}
	t.quorumText.SetText(q)
	var waiting []string
	for _, id := range r.NotVoted {
		waiting = append(waiting, t.u.nameOf(id))
	}
	t.notVoted.SetText("")
	if len(waiting) > 0 {
		t.notVoted.SetText("Not voted yet: " + names(waiting))
	}
	var rej []fyne.CanvasObject
	for _, s := range r.Rejected {
		rej = append(rej, chip("⚠ "+t.u.nameOf(s.Stance.Member)+"'s vote is not counted: "+s.Reason, widget.WarningImportance))
	}
	t.rejected.Objects = rej
	t.rejected.Refresh()
}

// barValue is an option's bar (0..1) and its count in words.
func barValue(pv workspace.ProposalView, o workspace.OptionCount) (float64, string) {
	n := float64(max(pv.Tally.Participated, 1))
	switch pv.Process {
	case workspace.ProcessScore:
		return float64(o.Score) / (n * float64(max(pv.MaxScore, 1))), fmt.Sprintf("%d points", o.Score)
	case workspace.ProcessMeetingTime:
		return float64(o.Yes) / n, fmt.Sprintf("%d yes, %d if need be", o.Yes, o.Maybe)
	case workspace.ProcessRanked:
		return float64(o.Count) / n, plural(o.Count, "first choice")
	}
	return float64(o.Count) / n, plural(o.Count, "vote")
}

// resultSentence says where the decision stands.
func resultSentence(pv workspace.ProposalView) string {
	r := pv.Tally
	if r.Result == workspace.ResultOpen {
		return "Voting is open. The result counts at the deadline; until then everyone can still change their vote."
	}
	text, _ := resultText(r)
	switch r.Result {
	case workspace.ResultPassed:
		if pv.Process != workspace.ProcessConsent {
			var ws []string
			for _, w := range r.Winners {
				if o, ok := optionByID(pv, w); ok {
					ws = append(ws, optionLabel(o))
				}
			}
			return "Decided: " + strings.Join(ws, ", ") + "."
		}
		return "Passed."
	case workspace.ResultBlocked:
		return "Blocked: at least one member blocked, so this did not pass."
	case workspace.ResultNoQuorum:
		return "Too few members took part for a decision."
	}
	return text + "."
}

func (t *tallyPanel) showRounds(r workspace.TallyResult) {
	var lines []string
	for i, rd := range r.Rounds {
		var parts []string
		for _, c := range rd.Counts {
			parts = append(parts, fmt.Sprintf("%s %d", c.Label, c.Count))
		}
		line := fmt.Sprintf("Round %d: %s", i+1, strings.Join(parts, ", "))
		if len(rd.Eliminated) > 0 {
			line += " — out: " + strings.Join(rd.Eliminated, ", ")
		}
		lines = append(lines, line)
	}
	t.rounds.SetText(strings.Join(lines, "\n"))
	show(t.rounds, len(lines) > 0)
}
