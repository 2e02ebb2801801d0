package crdt

import (
	"sort"
	"time"

	"github.com/automerge/automerge-go"
)

// MeetingPhase is where a meeting is in its life, by its signed records.
type MeetingPhase string

// Meeting phases.
const (
	MeetingPlanned MeetingPhase = "planned" // not started
	MeetingStarted MeetingPhase = "started" // the roll call is open
	MeetingClosed  MeetingPhase = "closed"
)

// MeetingView is a meeting as its signed records establish it against the
// co-op's roster: the settings, agenda, roll call, proxies and actions, and
// the records that do not count.
type MeetingView struct {
	Header
	MeetingSettings
	Phase     MeetingPhase    `json:"phase"`
	StartedAt time.Time       `json:"startedAt,omitzero"`
	ClosedAt  time.Time       `json:"closedAt,omitzero"`
	Agenda    []AgendaItem    `json:"agenda"`
	Current   string          `json:"current,omitempty"` // the agenda item the chair is on
	Present   []Presence      `json:"present"`           // by member
	Proxies   []Proxy         `json:"proxies"`           // by holder, then time
	Actions   []ActionItem    `json:"actions"`           // by due date
	Refused   []RefusedRecord `json:"refused"`           // records that do not count, and why
	Minutes   string          `json:"minutes"`
}

// View reads the meeting against roster view v.
func (m *Meeting) View(v *RosterView) (MeetingView, error) {
	var st *meetingState
	err := m.read(func(root *automerge.Map) (err error) {
		st, err = m.readState(root, v)
		return err
	})
	if err != nil {
		return MeetingView{}, err
	}
	return st.view(), nil
}

func (st *meetingState) view() MeetingView {
	mv := MeetingView{
		Header: st.header, MeetingSettings: st.settings, Phase: MeetingPlanned,
		StartedAt: st.startedAt, ClosedAt: st.closedAt, Agenda: st.agenda, Current: st.current,
		Present: st.presentBefore(time.Time{}), Proxies: st.proxies, Actions: st.actions,
		Refused: append([]RefusedRecord{}, st.refused...), Minutes: st.minutes,
	}
	switch {
	case !st.closedAt.IsZero():
		mv.Phase = MeetingClosed
	case !st.startedAt.IsZero():
		mv.Phase = MeetingStarted
	}
	if mv.Proxies == nil {
		mv.Proxies = []Proxy{}
	}
	if _, ok := st.item(mv.Current); !ok {
		mv.Current = "" // a removed item, or a value nobody the app wrote
	}
	sort.SliceStable(mv.Refused, func(i, j int) bool { return mv.Refused[i].At.Before(mv.Refused[j].At) })
	return mv
}

// IsPresent reports whether member is recorded present.
func (mv MeetingView) IsPresent(member MemberID) bool {
	for _, p := range mv.Present {
		if p.Member == member {
			return true
		}
	}
	return false
}

// ProxyHeldFor is the holder of giver's valid proxy ("" when none).
func (mv MeetingView) ProxyHeldFor(giver MemberID) MemberID {
	for _, p := range mv.Proxies {
		if p.Giver == giver && p.Status == ProxyValid {
			return p.Holder
		}
	}
	return ""
}

// ProxiesHeldBy lists the givers whose valid proxies member holds.
func (mv MeetingView) ProxiesHeldBy(member MemberID) []MemberID {
	var out []MemberID
	for _, p := range mv.Proxies {
		if p.Holder == member && p.Status == ProxyValid {
			out = append(out, p.Giver)
		}
	}
	return out
}

// Quorum says how many voting members take part in the meeting: present
// in person or by call, or represented by a proxy whose holder is present
// (and whose giver is not).
type Quorum struct {
	Voters      int `json:"voters"`
	Present     int `json:"present"`     // voting members present
	Represented int `json:"represented"` // absent voting members represented by proxy
}

// Attending is Present + Represented.
func (q Quorum) Attending() int { return q.Present + q.Represented }

// Met reports whether share of the voters attend (products compared, so 2
// of 3 meets 2/3); with no voters only a zero share is met.
func (q Quorum) Met(share float64) bool {
	return float64(q.Attending())+1e-9 >= share*float64(q.Voters) && (q.Voters > 0 || share == 0)
}

// QuorumIn counts the meeting's attendance against roster view v now.
func (mv MeetingView) QuorumIn(v *RosterView) Quorum {
	q := Quorum{Voters: len(v.Voters())}
	present := map[MemberID]bool{}
	for _, p := range mv.Present {
		if p.Voting && isVoter(v, p.Member) {
			present[p.Member] = true
			q.Present++
		}
	}
	for _, p := range mv.Proxies {
		if p.Status == ProxyValid && present[p.Holder] && !present[p.Giver] && isVoter(v, p.Giver) {
			q.Represented++
		}
	}
	return q
}

func isVoter(v *RosterView, id MemberID) bool {
	m, ok := v.Member(id)
	return ok && m.CanVote()
}

func sortPresences(ps []Presence) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Member < ps[j].Member })
}
