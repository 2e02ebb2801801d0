package workspace

import (
	"fmt"
	"sort"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Meeting types, re-exported for front ends.
type (
	MeetingSpec     = crdt.MeetingSpec
	MeetingView     = crdt.MeetingView
	MeetingPhase    = crdt.MeetingPhase
	AgendaSpec      = crdt.AgendaSpec
	AgendaItem      = crdt.AgendaItem
	ActionSpec      = crdt.ActionSpec
	ActionItem      = crdt.ActionItem
	Presence        = crdt.Presence
	Proxy           = crdt.Proxy
	Quorum          = crdt.Quorum
	MeetingCount    = crdt.MeetingCount
	MinutesStatus   = crdt.MinutesStatus
	MinutesApproval = crdt.MinutesApproval
	RefusedRecord   = crdt.RefusedRecord
)

// Meeting constants, re-exported for front ends.
const (
	MeetingPlanned  = crdt.MeetingPlanned
	MeetingStarted  = crdt.MeetingStarted
	MeetingClosed   = crdt.MeetingClosed
	PresentByDevice = crdt.PresentByDevice
	PresentInRoom   = crdt.PresentInRoom
	PresentByCall   = crdt.PresentByCall
	MinutesDraft    = crdt.MinutesDraft
	MinutesApproved = crdt.MinutesApproved
	MinutesAmended  = crdt.MinutesAmended
	ProxyValid      = crdt.ProxyValid

	AgendaText      = crdt.AgendaText
	AgendaProposal  = crdt.AgendaProposal
	AgendaAgreement = crdt.AgendaAgreement
	AgendaAmendment = crdt.AgendaAmendment
	AgendaMinutes   = crdt.AgendaMinutes
	AgendaActions   = crdt.AgendaActions
	AgendaReview    = crdt.AgendaReview
)

// ErrMinutesApproved means approved minutes were edited without amending.
var ErrMinutesApproved = crdt.ErrMinutesApproved

// MeetingInfo is a meeting as a front end shows it: its view, the live
// quorum, the state of its minutes, each decision on its agenda with its
// tally, the open actions of earlier meetings, and the local member's part.
type MeetingInfo struct {
	crdt.MeetingView
	MinutesStatus MinutesStatus    `json:"minutesStatus"`
	Approval      *MinutesApproval `json:"approval,omitempty"`
	Quorum        Quorum           `json:"quorum"`
	Decisions     []Decision       `json:"decisions"`
	EarlierOpen   []ActionItem     `json:"earlierOpenActions"` // not done, from earlier meetings
	AmChair       bool             `json:"amChair"`
	AmPresent     bool             `json:"amPresent"`
	MyProxyHolder MemberID         `json:"myProxyHolder,omitempty"`
	ProxiesIHold  []MemberID       `json:"proxiesIHold,omitempty"`
}

// Decision is a proposal on a meeting's agenda and how it stands.
type Decision struct {
	Item        string        `json:"item"`
	Proposal    string        `json:"proposal"`
	Title       string        `json:"title"`
	DecidedHere bool          `json:"decidedHere"` // the proposal's own record says this meeting decides it
	Tally       TallyResult   `json:"tally"`
	Count       *MeetingCount `json:"count,omitempty"`
	Missing     bool          `json:"missing,omitempty"` // not on this computer (yet)
}

// NewMeeting calls a meeting and returns its ID. Its agenda starts with
// approving the minutes of the last meeting (when they are not approved
// yet), the open actions of earlier meetings, and the proposals whose review
// date has come since.
func (c *Coop) NewMeeting(spec MeetingSpec) (string, error) {
	me, err := c.w.Identity()
	if err != nil {
		return "", err
	}
	v, err := c.Members()
	if err != nil {
		return "", err
	}
	m, err := crdt.NewMeeting(c.id, spec, v, me, c.w.now())
	if err != nil {
		return "", err
	}
	for _, item := range c.openingItems(m.ID(), spec.Start, v) {
		if _, err := m.AddAgendaItem(v, item); err != nil {
			return "", fmt.Errorf("the opening agenda: %w", err)
		}
	}
	if err := c.storeNew(m.Doc); err != nil {
		return "", err
	}
	return m.ID(), nil
}

// openingItems are the agenda items a new meeting starts with.
func (c *Coop) openingItems(self string, start time.Time, v *RosterView) []AgendaSpec {
	var out []AgendaSpec
	prev, prevStart := c.previousMeeting(self, start, v)
	if prev != nil {
		if st, err := prev.MinutesStatusOf(v); err == nil && st != crdt.MinutesApproved {
			out = append(out, AgendaSpec{Title: "Approve the minutes of " + prev.Title(), Kind: AgendaMinutes, Ref: prev.ID()})
		}
	}
	if open, _ := c.openActions(self, v); len(open) > 0 {
		out = append(out, AgendaSpec{Title: "Actions from earlier meetings", Kind: AgendaActions})
	}
	props, _ := c.List(string(crdt.KindProposal))
	for _, d := range props {
		pv, err := c.Proposal(d.ID)
		if err != nil || pv.Outcome == nil || pv.Outcome.ReviewAt.IsZero() {
			continue
		}
		if r := pv.Outcome.ReviewAt; r.After(start) || !r.After(prevStart) {
			continue // not due yet, or due at an earlier meeting
		}
		out = append(out, AgendaSpec{Title: "Review: " + d.Title, Kind: AgendaReview, Ref: d.ID})
	}
	return out
}

// previousMeeting is the latest closed meeting starting before start.
func (c *Coop) previousMeeting(self string, start time.Time, v *RosterView) (*crdt.Meeting, time.Time) {
	var best *crdt.Meeting
	var bestStart time.Time
	for _, m := range c.allMeetings(self) {
		mv, err := m.View(v)
		if err != nil || mv.Phase != MeetingClosed || !mv.Start.Before(start) {
			continue
		}
		if best == nil || mv.Start.After(bestStart) {
			best, bestStart = m, mv.Start
		}
	}
	return best, bestStart
}

// allMeetings opens every meeting but self.
func (c *Coop) allMeetings(self string) []*crdt.Meeting {
	docs, err := c.List(string(crdt.KindMeeting))
	if err != nil {
		return nil
	}
	var out []*crdt.Meeting
	for _, d := range docs {
		if d.ID == self {
			continue
		}
		if m, err := c.meetingDoc(d.ID); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// openActions are the actions not done, of every meeting but self.
func (c *Coop) openActions(self string, v *RosterView) ([]ActionItem, error) {
	var out []ActionItem
	for _, m := range c.allMeetings(self) {
		mv, err := m.View(v)
		if err != nil {
			continue
		}
		for _, a := range mv.Actions {
			if !a.Done {
				out = append(out, a)
			}
		}
	}
	crdt.SortActions(out)
	return out, nil
}

func (c *Coop) meetingDoc(id string) (*crdt.Meeting, error) {
	d, err := c.Doc(id)
	if err != nil {
		return nil, err
	}
	return crdt.AsMeeting(d)
}

// Meeting reads a meeting with everything its screen shows.
func (c *Coop) Meeting(id string) (MeetingInfo, error) {
	m, err := c.meetingDoc(id)
	if err != nil {
		return MeetingInfo{}, err
	}
	v, err := c.Members()
	if err != nil {
		return MeetingInfo{}, err
	}
	j, err := m.JSON(v)
	if err != nil {
		return MeetingInfo{}, err
	}
	me := c.w.Me()
	info := MeetingInfo{
		MeetingView: j.MeetingView, MinutesStatus: j.MinutesStatus, Approval: j.Approval,
		Quorum: j.QuorumIn(v), AmChair: j.Chair == me, AmPresent: j.IsPresent(me),
		MyProxyHolder: j.ProxyHeldFor(me), ProxiesIHold: j.ProxiesHeldBy(me), Decisions: []Decision{},
	}
	for _, it := range j.Agenda {
		if it.Kind != AgendaProposal && it.Kind != AgendaReview {
			continue
		}
		info.Decisions = append(info.Decisions, c.decision(it, id))
	}
	if info.EarlierOpen, err = c.openActions(id, v); err != nil {
		return MeetingInfo{}, err
	}
	return info, nil
}

// decision reads the proposal an agenda item names.
func (c *Coop) decision(it AgendaItem, meeting string) Decision {
	dec := Decision{Item: it.ID, Proposal: it.Ref, Title: it.Title}
	pv, err := c.Proposal(it.Ref)
	if err != nil {
		dec.Missing = true
		return dec
	}
	dec.Title, dec.Tally, dec.Count = pv.Title, pv.Tally, pv.Meeting
	dec.DecidedHere = pv.Meeting != nil && pv.Meeting.Meeting == meeting
	return dec
}

// editMeeting runs fn on a meeting with the current roster view.
func (c *Coop) editMeeting(id string, fn func(m *crdt.Meeting, v *RosterView) error) error {
	v, err := c.Members()
	if err != nil {
		return err
	}
	return c.edit(id, func(d *crdt.Doc) error {
		m, err := crdt.AsMeeting(d)
		if err != nil {
			return err
		}
		return fn(m, v)
	})
}

// RescheduleMeeting changes a meeting's time, place, chair, note-taker or
// proxy limit.
func (c *Coop) RescheduleMeeting(id string, spec MeetingSpec) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.Reschedule(v, spec) })
}

