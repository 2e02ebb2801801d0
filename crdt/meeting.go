package crdt

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// Meeting is a co-op's general meeting: when and where, who chairs and who
// takes the notes, an agenda, minutes written together, the roll call of who
// was there, proxies, and the actions decided. It is a document of its own
// (not an event in a schedule) because everything that makes its minutes
// trustworthy — the presences, proxies, its opening and closing, the minutes'
// approval — is a signed record that must be kept with the meeting, synced
// as one unit and checked against the meeting's own genesis. Schema:
// docs/schema/meeting.md.
//
// Only two root values are plain: the minutes (a Text everyone types into)
// and the agenda item the chair is on. Everything else is read from signed
// records in the document's records map, so a copy that deletes or
// overwrites them changes nothing (see kept.go).
type Meeting struct{ *Doc }

// Root keys of a meeting (beyond the common header and records).
const (
	meetingMinutesKey = "minutes"
	meetingCurrentKey = "current"
)

// Limits on what a person types into a meeting.
const (
	maxPlaceRunes  = 200
	maxItemRunes   = 300
	maxActionRunes = 1000
	maxProxyLimit  = 20
)

// MeetingSpec is what a meeting is created (or rescheduled) with. Chair ""
// is the creator; MaxProxies 0 means one proxy per holder.
type MeetingSpec struct {
	Title      string
	Start      time.Time
	End        time.Time // optional
	Place      string
	Chair      MemberID
	NoteTaker  MemberID // optional
	MaxProxies int
}

// MeetingSettings are the meeting's signed settings as they stand.
type MeetingSettings struct {
	Start      time.Time `json:"start"`
	End        time.Time `json:"end,omitzero"`
	Place      string    `json:"place,omitempty"`
	Chair      MemberID  `json:"chair"`
	NoteTaker  MemberID  `json:"noteTaker,omitempty"`
	MaxProxies int       `json:"maxProxies"`
}

