package crdt

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// The roll call needs no protocol of its own. The chair's device writes a
// signed roll-call record carrying a fresh random challenge; it reaches the
// members' devices by ordinary sync (live on the meeting's LAN), and each
// member who clicks "I'm here" signs a presence record naming the meeting,
// the challenge and the time. The challenge proves the presence was signed
// after the roll call opened — it cannot be prepared in advance or carried
// over from another meeting — and the envelope's signature ties it to the
// member's key. The chair may also record a member without a laptop, or one
// who joined by call; those records are the chair's, and say so.

// Presence is a member recorded present at a meeting, and how.
type Presence struct {
	Member     MemberID  `json:"member"`
	How        string    `json:"how"` // PresentByDevice, PresentInRoom or PresentByCall
	At         time.Time `json:"at"`
	RecordedBy MemberID  `json:"recordedBy"` // the member, or the chair
	// Voting is false for an observer: present, but not counted in a quorum.
	Voting bool `json:"voting"`
}

// Start opens the meeting and its roll call. Only the chair may, once, and
// not after the meeting closed.
func (m *Meeting) Start(v *RosterView) error {
	if _, err := m.checkRoster(v, "start the meeting"); err != nil {
		return err
	}
	var c [32]byte
	if _, err := rand.Read(c[:]); err != nil {
		return fmt.Errorf("make the roll call's challenge: %w", err)
	}
	return m.change("open the meeting and its roll call", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		switch {
		case st.settings.Chair != m.me.Member():
			return fmt.Errorf("only the chair opens the meeting: %w", ErrNotAllowed)
		case !st.closedAt.IsZero():
			return fmt.Errorf("the meeting has closed: %w", ErrClosed)
		case !st.startedAt.IsZero():
			return fmt.Errorf("the meeting has already started: %w", ErrInvalid)
		}
		return m.seal(root, recRollCall, rollCallRec{Challenge: hex.EncodeToString(c[:])})
	})
}

// ConfirmPresence is the member's "I'm here": it signs a presence answering
// the open roll call.
func (m *Meeting) ConfirmPresence(v *RosterView) error {
	me, err := m.checkRoster(v, "confirm being at the meeting")
	if err != nil {
		return err
	}
	return m.change("here at the meeting", func(root *automerge.Map) error {
		return m.writePresence(root, v, me, PresentByDevice)
	})
}

// RecordPresence is the chair recording member present: in the room
// without a device (PresentInRoom) or joining by call (PresentByCall).
func (m *Meeting) RecordPresence(v *RosterView, member MemberID, how string) error {
	if _, err := m.checkRoster(v, "record a member present"); err != nil {
		return err
	}
	if how != PresentInRoom && how != PresentByCall {
		return fmt.Errorf("a presence the chair records is %q or %q, not %q: %w", PresentInRoom, PresentByCall, how, ErrInvalid)
	}
	if !v.IsActive(member) {
		return fmt.Errorf("only an active member can be recorded present: %w", ErrInvalid)
	}
	return m.change("record "+v.NameOf(member)+" present", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if st.settings.Chair != m.me.Member() {
			return fmt.Errorf("only the chair records others present: %w", ErrNotAllowed)
		}
		return m.writePresence(root, v, member, how)
	})
}

// writePresence signs a presence of member for the latest roll call. Its
// time is never before the roll call's own, so a device whose clock runs
// behind the chair's is not refused for it. It runs inside change.
func (m *Meeting) writePresence(root *automerge.Map, v *RosterView, member MemberID, how string) error {
	st, err := m.readState(root, v)
	if err != nil {
		return err
	}
	switch {
	case len(st.rollCalls) == 0:
		return fmt.Errorf("the roll call has not opened yet: %w", ErrInvalid)
	case !st.closedAt.IsZero():
		return fmt.Errorf("the meeting has closed: %w", ErrClosed)
	}
	if p, ok := st.presences[member]; ok && (p.How == PresentByDevice || how != PresentByDevice) {
		return nil // already present: nothing to add
	}
	rc := st.rollCalls[len(st.rollCalls)-1]
	at := max(m.now().UTC().UnixMilli(), rc.at.UnixMilli())
	return m.sealAt(root, recPresence, presenceRec{Member: member, Challenge: rc.challenge, How: how}, at)
}

// Close closes the meeting: presences and proxy votes signed after this do
// not count. Only the chair may, once the meeting has started.
func (m *Meeting) Close(v *RosterView) error {
	if _, err := m.checkRoster(v, "close the meeting"); err != nil {
		return err
	}
	return m.change("close the meeting", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		switch {
		case st.settings.Chair != m.me.Member():
			return fmt.Errorf("only the chair closes the meeting: %w", ErrNotAllowed)
		case st.startedAt.IsZero():
			return fmt.Errorf("the meeting has not started: %w", ErrInvalid)
		case !st.closedAt.IsZero():
			return fmt.Errorf("the meeting has already closed: %w", ErrClosed)
		}
		at := max(m.now().UTC().UnixMilli(), st.startedAt.UnixMilli()+1)
		return m.sealAt(root, recMeetingClose, closeRec{}, at)
	})
}

// judgePresence counts a presence record or says why it does not count.
// A member recorded twice keeps one presence: their own device's first,
// else the chair's first.
func (st *meetingState) judgePresence(rec rawRecord, v *RosterView) {
	var b presenceRec
	if json.Unmarshal(rec.env.Body, &b) != nil || b.Member == "" {
		st.refuse(rec, "", RefuseUnreadable)
		return
	}
	signer, at := rec.env.Member, recAt(rec)
	if reason := st.presenceProblem(b, signer, at, v); reason != "" {
		st.refuse(rec, b.Member, reason)
		return
	}
	p := Presence{Member: b.Member, How: b.How, At: at, RecordedBy: signer, Voting: voterAt(v, b.Member, at)}
	cur, ok := st.presences[b.Member]
	switch {
	case !ok:
	case (cur.How == PresentByDevice) != (p.How == PresentByDevice):
		if cur.How == PresentByDevice {
			return
		}
	case !p.At.Before(cur.At):
		return
	}
	st.presences[b.Member] = p
}

func (st *meetingState) presenceProblem(b presenceRec, signer MemberID, at time.Time, v *RosterView) string {
	var rc *rollCall
	for i := range st.rollCalls {
		if st.rollCalls[i].challenge == b.Challenge {
			rc = &st.rollCalls[i]
		}
	}
	_, known := v.Member(b.Member)
	switch {
	case b.How == PresentByDevice && signer != b.Member:
		return RefuseSignedForOther
	case b.How != PresentByDevice && b.How != PresentInRoom && b.How != PresentByCall:
		return RefuseBadValue
	case b.How != PresentByDevice && signer != st.chairAt(at):
		return RefuseNotChair
	case rc == nil:
		return RefuseOtherRollCall
	case at.Before(rc.at):
		return RefuseBeforeRollCall
	case !st.closedAt.IsZero() && !at.Before(st.closedAt):
		return RefuseAfterClose
	case !known:
		return RefuseNotMember
	case !memberAt(v, b.Member, at) || !memberAt(v, signer, at):
		return RefuseRemoved
	}
	return ""
}

// presentBefore lists the members present by t (zero: ever), sorted.
func (st *meetingState) presentBefore(t time.Time) []Presence {
	out := make([]Presence, 0, len(st.presences))
	for _, p := range st.presences {
		if t.IsZero() || p.At.Before(t) {
			out = append(out, p)
		}
	}
	sortPresences(out)
	return out
}
