package crdt

import (
	"fmt"
	"strings"
)

// checkChoices checks a stance's choices against the process and options.
// Vote and Tally share it, so a stance Vote accepts is one Tally counts. On
// failure it returns the tally's rejection reason and an error for the voter.
func checkChoices(s ProposalSettings, options []Option, choices []Choice) (string, error) {
	if len(choices) == 0 {
		return RejectInvalidChoice, fmt.Errorf("no choice made: %w", ErrInvalid)
	}
	seen := map[string]bool{}
	ranks := map[int]bool{}
	for _, c := range choices {
		o, ok := findOption(options, c.Option)
		if !ok {
			return RejectInvalidChoice, fmt.Errorf("option %q is not on this proposal: %w", c.Option, ErrInvalid)
		}
		if o.Removed {
			return RejectRemovedOption, fmt.Errorf("option %q was removed: %w", o.Describe(), ErrInvalid)
		}
		if seen[c.Option] {
			return RejectInvalidChoice, fmt.Errorf("option %q is chosen twice: %w", o.Describe(), ErrInvalid)
		}
		seen[c.Option] = true
		if err := checkValue(s, len(options), c, o); err != nil {
			return RejectInvalidChoice, err
		}
		if s.Process == ProcessRanked {
			if ranks[c.Value] {
				return RejectInvalidChoice, fmt.Errorf("rank %d is given twice: %w", c.Value, ErrInvalid)
			}
			ranks[c.Value] = true
		}
	}
	switch {
	case (s.Process == ProcessConsent || s.Process == ProcessChooseOne) && len(choices) != 1:
		return RejectInvalidChoice, fmt.Errorf("a %s stance makes exactly one choice, not %d: %w", s.Process, len(choices), ErrInvalid)
	case s.Process == ProcessChooseMany && s.MaxChoices > 0 && len(choices) > s.MaxChoices:
		return RejectInvalidChoice, fmt.Errorf("at most %d choices, not %d: %w", s.MaxChoices, len(choices), ErrInvalid)
	}
	return "", nil
}

// checkValue checks one choice's value. Ranks may run up to the number of
// options ever listed, removed ones included: removing an option a voter did
// not rank must not spoil their ballot (ranks only order it).
func checkValue(s ProposalSettings, options int, c Choice, o Option) error {
	lo, hi, what := 1, 1, "1"
	switch s.Process {
	case ProcessScore:
		lo, hi, what = 0, s.MaxScore, fmt.Sprintf("a score from 0 to %d", s.MaxScore)
	case ProcessRanked:
		hi, what = options, fmt.Sprintf("a rank from 1 to %d", options)
	case ProcessMeetingTime:
		lo, hi, what = SlotNo, SlotYes, "2 (yes), 1 (maybe) or 0 (no)"
	}
	if c.Value < lo || c.Value > hi {
		return fmt.Errorf("%q is given %d, want %s: %w", o.Describe(), c.Value, what, ErrInvalid)
	}
	return nil
}

func findOption(options []Option, id string) (Option, bool) {
	for _, o := range options {
		if o.ID == id {
			return o, true
		}
	}
	return Option{}, false
}

// objects reports whether a consent stance objects (disagree or block).
func objects(choices []Choice) bool {
	for _, c := range choices {
		if c.Option == Disagree || c.Option == Block {
			return true
		}
	}
	return false
}

// checkReason applies the reason mode. A reason given while reasons are off
// is refused by Vote but harmless in a tally, so only a missing one rejects.
func checkReason(s ProposalSettings, choices []Choice, reason string) (string, error) {
	empty := strings.TrimSpace(reason) == ""
	switch {
	case s.ReasonMode == ReasonOff && !empty:
		return "", fmt.Errorf("reasons are turned off for this proposal: %w", ErrInvalid)
	case s.ReasonMode == ReasonRequired && empty:
		return RejectMissingReason, fmt.Errorf("a reason is required: %w", ErrInvalid)
	case s.ReasonMode == ReasonForObjection && empty && objects(choices):
		return RejectMissingReason, fmt.Errorf("a reason is required to disagree or block: %w", ErrInvalid)
	}
	return "", nil
}