// NewMeeting creates a meeting in coop, organised by me. The chair and the
// note-taker must be active members of roster view v.
func NewMeeting(coop string, spec MeetingSpec, v *RosterView, me *Identity, now time.Time) (*Meeting, error) {
	if me == nil {
		return nil, ErrReadOnly
	}
	if !ValidID(coop) {
		return nil, fmt.Errorf("co-op ID %q: %w", coop, ErrInvalid)
	}
	if v == nil || v.Coop != coop {
		return nil, fmt.Errorf("the co-op's roster is needed to check the chair and note-taker: %w", ErrInvalid)
	}
	if !v.IsActive(me.Member()) {
		return nil, fmt.Errorf("only a member of the co-op may call a meeting: %w", ErrNotAllowed)
	}
	title := strings.TrimSpace(spec.Title)
	if title == "" || utf8.RuneCountInString(title) > maxTitleRunes {
		return nil, fmt.Errorf("a title of 1 to %d characters is required: %w", maxTitleRunes, ErrInvalid)
	}
	if spec.Chair == "" {
		spec.Chair = me.Member()
	}
	s, err := checkMeetingSpec(spec, v)
	if err != nil {
		return nil, err
	}
	d, err := newDoc(KindMeeting, NewID(), coop, title, me, now)
	if err != nil {
		return nil, err
	}
	d.SetClock(func() time.Time { return now })
	defer d.SetClock(time.Now)
	m := &Meeting{d}
	err = d.change("call the meeting "+title, func(root *automerge.Map) error {
		if err := root.Set(meetingMinutesKey, automerge.NewText("")); err != nil {
			return err
		}
		if err := root.Set(recordsKey, automerge.NewMap()); err != nil {
			return err
		}
		return m.seal(root, recMeetingSettings, settingsRecordOf(s))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// checkMeetingSpec checks a spec against the roster and fills its defaults.
func checkMeetingSpec(spec MeetingSpec, v *RosterView) (MeetingSettings, error) {
	s := MeetingSettings{
		Start: spec.Start.UTC().Truncate(time.Millisecond), End: spec.End.UTC().Truncate(time.Millisecond),
		Place: strings.TrimSpace(spec.Place), Chair: spec.Chair, NoteTaker: spec.NoteTaker, MaxProxies: spec.MaxProxies,
	}
	if s.MaxProxies == 0 {
		s.MaxProxies = 1
	}
	switch {
	case s.Start.IsZero():
		return s, fmt.Errorf("a meeting needs a start time: %w", ErrInvalid)
	case !s.End.IsZero() && !s.End.After(s.Start):
		return s, fmt.Errorf("the meeting must end after it starts: %w", ErrInvalid)
	case !utf8.ValidString(s.Place) || utf8.RuneCountInString(s.Place) > maxPlaceRunes:
		return s, fmt.Errorf("the place must be text of at most %d characters: %w", maxPlaceRunes, ErrInvalid)
	case s.MaxProxies < 1 || s.MaxProxies > maxProxyLimit:
		return s, fmt.Errorf("proxies per member must be between 1 and %d: %w", maxProxyLimit, ErrInvalid)
	case !v.IsActive(s.Chair):
		return s, fmt.Errorf("the chair must be an active member: %w", ErrInvalid)
	case s.NoteTaker != "" && !v.IsActive(s.NoteTaker):
		return s, fmt.Errorf("the note-taker must be an active member: %w", ErrInvalid)
	}
	return s, nil
}

// AsMeeting checks that d is a meeting.
func AsMeeting(d *Doc) (*Meeting, error) {
	if d == nil {
		return nil, fmt.Errorf("no document: %w", ErrInvalid)
	}
	if d.Kind() != KindMeeting {
		return nil, fmt.Errorf("%s is a %s: %w", d.ID(), d.Kind(), ErrWrongKind)
	}
	return &Meeting{d}, nil
}

// LoadMeeting opens saved bytes as a meeting; me may be nil (read-only).
func LoadMeeting(b []byte, me *Identity) (*Meeting, error) {
	d, err := Load(b, me)
	if err != nil {
		return nil, err
	}
	return AsMeeting(d)
}

// Reschedule replaces the meeting's settings (time, place, chair,
// note-taker, proxies). Only its organiser — the member who called it — or
// an admin may, and only until it closes.
func (m *Meeting) Reschedule(v *RosterView, spec MeetingSpec) error {
	if err := m.checkOrganiser(v, "change the meeting"); err != nil {
		return err
	}
	return m.change("change the meeting's settings", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if !st.closedAt.IsZero() {
			return fmt.Errorf("the meeting has closed: %w", ErrClosed)
		}
		if spec.Chair == "" {
			spec.Chair = st.settings.Chair
		}
		s, err := checkMeetingSpec(spec, v)
		if err != nil {
			return err
		}
		if !st.startedAt.IsZero() && !s.Start.Equal(st.settings.Start) {
			return fmt.Errorf("the meeting has started; its start time stays: %w", ErrInvalid)
		}
		return m.sealAfter(root, recMeetingSettings, settingsRecordOf(s), st.settingsAt)
	})
}

// checkOrganiser reports whether the local member may change the meeting's
// settings: its creator or an admin, either still active.
func (m *Meeting) checkOrganiser(v *RosterView, what string) error {
	me, err := m.checkRoster(v, what)
	if err != nil {
		return err
	}
	h, err := m.Header()
	if err != nil {
		return err
	}
	mem, _ := v.Member(me)
	if mem.Role != RoleAdmin && h.CreatedBy != me {
		return fmt.Errorf("only whoever called the meeting or an admin may %s: %w", what, ErrNotAllowed)
	}
	return nil
}

// checkRoster checks that v is this co-op's roster and that the local
// member is active in it.
func (m *Meeting) checkRoster(v *RosterView, what string) (MemberID, error) {
	me := m.Me()
	if me == nil {
		return "", ErrReadOnly
	}
	if v == nil || v.Coop != m.Coop() {
		return "", fmt.Errorf("%s: the co-op's roster is needed to check who may: %w", what, ErrInvalid)
	}
	if !v.IsActive(me.Member()) {
		return "", fmt.Errorf("only a member of the co-op may %s: %w", what, ErrNotAllowed)
	}
	return me.Member(), nil
}

// seal signs a record of typ by the local member, timed now, and stores it.
// It runs inside change.
func (m *Meeting) seal(root *automerge.Map, typ string, body any) error {
	return m.sealAt(root, typ, body, m.now().UTC().UnixMilli())
}

// sealAfter signs a record timed now but never at or before prev, so that a
// settings record always supersedes the one it replaces whatever the clock.
func (m *Meeting) sealAfter(root *automerge.Map, typ string, body any, prev time.Time) error {
	at := m.now().UTC().UnixMilli()
	if !prev.IsZero() {
		at = max(at, prev.UnixMilli()+1)
	}
	return m.sealAt(root, typ, body, at)
}

func (m *Meeting) sealAt(root *automerge.Map, typ string, body any, at int64) error {
	b, err := sealRecord(typ, m.id, m.me, at, body)
	if err != nil {
		return err
	}
	return putRecord(root, b)
}

// Minutes is the minutes' Markdown as it now stands.
func (m *Meeting) Minutes() (s string, err error) {
	err = m.read(func(root *automerge.Map) error {
		var r reader
		s = r.str(root, meetingMinutesKey)
		return r.err
	})
	return s, err
}

// CurrentItem is the agenda item the chair is on ("" before the first).
// It is a plain value: it steers what the meeting screens show, and nothing
// is decided by it.
func (m *Meeting) CurrentItem() (id string, err error) {
	err = m.read(func(root *automerge.Map) error {
		var r reader
		id = r.str(root, meetingCurrentKey)
		return r.err
	})
	return id, err
}

// SetCurrentItem moves the meeting on to an agenda item ("" for none).
// Only the chair may.
func (m *Meeting) SetCurrentItem(v *RosterView, itemID string) error {
	if _, err := m.checkRoster(v, "move to an agenda item"); err != nil {
		return err
	}
	return m.change("move to an agenda item", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if st.settings.Chair != m.me.Member() {
			return fmt.Errorf("only the chair moves the meeting on: %w", ErrNotAllowed)
		}
		if itemID != "" {
			if _, ok := st.item(itemID); !ok {
				return fmt.Errorf("agenda item %q: %w", itemID, ErrNotFound)
			}
		}
		return root.Set(meetingCurrentKey, itemID)
	})
}
