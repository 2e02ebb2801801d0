package crdt

import (
	"encoding/json"
	"time"

	"github.com/automerge/automerge-go"
)

// meetingState is everything a meeting's records establish, read under one
// lock. Records are replayed in time order: who was chair, and so who could
// open the roll call or record a presence, is what the settings in force at
// the record's time said.
type meetingState struct {
	header     Header
	creator    MemberID
	settings   MeetingSettings // the latest that count
	settingsAt time.Time
	history    []timedSettings
	rollCalls  []rollCall
	startedAt  time.Time // the first roll call: the meeting has started
	closedAt   time.Time
	presences  map[MemberID]Presence
	proxies    []Proxy
	agenda     []AgendaItem
	actions    []ActionItem
	approvals  []MinutesApproval // authorised, in time order; their text is checked later
	// lastAt is the time of the latest counted record of each agenda item
	// and action, so a change is always timed after what it changes.
	lastAt  map[string]time.Time
	refused []RefusedRecord
	minutes string
	current string
}

type timedSettings struct {
	at time.Time
	s  MeetingSettings
}

type rollCall struct {
	challenge string
	at        time.Time
	by        MemberID
}

// RefusedRecord is a signed record of a meeting that does not count, and
// why: a presence for another meeting or after the close, a proxy over the
// limit, an agenda change by someone without the right.
type RefusedRecord struct {
	What   string    `json:"what"`             // "presence", "proxy"… (meetingRecordWords)
	Member MemberID  `json:"member,omitempty"` // whom it concerns
	Signer MemberID  `json:"signer,omitempty"`
	At     time.Time `json:"at,omitzero"`
	Reason string    `json:"reason"`
}

// Why a meeting record does not count.
const (
	RefuseOtherMeeting   = "it is a record of another meeting"
	RefuseBadSignature   = "its signature does not verify"
	RefuseUnreadable     = "it cannot be read"
	RefuseOtherRollCall  = "it answers no roll call of this meeting"
	RefuseBeforeRollCall = "signed before the roll call opened"
	RefuseAfterClose     = "signed after the meeting closed"
	RefuseNotMember      = "not a member"
	RefuseRemoved        = "not an active member at the time"
	RefuseNotChair       = "signed by someone who was not the chair"
	RefuseNotOrganiser   = "signed by someone who neither called the meeting nor was an admin"
	RefuseSignedForOther = "signed by someone other than the member it names"
	RefuseAfterStart     = "signed after the meeting started"
	RefuseNotStarted     = "the meeting had not started"
	RefuseNotVoter       = "the member cannot vote"
	RefuseOwnProxy       = "a member cannot hold their own proxy"
	RefuseNothingToStop  = "there was no proxy to withdraw"
	RefuseNoRight        = "changed by someone without the right"
	RefuseBadValue       = "a value in it is out of range"
	RefuseNotClosed      = "the meeting had not closed"
)

// readState reads the meeting against roster view v (which must be the
// co-op's). It runs under the document lock.
func (m *Meeting) readState(root *automerge.Map, v *RosterView) (*meetingState, error) {
	h, err := readHeader(root)
	if err != nil {
		return nil, err
	}
	var r reader
	st := &meetingState{header: h, creator: m.genesisActor(), presences: map[MemberID]Presence{}, lastAt: map[string]time.Time{}}
	st.minutes, st.current = r.str(root, meetingMinutesKey), r.str(root, meetingCurrentKey)
	if r.err != nil {
		return nil, r.err
	}
	recs, err := readRecords(root, m.id)
	if err != nil {
		return nil, err
	}
	// The settings first, so that a record timed in the same millisecond
	// as the settings it relies on is judged by them; then the opening and
	// closing, in time order.
	var run, later []rawRecord
	for _, rec := range recs {
		switch {
		case rec.err != nil:
			st.refuseBroken(m.id, rec)
		case rec.env.Type == recMeetingSettings:
			st.applySettings(rec, v)
		case rec.env.Type == recRollCall || rec.env.Type == recMeetingClose:
			run = append(run, rec)
		default:
			later = append(later, rec)
		}
	}
	for _, rec := range run {
		if rec.env.Type == recRollCall {
			st.applyRollCall(rec, v)
		} else {
			st.applyClose(rec, v)
		}
	}
	// Presences, proxies and the rest are judged knowing when the meeting
	// started and closed, whichever order their records came in.
	pr := newProxyReplay()
	items, actions := map[string]*judged[AgendaItem]{}, map[string]*judged[ActionItem]{}
	for _, rec := range later {
		switch rec.env.Type {
		case recPresence:
			st.judgePresence(rec, v)
		case recProxy, recProxyRevoke:
			pr.add(st, rec, v)
		case recAgendaItem:
			st.judgeAgenda(rec, v, items)
		case recAction:
			st.judgeAction(rec, v, actions)
		case recMinutesApproval:
			st.judgeApproval(rec, v)
		}
	}
	st.proxies = pr.finish(st)
	st.agenda = sortedAgenda(items)
	st.actions = sortedActions(actions, m.id)
	return st, nil
}

