package crdt

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Process is how a proposal is decided.
type Process string

// Processes. Consent is a yes/no decision with a pass rule; the others are
// polls whose "result" is the winning option.
const (
	ProcessConsent     Process = "consent"
	ProcessChooseOne   Process = "choose_one"
	ProcessChooseMany  Process = "choose_many"
	ProcessScore       Process = "score"
	ProcessRanked      Process = "ranked"
	ProcessMeetingTime Process = "meeting_time"
)

// Processes lists every process, in the order the app offers them.
var Processes = []Process{ProcessConsent, ProcessChooseOne, ProcessChooseMany, ProcessScore, ProcessRanked, ProcessMeetingTime}

// ParseProcess checks a process named by a user or read from a document.
func ParseProcess(s string) (Process, error) {
	for _, p := range Processes {
		if string(p) == s {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown process %q (want consent, choose_one, choose_many, score, ranked or meeting_time): %w", s, ErrInvalid)
}

// ReasonMode says whether a stance must explain itself.
type ReasonMode string

// Reason modes. ReasonForObjection (consent only) requires a reason for
// disagree and block, the stances others most need to understand.
const (
	ReasonOff          ReasonMode = "off"
	ReasonOptional     ReasonMode = "optional"
	ReasonRequired     ReasonMode = "required"
	ReasonForObjection ReasonMode = "required_for_objection"
)

// ParseReasonMode checks a reason mode ("" is optional).
func ParseReasonMode(s string) (ReasonMode, error) {
	switch m := ReasonMode(s); m {
	case "":
		return ReasonOptional, nil
	case ReasonOff, ReasonOptional, ReasonRequired, ReasonForObjection:
		return m, nil
	}
	return "", fmt.Errorf("unknown reason mode %q (want off, optional, required or required_for_objection): %w", s, ErrInvalid)
}

// PassRule decides whether a consent proposal passed. Polls have none.
type PassRule string

// Pass rules; Tally documents exactly how each is counted.
const (
	PassMajority  PassRule = "majority"
	PassTwoThirds PassRule = "two_thirds"
	PassUnanimity PassRule = "unanimity"
	PassConsensus PassRule = "consensus"
)

// ParsePassRule checks a pass rule ("" is consensus).
func ParsePassRule(s string) (PassRule, error) {
	switch r := PassRule(s); r {
	case "":
		return PassConsensus, nil
	case PassMajority, PassTwoThirds, PassUnanimity, PassConsensus:
		return r, nil
	}
	return "", fmt.Errorf("unknown pass rule %q (want majority, two_thirds, unanimity or consensus): %w", s, ErrInvalid)
}

// ProposalStatus is where a proposal is in its life.
type ProposalStatus string

// Proposal statuses, derived from the clock, the deadline and an early close.
const (
	ProposalDraft  ProposalStatus = "draft"
	ProposalOpen   ProposalStatus = "open"
	ProposalClosed ProposalStatus = "closed"
)

// OptionSpec describes a poll option. Start and End are set (and required)
// only for meeting_time slots, where Label may be empty.
type OptionSpec struct {
	Label string    `json:"label"`
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
}

// Labels turns plain labels into option specs.
func Labels(labels ...string) []OptionSpec {
	out := make([]OptionSpec, len(labels))
	for i, l := range labels {
		out[i] = OptionSpec{Label: l}
	}
	return out
}

// RatifyLink names the agreement version a proposal ratifies.
type RatifyLink struct {
	Agreement string `json:"agreement"`
	Version   string `json:"version"`
	// SHA256 is the version's text hash when the proposal was made, so the
	// signed proposal pins the very text voted on (empty in proposals made
	// before it was recorded).
	SHA256 string `json:"sha256,omitempty"`
}

// ProposalSpec is everything a new proposal is created with. Zero values
// mean defaults: OpensAt now, ReasonMode optional, PassRule consensus (consent
// only), MaxChoices 0 = no limit (choose_many), MaxScore 5 (score).
type ProposalSpec struct {
	Title      string
	Body       string // Markdown
	Process    Process
	Options    []OptionSpec // none for consent: its options are fixed
	MaxChoices int
	MaxScore   int
	ReasonMode ReasonMode
	Quorum     float64 // 0..1 share of voting members who must take part
	PassRule   PassRule
	OpensAt    time.Time
	ClosesAt   time.Time
	Ratifies   *RatifyLink // consent only
}

// Proposal is a question put to the co-op: a consent decision or a poll.
type Proposal struct{ *Doc }

// NewProposal creates a proposal in coop, authored by me. The whole spec is
// checked first; nothing is created when any of it is wrong.
func NewProposal(coop string, spec ProposalSpec, me *Identity, now time.Time) (*Proposal, error) {
	if me == nil {
		return nil, ErrReadOnly
	}
	if !ValidID(coop) {
		return nil, fmt.Errorf("co-op ID %q: %w", coop, ErrInvalid)
	}
	s, err := normalizeSpec(spec, now)
	if err != nil {
		return nil, err
	}
	d, err := newDoc(KindProposal, NewID(), coop, s.Title, me, now)
	if err != nil {
		return nil, err
	}
	// The settings commit carries the creation time too, not the wall clock.
	d.SetClock(func() time.Time { return now })
	defer d.SetClock(time.Now)
	p := &Proposal{d}
	err = d.change("propose "+s.Title, func(root *automerge.Map) error {
		if err := writeSpec(root, s); err != nil {
			return err
		}
		return p.sealSettings(root, 0) // the first signed settings record
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// AsProposal checks that d is a proposal.
func AsProposal(d *Doc) (*Proposal, error) {
	if d.Kind() != KindProposal {
		return nil, fmt.Errorf("%s is a %s: %w", d.ID(), d.Kind(), ErrWrongKind)
	}
	return &Proposal{d}, nil
}

// LoadProposal opens saved bytes as a proposal.
func LoadProposal(b []byte, me *Identity) (*Proposal, error) {
	d, err := Load(b, me)
	if err != nil {
		return nil, err
	}
	return AsProposal(d)
}

// writeSpec writes a checked spec into a new proposal's root. The maps that
// later changes add to (options, stances, outcome, comments) are created here,
// once: maps created concurrently on two replicas would hide each other.
func writeSpec(root *automerge.Map, s ProposalSpec) error {
	if err := setText(root, "body", s.Body); err != nil {
		return err
	}
	for k, v := range map[string]any{
		"process": string(s.Process), "maxChoices": int64(s.MaxChoices), "maxScore": int64(s.MaxScore),
		"reasonMode": string(s.ReasonMode), "quorum": s.Quorum, "passRule": string(s.PassRule),
		"opensAt": s.OpensAt.UnixMilli(), "closesAt": s.ClosesAt.UnixMilli(),
		"options": automerge.NewMap(), "stances": automerge.NewMap(), "outcome": automerge.NewMap(),
		recordsKey: automerge.NewMap(),
	} {
		if err := root.Set(k, v); err != nil {
			return fmt.Errorf("set %q: %w", k, err)
		}
	}
	if err := initComments(root); err != nil {
		return err
	}
	if s.Ratifies != nil {
		m := automerge.NewMap()
		if err := root.Set("ratifies", m); err != nil {
			return err
		}
		if err := m.Set("agreement", s.Ratifies.Agreement); err != nil {
			return err
		}
		if s.Ratifies.SHA256 != "" {
			if err := m.Set("sha256", s.Ratifies.SHA256); err != nil {
				return err
			}
		}
		if err := m.Set("version", s.Ratifies.Version); err != nil {
			return err
		}
	}
	opts, err := mapAtRoot(root, "options")
	if err != nil {
		return err
	}
	for i, o := range s.Options {
		if err := writeOption(opts, NewID(), o, int64(i+1)); err != nil {
			return err
		}
	}
	return nil
}

// mapAtRoot returns the map at key for writing, creating it when absent (a
// document from another implementation may lack it).
func mapAtRoot(root *automerge.Map, key string) (*automerge.Map, error) {
	var r reader
	m := r.mapAt(root, key)
	if r.err != nil {
		return nil, r.err
	}
	if m != nil {
		return m, nil
	}
	m = automerge.NewMap()
	if err := root.Set(key, m); err != nil {
		return nil, fmt.Errorf("create %q: %w", key, err)
	}
	return m, nil
}
