package workspace

import (
	"fmt"
	"sort"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Meeting list statuses (docs/SCHEMA.md).
const (
	MeetingStatusPlanned  = "planned"
	MeetingStatusStarted  = "started"
	MeetingStatusClosed   = "closed"
	MeetingStatusApproved = "approved" // closed, minutes approved
	MeetingStatusAmended  = "amended"  // minutes changed since approved
)

// meetingStatus is a meeting's list status; its deadline is its start, so
// lists can sort meetings by date without opening them.
func (c *Coop) meetingStatus(d *crdt.Doc) (string, time.Time) {
	m, err := crdt.AsMeeting(d)
	if err != nil {
		return "", time.Time{}
	}
	v, err := c.Members()
	if err != nil {
		return "", time.Time{}
	}
	mv, err := m.View(v)
	if err != nil {
		return "", time.Time{}
	}
	switch mv.Phase {
	case MeetingPlanned:
		return MeetingStatusPlanned, mv.Start
	case MeetingStarted:
		return MeetingStatusStarted, mv.Start
	}
	switch st, _ := m.MinutesStatusOf(v); st {
	case crdt.MinutesApproved:
		return MeetingStatusApproved, mv.Start
	case crdt.MinutesAmended:
		return MeetingStatusAmended, mv.Start
	}
	return MeetingStatusClosed, mv.Start
}

// honestMeetingRefusals are refused meeting records an honest device can
// write: a click on a copy that had not yet heard of the close or the
// start, or a record by someone since removed.
var honestMeetingRefusals = map[string]bool{
	crdt.RefuseAfterClose: true, crdt.RefuseAfterStart: true, crdt.RefuseRemoved: true, crdt.RefuseNothingToStop: true,
}

// verifyMeeting checks a meeting's records: every presence, proxy and
// approval that does not count is a finding.
func (c *Coop) verifyMeeting(rep *VerifyReport, d DocSummary, name func(MemberID) string) {
	info, err := c.Meeting(d.ID)
	if err != nil {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: d.ID, Title: d.Title, Reason: "cannot be read: " + err.Error()})
		return
	}
	if info.Phase == MeetingClosed {
		rep.Decisions++
	}
	for _, r := range info.Refused {
		who := r.Member
		if who == "" {
			who = r.Signer
		}
		f := VerifyFinding{Doc: d.ID, Title: d.Title, Member: who, Reason: fmt.Sprintf("%s not counted: %s", r.What, r.Reason)}
		if who != "" {
			f.Name = name(who)
		}
		if honestMeetingRefusals[r.Reason] {
			rep.Notes = append(rep.Notes, f)
		} else {
			rep.Problems = append(rep.Problems, f)
		}
	}
}

// Attention is something waiting for this member: a roll call to answer,
// an action of theirs.
type Attention struct {
	Kind    string    `json:"kind"` // AttentionPresence or AttentionAction
	Doc     string    `json:"doc"`  // the meeting
	Title   string    `json:"title"`
	Action  string    `json:"action,omitempty"`
	Due     time.Time `json:"due,omitzero"`
	Overdue bool      `json:"overdue,omitempty"`
}

// Attention kinds.
const (
	AttentionPresence = "presence" // a meeting's roll call is open and you have not confirmed
	AttentionAction   = "action"   // an action of yours is not done
)

// NeedsAttention lists the roll calls waiting for this member's "I'm here"
// and their actions not done (overdue first).
func (c *Coop) NeedsAttention() ([]Attention, error) {
	v, err := c.Members()
	if err != nil {
		return nil, err
	}
	me := c.w.Me()
	if !v.IsActive(me) {
		return nil, nil
	}
	docs, err := c.List(string(crdt.KindMeeting))
	if err != nil {
		return nil, err
	}
	var out, acts []Attention
	now := c.w.now()
	for _, d := range docs {
		m, err := c.meetingDoc(d.ID)
		if err != nil {
			continue
		}
		mv, err := m.View(v)
		if err != nil {
			continue
		}
		if mv.Phase == MeetingStarted && !mv.IsPresent(me) {
			out = append(out, Attention{Kind: AttentionPresence, Doc: d.ID, Title: mv.Title})
		}
		for _, a := range mv.Actions {
			if a.Who == me && !a.Done {
				acts = append(acts, Attention{Kind: AttentionAction, Doc: d.ID, Title: a.What, Action: a.ID, Due: a.Due, Overdue: a.Overdue(now)})
			}
		}
	}
	sortAttention(acts)
	return append(out, acts...), nil
}

func sortAttention(as []Attention) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		return a.Due.Before(b.Due)
	})
}
