package crdt

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Event is one calendar event as stored. Times are UTC; TimeZone says in
// which zone it repeats (see Occurrences for its dates).
type Event struct {
	ID          string      `json:"id"`
	UID         string      `json:"uid"`
	Title       string      `json:"title"`
	Location    string      `json:"location,omitempty"`
	Description string      `json:"description,omitempty"`
	TimeZone    string      `json:"timeZone"`
	Start       time.Time   `json:"start"`
	End         time.Time   `json:"end"`
	AllDay      bool        `json:"allDay,omitempty"`
	RRule       string      `json:"rrule,omitempty"`
	ExDates     []time.Time `json:"exDates,omitempty"`
	// RecurrenceID is set on an event imported as the changed copy of one
	// occurrence of another event with the same UID; that occurrence of the
	// other event is then not shown.
	RecurrenceID time.Time `json:"recurrenceId,omitzero"`
	RSVPs        []RSVP    `json:"rsvps,omitempty"`
	// Sequence is the iCalendar SEQUENCE: it grows with every edit.
	Sequence  int64     `json:"sequence"`
	Deleted   bool      `json:"deleted,omitempty"`
	CreatedBy MemberID  `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedBy MemberID  `json:"updatedBy,omitempty"`
	UpdatedAt time.Time `json:"updatedAt"`
	// Problem explains a stored value this version cannot use (an unknown
	// time zone, a rule it cannot expand) and what was done instead.
	Problem string `json:"problem,omitempty"`
}

// RSVP is a member's answer to an event.
type RSVP struct {
	Member MemberID  `json:"member"`
	Answer string    `json:"answer"`
	At     time.Time `json:"at"`
}

// RSVP answers.
const (
	RSVPYes   = "yes"
	RSVPNo    = "no"
	RSVPMaybe = "maybe"
)

func schedValidAnswer(a string) bool { return a == RSVPYes || a == RSVPNo || a == RSVPMaybe }

// Spec is the event's editable part, for EditEvent.
func (e Event) Spec() EventSpec {
	return EventSpec{
		Title: e.Title, Location: e.Location, Description: e.Description, TimeZone: e.TimeZone,
		Start: e.Start, End: e.End, AllDay: e.AllDay, RRule: e.RRule, ExDates: slices.Clone(e.ExDates),
	}
}

// Answer is member's RSVP, or "" when they have not answered.
func (e Event) Answer(member MemberID) string {
	for _, r := range e.RSVPs {
		if r.Member == member {
			return r.Answer
		}
	}
	return ""
}

// Events lists the schedule's events (cancelled ones left out), sorted by
// start, then ID.
func (s *Schedule) Events() ([]Event, error) {
	all, err := s.allEvents()
	return schedLive(all), err
}

// Event returns one event (ErrNotFound when unknown or deleted).
func (s *Schedule) Event(id string) (Event, error) {
	return schedOne(s, schedKeyEvents, "event", id, schedReadEvent)
}

// allEvents reads every event, deleted ones included.
func (s *Schedule) allEvents() ([]Event, error) {
	return schedAll(s, schedKeyEvents, "events", schedReadEvent)
}

// schedReadEvent reads one event record; values this version cannot use are
// replaced by safe ones and explained in Problem.
func schedReadEvent(r *reader, id string, m *automerge.Map) Event {
	e := Event{
		ID:           id,
		UID:          r.str(m, "uid"),
		Title:        r.str(m, "title"),
		Location:     r.str(m, "location"),
		Description:  r.str(m, "description"),
		TimeZone:     schedZoneName(r.str(m, "tz")),
		Start:        r.millis(m, "start"),
		End:          r.millis(m, "end"),
		AllDay:       r.bool(m, "allDay"),
		RRule:        r.str(m, "rrule"),
		RecurrenceID: r.millis(m, "recurrenceId"),
		Sequence:     r.int(m, "sequence"),
		Deleted:      r.bool(m, "deleted"),
		CreatedBy:    MemberID(r.str(m, "createdBy")),
		CreatedAt:    r.millis(m, "createdAt"),
		UpdatedBy:    MemberID(r.str(m, "updatedBy")),
		UpdatedAt:    r.millis(m, "updatedAt"),
	}
	if e.UID == "" {
		e.UID = id + schedUIDSuffix
	}
	exdates := r.mapAt(m, "exdates")
	for _, k := range r.keys(exdates) {
		ms, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue // not written by Mutual's schema; keys are the dates
		}
		e.ExDates = append(e.ExDates, time.UnixMilli(ms).UTC())
	}
	slices.SortFunc(e.ExDates, func(a, b time.Time) int { return a.Compare(b) })
	rsvp := r.mapAt(m, "rsvp")
	for _, k := range r.keys(rsvp) {
		a := r.mapAt(rsvp, k)
		x := RSVP{Member: MemberID(k), Answer: r.str(a, "answer"), At: r.millis(a, "at")}
		if schedValidAnswer(x.Answer) {
			e.RSVPs = append(e.RSVPs, x)
		}
	}
	slices.SortFunc(e.RSVPs, func(a, b RSVP) int { return strings.Compare(string(a.Member), string(b.Member)) })
	var problems []string
	if _, err := schedZone(e.TimeZone); err != nil {
		problems = append(problems, "unknown time zone "+e.TimeZone+", shown in UTC")
	}
	if e.End.Before(e.Start) {
		problems = append(problems, "ends before it starts, shown as a moment")
	}
	if e.RRule != "" {
		if _, _, err := schedParseRule(e.RRule, time.UTC); err != nil {
			problems = append(problems, "recurrence rule "+e.RRule+" cannot be used, shown once")
		}
	}
	e.Problem = strings.Join(problems, "; ")
	return e
}

// schedUIDSuffix makes an event ID into an iCalendar UID.
const schedUIDSuffix = "@mutual"
