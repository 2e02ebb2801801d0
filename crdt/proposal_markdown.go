package crdt

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

const mdTime = "2006-01-02 15:04 UTC"

// Markdown renders the proposal for reading or archiving: its text, rules,
// options, each member's current stance, the outcome and the discussion.
// Members are named by short ID (names live in the roster).
func (p *Proposal) Markdown() (string, error) {
	j, err := p.JSON()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	s := j.ProposalSettings
	fmt.Fprintf(&b, "# %s\n\n", j.Title)
	fmt.Fprintf(&b, "*%s · %s*\n\n", describeRules(s), describeTimes(s, p.Now()))
	if s.Ratifies != nil {
		fmt.Fprintf(&b, "> Ratifies agreement %s, version %s.\n\n", s.Ratifies.Agreement, s.Ratifies.Version)
	}
	if body := strings.TrimSpace(j.Body); body != "" {
		b.WriteString(body + "\n\n")
	}
	if s.Process != ProcessConsent {
		b.WriteString("## Options\n\n")
		for i, o := range j.Options {
			if o.Removed {
				fmt.Fprintf(&b, "%d. ~~%s~~ (removed)\n", i+1, o.Describe())
			} else {
				fmt.Fprintf(&b, "%d. %s\n", i+1, o.Describe())
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Stances\n\n")
	if len(j.Current) == 0 {
		b.WriteString("No stances yet.\n")
	}
	for _, st := range j.Current {
		fmt.Fprintf(&b, "- **%s** — %s (%s)", st.Member.Short(), describeChoices(s.Process, j.Options, st.Choices), st.At.Format(mdTime))
		if st.Reason != "" {
			b.WriteString(": " + indent(st.Reason, "  "))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if j.Outcome != nil {
		fmt.Fprintf(&b, "## Outcome\n\n%s\n\n", strings.TrimSpace(j.Outcome.Statement))
		if !j.Outcome.ReviewAt.IsZero() {
			fmt.Fprintf(&b, "Review on %s.\n\n", j.Outcome.ReviewAt.Format(mdTime))
		}
	}
	if len(j.Comments) > 0 {
		b.WriteString("## Discussion\n\n")
		writeCommentsMarkdown(&b, j.Comments, 0)
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

func describeRules(s ProposalSettings) string {
	parts := []string{strings.ReplaceAll(string(s.Process), "_", " ")}
	switch s.Process {
	case ProcessConsent:
		parts = append(parts, "pass rule: "+strings.ReplaceAll(string(s.PassRule), "_", " "))
	case ProcessChooseMany:
		if s.MaxChoices > 0 {
			parts = append(parts, fmt.Sprintf("up to %d choices", s.MaxChoices))
		}
	case ProcessScore:
		parts = append(parts, fmt.Sprintf("scores 0–%d", s.MaxScore))
	}
	if s.Quorum > 0 {
		parts = append(parts, fmt.Sprintf("quorum %g%%", s.Quorum*100))
	}
	if s.ReasonMode != ReasonOptional {
		parts = append(parts, "reasons "+strings.ReplaceAll(string(s.ReasonMode), "_", " "))
	}
	return strings.Join(parts, " · ")
}

func describeTimes(s ProposalSettings, now time.Time) string {
	switch s.StatusAt(now) {
	case ProposalDraft:
		return "opens " + s.OpensAt.Format(mdTime) + ", closes " + s.ClosesAt.Format(mdTime)
	case ProposalOpen:
		return "open until " + s.ClosesAt.Format(mdTime)
	}
	return "closed " + s.Deadline().Format(mdTime)
}

// describeChoices reads a stance's choices in words.
func describeChoices(p Process, options []Option, cs []Choice) string {
	name := func(id string) string {
		if o, ok := findOption(options, id); ok {
			return o.Describe()
		}
		return id
	}
	cs = append([]Choice(nil), cs...)
	if p == ProcessRanked {
		sort.Slice(cs, func(i, j int) bool { return cs[i].Value < cs[j].Value })
	}
	var parts []string
	for _, c := range cs {
		switch p {
		case ProcessConsent:
			parts = append(parts, c.Option)
		case ProcessScore:
			parts = append(parts, fmt.Sprintf("%s: %d", name(c.Option), c.Value))
		case ProcessRanked:
			parts = append(parts, fmt.Sprintf("%d. %s", c.Value, name(c.Option)))
		case ProcessMeetingTime:
			parts = append(parts, fmt.Sprintf("%s: %s", name(c.Option), [...]string{"no", "maybe", "yes"}[max(0, min(c.Value, 2))]))
		default:
			parts = append(parts, name(c.Option))
		}
	}
	return strings.Join(parts, ", ")
}

// writeCommentsMarkdown writes a comment tree as nested list items.
func writeCommentsMarkdown(b *strings.Builder, cs []Comment, depth int) {
	pad := strings.Repeat("  ", depth)
	for _, c := range cs {
		fmt.Fprintf(b, "%s- **%s**, %s", pad, c.Author.Short(), c.At.Format(mdTime))
		if m, ok := c.StanceOf(); ok {
			fmt.Fprintf(b, ", on %s's stance", m.Short())
		}
		switch {
		case c.Deleted:
			b.WriteString(": *(deleted)*\n")
		default:
			if !c.Edited.IsZero() {
				b.WriteString(" (edited)")
			}
			b.WriteString(": " + indent(c.Body, pad+"  ") + "\n")
		}
		writeCommentsMarkdown(b, c.Replies, depth+1)
	}
}

// indent indents every line but the first, to keep it inside a list item.
func indent(s, pad string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n"+pad)
}