// AddAgendaItem adds an item to a meeting's agenda and returns its ID. An
// item about a proposal takes the proposal's title when none is given; with
// decide, the proposal is also marked as decided at this meeting (which only
// its author or an admin may do).
func (c *Coop) AddAgendaItem(id string, spec AgendaSpec, decide bool) (string, error) {
	if spec.Kind == AgendaProposal || spec.Kind == AgendaReview {
		pid, err := c.Resolve(spec.Ref)
		if err != nil {
			return "", fmt.Errorf("the proposal: %w", err)
		}
		pv, err := c.Proposal(pid)
		if err != nil {
			return "", fmt.Errorf("the proposal: %w", err)
		}
		spec.Ref = pid
		if spec.Title == "" {
			spec.Title = pv.Title
		}
	} else if decide {
		return "", fmt.Errorf("only a proposal can be decided at the meeting: %w", crdt.ErrInvalid)
	}
	if spec.Kind == AgendaAgreement || spec.Kind == AgendaAmendment || spec.Kind == AgendaMinutes {
		ref, err := c.Resolve(spec.Ref)
		if err != nil {
			return "", err
		}
		spec.Ref = ref
		if spec.Title == "" {
			if d, err := c.Doc(ref); err == nil {
				spec.Title = d.Title()
			}
		}
		if spec.Kind == AgendaAmendment {
			if spec.Sub, err = c.ResolveAmendment(ref, spec.Sub); err != nil {
				return "", err
			}
		}
	}
	if decide {
		if err := c.DecideAtMeeting(spec.Ref, id); err != nil {
			return "", err
		}
	}
	var item string
	err := c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) (err error) {
		item, err = m.AddAgendaItem(v, spec)
		return err
	})
	return item, err
}

