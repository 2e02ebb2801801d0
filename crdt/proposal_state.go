package crdt

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
)

// Option is one choice on a proposal. Removed options stay (as tombstones)
// so stances that named them can still be explained.
type Option struct {
	ID      string    `json:"id"`
	Label   string    `json:"label"`
	Start   time.Time `json:"start,omitzero"`
	End     time.Time `json:"end,omitzero"`
	Removed bool      `json:"removed,omitempty"`
	order   int64
}

// Describe is the option's label, or its time slot for meeting_time.
func (o Option) Describe() string {
	return describeOption(OptionSpec{Label: o.Label, Start: o.Start, End: o.End})
}

// Consent positions: the fixed options of a consent proposal.
const (
	Agree    = "agree"
	Abstain  = "abstain"
	Disagree = "disagree"
	Block    = "block"
)

// consentOptions are a consent proposal's options, in the order shown.
var consentOptions = []Option{
	{ID: Agree, Label: "Agree"}, {ID: Abstain, Label: "Abstain"},
	{ID: Disagree, Label: "Disagree"}, {ID: Block, Label: "Block"},
}

// ProposalSettings are a proposal's rules and times as they stand.
type ProposalSettings struct {
	Process    Process     `json:"process"`
	MaxChoices int         `json:"maxChoices,omitempty"`
	MaxScore   int         `json:"maxScore,omitempty"`
	ReasonMode ReasonMode  `json:"reasonMode"`
	Quorum     float64     `json:"quorum"`
	PassRule   PassRule    `json:"passRule,omitempty"`
	OpensAt    time.Time   `json:"opensAt"`
	ClosesAt   time.Time   `json:"closesAt"`
	ClosedAt   time.Time   `json:"closedAt,omitzero"` // set by an early Close, cleared by Reopen
	Ratifies   *RatifyLink `json:"ratifies,omitempty"`
}

// Deadline is when voting ends: the early close if there was one, else
// ClosesAt. It is exclusive: a stance timestamped at the deadline is late.
func (s ProposalSettings) Deadline() time.Time {
	if !s.ClosedAt.IsZero() && s.ClosedAt.Before(s.ClosesAt) {
		return s.ClosedAt
	}
	return s.ClosesAt
}

// StatusAt derives the status at now. An early close closes the proposal
// whatever the clocks say, so a closer whose clock runs ahead still closes it.
func (s ProposalSettings) StatusAt(now time.Time) ProposalStatus {
	switch {
	case !s.ClosedAt.IsZero() || !now.Before(s.ClosesAt):
		return ProposalClosed
	case now.Before(s.OpensAt):
		return ProposalDraft
	}
	return ProposalOpen
}

// proposalState is a snapshot of everything in a proposal but its comments,
// read under one lock so a tally sees one consistent version.
type proposalState struct {
	header   Header
	settings ProposalSettings
	body     string
	options  []Option // poll options sorted by creation order then ID; consent: fixed
	stances  []stanceRecord
	outcome  Outcome
	// signed is true when settings, options and outcome come from a signed
	// settings record; false for a document made before records existed,
	// whose root values are then read as they stand.
	signed   bool
	problems []Problem // values refused while reading, for Verify and the tally
	cacheErr error     // why the root values could not be read (ignored when signed)
}

// option finds an option by ID (removed ones included).
func (s *proposalState) option(id string) (Option, bool) { return findOption(s.options, id) }

// readProposalCache reads the root values as they stand: a cache that any
// replica can overwrite. Errors in the settings or options are kept in
// cacheErr, since signed records may replace them.
func readProposalCache(root *automerge.Map) (*proposalState, error) {
	h, err := readHeader(root)
	if err != nil {
		return nil, err
	}
	st := &proposalState{header: h}
	if st.settings, err = readSettings(root); err != nil {
		st.cacheErr = err
	}
	var r reader
	st.body = r.str(root, "body")
	if r.err != nil {
		return nil, fmt.Errorf("proposal body: %w", r.err)
	}
	if st.settings.Process == ProcessConsent {
		st.options = consentOptions
	} else if st.options, err = readOptions(root); err != nil && st.cacheErr == nil {
		st.cacheErr = err
	}
	if st.stances, err = readStanceRecords(root); err != nil {
		return nil, err
	}
	if st.outcome, err = readOutcome(root); err != nil && st.cacheErr == nil {
		st.cacheErr = err
	}
	return st, nil
}

