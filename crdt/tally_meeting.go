package crdt

import (
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
)

// Why a meeting's tally refused a stance or a proxy vote.
const (
	RejectNotPresent     = "not present at the meeting" // voted during the meeting without being recorded present
	RejectNoProxy        = "no valid proxy from the member"
	RejectHolderAbsent   = "the proxy holder was not present"
	RejectGiverPresent   = "the member was present and votes themself"
	RejectGiverVoted     = "the member voted themself"
	RejectProxyElsewhere = "a proxy vote for another meeting"
	RejectBeforeMeeting  = "cast by proxy before the meeting started"
	RejectAfterMeeting   = "cast after the meeting closed"
)

// ProxyVote is a counted vote cast by a proxy holder for its giver.
type ProxyVote struct {
	Giver  MemberID  `json:"giver"`
	Holder MemberID  `json:"holder"`
	At     time.Time `json:"at"`
}

// MeetingCount is what a tally at a meeting adds to a proposal's tally.
type MeetingCount struct {
	Meeting string `json:"meeting"`
	Quorum
	VotedBefore []MemberID       `json:"votedBefore"` // absent members whose vote before the meeting counts
	ByProxy     []ProxyVote      `json:"byProxy"`     // counted votes cast by proxy, by giver
	Refused     []RejectedStance `json:"refused"`     // proxy votes that do not count, and why
}

// TallyAtMeeting counts a proposal decided at meeting m. It is Tally with
// the meeting's attendance as the body that decides:
//
//   - Who takes part: every voting member present (recorded before the vote
//     closed), every absent voting member represented by a valid proxy whose
//     holder is present, and every absent member whose vote cast before the
//     meeting started counts (the proposal allowed voting beforehand by
//     opening before the meeting). Quorum is that number against all voters.
//   - A stance cast after the meeting started by a member not recorded
//     present does not count (RejectNotPresent); their earlier one still may.
//   - A proxy vote counts for an absent giver when the proxy holds, its
//     holder is present, and the giver cast no vote that counts.
//   - Consent pass rules count those taking part, so silence is not support:
//     majority needs more than half of them to agree, two_thirds two thirds
//     of them, unanimity all of them; consensus is as in Tally (no block and
//     at least one agree). Polls are won as in Tally.
//
// The proposal's own signed link must name m (see DecideAtMeeting).
func TallyAtMeeting(p *Proposal, roster *RosterView, m *Meeting, now time.Time) (TallyResult, MeetingCount, error) {
	mc := MeetingCount{VotedBefore: []MemberID{}, ByProxy: []ProxyVote{}, Refused: []RejectedStance{}}
	if p == nil || roster == nil || m == nil {
		return TallyResult{}, mc, fmt.Errorf("a tally at a meeting needs the proposal, the roster and the meeting: %w", ErrInvalid)
	}
	if roster.Coop != p.Coop() || m.Coop() != p.Coop() {
		return TallyResult{}, mc, fmt.Errorf("the proposal, the meeting and the roster are not of one co-op: %w", ErrInvalid)
	}
	var (
		st      *proposalState
		link    string
		proxied []proxyStance
	)
	err := p.read(func(root *automerge.Map) (err error) {
		if st, err = p.readProposal(root, roster); err != nil {
			return err
		}
		if link, err = decidedAt(p, root, st, roster); err != nil {
			return err
		}
		proxied, err = readProxyStances(root, p.id)
		return err
	})
	if err != nil {
		return TallyResult{}, mc, err
	}
	if link != m.ID() {
		return TallyResult{}, mc, fmt.Errorf("the proposal is not decided at this meeting: %w", ErrInvalid)
	}
	mv, err := m.View(roster)
	if err != nil {
		return TallyResult{}, mc, err
	}
	mc.Meeting = m.ID()
	deadline := st.settings.Deadline()
	present := map[MemberID]bool{}
	for _, pr := range mv.Present {
		if pr.At.Before(deadline) && isVoter(roster, pr.Member) {
			present[pr.Member] = true
		}
	}
	// Stances cast during the meeting by members not there do not count.
	var late []RejectedStance
	kept := st.stances[:0:0]
	for _, s := range st.stances {
		if !mv.StartedAt.IsZero() && !s.At.Before(mv.StartedAt) && !present[s.Member] && s.malformed == nil && s.verify(p.ID()) {
			late = append(late, RejectedStance{Stance: s.Stance, Reason: RejectNotPresent})
			continue
		}
		kept = append(kept, s)
	}
	judged := *st
	judged.stances = kept
	res := tallyState(p.ID(), &judged, roster, now)
	res.Problems, res.Unsigned = st.problems, !st.signed
	res.Rejected = append(res.Rejected, late...)
	sortRejected(res.Rejected)

	voted := map[MemberID]bool{}
	for _, c := range res.Counted {
		voted[c.Member] = true
	}
	countProxyVotes(&res, &mc, proxied, st, mv, present, voted, roster)

	// Who takes part: present, represented, or voted beforehand.
	body := map[MemberID]bool{}
	for id := range present {
		body[id] = true
	}
	mc.Voters, mc.Present = len(roster.Voters()), len(present)
	for _, pr := range mv.Proxies {
		if pr.Status == ProxyValid && present[pr.Holder] && !present[pr.Giver] && isVoter(roster, pr.Giver) && !body[pr.Giver] {
			body[pr.Giver] = true
			mc.Represented++
		}
	}
	for _, c := range res.Counted {
		if !body[c.Member] {
			body[c.Member] = true
			mc.VotedBefore = append(mc.VotedBefore, c.Member)
		}
	}
	sort.Slice(mc.VotedBefore, func(i, j int) bool { return mc.VotedBefore[i] < mc.VotedBefore[j] })
	res.Participated = len(body)
	res.Participation = 0
	if res.Voters > 0 {
		res.Participation = float64(res.Participated) / float64(res.Voters)
	}
	s := st.settings
	res.QuorumMet = float64(res.Participated)+1e-9 >= s.Quorum*float64(res.Voters) && (res.Voters > 0 || s.Quorum == 0)
	res.Options = nil
	if s.Process == ProcessConsent {
		countConsentAtMeeting(&res, s, len(body))
	} else {
		countPoll(&res, st.options)
	}
	if res.Options == nil {
		res.Options = []OptionCount{}
	}
	return res, mc, nil
}