// DecideAtMeeting marks a proposal as decided at meeting ("" to undo).
func (c *Coop) DecideAtMeeting(proposal, meeting string) error {
	if meeting != "" {
		if _, err := c.meetingDoc(meeting); err != nil {
			return err
		}
	}
	return c.editProposal(proposal, func(p *crdt.Proposal, v *RosterView) error { return p.DecideAtMeeting(v, meeting) })
}

// RemoveAgendaItem takes an item off the agenda.
func (c *Coop) RemoveAgendaItem(id, item string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.RemoveAgendaItem(v, item) })
}

// MoveAgendaItem puts an item at position pos (1 = first).
func (c *Coop) MoveAgendaItem(id, item string, pos int) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.MoveAgendaItem(v, item, pos) })
}

// SetCurrentItem moves the meeting on to an agenda item (the chair only).
func (c *Coop) SetCurrentItem(id, item string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.SetCurrentItem(v, item) })
}

// ResolveAgendaItem turns "3" (its number on the agenda) or an ID prefix
// into an agenda item's ID.
func (c *Coop) ResolveAgendaItem(id, sel string) (string, error) {
	info, err := c.Meeting(id)
	if err != nil {
		return "", err
	}
	var n int
	if _, err := fmt.Sscanf(sel, "%d", &n); err == nil && fmt.Sprint(n) == sel {
		if n < 1 || n > len(info.Agenda) {
			return "", fmt.Errorf("the agenda has %d items, not %d: %w", len(info.Agenda), n, crdt.ErrNotFound)
		}
		return info.Agenda[n-1].ID, nil
	}
	ids := make([]string, len(info.Agenda))
	for i, it := range info.Agenda {
		ids[i] = it.ID
	}
	return pickPrefix("agenda item", sel, ids)
}

// StartMeeting opens the meeting and its roll call (the chair only).
func (c *Coop) StartMeeting(id string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.Start(v) })
}

// ConfirmPresence is this member's "I'm here".
func (c *Coop) ConfirmPresence(id string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.ConfirmPresence(v) })
}

// RecordPresent is the chair recording member present in the room without
// a device (PresentInRoom) or by call (PresentByCall).
func (c *Coop) RecordPresent(id string, member MemberID, how string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.RecordPresence(v, member, how) })
}

// GiveProxy gives this member's vote at the meeting to holder.
func (c *Coop) GiveProxy(id string, holder MemberID) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.GiveProxy(v, holder) })
}

// RevokeProxy withdraws this member's proxy.
func (c *Coop) RevokeProxy(id string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.RevokeProxy(v) })
}

// CloseMeeting closes the meeting (the chair only).
func (c *Coop) CloseMeeting(id string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.Close(v) })
}

