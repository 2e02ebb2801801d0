package crdt

import (
	"time"
)

// The signed records a meeting holds, by type. Each is an envelope (see
// record.go) about the meeting, signed by the member it names; times in
// bodies are milliseconds since the epoch, like every time in a document.
const (
	recMeetingSettings = "meeting-settings"     // by its organiser or an admin: time, place, chair…
	recRollCall        = "meeting-rollcall"     // by the chair: the roll call opens, with a fresh challenge
	recMeetingClose    = "meeting-close"        // by the chair: the meeting closes
	recPresence        = "meeting-presence"     // by the member ("I'm here") or the chair (recorded)
	recProxy           = "meeting-proxy"        // by the giver: my vote at this meeting goes to holder
	recProxyRevoke     = "meeting-proxy-revoke" // by the giver, before the meeting starts
	recAgendaItem      = "meeting-agenda"       // an agenda item, added or changed
	recAction          = "meeting-action"       // an action item, added or changed (done)
	recMinutesApproval = "meeting-approval"     // by the chair or an admin: the minutes as approved
)

// meetingRecordWords name each record for people ("Bob's copy removed
// Carol's presence…").
var meetingRecordWords = map[string]string{
	recMeetingSettings: "meeting settings", recRollCall: "roll call", recMeetingClose: "meeting close",
	recPresence: "presence", recProxy: "proxy", recProxyRevoke: "proxy withdrawal",
	recAgendaItem: "agenda item", recAction: "action", recMinutesApproval: "minutes approval",
	recDecideAtMeeting: "meeting that decides the proposal", recProxyStance: "vote by proxy",
}

type settingsRec struct {
	Start      int64    `json:"start"`
	End        int64    `json:"end,omitempty"`
	Place      string   `json:"place,omitempty"`
	Chair      MemberID `json:"chair"`
	NoteTaker  MemberID `json:"noteTaker,omitempty"`
	MaxProxies int      `json:"maxProxies"`
}

func settingsRecordOf(s MeetingSettings) settingsRec {
	r := settingsRec{Start: s.Start.UnixMilli(), Place: s.Place, Chair: s.Chair, NoteTaker: s.NoteTaker, MaxProxies: s.MaxProxies}
	if !s.End.IsZero() {
		r.End = s.End.UnixMilli()
	}
	return r
}

func (r settingsRec) settings() MeetingSettings {
	s := MeetingSettings{Start: msTime(r.Start), Place: r.Place, Chair: r.Chair, NoteTaker: r.NoteTaker, MaxProxies: r.MaxProxies}
	if r.End != 0 {
		s.End = msTime(r.End)
	}
	return s
}

type rollCallRec struct {
	Challenge string `json:"challenge"`
}

type closeRec struct{}

// How a member's presence was recorded.
const (
	PresentByDevice = "device" // the member's own device signed it
	PresentInRoom   = "room"   // the chair recorded a member without a laptop
	PresentByCall   = "call"   // the chair recorded a member who joined by call
)

type presenceRec struct {
	Member    MemberID `json:"member"`
	Challenge string   `json:"challenge"`
	How       string   `json:"how"`
}

type proxyRec struct {
	Holder MemberID `json:"holder"`
}

type revokeRec struct{}

// Agenda item kinds: what an item is about.
const (
	AgendaText      = "text"      // free text
	AgendaProposal  = "proposal"  // a proposal to discuss or decide (Ref)
	AgendaAgreement = "agreement" // an agreement (Ref)
	AgendaAmendment = "amendment" // an amendment (Sub) to agreement Ref
	AgendaMinutes   = "minutes"   // approve the minutes of meeting Ref
	AgendaActions   = "actions"   // review the open actions
	AgendaReview    = "review"    // a proposal (Ref) whose review date has come
)

var agendaKinds = map[string]bool{
	AgendaText: true, AgendaProposal: true, AgendaAgreement: true, AgendaAmendment: true,
	AgendaMinutes: true, AgendaActions: true, AgendaReview: true,
}

type agendaRec struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Kind    string  `json:"kind"`
	Ref     string  `json:"ref,omitempty"`
	Sub     string  `json:"sub,omitempty"`
	Order   float64 `json:"order"`
	Removed bool    `json:"removed,omitempty"`
}

type actionRec struct {
	ID   string   `json:"id"`
	What string   `json:"what"`
	Who  MemberID `json:"who"`
	Due  int64    `json:"due,omitempty"`
	Item string   `json:"item,omitempty"`
	Done bool     `json:"done,omitempty"`
}

type approvalRec struct {
	Heads  []string `json:"heads"`
	SHA256 string   `json:"sha256"`
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
