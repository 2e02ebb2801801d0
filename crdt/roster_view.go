package crdt

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Member is a member's state as the roster's valid entries establish it.
type Member struct {
	ID        MemberID  `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Status    Status    `json:"status"`
	AddedAt   time.Time `json:"addedAt"`
	AddedBy   MemberID  `json:"addedBy"`
	RemovedAt time.Time `json:"removedAt,omitzero"`
	RemovedBy MemberID  `json:"removedBy,omitempty"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Active reports whether the member currently belongs to the co-op.
func (m Member) Active() bool { return m.Status == StatusActive }

// CanVote reports whether the member's stances count.
func (m Member) CanVote() bool { return m.Active() && m.Role.CanVote() }

// RejectedEntry is a roster entry the rules refused, with the reason: the app
// shows these so a forged or unauthorised change is visible, not silent.
type RejectedEntry struct {
	Entry  RosterEntry `json:"entry"`
	Reason string      `json:"reason"`
}

// RosterView is the membership established by the roster's valid entries.
type RosterView struct {
	Coop     string          `json:"coop"`
	Name     string          `json:"name"`
	Founder  MemberID        `json:"founder"`
	Members  []Member        `json:"members"`
	Rejected []RejectedEntry `json:"rejected,omitempty"`
	byID     map[MemberID]int
	applied  []RosterEntry // the entries that counted, in replay order
}

// wasAdminAt reports whether id was an active admin at t by the entries
// that counted up to then (nil view: nobody was).
func (v *RosterView) wasAdminAt(id MemberID, t time.Time) bool {
	if v == nil {
		return false
	}
	admin := false
	for _, e := range v.applied {
		if e.At.After(t) {
			break
		}
		if e.Member == id {
			admin = e.Role == RoleAdmin && e.Status == StatusActive
		}
	}
	return admin
}

// Member looks a member up (removed members included).
func (v *RosterView) Member(id MemberID) (Member, bool) {
	if v == nil {
		return Member{}, false
	}
	i, ok := v.byID[id]
	if !ok {
		return Member{}, false
	}
	return v.Members[i], true
}

// IsActive reports whether id is a current member.
func (v *RosterView) IsActive(id MemberID) bool {
	m, ok := v.Member(id)
	return ok && m.Active()
}

// Voters lists the members whose stances count, sorted by ID.
func (v *RosterView) Voters() []MemberID {
	var out []MemberID
	for _, m := range v.Members {
		if m.CanVote() {
			out = append(out, m.ID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Admins lists the active admins.
func (v *RosterView) Admins() []MemberID {
	var out []MemberID
	for _, m := range v.Members {
		if m.Active() && m.Role == RoleAdmin {
			out = append(out, m.ID)
		}
	}
	return out
}

// NameOf is a member's display name, or a short ID for someone unknown.
func (v *RosterView) NameOf(id MemberID) string {
	if m, ok := v.Member(id); ok {
		return m.Name
	}
	return "unknown " + id.Short()
}

// View evaluates the roster: entries are replayed in time order and each is
// kept only if its signature verifies and its signer was an active admin at
// that point (or it is the founder's genesis entry, or a member renaming
// themself). Refused entries are reported, never silently dropped.
func (r *Roster) View() (*RosterView, error) {
	var (
		founder, nonce string
		entries        []RosterEntry
	)
	err := r.read(func(root *automerge.Map) error {
		var rd reader
		founder, nonce = rd.str(root, "founder"), rd.str(root, "nonce")
		if rd.err != nil {
			return rd.err
		}
		var err error
		entries, err = readEntries(root)
		return err
	})
	if err != nil {
		return nil, err
	}
	v := evaluateRoster(r.ID(), MemberID(founder), nonce, entries)
	v.Name = r.Title()
	return v, nil
}

func evaluateRoster(coop string, founder MemberID, nonce string, entries []RosterEntry) *RosterView {
	v := &RosterView{Coop: coop, Founder: founder, byID: map[MemberID]int{}}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		return bytes.Compare(a.Sig, b.Sig) < 0
	})
	founderOK := CoopID(founder, nonce) == coop
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[string(e.Sig)] {
			continue // the same entry appended twice by a merge
		}
		seen[string(e.Sig)] = true
		if reason := v.refuse(coop, founder, founderOK, e); reason != "" {
			v.Rejected = append(v.Rejected, RejectedEntry{Entry: e, Reason: reason})
			continue
		}
		v.apply(e)
	}
	return v
}

// refuse returns why e is not valid given the state so far, or "".
func (v *RosterView) refuse(coop string, founder MemberID, founderOK bool, e RosterEntry) string {
	if _, err := ParseRole(string(e.Role)); err != nil {
		return "unknown role " + string(e.Role)
	}
	if e.Status != StatusActive && e.Status != StatusRemoved {
		return "unknown status " + string(e.Status)
	}
	if strings.TrimSpace(e.Name) == "" || e.At.IsZero() {
		return "entry has no name or time"
	}
	if !e.By.Verify(e.signedBytes(coop), e.Sig) {
		return "signature does not verify"
	}
	if len(v.Admins()) == 0 && len(v.Members) == 0 {
		switch {
		case !founderOK:
			return "the roster's founder does not match the co-op ID"
		case e.Member != founder || e.By != founder || e.Role != RoleAdmin || e.Status != StatusActive:
			return "entry precedes the founder's"
		}
		return ""
	}
	cur, known := v.Member(e.Member)
	signer, _ := v.Member(e.By)
	selfRename := known && e.By == e.Member && cur.Active() && e.Role == cur.Role && e.Status == cur.Status
	if !selfRename && !(signer.Active() && signer.Role == RoleAdmin) {
		return "signed by " + v.NameOf(e.By) + ", who was not an admin at the time"
	}
	if cur.Active() && cur.Role == RoleAdmin && (e.Role != RoleAdmin || e.Status != StatusActive) && len(v.Admins()) == 1 {
		return "it would leave the co-op without an admin"
	}
	return ""
}

func (v *RosterView) apply(e RosterEntry) {
	v.applied = append(v.applied, e)
	i, known := v.byID[e.Member]
	if !known {
		v.byID[e.Member] = len(v.Members)
		v.Members = append(v.Members, Member{ID: e.Member, AddedAt: e.At, AddedBy: e.By})
		i = len(v.Members) - 1
	}
	m := &v.Members[i]
	if m.Status == StatusRemoved && e.Status == StatusActive { // re-admitted
		m.AddedAt, m.AddedBy, m.RemovedAt, m.RemovedBy = e.At, e.By, time.Time{}, ""
	}
	if e.Status == StatusRemoved && m.Status != StatusRemoved {
		m.RemovedAt, m.RemovedBy = e.At, e.By
	}
	m.Name, m.Role, m.Status, m.UpdatedAt = e.Name, e.Role, e.Status, e.At
}

// String is for debugging.
func (m Member) String() string {
	return fmt.Sprintf("%s (%s, %s, %s)", m.Name, m.ID.Short(), m.Role, m.Status)
}
