package crdt

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits keep one proposal readable and its tally cheap; they are checked on
// input, and a document from elsewhere that exceeds them is still read.
const (
	maxTitleRunes  = 200
	maxLabelRunes  = 200
	maxOptions     = 100
	maxScoreLimit  = 100
	maxReasonRunes = 5000
	defaultScore   = 5
)

// normalizeSpec checks a spec and fills in its defaults.
func normalizeSpec(s ProposalSpec, now time.Time) (ProposalSpec, error) {
	var err error
	s.Title = strings.TrimSpace(s.Title)
	if s.Title == "" || utf8.RuneCountInString(s.Title) > maxTitleRunes {
		return s, fmt.Errorf("a title of 1 to %d characters is required: %w", maxTitleRunes, ErrInvalid)
	}
	if s.Process, err = ParseProcess(string(s.Process)); err != nil {
		return s, err
	}
	if s.ReasonMode, err = ParseReasonMode(string(s.ReasonMode)); err != nil {
		return s, err
	}
	if s.ReasonMode == ReasonForObjection && s.Process != ProcessConsent {
		return s, fmt.Errorf("reason mode %s applies to consent proposals only: %w", s.ReasonMode, ErrInvalid)
	}
	if math.IsNaN(s.Quorum) || s.Quorum < 0 || s.Quorum > 1 {
		return s, fmt.Errorf("quorum %v is not a share between 0 and 1: %w", s.Quorum, ErrInvalid)
	}
	if err := normalizeTimes(&s, now); err != nil {
		return s, err
	}
	if s.Process == ProcessConsent {
		return normalizeConsent(s)
	}
	return normalizePoll(s)
}

func normalizeTimes(s *ProposalSpec, now time.Time) error {
	if s.OpensAt.IsZero() {
		s.OpensAt = now
	}
	s.OpensAt = s.OpensAt.UTC().Truncate(time.Millisecond)
	s.ClosesAt = s.ClosesAt.UTC().Truncate(time.Millisecond)
	if s.ClosesAt.IsZero() {
		return fmt.Errorf("a closing time is required: %w", ErrInvalid)
	}
	if !s.ClosesAt.After(s.OpensAt) || !s.ClosesAt.After(now) {
		return fmt.Errorf("closing time %s must be after the opening time and in the future: %w", s.ClosesAt.Format(time.RFC3339), ErrInvalid)
	}
	return nil
}

func normalizeConsent(s ProposalSpec) (ProposalSpec, error) {
	var err error
	if len(s.Options) > 0 {
		return s, fmt.Errorf("consent proposals have the fixed options agree, abstain, disagree and block: %w", ErrInvalid)
	}
	if s.MaxChoices != 0 || s.MaxScore != 0 {
		return s, fmt.Errorf("max choices and max score apply to polls only: %w", ErrInvalid)
	}
	if s.PassRule, err = ParsePassRule(string(s.PassRule)); err != nil {
		return s, err
	}
	if s.Ratifies != nil {
		r := RatifyLink{Agreement: strings.TrimSpace(s.Ratifies.Agreement), Version: strings.TrimSpace(s.Ratifies.Version), SHA256: strings.TrimSpace(s.Ratifies.SHA256)}
		if r.Agreement == "" || r.Version == "" {
			return s, fmt.Errorf("a ratification names both the agreement and the version: %w", ErrInvalid)
		}
		s.Ratifies = &r
	}
	return s, nil
}

