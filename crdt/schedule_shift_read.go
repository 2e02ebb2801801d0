package crdt

import (
	"slices"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Shift is one rota slot as stored. Times are UTC; TimeZone is where the
// shift happens (for display and export).
type Shift struct {
	ID       string    `json:"id"`
	Role     string    `json:"role"`
	TimeZone string    `json:"timeZone"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Capacity int       `json:"capacity"`
	Notes    string    `json:"notes,omitempty"`
	// SignUps may number more than Capacity after a merge: see Conflicts.
	SignUps   []SignUp  `json:"signUps"`
	StandIns  []StandIn `json:"standIns,omitempty"`
	Sequence  int64     `json:"sequence"`
	Deleted   bool      `json:"deleted,omitempty"`
	CreatedBy MemberID  `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedBy MemberID  `json:"updatedBy,omitempty"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// SignUp is a member booked into a shift.
type SignUp struct {
	Member MemberID  `json:"member"`
	At     time.Time `json:"at"`
	// Via is the member whose place this one took through a stand-in.
	Via MemberID `json:"via,omitempty"`
}

// StandIn is a signed-up member's request for someone to take their place.
type StandIn struct {
	Requester MemberID       `json:"requester"`
	Note      string         `json:"note,omitempty"`
	At        time.Time      `json:"at"`
	Offers    []StandInOffer `json:"offers,omitempty"`
	TakenBy   MemberID       `json:"takenBy,omitempty"`
	TakenAt   time.Time      `json:"takenAt,omitzero"`
}

// StandInOffer is a member offering to take a requester's place.
type StandInOffer struct {
	Member MemberID  `json:"member"`
	At     time.Time `json:"at"`
}

// Open reports whether the request still waits for a stand-in.
func (si StandIn) Open() bool { return si.TakenBy == "" }

// Offered reports whether m offered to stand in.
func (si StandIn) Offered(m MemberID) bool {
	return slices.ContainsFunc(si.Offers, func(o StandInOffer) bool { return o.Member == m })
}

// Spec is the shift's editable part, for EditShift.
func (sh Shift) Spec() ShiftSpec {
	return ShiftSpec{Role: sh.Role, Start: sh.Start, End: sh.End, Capacity: sh.Capacity, TimeZone: sh.TimeZone, Notes: sh.Notes}
}

// Free is the number of places left; negative when over capacity.
func (sh Shift) Free() int { return sh.Capacity - len(sh.SignUps) }

// Has reports whether m is signed up.
func (sh Shift) Has(m MemberID) bool {
	return slices.ContainsFunc(sh.SignUps, func(u SignUp) bool { return u.Member == m })
}

// OpenStandIn returns requester's open stand-in request.
func (sh Shift) OpenStandIn(requester MemberID) (StandIn, bool) {
	for _, si := range sh.StandIns {
		if si.Requester == requester && si.Open() {
			return si, true
		}
	}
	return StandIn{}, false
}

// Shifts lists the schedule's shifts (deleted ones left out), sorted by
// start, then ID.
func (s *Schedule) Shifts() ([]Shift, error) {
	all, err := s.allShifts()
	return schedLive(all), err
}

// Shift returns one shift (ErrNotFound when unknown or deleted).
func (s *Schedule) Shift(id string) (Shift, error) {
	sh, err := schedOne(s, schedKeyShifts, "shift", id, schedReadShift)
	return s.counted(sh), err
}

// allShifts reads every shift, deleted ones included.
func (s *Schedule) allShifts() ([]Shift, error) {
	all, err := schedAll(s, schedKeyShifts, "shifts", schedReadShift)
	for i := range all {
		all[i] = s.counted(all[i])
	}
	return all, err
}

func schedReadShift(r *reader, id string, m *automerge.Map) Shift {
	sh := Shift{
		ID:        id,
		Role:      r.str(m, "role"),
		TimeZone:  schedZoneName(r.str(m, "tz")),
		Start:     r.millis(m, "start"),
		End:       r.millis(m, "end"),
		Capacity:  int(r.int(m, "capacity")),
		Notes:     r.str(m, "notes"),
		Sequence:  r.int(m, "sequence"),
		Deleted:   r.bool(m, "deleted"),
		CreatedBy: MemberID(r.str(m, "createdBy")),
		CreatedAt: r.millis(m, "createdAt"),
		UpdatedBy: MemberID(r.str(m, "updatedBy")),
		UpdatedAt: r.millis(m, "updatedAt"),
		SignUps:   []SignUp{},
	}
	signups := r.mapAt(m, "signups")
	for _, k := range r.keys(signups) {
		u := r.mapAt(signups, k)
		sh.SignUps = append(sh.SignUps, SignUp{Member: MemberID(k), At: r.millis(u, "at"), Via: MemberID(r.str(u, "via"))})
	}
	slices.SortFunc(sh.SignUps, func(a, b SignUp) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(string(a.Member), string(b.Member))
	})
	standins := r.mapAt(m, "standins")
	for _, k := range r.keys(standins) {
		sm := r.mapAt(standins, k)
		si := StandIn{
			Requester: MemberID(k), Note: r.str(sm, "note"), At: r.millis(sm, "at"),
			TakenBy: MemberID(r.str(sm, "takenBy")), TakenAt: r.millis(sm, "takenAt"),
		}
		if si.Open() && !sh.Has(si.Requester) {
			continue // the requester left the shift (on another device, or was removed): nothing to take over
		}
		offers := r.mapAt(sm, "offers")
		for _, o := range r.keys(offers) {
			si.Offers = append(si.Offers, StandInOffer{Member: MemberID(o), At: r.millis(offers, o)})
		}
		slices.SortFunc(si.Offers, func(a, b StandInOffer) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return strings.Compare(string(a.Member), string(b.Member))
		})
		sh.StandIns = append(sh.StandIns, si)
	}
	slices.SortFunc(sh.StandIns, func(a, b StandIn) int { return strings.Compare(string(a.Requester), string(b.Requester)) })
	return sh
}
