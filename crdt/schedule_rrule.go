package crdt

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/teambition/rrule-go"
)

const (
	// schedMaxRRule bounds the stored rule text.
	schedMaxRRule = 500
	// schedMaxScan bounds how many candidate dates one expansion may walk
	// through (including those before the requested range), so a rule that
	// produces dates very densely, or from a start centuries ago, cannot hang
	// the app. rrule-go itself gives up after the year 9999, which bounds
	// rules that never match.
	schedMaxScan = 1_000_000
	// schedMaxInterval and schedMaxCount keep rules within what a calendar
	// can mean.
	schedMaxInterval = 1000
	schedMaxCount    = 100_000
)

// schedDeadRules remembers rules (with their start) that never produce a
// date. Finding that out means rrule-go searching to the year 9999 — about
// a tenth of a second — and only a hostile or broken peer stores such a
// rule (AddEvent refuses them), so each costs that once per process, not on
// every redraw. Bounded: beyond schedMaxDead rules nothing more is kept.
var (
	schedDeadRules sync.Map // rule + "\n" + start → true
	schedDeadCount atomic.Int64
)

const schedMaxDead = 4096

// errSchedScan is returned when an expansion walks more than schedMaxScan dates.
var errSchedScan = errors.New("recurrence needs too many steps to reach the requested range")

// schedParseRule checks an RRULE value (with or without the "RRULE:" prefix)
// and returns its canonical text and options. UNTIL given as a local time or
// date is read in loc. Only rules repeating daily or less often are accepted:
// a co-op calendar has no use for hourly rules and they are the cheapest way
// to make expansion expensive.
func schedParseRule(s string, loc *time.Location) (text string, opt rrule.ROption, err error) {
	defer schedRecoverRule(&err)
	text = strings.ToUpper(strings.TrimSpace(s))
	text = strings.TrimPrefix(text, "RRULE:")
	text = strings.TrimRight(text, ";")
	if text == "" {
		return "", rrule.ROption{}, nil
	}
	bad := func(format string, a ...any) (string, rrule.ROption, error) {
		return "", rrule.ROption{}, fmt.Errorf("recurrence rule %q: %s: %w", s, fmt.Sprintf(format, a...), ErrInvalid)
	}
	if len(text) > schedMaxRRule {
		return bad("longer than %d characters", schedMaxRRule)
	}
	if strings.ContainsAny(text, "\r\n") || strings.Contains(text, "DTSTART") {
		return bad("give only the RRULE value, the start comes from the event")
	}
	parsed, err := rrule.StrToROptionInLocation(text, loc)
	if err != nil {
		return bad("%v", err)
	}
	opt = *parsed
	switch {
	case opt.Freq != rrule.DAILY && opt.Freq != rrule.WEEKLY && opt.Freq != rrule.MONTHLY && opt.Freq != rrule.YEARLY:
		return bad("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
	case len(opt.Byeaster) > 0:
		return bad("BYEASTER is not part of iCalendar")
	case opt.Interval < 0 || opt.Interval > schedMaxInterval:
		return bad("INTERVAL must be between 1 and %d", schedMaxInterval)
	case opt.Count < 0 || opt.Count > schedMaxCount:
		return bad("COUNT must be between 1 and %d", schedMaxCount)
	case opt.Count > 0 && !opt.Until.IsZero():
		return bad("COUNT and UNTIL cannot both be given")
	}
	if _, err := rrule.NewRRule(opt); err != nil {
		return bad("%v", err)
	}
	if len(schedRulePart(text, "UNTIL")) == len("20060102") {
		// A date-only UNTIL includes that whole day, as calendar apps read it.
		opt.Until = opt.Until.AddDate(0, 0, 1).Add(-time.Second)
	}
	return text, opt, nil
}

// schedRulePart returns the value of one NAME=value part of an RRULE.
func schedRulePart(rule, name string) string {
	for _, part := range strings.Split(rule, ";") {
		if k, v, ok := strings.Cut(part, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// schedRuleFrom builds the rule for an event starting at start (in its zone).
func schedRuleFrom(opt rrule.ROption, start time.Time) (*rrule.RRule, error) {
	opt.Dtstart = start
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, fmt.Errorf("recurrence rule: %v: %w", err, ErrInvalid)
	}
	return r, nil
}

// schedCheckRuleOccurs refuses a rule that never produces a date from start
// (BYMONTH=2;BYMONTHDAY=30): such an event would silently never show.
func schedCheckRuleOccurs(opt rrule.ROption, start time.Time) (err error) {
	defer schedRecoverRule(&err)
	r, err := schedRuleFrom(opt, start)
	if err != nil {
		return err
	}
	if _, ok := r.Iterator()(); !ok {
		return fmt.Errorf("recurrence rule never produces a date after the event's start: %w", ErrInvalid)
	}
	return nil
}

// schedExpand calls emit with each start of the rule from start (in its
// zone) whose occurrence, lasting dur, overlaps [from, to). Dates are
// computed in start's location, so the wall-clock time stays fixed across
// daylight-saving changes.
func schedExpand(opt rrule.ROption, start time.Time, dur time.Duration, from, to time.Time, emit func(time.Time) error) (err error) {
	defer schedRecoverRule(&err)
	dead := opt.RRuleString() + "\n" + start.Format(time.RFC3339) + " " + start.Location().String()
	if _, known := schedDeadRules.Load(dead); known {
		return nil
	}
	r, err := schedRuleFrom(opt, start)
	if err != nil {
		return err
	}
	next := r.Iterator()
	for scanned := 0; ; scanned++ {
		if scanned >= schedMaxScan {
			return fmt.Errorf("%w (more than %d): %w", errSchedScan, schedMaxScan, ErrInvalid)
		}
		t, ok := next()
		if !ok && scanned == 0 && schedDeadCount.Add(1) <= schedMaxDead {
			schedDeadRules.Store(dead, true)
		}
		if !ok || !t.Before(to) {
			return nil
		}
		if schedOverlaps(t, t.Add(dur), from, to) {
			if err := emit(t); err != nil {
				return err
			}
		}
	}
}

// schedOverlaps reports whether [s, e) meets [from, to); a zero-length
// item counts when it lies inside the range.
func schedOverlaps(s, e, from, to time.Time) bool {
	if !e.After(s) {
		return !s.Before(from) && s.Before(to)
	}
	return s.Before(to) && e.After(from)
}

// schedRecoverRule turns a panic inside rrule-go (rules come from peers and
// files) into ErrInvalid.
func schedRecoverRule(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("recurrence rule: %v: %w", r, ErrInvalid)
	}
}