func normalizePoll(s ProposalSpec) (ProposalSpec, error) {
	if s.PassRule != "" {
		return s, fmt.Errorf("pass rules apply to consent proposals only; a %s poll's result is its winning option: %w", s.Process, ErrInvalid)
	}
	if s.Ratifies != nil {
		return s, fmt.Errorf("only a consent proposal can ratify an agreement: %w", ErrInvalid)
	}
	least := 2
	if s.Process == ProcessMeetingTime {
		least = 1
	}
	if len(s.Options) < least || len(s.Options) > maxOptions {
		return s, fmt.Errorf("a %s poll needs %d to %d options, got %d: %w", s.Process, least, maxOptions, len(s.Options), ErrInvalid)
	}
	opts := make([]OptionSpec, 0, len(s.Options))
	seen := map[string]bool{}
	for _, o := range s.Options {
		o, err := checkOption(s.Process, o)
		if err != nil {
			return s, err
		}
		if k := optionKey(o); seen[k] {
			return s, fmt.Errorf("option %q is listed twice: %w", describeOption(o), ErrInvalid)
		} else {
			seen[k] = true
		}
		opts = append(opts, o)
	}
	s.Options = opts
	switch {
	case s.Process == ProcessChooseMany && (s.MaxChoices < 0 || s.MaxChoices > len(opts)):
		return s, fmt.Errorf("max choices %d must be between 1 and the %d options (0: no limit): %w", s.MaxChoices, len(opts), ErrInvalid)
	case s.Process != ProcessChooseMany && s.MaxChoices != 0:
		return s, fmt.Errorf("max choices applies to choose_many polls only: %w", ErrInvalid)
	}
	switch {
	case s.Process == ProcessScore && s.MaxScore == 0:
		s.MaxScore = defaultScore
	case s.Process == ProcessScore && (s.MaxScore < 1 || s.MaxScore > maxScoreLimit):
		return s, fmt.Errorf("max score %d must be between 1 and %d: %w", s.MaxScore, maxScoreLimit, ErrInvalid)
	case s.Process != ProcessScore && s.MaxScore != 0:
		return s, fmt.Errorf("max score applies to score polls only: %w", ErrInvalid)
	}
	return s, nil
}

// checkOption checks one option for process: a label for polls, a time slot
// (and an optional label) for meeting_time.
func checkOption(p Process, o OptionSpec) (OptionSpec, error) {
	o.Label = strings.TrimSpace(o.Label)
	if utf8.RuneCountInString(o.Label) > maxLabelRunes {
		return o, fmt.Errorf("option label is longer than %d characters: %w", maxLabelRunes, ErrInvalid)
	}
	if p == ProcessConsent {
		return o, fmt.Errorf("consent proposals have fixed options: %w", ErrInvalid)
	}
	if p != ProcessMeetingTime {
		if o.Label == "" {
			return o, fmt.Errorf("option label is empty: %w", ErrInvalid)
		}
		if !o.Start.IsZero() || !o.End.IsZero() {
			return o, fmt.Errorf("option %q: times apply to meeting_time slots only: %w", o.Label, ErrInvalid)
		}
		return o, nil
	}
	o.Start, o.End = o.Start.UTC().Truncate(time.Millisecond), o.End.UTC().Truncate(time.Millisecond)
	if o.Start.IsZero() || !o.End.After(o.Start) {
		return o, fmt.Errorf("time slot %q needs a start and an end after it: %w", o.Label, ErrInvalid)
	}
	return o, nil
}

// optionKey is what makes two options the same choice for the voter.
func optionKey(o OptionSpec) string {
	if !o.Start.IsZero() {
		return strconv.FormatInt(o.Start.UnixMilli(), 10) + "-" + strconv.FormatInt(o.End.UnixMilli(), 10)
	}
	return strings.ToLower(o.Label)
}

// describeOption names an option for messages: its label, or its time slot.
func describeOption(o OptionSpec) string {
	if o.Start.IsZero() {
		return o.Label
	}
	slot := o.Start.Format("2006-01-02 15:04") + "–" + o.End.Format("15:04")
	if o.End.Sub(o.Start) >= 24*time.Hour || o.End.Day() != o.Start.Day() {
		slot = o.Start.Format("2006-01-02 15:04") + " – " + o.End.Format("2006-01-02 15:04")
	}
	if o.Label != "" {
		return o.Label + " (" + slot + " UTC)"
	}
	return slot + " UTC"
}
