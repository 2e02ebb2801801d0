package workspace

import (
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/storage"
)

// statusOf is the list status and deadline of a document, kept in the
// metadata index so lists and filters never load documents.
func (c *Coop) statusOf(d *crdt.Doc) (string, time.Time) {
	switch d.Kind() {
	case crdt.KindRoster:
		return "active", time.Time{}
	case crdt.KindProposal:
		p, err := crdt.AsProposal(d)
		if err != nil {
			return "", time.Time{}
		}
		// With the roster, an admin's signed close of another member's
		// proposal counts here as it does in the tally.
		v, _ := c.Members()
		st, err := p.SettingsIn(v)
		if err != nil {
			return "", time.Time{}
		}
		return string(st.StatusAt(c.w.now())), st.Deadline()
	case crdt.KindSchedule:
		s, err := crdt.AsSchedule(d)
		if err != nil {
			return "", time.Time{}
		}
		if cs, err := s.Conflicts(); err == nil && len(cs) > 0 {
			return "conflicts", time.Time{}
		}
		return "ok", time.Time{}
	case crdt.KindMeeting:
		return c.meetingStatus(d)
	case crdt.KindAgreement:
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return "", time.Time{}
		}
		st, _, err := c.AgreementStatusOf(a)
		if err != nil {
			return "", time.Time{}
		}
		return string(st), time.Time{}
	}
	return "", time.Time{}
}

// liveStatus corrects a stored status that time has overtaken: an open
// proposal whose deadline passed is closed, without anyone editing it.
func liveStatus(m storage.DocMeta, now time.Time) string {
	if m.Kind == string(crdt.KindProposal) && m.Status == "open" && !m.Deadline.IsZero() && !now.Before(m.Deadline) {
		return "closed"
	}
	return m.Status
}
