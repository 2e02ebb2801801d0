package crdt

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// A proposal decided "at the meeting" is counted against who attends that
// meeting (see TallyAtMeeting). Which meeting is said by a signed record in
// the proposal itself, by its author or an admin — the members who may set
// its rules — because it changes how the proposal is counted: a meeting's
// chair cannot make someone else's proposal count by a different rule.
// Proxy votes are signed records in the proposal too, by the proxy holder.
const (
	recDecideAtMeeting = "proposal-meeting"
	recProxyStance     = "proxy-stance"
)

type decideAtRec struct {
	Meeting string `json:"meeting"` // "" unlinks
}

type proxyStanceRec struct {
	For     MemberID `json:"for"` // the member who gave the proxy
	Meeting string   `json:"meeting"`
	Choices []Choice `json:"choices"`
	Reason  string   `json:"reason,omitempty"`
}

// DecideAtMeeting makes the proposal one decided at meeting ("" to undo),
// until it closes. Only its author or an admin may.
func (p *Proposal) DecideAtMeeting(v *RosterView, meeting string) error {
	if meeting != "" && !ValidID(meeting) {
		return fmt.Errorf("meeting ID %q: %w", meeting, ErrInvalid)
	}
	if err := p.checkManager(v, "choose the meeting that decides it"); err != nil {
		return err
	}
	return p.change("decided at a meeting", func(root *automerge.Map) error {
		st, err := p.readProposal(root, v)
		if err != nil {
			return err
		}
		if err := editable(st, p); err != nil {
			return err
		}
		at := max(p.now().UTC().UnixMilli(), lastDecideAt(root, p.id)+1)
		b, err := sealRecord(recDecideAtMeeting, p.id, p.me, at, decideAtRec{Meeting: meeting})
		if err != nil {
			return err
		}
		return putRecord(root, b)
	})
}

func lastDecideAt(root *automerge.Map, doc string) int64 {
	recs, _ := readRecords(root, doc)
	var at int64
	for _, r := range recs {
		if r.err == nil && r.env.Type == recDecideAtMeeting {
			at = max(at, r.env.At)
		}
	}
	return at
}

// DecidedAt is the meeting that decides the proposal ("" for none): the
// latest link signed by its author or an admin of v before it closed.
func (p *Proposal) DecidedAt(v *RosterView) (meeting string, err error) {
	err = p.read(func(root *automerge.Map) error {
		st, err := p.readProposal(root, v)
		if err != nil {
			return err
		}
		meeting, err = decidedAt(p, root, st, v)
		return err
	})
	return meeting, err
}

// decidedAt runs under the lock.
func decidedAt(p *Proposal, root *automerge.Map, st *proposalState, v *RosterView) (string, error) {
	recs, err := readRecords(root, p.id)
	if err != nil {
		return "", err
	}
	author, deadline := p.genesisActor(), st.settings.Deadline()
	meeting := ""
	for _, rec := range recs {
		if rec.err != nil || rec.env.Type != recDecideAtMeeting {
			continue
		}
		at := msTime(rec.env.At)
		by := rec.env.Member
		if (by != author && !v.wasAdminAt(by, at)) || !at.Before(deadline) {
			continue
		}
		var b decideAtRec
		if json.Unmarshal(rec.env.Body, &b) != nil || (b.Meeting != "" && !ValidID(b.Meeting)) {
			continue
		}
		meeting = b.Meeting
	}
	return meeting, nil
}

// VoteByProxy casts, as the local member, the vote of giver at meeting.
// The choices are checked here; whether the proxy holds — given, not
// withdrawn, within the limit, holder present and giver absent — is for the
// meeting's tally to judge, since only the meeting's records say.
func (p *Proposal) VoteByProxy(giver MemberID, meeting string, choices []Choice, reason string) error {
	me := p.Me()
	switch {
	case me == nil:
		return ErrReadOnly
	case giver == me.Member():
		return fmt.Errorf("a member cannot vote by their own proxy: %w", ErrInvalid)
	case !ValidID(meeting):
		return fmt.Errorf("meeting ID %q: %w", meeting, ErrInvalid)
	}
	reason = strings.TrimSpace(reason)
	return p.change("vote by proxy", func(root *automerge.Map) error {
		st, err := p.readProposal(root, nil)
		if err != nil {
			return err
		}
		now := p.now()
		if st.settings.StatusAt(now) != ProposalOpen {
			return fmt.Errorf("%q is not open for votes: %w", st.header.Title, ErrClosed)
		}
		if _, err := checkChoices(st.settings, st.options, choices); err != nil {
			return err
		}
		if _, err := checkReason(st.settings, choices, reason); err != nil {
			return err
		}
		b, err := sealRecord(recProxyStance, p.id, me, now.UTC().UnixMilli(), proxyStanceRec{For: giver, Meeting: meeting, Choices: choices, Reason: reason})
		if err != nil {
			return err
		}
		return putRecord(root, b)
	})
}

// proxyStance is a proxy vote as read.
type proxyStance struct {
	rec    proxyStanceRec
	holder MemberID
	at     time.Time
	sig    []byte
	err    error
}

// readProxyStances reads the proxy votes in time order. Runs under the lock.
func readProxyStances(root *automerge.Map, doc string) ([]proxyStance, error) {
	recs, err := readRecords(root, doc)
	if err != nil {
		return nil, err
	}
	var out []proxyStance
	for _, rec := range recs {
		if rec.env.Type != recProxyStance {
			continue
		}
		ps := proxyStance{holder: rec.env.Member, at: msTime(rec.env.At), sig: rec.env.Sig, err: rec.err}
		if ps.err == nil && json.Unmarshal(rec.env.Body, &ps.rec) != nil {
			ps.err = fmt.Errorf("proxy vote: %w", ErrMalformed)
		}
		out = append(out, ps)
	}
	return out, nil
}
