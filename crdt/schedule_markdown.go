package crdt

import (
	"fmt"
	"strings"
	"time"
)

// Markdown renders the schedule for reading or archiving: events with their
// dates, repetition and answers, shifts with who is on them, and conflicts.
// Times are shown in each item's own time zone; members by short ID (names
// live in the roster).
func (s *Schedule) Markdown() (string, error) {
	j, err := s.JSON()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n## Events\n\n", j.Title)
	if len(j.Events) == 0 {
		b.WriteString("No events.\n\n")
	}
	for _, e := range j.Events {
		schedEventMarkdown(&b, e)
	}
	b.WriteString("## Shifts\n\n")
	if len(j.Shifts) == 0 {
		b.WriteString("No shifts.\n\n")
	}
	for _, sh := range j.Shifts {
		schedShiftMarkdown(&b, sh)
	}
	if len(j.Conflicts) > 0 {
		b.WriteString("## Conflicts\n\n")
		for _, c := range j.Conflicts {
			fmt.Fprintf(&b, "- **%s**: %s\n", strings.ReplaceAll(c.Kind, "_", " "), c.Detail)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

func schedEventMarkdown(b *strings.Builder, e Event) {
	fmt.Fprintf(b, "### %s\n\n- When: %s\n", e.Title, schedWhen(e.Start, e.End, e.TimeZone, e.AllDay))
	if e.Location != "" {
		fmt.Fprintf(b, "- Where: %s\n", e.Location)
	}
	if e.RRule != "" {
		fmt.Fprintf(b, "- Repeats: `%s`", e.RRule)
		if len(e.ExDates) > 0 {
			loc, _ := schedZone(e.TimeZone)
			if loc == nil {
				loc = time.UTC
			}
			days := make([]string, len(e.ExDates))
			for i, x := range e.ExDates {
				days[i] = x.In(loc).Format("2006-01-02")
			}
			fmt.Fprintf(b, ", except %s", strings.Join(days, ", "))
		}
		b.WriteString("\n")
	}
	if len(e.RSVPs) > 0 {
		by := map[string][]string{}
		for _, r := range e.RSVPs {
			by[r.Answer] = append(by[r.Answer], r.Member.Short())
		}
		var parts []string
		for _, a := range []string{RSVPYes, RSVPMaybe, RSVPNo} {
			if len(by[a]) > 0 {
				parts = append(parts, fmt.Sprintf("%s: %s", a, strings.Join(by[a], ", ")))
			}
		}
		fmt.Fprintf(b, "- Answers: %s\n", strings.Join(parts, "; "))
	}
	if e.Problem != "" {
		fmt.Fprintf(b, "- Problem: %s\n", e.Problem)
	}
	if e.Description != "" {
		fmt.Fprintf(b, "\n%s\n", e.Description)
	}
	b.WriteString("\n")
}

func schedShiftMarkdown(b *strings.Builder, sh Shift) {
	fmt.Fprintf(b, "### %s\n\n- When: %s\n- Places: %d of %d taken\n",
		sh.Role, schedWhen(sh.Start, sh.End, sh.TimeZone, false), len(sh.SignUps), sh.Capacity)
	if len(sh.SignUps) > 0 {
		names := make([]string, len(sh.SignUps))
		for i, u := range sh.SignUps {
			names[i] = u.Member.Short()
			if u.Via != "" {
				names[i] += " (for " + u.Via.Short() + ")"
			}
		}
		fmt.Fprintf(b, "- Signed up: %s\n", strings.Join(names, ", "))
	}
	for _, si := range sh.StandIns {
		if !si.Open() {
			continue
		}
		fmt.Fprintf(b, "- %s needs a stand-in", si.Requester.Short())
		if si.Note != "" {
			fmt.Fprintf(b, " (%s)", strings.ReplaceAll(si.Note, "\n", " "))
		}
		if len(si.Offers) > 0 {
			offers := make([]string, len(si.Offers))
			for i, o := range si.Offers {
				offers[i] = o.Member.Short()
			}
			fmt.Fprintf(b, "; offered: %s", strings.Join(offers, ", "))
		}
		b.WriteString("\n")
	}
	if sh.Notes != "" {
		fmt.Fprintf(b, "\n%s\n", sh.Notes)
	}
	b.WriteString("\n")
}

// schedWhen formats a span in its zone: "Sat 2026-03-07 09:00–13:00
// (Europe/Berlin)", or dates only for all-day items.
func schedWhen(start, end time.Time, zone string, allDay bool) string {
	loc, err := schedZone(zone)
	if err != nil {
		loc = time.UTC
	}
	s, e := start.In(loc), end.In(loc)
	if allDay {
		last := e.AddDate(0, 0, -1) // End is exclusive
		if !last.After(s) {
			return s.Format("Mon 2006-01-02") + " (all day)"
		}
		return s.Format("Mon 2006-01-02") + " – " + last.Format("Mon 2006-01-02") + " (all day)"
	}
	to := e.Format("15:04")
	if s.Format("2006-01-02") != e.Format("2006-01-02") {
		to = e.Format("Mon 2006-01-02 15:04")
	}
	return fmt.Sprintf("%s–%s (%s)", s.Format("Mon 2006-01-02 15:04"), to, loc.String())
}
