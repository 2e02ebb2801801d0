package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

// parseWhen reads a time as people type it: RFC 3339, "2006-01-02 15:04",
// "2006-01-02T15:04", "2006-01-02" (midnight), or a duration from now
// ("72h", "3d", "90m"). Wall-clock forms are in loc.
func parseWhen(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, usagef("empty time")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if strings.HasSuffix(s, "d") {
		if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && n > 0 {
			return now.AddDate(0, 0, n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	return time.Time{}, usagef("cannot read %q as a time (use 2026-12-01 18:00, RFC 3339, or a duration like 72h or 3d)", s)
}

// location loads a time zone name, "" meaning the system's.
func location(name string) (*time.Location, error) {
	if name == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usagef("unknown time zone %q (use an IANA name such as Europe/Berlin)", name)
	}
	return loc, nil
}

// zoneName is the IANA name of the system zone when known.
func zoneName(loc *time.Location) string {
	if loc == time.Local {
		if tz := workspace.LocalZone(); tz != "" {
			return tz
		}
		return "UTC"
	}
	return loc.String()
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("Mon 2 Jan 2006 15:04")
}
