package workspace

import (
	"fmt"
	"strings"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// minutesReport is the minutes of a meeting laid out for reading, once,
// so that the Markdown and the PDF exports say the same things.
type minutesReport struct {
	Title    string
	Facts    [][2]string // label, value
	Sections []reportSection
}

type reportSection struct {
	Heading  string
	Lines    []string // bullet points
	Numbered bool     // the lines are numbered (the agenda)
	Text     string   // Markdown, as typed (the minutes)
}

// minutesReportOf reads a meeting into a report: the details, attendance
// and how each presence was recorded, proxies, agenda, the minutes (the
// approved text when there is one), the decisions with their tallies, the
// actions, and the records that do not count.
func (c *Coop) minutesReportOf(id string) (minutesReport, error) {
	info, err := c.Meeting(id)
	if err != nil {
		return minutesReport{}, err
	}
	v, err := c.Members()
	if err != nil {
		return minutesReport{}, err
	}
	name := v.NameOf
	r := minutesReport{Title: info.Title}
	when := exportTime(info.Start)
	if !info.End.IsZero() {
		when += " – " + info.End.Local().Format("15:04")
	}
	r.Facts = append(r.Facts, [2]string{"When", when})
	if info.Place != "" {
		r.Facts = append(r.Facts, [2]string{"Where", info.Place})
	}
	r.Facts = append(r.Facts, [2]string{"Chair", name(info.Chair)})
	if info.NoteTaker != "" {
		r.Facts = append(r.Facts, [2]string{"Notes", name(info.NoteTaker)})
	}
	if !info.StartedAt.IsZero() {
		r.Facts = append(r.Facts, [2]string{"Opened", exportTime(info.StartedAt)})
	}
	if !info.ClosedAt.IsZero() {
		r.Facts = append(r.Facts, [2]string{"Closed", exportTime(info.ClosedAt)})
	}
	r.Facts = append(r.Facts, [2]string{"Minutes", minutesState(info, name)})

	r.Sections = append(r.Sections, attendanceSection(info, v))
	if len(info.Proxies) > 0 {
		s := reportSection{Heading: "Proxies"}
		for _, p := range info.Proxies {
			s.Lines = append(s.Lines, fmt.Sprintf("%s's vote held by %s (%s, given %s)", name(p.Giver), name(p.Holder), p.Status, exportTime(p.At)))
		}
		r.Sections = append(r.Sections, s)
	}
	ag := reportSection{Heading: "Agenda", Numbered: true}
	for _, it := range info.Agenda {
		ag.Lines = append(ag.Lines, it.Title)
	}
	r.Sections = append(r.Sections, ag)

	text := info.Minutes
	if info.Approval != nil {
		if m, err := c.meetingDoc(id); err == nil {
			if approved, ok, err := m.ApprovedMinutes(v); err == nil && ok {
				text = approved
			}
		}
	}
	r.Sections = append(r.Sections, reportSection{Heading: "Minutes", Text: text})
	if len(info.Decisions) > 0 {
		r.Sections = append(r.Sections, c.decisionsSection(info, name))
	}
	if len(info.Actions) > 0 {
		s := reportSection{Heading: "Actions"}
		for _, a := range info.Actions {
			s.Lines = append(s.Lines, actionLine(a, name, c.w.now()))
		}
		r.Sections = append(r.Sections, s)
	}
	if len(info.Refused) > 0 {
		s := reportSection{Heading: "Records not counted"}
		for _, f := range info.Refused {
			who := f.Member
			if who == "" {
				who = f.Signer
			}
			s.Lines = append(s.Lines, fmt.Sprintf("%s (%s): %s", f.What, name(who), f.Reason))
		}
		r.Sections = append(r.Sections, s)
	}
	return r, nil
}

func minutesState(info MeetingInfo, name func(MemberID) string) string {
	switch {
	case info.Approval == nil:
		return "not approved yet"
	case info.MinutesStatus == MinutesAmended:
		return fmt.Sprintf("approved by %s on %s, changed since (the approved text is shown)", name(info.Approval.By), exportTime(info.Approval.At))
	}
	return fmt.Sprintf("approved by %s on %s (SHA-256 %s)", name(info.Approval.By), exportTime(info.Approval.At), info.Approval.SHA256[:16])
}

// attendanceSection lists who was there and how it was recorded, the
// members represented by proxy, and who was absent.
func attendanceSection(info MeetingInfo, v *RosterView) reportSection {
	s := reportSection{Heading: "Attendance"}
	q := info.Quorum
	s.Lines = append(s.Lines, fmt.Sprintf("%d of %d voting members present, %d more represented by proxy", q.Present, q.Voters, q.Represented))
	here := map[MemberID]bool{}
	for _, p := range info.Present {
		here[p.Member] = true
		line := v.NameOf(p.Member) + " — " + presenceWords(p, v)
		if !p.Voting {
			line += " (observer)"
		}
		s.Lines = append(s.Lines, line)
	}
	var absent []string
	for _, m := range v.Members {
		if m.Active() && !here[m.ID] {
			absent = append(absent, m.Name)
		}
	}
	if len(absent) > 0 && info.Phase != MeetingPlanned {
		s.Lines = append(s.Lines, "Absent: "+strings.Join(absent, ", "))
	}
	return s
}

// presenceWords says how a presence was recorded, for the minutes.
func presenceWords(p Presence, v *RosterView) string {
	at := p.At.Local().Format("15:04")
	switch p.How {
	case PresentInRoom:
		return "in the room, recorded by the chair (" + v.NameOf(p.RecordedBy) + ") at " + at
	case PresentByCall:
		return "by call, recorded by the chair (" + v.NameOf(p.RecordedBy) + ") at " + at
	}
	return "confirmed on their own device at " + at
}

func (c *Coop) decisionsSection(info MeetingInfo, name func(MemberID) string) reportSection {
	s := reportSection{Heading: "Decisions"}
	var b strings.Builder
	for _, d := range info.Decisions {
		fmt.Fprintf(&b, "## %s\n\n", d.Title)
		if d.Missing {
			b.WriteString("This proposal is not on this computer.\n\n")
			continue
		}
		if d.DecidedHere {
			b.WriteString("Decided at this meeting: quorum and pass rule count those taking part.\n\n")
		}
		t := d.Tally
		fmt.Fprintf(&b, "**%s** — %d of %d voting members took part (quorum %.0f%%: %s)\n\n",
			resultWords(t.Result), t.Participated, t.Voters, 100*t.Quorum, map[bool]string{true: "met", false: "not met"}[t.QuorumMet])
		for _, o := range t.Options {
			fmt.Fprintf(&b, "- %s: %d\n", o.Label, o.Count)
		}
		if d.Count != nil {
			for _, pv := range d.Count.ByProxy {
				fmt.Fprintf(&b, "- %s's vote cast by proxy by %s\n", name(pv.Giver), name(pv.Holder))
			}
			if n := len(d.Count.VotedBefore); n > 0 {
				ns := make([]string, n)
				for i, id := range d.Count.VotedBefore {
					ns[i] = name(id)
				}
				fmt.Fprintf(&b, "- Voted before the meeting: %s\n", strings.Join(ns, ", "))
			}
		}
		b.WriteString("\n")
	}
	s.Text = b.String()
	return s
}

func resultWords(r string) string {
	switch r {
	case crdt.ResultOpen:
		return "Still open"
	case crdt.ResultPassed:
		return "Passed"
	case crdt.ResultFailed:
		return "Not passed"
	case crdt.ResultBlocked:
		return "Blocked"
	case crdt.ResultNoQuorum:
		return "No quorum"
	case crdt.ResultTied:
		return "Tied"
	}
	return r
}

func actionLine(a ActionItem, name func(MemberID) string, now time.Time) string {
	box := "[ ]"
	if a.Done {
		box = "[x]"
	}
	line := fmt.Sprintf("%s %s — %s", box, a.What, name(a.Who))
	if !a.Due.IsZero() {
		line += ", by " + a.Due.Local().Format("Mon 2 Jan 2006")
	}
	if a.Overdue(now) {
		line += " (overdue)"
	}
	return line
}

func exportTime(t time.Time) string { return t.Local().Format("Mon 2 Jan 2006 15:04 MST") }

// MinutesMarkdown renders a meeting's minutes as Markdown.
func (c *Coop) MinutesMarkdown(id string) (string, error) {
	r, err := c.minutesReportOf(id)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "- **%s:** %s\n", f[0], f[1])
	}
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n", s.Heading)
		for i, l := range s.Lines {
			if s.Numbered {
				fmt.Fprintf(&b, "%d. %s\n", i+1, l)
			} else {
				fmt.Fprintf(&b, "- %s\n", l)
			}
		}
		if s.Text != "" {
			// The typed minutes' own headings sit one level below ours.
			b.WriteString(demoteHeadings(strings.TrimRight(s.Text, "\n")) + "\n")
		}
	}
	return b.String(), nil
}

// demoteHeadings puts "## x" under our "## Minutes" as "### x".
func demoteHeadings(md string) string {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "#") && strings.HasPrefix(strings.TrimLeft(l, "#"), " ") && len(l)-len(strings.TrimLeft(l, "#")) < 6 {
			lines[i] = "#" + l
		}
	}
	return strings.Join(lines, "\n")
}
