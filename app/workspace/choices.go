package workspace

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// ParseChoices turns words into a stance for p's process:
//
//	consent       agree | abstain | disagree | block
//	choose_one    OPTION
//	choose_many   OPTION [OPTION...]
//	score         OPTION=N [OPTION=N...]
//	ranked        OPTION OPTION ... (most preferred first)
//	meeting_time  SLOT=yes|maybe|no [...]
//
// OPTION is an option's label (any case), its ID, or a unique ID prefix.
func ParseChoices(p *crdt.Proposal, words []string) ([]crdt.Choice, error) {
	st, err := p.Settings()
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no choice given: %w", crdt.ErrInvalid)
	}
	var out []crdt.Choice
	switch st.Process {
	case crdt.ProcessConsent:
		if len(words) != 1 {
			return nil, fmt.Errorf("a consent stance is one of agree, abstain, disagree, block: %w", crdt.ErrInvalid)
		}
		return []crdt.Choice{{Option: strings.ToLower(words[0]), Value: 1}}, nil
	case crdt.ProcessChooseOne, crdt.ProcessChooseMany:
		for _, w := range words {
			o, err := findOption(p, w)
			if err != nil {
				return nil, err
			}
			out = append(out, crdt.Choice{Option: o.ID, Value: 1})
		}
	case crdt.ProcessRanked:
		for i, w := range words {
			o, err := findOption(p, w)
			if err != nil {
				return nil, err
			}
			out = append(out, crdt.Choice{Option: o.ID, Value: i + 1})
		}
	case crdt.ProcessScore, crdt.ProcessMeetingTime:
		for _, w := range words {
			name, val, ok := strings.Cut(w, "=")
			if !ok {
				return nil, fmt.Errorf("%q: give OPTION=VALUE: %w", w, crdt.ErrInvalid)
			}
			o, err := findOption(p, name)
			if err != nil {
				return nil, err
			}
			n, err := choiceValue(st.Process, val)
			if err != nil {
				return nil, err
			}
			out = append(out, crdt.Choice{Option: o.ID, Value: n})
		}
	default:
		return nil, fmt.Errorf("unknown process %q: %w", st.Process, crdt.ErrInvalid)
	}
	return out, nil
}

func choiceValue(p crdt.Process, s string) (int, error) {
	if p == crdt.ProcessMeetingTime {
		switch strings.ToLower(s) {
		case "yes", "y":
			return crdt.SlotYes, nil
		case "maybe", "m", "if-need-be":
			return crdt.SlotMaybe, nil
		case "no", "n":
			return crdt.SlotNo, nil
		}
		return 0, fmt.Errorf("%q: answer yes, maybe or no: %w", s, crdt.ErrInvalid)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number: %w", s, crdt.ErrInvalid)
	}
	return n, nil
}

// findOption matches an option by ID, label (case-insensitive) or ID prefix.
func findOption(p *crdt.Proposal, sel string) (crdt.Option, error) {
	opts, err := p.Options()
	if err != nil {
		return crdt.Option{}, err
	}
	opts = slices.DeleteFunc(opts, func(o crdt.Option) bool { return o.Removed })
	o, err := pick(opts, sel, "option", func(o crdt.Option) string { return o.ID },
		func(o crdt.Option) []string { return []string{o.Label, o.Describe()} })
	if errors.Is(err, crdt.ErrNotFound) {
		labels := make([]string, len(opts))
		for i, o := range opts {
			labels[i] = strconv.Quote(o.Describe())
		}
		return o, fmt.Errorf("%w (options: %s)", err, strings.Join(labels, ", "))
	}
	return o, err
}