func readSettings(root *automerge.Map) (ProposalSettings, error) {
	var r reader
	s := ProposalSettings{
		Process:    Process(r.str(root, "process")),
		MaxChoices: int(r.int(root, "maxChoices")),
		MaxScore:   int(r.int(root, "maxScore")),
		ReasonMode: ReasonMode(r.str(root, "reasonMode")),
		Quorum:     r.float(root, "quorum"),
		PassRule:   PassRule(r.str(root, "passRule")),
		OpensAt:    r.millis(root, "opensAt"),
		ClosesAt:   r.millis(root, "closesAt"),
		ClosedAt:   r.millis(root, "closedAt"),
	}
	if rl := r.mapAt(root, "ratifies"); rl != nil {
		s.Ratifies = &RatifyLink{Agreement: r.str(rl, "agreement"), Version: r.str(rl, "version"), SHA256: r.str(rl, "sha256")}
	}
	if r.err != nil {
		return s, fmt.Errorf("proposal settings: %w", r.err)
	}
	var err error
	if math.IsNaN(s.Quorum) || s.Quorum < 0 || s.Quorum > 1 {
		return s, fmt.Errorf("%w: quorum %v is not a share between 0 and 1", ErrMalformed, s.Quorum)
	}
	if _, err = ParseProcess(string(s.Process)); err != nil {
		return s, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if s.ReasonMode, err = ParseReasonMode(string(s.ReasonMode)); err != nil {
		return s, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if s.Process == ProcessConsent {
		if s.PassRule, err = ParsePassRule(string(s.PassRule)); err != nil {
			return s, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
	}
	return s, nil
}

func readOptions(root *automerge.Map) ([]Option, error) {
	var r reader
	opts := r.mapAt(root, "options")
	var out []Option
	for _, id := range r.keys(opts) {
		m := r.mapAt(opts, id)
		out = append(out, Option{
			ID: id, Label: r.str(m, "label"), Start: r.millis(m, "start"), End: r.millis(m, "end"),
			Removed: r.bool(m, "removed"), order: r.int(m, "order"),
		})
	}
	if r.err != nil {
		return nil, fmt.Errorf("proposal options: %w", r.err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].order != out[j].order {
			return out[i].order < out[j].order
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// state reads a snapshot of the proposal, settings from signed records
// judged against the roster view v (nil: only the author's records count).
func (p *Proposal) state(v *RosterView) (st *proposalState, err error) {
	err = p.read(func(root *automerge.Map) error {
		st, err = p.readProposal(root, v)
		return err
	})
	return st, err
}

// Settings reads the proposal's rules and times as the author's signed
// records establish them; SettingsIn also counts admins' records.
func (p *Proposal) Settings() (ProposalSettings, error) { return p.SettingsIn(nil) }

// SettingsIn reads the proposal's rules and times from the records signed by
// its author or by an admin of roster view v.
func (p *Proposal) SettingsIn(v *RosterView) (ProposalSettings, error) {
	st, err := p.state(v)
	if err != nil {
		return ProposalSettings{}, err
	}
	return st.settings, nil
}

// Body is the proposal's Markdown text.
func (p *Proposal) Body() (body string, err error) {
	err = p.read(func(root *automerge.Map) error {
		var r reader
		body = r.str(root, "body")
		return r.err
	})
	return body, err
}

// Options lists the options in the order they were added, removed ones
// included (flagged). A consent proposal has its four fixed positions.
func (p *Proposal) Options() ([]Option, error) {
	st, err := p.state(nil)
	if err != nil {
		return nil, err
	}
	return append([]Option(nil), st.options...), nil
}

// Status derives the proposal's status at now.
func (p *Proposal) Status(now time.Time) (ProposalStatus, error) {
	s, err := p.Settings()
	if err != nil {
		return "", err
	}
	return s.StatusAt(now), nil
}
