package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// proposalForm writes a new proposal.
type proposalForm struct {
	u *UI

	title    *widget.Entry
	body     *widget.Entry
	process  *widget.Select
	options  *widget.Entry
	optsHelp *widget.Label
	rule     *widget.Select
	quorum   *widget.Select
	closes   *widget.Select
	reason   *widget.Select
	create   *widget.Button
	dlg      dialog.Dialog
	ratifies *workspace.RatifyLink // set when started from an agreement
}

var (
	quorumChoices = []string{"None", "25%", "50%", "66%", "75%", "100%"}
	closeChoices  = []string{"1 day", "3 days", "5 days", "1 week", "2 weeks"}
	reasonChoices = map[string]workspace.ReasonMode{
		"Optional": workspace.ReasonOptional, "Required": workspace.ReasonRequired,
		"Required to disagree or block": workspace.ReasonForObjection, "No reasons": workspace.ReasonOff,
	}
)

func (u *UI) newProposalForm() *proposalForm {
	f := &proposalForm{u: u}
	f.title = widget.NewEntry()
	f.title.SetPlaceHolder("What should we decide? e.g. Buy a second oven")
	f.body = widget.NewMultiLineEntry()
	f.body.Wrapping = fyne.TextWrapWord
	f.body.SetMinRowsVisible(5)
	f.body.SetPlaceHolder("Background, costs, what happens if it passes. **Markdown** works.")
	var procs []string
	for _, p := range []workspace.Process{workspace.ProcessConsent, workspace.ProcessChooseOne, workspace.ProcessChooseMany,
		workspace.ProcessScore, workspace.ProcessRanked, workspace.ProcessMeetingTime} {
		procs = append(procs, processNames[p])
	}
	f.options = widget.NewMultiLineEntry()
	f.options.SetMinRowsVisible(3)
	f.optsHelp = note("")
	f.process = widget.NewSelect(procs, func(string) { f.adapt() })
	var rules []string
	for _, r := range []workspace.PassRule{workspace.PassConsensus, workspace.PassMajority, workspace.PassTwoThirds, workspace.PassUnanimity} {
		rules = append(rules, passRuleNames[r])
	}
	f.rule = widget.NewSelect(rules, nil)
	f.rule.SetSelected(rules[0])
	f.quorum = widget.NewSelect(quorumChoices, nil)
	f.quorum.SetSelected("50%")
	f.closes = widget.NewSelect(closeChoices, nil)
	f.closes.SetSelected("5 days")
	f.reason = widget.NewSelect([]string{"Optional", "Required", "Required to disagree or block", "No reasons"}, nil)
	f.reason.SetSelected("Optional")
	f.create = button("Start the proposal", theme.ConfirmIcon(), widget.HighImportance, f.submit)
	f.process.SetSelected(procs[0])
	form := widget.NewForm(
		widget.NewFormItem("Title", f.title),
		widget.NewFormItem("Details", f.body),
		widget.NewFormItem("How to decide", f.process),
		widget.NewFormItem("Options", container.NewVBox(f.options, f.optsHelp)),
		widget.NewFormItem("Passes when", f.rule),
		widget.NewFormItem("Quorum", f.quorum),
		widget.NewFormItem("Open for", f.closes),
		widget.NewFormItem("Reasons", f.reason),
	)
	cancel := button("Cancel", theme.CancelIcon(), widget.LowImportance, func() { f.dlg.Hide() })
	content := container.NewBorder(nil, container.NewHBox(cancel, f.create), nil, nil, container.NewVScroll(form))
	f.dlg = dialog.NewCustomWithoutButtons("New proposal", content, u.win)
	f.dlg.Resize(fyne.NewSize(680, 620))
	return f
}

