package crdt

import (
	"bytes"
	"fmt"
	"sort"
	"time"
)

// Tally results. While a proposal is open its Result is ResultOpen and the
// counts are live.
const (
	ResultOpen     = "open"
	ResultPassed   = "passed"    // consent: the pass rule is met; polls: one winner
	ResultFailed   = "failed"    // consent: the rule is not met; polls: no option got a vote
	ResultBlocked  = "blocked"   // consent under consensus or unanimity: someone blocked
	ResultNoQuorum = "no_quorum" // too few voting members took part
	ResultTied     = "tied"      // polls: several options share the top place
)

// Why the tally refused a stance.
const (
	RejectForged        = "forged signature" // signed by another member's key
	RejectAltered       = "altered"          // the signature does not cover the stored contents
	RejectMalformed     = "malformed"        // values of the wrong type
	RejectNotMember     = "not a member"
	RejectRemovedMember = "removed member"
	RejectObserver      = "observer"
	RejectEarly         = "before the opening"
	RejectLate          = "after the deadline"
	RejectInvalidChoice = "invalid choice"
	RejectRemovedOption = "removed option"
	RejectMissingReason = "missing reason"
)

// OptionCount is one option's count. Which fields mean something depends on
// the process: Count is stances for a consent position or chosen option,
// stances scoring it (score), first preferences (ranked), or answers
// (meeting_time); Score is the total score (score), preference points
// (ranked: n points for a first rank of n live options, n-1 for a second…)
// or 2×Yes+Maybe (meeting_time).
type OptionCount struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Count int    `json:"count"`
	Score int    `json:"score,omitempty"`
	Yes   int    `json:"yes,omitempty"`
	Maybe int    `json:"maybe,omitempty"`
	No    int    `json:"no,omitempty"`
}

// Round is one round of an instant runoff: the first preferences of the
// options still standing, ballots with none of them left, and who went out.
type Round struct {
	Counts     []OptionCount `json:"counts"`
	Exhausted  int           `json:"exhausted"`
	Eliminated []string      `json:"eliminated,omitempty"`
}

// RejectedStance is a stance the tally refused, with the reason.
type RejectedStance struct {
	Stance Stance `json:"stance"`
	Reason string `json:"reason"`
}

// TallyResult is a proposal's count at a moment. Every slice is sorted, so
// two replicas with the same changes produce the same result.
type TallyResult struct {
	Proposal      string           `json:"proposal"`
	Process       Process          `json:"process"`
	PassRule      PassRule         `json:"passRule,omitempty"`
	Status        ProposalStatus   `json:"status"`
	Result        string           `json:"result"`
	Winners       []string         `json:"winners,omitempty"` // polls: option IDs (the leaders while open)
	Options       []OptionCount    `json:"options"`           // live options, in the proposal's order
	Rounds        []Round          `json:"rounds,omitempty"`  // ranked only
	Voters        int              `json:"voters"`
	Participated  int              `json:"participated"`
	Participation float64          `json:"participation"`
	Quorum        float64          `json:"quorum"`
	QuorumMet     bool             `json:"quorumMet"`
	NotVoted      []MemberID       `json:"notVoted"`
	Counted       []Stance         `json:"counted"`
	Rejected      []RejectedStance `json:"rejected"`
	Closed        bool             `json:"closed"`
	ClosesAt      time.Time        `json:"closesAt"` // the effective deadline: an early close if any
	// Problems are values the tally ignored because no one with the right
	// signed them (overwritten settings, unsigned records, restored deletions).
	Problems []Problem `json:"problems,omitempty"`
	// Unsigned is true for a proposal made before signed settings existed:
	// its rules are read from root values nobody signed.
	Unsigned bool `json:"unsigned,omitempty"`
}

// Tally counts a proposal at now against the co-op's roster. It is pure: it
// reads the proposal and changes nothing.
//
// A stance counts when its signature verifies under the member it is filed
// under, that member is an active admin or member in roster (observers,
// removed and unknown members are refused), it is timestamped at or after the
// opening and before the deadline (an early close is the deadline until a
// reopen clears it), and — for the member's latest such stance — its choices
// and reason fit the proposal. Only each member's latest authentic, timely
// stance is judged; if its choices no longer fit (say its option was removed)
// the member has no counted stance, rather than falling back to an older one
// they replaced. Every refused stance is reported in Rejected.
//
// Quorum: Participated/Voters >= Quorum, so a turnout exactly at the
// threshold meets it; with no voters only a zero quorum is met. A closed
// proposal without quorum is ResultNoQuorum whatever the votes. See
// countConsent and countPoll for how results are decided.
func Tally(p *Proposal, roster *RosterView, now time.Time) (TallyResult, error) {
	if p == nil || roster == nil {
		return TallyResult{}, fmt.Errorf("tally needs a proposal and the co-op's roster: %w", ErrInvalid)
	}
	if roster.Coop != p.Coop() {
		return TallyResult{}, fmt.Errorf("the roster is of co-op %s, the proposal of %s: %w", roster.Coop, p.Coop(), ErrInvalid)
	}
	st, err := p.state(roster)
	if err != nil {
		return TallyResult{}, err
	}
	res := tallyState(p.ID(), st, roster, now)
	res.Problems, res.Unsigned = st.problems, !st.signed
	return res, nil
}

