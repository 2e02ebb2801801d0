package workspace

import (
	"fmt"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// TallyText renders a tally for people, with members' names.
func (c *Coop) TallyText(t TallyResult) string {
	v, _ := c.Members()
	name := func(id MemberID) string {
		if v == nil {
			return id.Short()
		}
		return v.NameOf(id)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Result: %s", t.Result)
	if t.Status != "" {
		fmt.Fprintf(&b, " (%s", t.Status)
		if !t.ClosesAt.IsZero() {
			fmt.Fprintf(&b, ", deadline %s", t.ClosesAt.Local().Format("Mon 2 Jan 2006 15:04"))
		}
		b.WriteString(")")
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "Participation: %d of %d voting members (%.0f%%), quorum %.0f%% %s\n",
		t.Participated, t.Voters, 100*t.Participation, 100*t.Quorum, map[bool]string{true: "met", false: "not met"}[t.QuorumMet])
	for _, o := range t.Options {
		switch t.Process {
		case crdt.ProcessScore:
			fmt.Fprintf(&b, "  %-30s score %d from %d\n", o.Label, o.Score, o.Count)
		case crdt.ProcessMeetingTime:
			fmt.Fprintf(&b, "  %-30s yes %d, maybe %d, no %d\n", o.Label, o.Yes, o.Maybe, o.No)
		default:
			fmt.Fprintf(&b, "  %-30s %d\n", o.Label, o.Count)
		}
	}
	label := optionLabels(t)
	if len(t.Winners) > 0 && t.Result != crdt.ResultOpen {
		names := make([]string, len(t.Winners))
		for i, id := range t.Winners {
			names[i] = label(id)
		}
		word := "Winner"
		if len(names) > 1 {
			word = "Tied"
		}
		fmt.Fprintf(&b, "%s: %s\n", word, strings.Join(names, ", "))
	}
	for i, r := range t.Rounds {
		parts := make([]string, len(r.Counts))
		for j, oc := range r.Counts {
			parts[j] = fmt.Sprintf("%s %d", oc.Label, oc.Count)
		}
		fmt.Fprintf(&b, "  round %d: %s", i+1, strings.Join(parts, ", "))
		if len(r.Eliminated) > 0 {
			out := make([]string, len(r.Eliminated))
			for j, id := range r.Eliminated {
				out[j] = label(id)
			}
			fmt.Fprintf(&b, " — out: %s", strings.Join(out, ", "))
		}
		b.WriteString("\n")
	}
	if len(t.NotVoted) > 0 {
		names := make([]string, len(t.NotVoted))
		for i, id := range t.NotVoted {
			names[i] = name(id)
		}
		fmt.Fprintf(&b, "Not voted yet: %s\n", strings.Join(names, ", "))
	}
	for _, r := range t.Rejected {
		fmt.Fprintf(&b, "Refused stance from %s: %s\n", name(r.Stance.Member), r.Reason)
	}
	return b.String()
}

func tallyMarkdown(t TallyResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Tally\n\n**%s** — %d of %d voting members took part (quorum %.0f%%: %v)\n\n",
		t.Result, t.Participated, t.Voters, 100*t.Quorum, t.QuorumMet)
	for _, o := range t.Options {
		fmt.Fprintf(&b, "- %s: %d\n", o.Label, o.Count)
	}
	return b.String()
}

// optionLabels names options by their titles, from the options and the
// runoff rounds (an option removed later may appear only there).
func optionLabels(t TallyResult) func(id string) string {
	labels := map[string]string{}
	for _, r := range t.Rounds {
		for _, oc := range r.Counts {
			labels[oc.ID] = oc.Label
		}
	}
	for _, o := range t.Options {
		labels[o.ID] = o.Label
	}
	return func(id string) string {
		if l := labels[id]; l != "" {
			return l
		}
		return crdt.ShortID(id)
	}
}