// ApproveMinutes approves the minutes as they stand (chair or admin).
func (c *Coop) ApproveMinutes(id string) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.ApproveMinutes(v) })
}

// SetMinutes replaces the minutes (smallest splice); approved minutes only
// with amend.
func (c *Coop) SetMinutes(id, markdown string, amend bool) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.SetMinutes(v, markdown, amend) })
}

// CommitMinutesText saves what a member typed in the minutes editor, merged
// into what others typed meanwhile (see CommitAgreementText). It returns
// the minutes as saved.
func (c *Coop) CommitMinutesText(id, base, mine string, amend bool) (string, error) {
	var saved string
	err := c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error {
		cur, err := m.Minutes()
		if err != nil {
			return err
		}
		saved = MergeText(base, mine, cur)
		return m.SetMinutes(v, saved, amend)
	})
	return saved, err
}

// VoteByProxy casts giver's vote on a proposal decided at a meeting, as
// the holder of giver's proxy. It checks first that the proxy holds and
// that this member is recorded present, so a mistake is an error now
// rather than a refused vote later.
func (c *Coop) VoteByProxy(proposal string, giver MemberID, words []string, reason string) error {
	v, err := c.Members()
	if err != nil {
		return err
	}
	pv, err := c.Proposal(proposal)
	if err != nil {
		return err
	}
	if pv.Meeting == nil {
		return fmt.Errorf("%q is not decided at a meeting, so proxies do not apply: %w", pv.Title, crdt.ErrInvalid)
	}
	info, err := c.Meeting(pv.Meeting.Meeting)
	if err != nil {
		return err
	}
	me := c.w.Me()
	switch {
	case info.ProxyHeldFor(giver) != me:
		return fmt.Errorf("you hold no proxy from %s for this meeting: %w", v.NameOf(giver), crdt.ErrNotAllowed)
	case !info.AmPresent:
		return fmt.Errorf("confirm you are at the meeting first: %w", crdt.ErrInvalid)
	case info.IsPresent(giver):
		return fmt.Errorf("%s is at the meeting and votes themself: %w", v.NameOf(giver), crdt.ErrInvalid)
	}
	return c.editProposal(proposal, func(p *crdt.Proposal, _ *RosterView) error {
		choices, err := ParseChoices(p, words)
		if err != nil {
			return err
		}
		return p.VoteByProxy(giver, info.ID, choices, reason)
	})
}

// AddAction adds an action to a meeting and returns its ID.
func (c *Coop) AddAction(id string, spec ActionSpec) (string, error) {
	var aid string
	err := c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) (err error) {
		aid, err = m.AddAction(v, spec)
		return err
	})
	return aid, err
}

// SetActionDone marks an action of a meeting done (or not).
func (c *Coop) SetActionDone(id, action string, done bool) error {
	return c.editMeeting(id, func(m *crdt.Meeting, v *RosterView) error { return m.SetActionDone(v, action, done) })
}

// Actions lists the actions of every meeting, by due date; mine keeps only
// this member's, open only those not done.
func (c *Coop) Actions(mine, open bool) ([]ActionItem, error) {
	v, err := c.Members()
	if err != nil {
		return nil, err
	}
	me := c.w.Me()
	var out []ActionItem
	for _, m := range c.allMeetings("") {
		mv, err := m.View(v)
		if err != nil {
			continue
		}
		for _, a := range mv.Actions {
			if (mine && a.Who != me) || (open && a.Done) {
				continue
			}
			out = append(out, a)
		}
	}
	crdt.SortActions(out)
	return out, nil
}

// FindAction turns an action ID or a unique prefix of one into the action
// and its meeting.
func (c *Coop) FindAction(sel string) (ActionItem, error) {
	all, err := c.Actions(false, false)
	if err != nil {
		return ActionItem{}, err
	}
	ids := make([]string, len(all))
	for i, a := range all {
		ids[i] = a.ID
	}
	id, err := pickPrefix("action", sel, ids)
	if err != nil {
		return ActionItem{}, err
	}
	for _, a := range all {
		if a.ID == id {
			return a, nil
		}
	}
	return ActionItem{}, fmt.Errorf("action %q: %w", sel, crdt.ErrNotFound)
}

// pickPrefix finds the one ID starting with sel.
func pickPrefix(what, sel string, ids []string) (string, error) {
	var found []string
	for _, id := range ids {
		if id == sel {
			return id, nil
		}
		if len(sel) >= 4 && len(id) > len(sel) && id[:len(sel)] == sel {
			found = append(found, id)
		}
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		return "", fmt.Errorf("no %s %q (give its ID, at least 4 characters): %w", what, sel, crdt.ErrNotFound)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%s %q: %w", what, sel, ErrAmbiguous)
}