// adapt shows the inputs the chosen process needs.
func (f *proposalForm) adapt() {
	p := f.chosenProcess()
	consent := p == workspace.ProcessConsent
	show(f.options, !consent)
	enable(f.rule, consent)
	switch p {
	case workspace.ProcessConsent:
		f.optsHelp.SetText("Consent proposals have the fixed options agree, abstain, disagree and block.")
	case workspace.ProcessMeetingTime:
		f.options.SetPlaceHolder("2025-07-07 19:00-21:00\n2025-07-08 18:30-20:30")
		f.optsHelp.SetText("One time slot per line: date, start and end, in your local time.")
	default:
		f.options.SetPlaceHolder("One option per line")
		f.optsHelp.SetText("One option per line.")
	}
}

func (f *proposalForm) chosenProcess() workspace.Process {
	for p, name := range processNames {
		if name == f.process.Selected {
			return p
		}
	}
	return workspace.ProcessConsent
}

// spec reads the form.
func (f *proposalForm) spec(now time.Time) (workspace.ProposalSpec, error) {
	s := workspace.ProposalSpec{Title: strings.TrimSpace(f.title.Text), Body: f.body.Text, Process: f.chosenProcess(), Ratifies: f.ratifies}
	if s.Ratifies != nil {
		s.Process = workspace.ProcessConsent
	}
	if s.Title == "" {
		return s, fmt.Errorf("give the proposal a title")
	}
	for r, name := range passRuleNames {
		if name == f.rule.Selected && s.Process == workspace.ProcessConsent {
			s.PassRule = r
		}
	}
	if q := strings.TrimSuffix(f.quorum.Selected, "%"); q != "None" {
		var n int
		fmt.Sscan(q, &n)
		s.Quorum = float64(n) / 100
	}
	s.ReasonMode = reasonChoices[f.reason.Selected]
	if s.ReasonMode == workspace.ReasonForObjection && s.Process != workspace.ProcessConsent {
		s.ReasonMode = workspace.ReasonOptional
	}
	days := map[string]int{"1 day": 1, "3 days": 3, "5 days": 5, "1 week": 7, "2 weeks": 14}[f.closes.Selected]
	s.ClosesAt = now.Add(time.Duration(max(days, 1)) * 24 * time.Hour)
	if s.Process == workspace.ProcessConsent {
		return s, nil
	}
	for _, line := range strings.Split(f.options.Text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if s.Process != workspace.ProcessMeetingTime {
			s.Options = append(s.Options, workspace.OptionSpec{Label: line})
			continue
		}
		o, err := parseSlot(line)
		if err != nil {
			return s, err
		}
		s.Options = append(s.Options, o)
	}
	return s, nil
}

// parseSlot reads "2025-07-07 19:00-21:00" in local time.
func parseSlot(line string) (workspace.OptionSpec, error) {
	date, times, ok := strings.Cut(line, " ")
	from, to, ok2 := strings.Cut(strings.TrimSpace(times), "-")
	if !ok || !ok2 {
		return workspace.OptionSpec{}, fmt.Errorf("time slot %q: write it like 2025-07-07 19:00-21:00", line)
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", date+" "+strings.TrimSpace(from), time.Local)
	if err != nil {
		return workspace.OptionSpec{}, fmt.Errorf("time slot %q: write it like 2025-07-07 19:00-21:00", line)
	}
	end, err := time.ParseInLocation("2006-01-02 15:04", date+" "+strings.TrimSpace(to), time.Local)
	if err != nil {
		return workspace.OptionSpec{}, fmt.Errorf("time slot %q: write it like 2025-07-07 19:00-21:00", line)
	}
	if !end.After(start) {
		end = end.Add(24 * time.Hour) // runs past midnight
	}
	return workspace.OptionSpec{Start: start, End: end}, nil
}

func (f *proposalForm) submit() {
	spec, err := f.spec(f.u.now())
	if err != nil {
		f.u.showError("Could not start the proposal", err)
		return
	}
	c := f.u.coop
	f.create.Disable()
	f.u.run.bg(func() {
		id, err := c.NewProposal(spec)
		f.u.run.ui(func() {
			f.create.Enable()
			if err != nil {
				f.u.showError("Could not start the proposal", err)
				return
			}
			f.dlg.Hide()
			f.u.shell.opened(secProposals, id)
		})
	})
}