func tallyState(doc string, st *proposalState, roster *RosterView, now time.Time) TallyResult {
	s := st.settings
	res := TallyResult{
		Proposal: doc, Process: s.Process, PassRule: s.PassRule, Status: s.StatusAt(now),
		Quorum: s.Quorum, ClosesAt: s.Deadline(), NotVoted: []MemberID{}, Counted: []Stance{}, Rejected: []RejectedStance{},
	}
	res.Closed = res.Status == ProposalClosed
	res.Counted, res.Rejected = judgeStances(doc, st, roster)
	voted := map[MemberID]bool{}
	for _, c := range res.Counted {
		voted[c.Member] = true
	}
	for _, v := range roster.Voters() {
		res.Voters++
		if !voted[v] {
			res.NotVoted = append(res.NotVoted, v)
		}
	}
	res.Participated = len(res.Counted)
	if res.Voters > 0 {
		res.Participation = float64(res.Participated) / float64(res.Voters)
	}
	// Compare products, not the quotient, so 2 of 3 meets a quorum of 2/3.
	res.QuorumMet = float64(res.Participated)+1e-9 >= s.Quorum*float64(res.Voters) && (res.Voters > 0 || s.Quorum == 0)
	if s.Process == ProcessConsent {
		countConsent(&res, s)
	} else {
		countPoll(&res, st.options)
	}
	if res.Options == nil {
		res.Options = []OptionCount{}
	}
	return res
}

// judgeStances splits the stances into those counted (one per member,
// sorted by member) and those refused (sorted by member, then time).
func judgeStances(doc string, st *proposalState, roster *RosterView) (counted []Stance, rejected []RejectedStance) {
	counted, rejected = []Stance{}, []RejectedStance{}
	s := st.settings
	deadline := s.Deadline()
	latest := map[MemberID]Stance{}
	for _, rec := range st.stances {
		reason := ""
		m, known := roster.Member(rec.Member)
		switch {
		case rec.malformed != nil:
			reason = RejectMalformed
		case !rec.verify(doc):
			reason = badSignature(doc, rec.Stance, roster)
		case !known:
			reason = RejectNotMember
		case !m.Active():
			reason = RejectRemovedMember
		case !m.Role.CanVote():
			reason = RejectObserver
		case rec.At.Before(s.OpensAt):
			reason = RejectEarly
		case !rec.At.Before(deadline):
			reason = RejectLate
		}
		if reason != "" {
			rejected = append(rejected, RejectedStance{Stance: rec.Stance, Reason: reason})
			continue
		}
		if cur, ok := latest[rec.Member]; !ok || rec.later(cur) {
			latest[rec.Member] = rec.Stance
		}
	}
	for _, c := range latest {
		reason, _ := checkChoices(s, st.options, c.Choices)
		if reason == "" {
			reason, _ = checkReason(s, c.Choices, c.Reason)
		}
		if reason != "" {
			rejected = append(rejected, RejectedStance{Stance: c, Reason: reason})
			continue
		}
		counted = append(counted, c)
	}
	sort.Slice(counted, func(i, j int) bool { return counted[i].Member < counted[j].Member })
	sort.Slice(rejected, func(i, j int) bool {
		a, b := rejected[i].Stance, rejected[j].Stance
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return bytes.Compare(a.Sig, b.Sig) < 0
	})
	return counted, rejected
}

// badSignature tells a forgery (the signature is another member's, over a
// stance filed under this one) from an alteration (the stored contents are
// not what was signed, or the signature is no one's).
func badSignature(doc string, s Stance, roster *RosterView) string {
	msg := s.signedBytes(doc)
	for _, m := range roster.Members {
		if m.ID != s.Member && m.ID.Verify(msg, s.Sig) {
			return RejectForged
		}
	}
	return RejectAltered
}
