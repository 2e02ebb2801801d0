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
	for i, r := range t.Rounds {
		parts := make([]string, len(r.Counts))
		for j, oc := range r.Counts {
			parts[j] = fmt.Sprintf("%s %d", oc.Label, oc.Count)
		}
		fmt.Fprintf(&b, "  round %d: %s", i+1, strings.Join(parts, ", "))
		if len(r.Eliminated) > 0 {
			fmt.Fprintf(&b, " — out: %s", strings.Join(r.Eliminated, ", "))
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