// refuseBroken reports a record that does not open.
func (st *meetingState) refuseBroken(doc string, rec rawRecord) {
	reason := RefuseBadSignature
	switch {
	case rec.env.Type == "":
		reason = RefuseUnreadable
	case rec.env.Doc != doc:
		reason = RefuseOtherMeeting
	}
	st.refuse(rec, "", reason)
}

func (st *meetingState) refuse(rec rawRecord, member MemberID, reason string) {
	what := meetingRecordWords[rec.env.Type]
	if what == "" {
		what = "signed record"
	}
	at := time.Time{}
	if rec.env.At != 0 {
		at = msTime(rec.env.At)
	}
	st.refused = append(st.refused, RefusedRecord{What: what, Member: member, Signer: rec.env.Member, At: at, Reason: reason})
}

// at is a record's claimed time.
func recAt(rec rawRecord) time.Time { return msTime(rec.env.At) }

// settingsAt are the settings in force at t: the latest counted before or
// at t, else the first (a record timed before the meeting's own settings
// is judged by them).
func (st *meetingState) settingsIn(t time.Time) MeetingSettings {
	s := MeetingSettings{}
	for i, h := range st.history {
		if i == 0 || !h.at.After(t) {
			s = h.s
		}
	}
	return s
}

func (st *meetingState) chairAt(t time.Time) MemberID { return st.settingsIn(t).Chair }

func (st *meetingState) organiserAt(by MemberID, t time.Time, v *RosterView) bool {
	return (by == st.creator && memberAt(v, by, t)) || v.wasAdminAt(by, t)
}

func (st *meetingState) applySettings(rec rawRecord, v *RosterView) {
	by, at := rec.env.Member, recAt(rec)
	if !st.organiserAt(by, at, v) {
		st.refuse(rec, by, RefuseNotOrganiser)
		return
	}
	var b settingsRec
	if json.Unmarshal(rec.env.Body, &b) != nil {
		st.refuse(rec, by, RefuseUnreadable)
		return
	}
	s := b.settings()
	if s.Start.IsZero() || s.Chair == "" || s.MaxProxies < 1 || s.MaxProxies > maxProxyLimit {
		st.refuse(rec, by, RefuseBadValue)
		return
	}
	st.history = append(st.history, timedSettings{at: at, s: s})
	st.settings, st.settingsAt = s, at
}

func (st *meetingState) applyRollCall(rec rawRecord, v *RosterView) {
	by, at := rec.env.Member, recAt(rec)
	var b rollCallRec
	switch {
	case json.Unmarshal(rec.env.Body, &b) != nil || len(b.Challenge) < 32:
		st.refuse(rec, by, RefuseUnreadable)
	case by != st.chairAt(at) || !memberAt(v, by, at):
		st.refuse(rec, by, RefuseNotChair)
	case !st.closedAt.IsZero():
		st.refuse(rec, by, RefuseAfterClose)
	default:
		st.rollCalls = append(st.rollCalls, rollCall{challenge: b.Challenge, at: at, by: by})
		if st.startedAt.IsZero() {
			st.startedAt = at
		}
	}
}

func (st *meetingState) applyClose(rec rawRecord, v *RosterView) {
	by, at := rec.env.Member, recAt(rec)
	switch {
	case by != st.chairAt(at) || !memberAt(v, by, at):
		st.refuse(rec, by, RefuseNotChair)
	case st.startedAt.IsZero():
		st.refuse(rec, by, RefuseNotStarted)
	case st.closedAt.IsZero():
		st.closedAt = at
	}
}

// wasActiveAt reports whether id was an active member at t by the roster
// entries that counted up to then.
func wasActiveAt(v *RosterView, id MemberID, t time.Time) bool {
	if v == nil {
		return false
	}
	active := false
	for _, e := range v.applied {
		if e.At.After(t) {
			break
		}
		if e.Member == id {
			active = e.Status == StatusActive
		}
	}
	return active
}

// memberAt reports whether id belonged to the co-op at t, or does now.
// "Now" covers a member just added by an admin whose clock runs ahead;
// "at t" keeps a past meeting's record valid after a member leaves.
func memberAt(v *RosterView, id MemberID, t time.Time) bool {
	return wasActiveAt(v, id, t) || v.IsActive(id)
}

// voterAt is memberAt for members who vote (admins and members).
func voterAt(v *RosterView, id MemberID, t time.Time) bool {
	if v == nil {
		return false
	}
	if m, ok := v.Member(id); ok && m.CanVote() {
		return true
	}
	return couldVoteAt(v, id, t)
}

// couldVoteAt reports whether id was an active admin or member at t.
func couldVoteAt(v *RosterView, id MemberID, t time.Time) bool {
	if v == nil {
		return false
	}
	ok := false
	for _, e := range v.applied {
		if e.At.After(t) {
			break
		}
		if e.Member == id {
			ok = e.Status == StatusActive && e.Role.CanVote()
		}
	}
	return ok
}

// judged is an agenda item or action as its records establish it: the
// latest record that counts, and who first wrote it.
type judged[T any] struct {
	author MemberID
	first  time.Time
	val    T
	gone   bool
}
