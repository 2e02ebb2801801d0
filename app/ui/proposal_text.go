package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// How a proposal's rules, results and votes read in words.

var processNames = map[workspace.Process]string{
	workspace.ProcessConsent:     "Consent decision",
	workspace.ProcessChooseOne:   "Poll: choose one",
	workspace.ProcessChooseMany:  "Poll: choose any",
	workspace.ProcessScore:       "Poll: score each option",
	workspace.ProcessRanked:      "Poll: rank the options",
	workspace.ProcessMeetingTime: "Find a time",
}

var passRuleNames = map[workspace.PassRule]string{
	workspace.PassConsensus: "passes if someone agrees and nobody blocks",
	workspace.PassMajority:  "passes with more agrees than disagrees and blocks",
	workspace.PassTwoThirds: "passes with two thirds agreeing",
	workspace.PassUnanimity: "passes if nobody disagrees or blocks",
}

// describeProcess is the one-line summary of how a proposal is decided.
func describeProcess(pv workspace.ProposalView) string {
	parts := []string{processNames[pv.Process]}
	if r, ok := passRuleNames[pv.PassRule]; ok && pv.Process == workspace.ProcessConsent {
		parts = append(parts, r)
	}
	if pv.Quorum > 0 {
		parts = append(parts, fmt.Sprintf("needs %.0f%% of members to take part", 100*pv.Quorum))
	}
	return strings.Join(parts, " · ")
}

// resultText is a tally's result in words, and how loud to show it.
func resultText(t workspace.TallyResult) (string, widget.Importance) {
	switch t.Result {
	case workspace.ResultOpen:
		return "Open", widget.HighImportance
	case workspace.ResultPassed:
		if t.Process == workspace.ProcessConsent {
			return "Passed", widget.SuccessImportance
		}
		return "Decided", widget.SuccessImportance
	case workspace.ResultBlocked:
		return "Blocked", widget.DangerImportance
	case workspace.ResultFailed:
		return "Did not pass", widget.WarningImportance
	case workspace.ResultNoQuorum:
		return "Too few took part", widget.WarningImportance
	case workspace.ResultTied:
		return "Tied", widget.WarningImportance
	}
	return t.Result, widget.MediumImportance
}

// optionLabel names an option for people: a time slot in local time.
func optionLabel(o workspace.Option) string {
	if o.Start.IsZero() {
		return o.Label
	}
	slot := o.Start.Local().Format("Mon 2 Jan, 15:04") + "–" + clock(o.End)
	if o.Label != "" {
		return o.Label + " · " + slot
	}
	return slot
}

// optionByID finds an option of the proposal.
func optionByID(pv workspace.ProposalView, id string) (workspace.Option, bool) {
	for _, o := range pv.Options {
		if o.ID == id {
			return o, true
		}
	}
	return workspace.Option{}, false
}

var slotWords = map[int]string{workspace.SlotYes: "yes", workspace.SlotMaybe: "if need be", workspace.SlotNo: "no"}

// choicesText says what a stance chose.
func choicesText(pv workspace.ProposalView, cs []workspace.Choice) string {
	label := func(id string) string {
		if o, ok := optionByID(pv, id); ok {
			return optionLabel(o)
		}
		return "a removed option"
	}
	cs = append([]workspace.Choice(nil), cs...)
	var parts []string
	switch pv.Process {
	case workspace.ProcessConsent:
		if len(cs) == 1 {
			return strings.ToUpper(cs[0].Option[:1]) + cs[0].Option[1:]
		}
	case workspace.ProcessRanked:
		sort.Slice(cs, func(i, j int) bool { return cs[i].Value < cs[j].Value })
		for _, c := range cs {
			parts = append(parts, fmt.Sprintf("%d. %s", c.Value, label(c.Option)))
		}
	case workspace.ProcessScore:
		for _, c := range cs {
			parts = append(parts, fmt.Sprintf("%s: %d", label(c.Option), c.Value))
		}
	case workspace.ProcessMeetingTime:
		for _, c := range cs {
			parts = append(parts, label(c.Option)+": "+slotWords[c.Value])
		}
	default:
		for _, c := range cs {
			parts = append(parts, label(c.Option))
		}
	}
	return strings.Join(parts, "; ")
}

// stanceImportance colours a stance: a block is loud, a disagree a warning.
func stanceImportance(pv workspace.ProposalView, s workspace.Stance) widget.Importance {
	if pv.Process != workspace.ProcessConsent || len(s.Choices) != 1 {
		return widget.MediumImportance
	}
	switch s.Choices[0].Option {
	case workspace.ConsentAgree:
		return widget.SuccessImportance
	case workspace.ConsentDisagree:
		return widget.WarningImportance
	case workspace.ConsentBlock:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// rejectedReason is why the tally refused this stance, or "".
func rejectedReason(t workspace.TallyResult, s workspace.Stance) string {
	for _, r := range t.Rejected {
		if r.Stance.Member == s.Member && r.Stance.At.Equal(s.At) {
			return r.Reason
		}
	}
	return ""
}
