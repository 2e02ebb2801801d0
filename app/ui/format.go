package ui

import (
	"fmt"
	"strings"
	"time"
)

// Times are shown the way people say them at a meeting: "closes in 2 days
// 4 hours", "Tue 4 Mar, 19:00", "3 hours ago".

// dateTime is a moment in local time, with the year only when it differs
// from now's.
func dateTime(t, now time.Time) string {
	t = t.Local()
	if t.Year() != now.Local().Year() {
		return t.Format("Mon 2 Jan 2006, 15:04")
	}
	return t.Format("Mon 2 Jan, 15:04")
}

// dateOnly is a day in local time.
func dateOnly(t, now time.Time) string {
	t = t.Local()
	if t.Year() != now.Local().Year() {
		return t.Format("Mon 2 Jan 2006")
	}
	return t.Format("Mon 2 Jan")
}

// clock is the local time of day.
func clock(t time.Time) string { return t.Local().Format("15:04") }

// span is the duration d in the two largest units that matter.
func span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 24*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 || h >= 6 {
			return plural(h, "hour")
		}
		return plural(h, "hour") + " " + plural(m, "minute")
	}
	days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if h == 0 || days >= 7 {
		return plural(days, "day")
	}
	return plural(days, "day") + " " + plural(h, "hour")
}

// ago says how long before now t was.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	if d := now.Sub(t); d < time.Minute {
		return "just now"
	}
	return span(now.Sub(t)) + " ago"
}

// countdown is what a deadline shows: "closes in 2 days 4 hours", or
// "closed 3 hours ago".
func countdown(deadline, now time.Time) string {
	if deadline.IsZero() {
		return ""
	}
	if !now.Before(deadline) {
		return "closed " + ago(deadline, now)
	}
	return "closes in " + span(deadline.Sub(now))
}

// plural is "1 vote", "3 votes".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// names joins names as people write them: "Ana, Bo and Cy".
func names(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// sentence capitalises an error message for a dialog.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func itoa(n int) string { return fmt.Sprint(n) }
