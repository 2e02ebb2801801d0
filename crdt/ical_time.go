package crdt

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// icalWhen is a parsed DATE or DATE-TIME value.
type icalWhen struct {
	t    time.Time
	date bool   // a DATE: a whole day, in the zone below
	zone string // the IANA zone the value was given in ("UTC" for Z times)
}

// icalParam reads a property parameter (names are case-insensitive).
func icalParam(p *ics.IANAProperty, name string) string {
	for k, vs := range p.ICalParameters {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return strings.Trim(vs[0], `"`)
		}
	}
	return ""
}

// icalTimes parses a DATE or DATE-TIME property, which may list several
// comma-separated values (EXDATE). Floating times and dates are read in def.
func icalTimes(p *ics.IANAProperty, def string) ([]icalWhen, error) {
	zone := def
	if tzid := icalParam(p, "TZID"); tzid != "" {
		z, err := icalZoneName(tzid)
		if err != nil {
			return nil, err
		}
		zone = z
	}
	loc, err := schedZone(zone)
	if err != nil {
		return nil, err
	}
	date := strings.EqualFold(icalParam(p, "VALUE"), "DATE")
	var out []icalWhen
	for _, v := range strings.Split(p.Value, ",") {
		w, err := icalParseTime(strings.TrimSpace(v), date, zone, loc)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", p.IANAToken, v, err)
		}
		out = append(out, w)
	}
	return out, nil
}

// icalTime parses a property holding exactly one date or time.
func icalTime(p *ics.IANAProperty, def string) (icalWhen, error) {
	ws, err := icalTimes(p, def)
	if err != nil {
		return icalWhen{}, err
	}
	if len(ws) != 1 {
		return icalWhen{}, fmt.Errorf("%s holds %d values, want one: %w", p.IANAToken, len(ws), ErrInvalid)
	}
	return ws[0], nil
}

func icalParseTime(v string, date bool, zone string, loc *time.Location) (icalWhen, error) {
	switch {
	case len(v) == len(icalDateFormat):
		t, err := time.ParseInLocation(icalDateFormat, v, loc)
		if err != nil {
			return icalWhen{}, fmt.Errorf("not a date: %w", ErrInvalid)
		}
		return icalWhen{t: t, date: true, zone: zone}, nil
	case date:
		return icalWhen{}, fmt.Errorf("VALUE=DATE but not a date: %w", ErrInvalid)
	case len(v) == len(icalUTCFormat) && strings.HasSuffix(v, "Z"):
		t, err := time.Parse(icalUTCFormat, v)
		if err != nil {
			return icalWhen{}, fmt.Errorf("not a UTC date-time: %w", ErrInvalid)
		}
		return icalWhen{t: t, zone: "UTC"}, nil
	case len(v) == len(icalLocalFormat):
		t, err := time.ParseInLocation(icalLocalFormat, v, loc)
		if err != nil {
			return icalWhen{}, fmt.Errorf("not a date-time: %w", ErrInvalid)
		}
		return icalWhen{t: t, zone: zone}, nil
	}
	return icalWhen{}, fmt.Errorf("not a date or date-time: %w", ErrInvalid)
}

// icalZoneName resolves a TZID to an IANA name. Besides plain IANA names it
// accepts the prefixed forms some apps write ("/mozilla.org/20050126_1/
// Europe/Berlin") and the Windows names Outlook writes.
func icalZoneName(tzid string) (string, error) {
	tzid = strings.TrimSpace(tzid)
	if name, ok := icalWindowsZones[tzid]; ok {
		return name, nil
	}
	parts := strings.Split(strings.Trim(tzid, "/"), "/")
	for i := range parts {
		name := strings.Join(parts[i:], "/")
		if _, err := schedZone(name); err == nil && name != "" {
			return schedZoneName(name), nil
		}
	}
	return "", fmt.Errorf("time zone %q is unknown: %w", tzid, ErrInvalid)
}

var icalDurationRE = regexp.MustCompile(`^([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// icalDuration parses an RFC 5545 DURATION into nominal days (weeks
// included: they follow the calendar across DST) and an exact part.
func icalDuration(s string) (days int, exact time.Duration, err error) {
	m := icalDurationRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, 0, fmt.Errorf("DURATION %q is not an iCalendar duration: %w", s, ErrInvalid)
	}
	if m[1] == "-" {
		return 0, 0, fmt.Errorf("DURATION %q is negative: %w", s, ErrInvalid)
	}
	n := func(i int) int64 {
		v, _ := strconv.ParseInt(m[i], 10, 64) // empty groups read as 0
		return min(v, 1_000_000)               // bounds the arithmetic; years are checked later
	}
	days = int(n(2)*7 + n(3))
	exact = time.Duration(n(4))*time.Hour + time.Duration(n(5))*time.Minute + time.Duration(n(6))*time.Second
	return days, exact, nil
}