// countProxyVotes adds the proxy votes that count to res.Counted (the
// latest per giver) and reports the others.
func countProxyVotes(res *TallyResult, mc *MeetingCount, votes []proxyStance, st *proposalState, mv MeetingView, present, voted map[MemberID]bool, roster *RosterView) {
	s := st.settings
	deadline := s.Deadline()
	best := map[MemberID]proxyStance{}
	for _, ps := range votes {
		giver := ps.rec.For
		reason := ""
		switch {
		case ps.err != nil:
			reason = RejectAltered
		case ps.rec.Meeting != mv.ID:
			reason = RejectProxyElsewhere
		case mv.ProxyHeldFor(giver) != ps.holder:
			reason = RejectNoProxy
		case !present[ps.holder]:
			reason = RejectHolderAbsent
		case present[giver]:
			reason = RejectGiverPresent
		case voted[giver]:
			reason = RejectGiverVoted
		case !isVoter(roster, giver):
			reason = RejectNotMember
		case mv.StartedAt.IsZero() || ps.at.Before(mv.StartedAt):
			reason = RejectBeforeMeeting
		case ps.at.Before(s.OpensAt):
			reason = RejectEarly
		case !ps.at.Before(deadline):
			reason = RejectLate
		case !mv.ClosedAt.IsZero() && !ps.at.Before(mv.ClosedAt):
			reason = RejectAfterMeeting
		}
		if reason == "" {
			if r, _ := checkChoices(s, st.options, ps.rec.Choices); r != "" {
				reason = r
			} else if r, _ := checkReason(s, ps.rec.Choices, ps.rec.Reason); r != "" {
				reason = r
			}
		}
		if reason != "" {
			mc.Refused = append(mc.Refused, RejectedStance{Stance: proxyAsStance(ps), Reason: reason})
			continue
		}
		best[giver] = ps // in time order: the latest wins
	}
	for giver, ps := range best {
		res.Counted = append(res.Counted, proxyAsStance(ps))
		mc.ByProxy = append(mc.ByProxy, ProxyVote{Giver: giver, Holder: ps.holder, At: ps.at})
		for i, id := range res.NotVoted {
			if id == giver {
				res.NotVoted = append(res.NotVoted[:i], res.NotVoted[i+1:]...)
				break
			}
		}
	}
	sort.Slice(res.Counted, func(i, j int) bool { return res.Counted[i].Member < res.Counted[j].Member })
	sort.Slice(mc.ByProxy, func(i, j int) bool { return mc.ByProxy[i].Giver < mc.ByProxy[j].Giver })
}

// proxyAsStance shows a proxy vote as the giver's stance; its signature is
// the holder's, over the proxy record.
func proxyAsStance(ps proxyStance) Stance {
	return Stance{Member: ps.rec.For, Choices: ps.rec.Choices, Reason: ps.rec.Reason, At: ps.at, Sig: ps.sig}
}

// countConsentAtMeeting applies the pass rule to the n members taking part.
func countConsentAtMeeting(res *TallyResult, s ProposalSettings, n int) {
	c := consentCounts(res)
	consentResult(res, s, passesAmong(s.PassRule, c[Agree], c[Block], n), c[Block])
}

func sortRejected(rs []RejectedStance) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i].Stance, rs[j].Stance
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		return a.At.Before(b.At)
	})
}
