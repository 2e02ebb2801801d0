package crdt

import (
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// AddMember admits a new member (admins only).
func (r *Roster) AddMember(id MemberID, name string, role Role) error {
	if _, err := id.PublicKey(); err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	if v.IsActive(id) {
		return fmt.Errorf("%s is already a member: %w", v.NameOf(id), ErrInvalid)
	}
	return r.sign("add "+strings.TrimSpace(name), v, RosterEntry{Member: id, Name: name, Role: role, Status: StatusActive})
}

// RemoveMember removes a member (admins only). Their past stances and edits
// stay in history; the tally stops counting them.
func (r *Roster) RemoveMember(id MemberID) error {
	v, err := r.View()
	if err != nil {
		return err
	}
	m, ok := v.Member(id)
	if !ok || !m.Active() {
		return fmt.Errorf("member %s: %w", id.Short(), ErrNotFound)
	}
	return r.sign("remove "+m.Name, v, RosterEntry{Member: id, Name: m.Name, Role: m.Role, Status: StatusRemoved})
}

// SetRole changes a member's role (admins only).
func (r *Roster) SetRole(id MemberID, role Role) error {
	v, err := r.View()
	if err != nil {
		return err
	}
	m, ok := v.Member(id)
	if !ok || !m.Active() {
		return fmt.Errorf("member %s: %w", id.Short(), ErrNotFound)
	}
	return r.sign("make "+m.Name+" "+string(role), v, RosterEntry{Member: id, Name: m.Name, Role: role, Status: StatusActive})
}

// Rename changes the display name of the signing member (anyone, for
// themself) or of another member (admins).
func (r *Roster) Rename(id MemberID, name string) error {
	v, err := r.View()
	if err != nil {
		return err
	}
	m, ok := v.Member(id)
	if !ok || !m.Active() {
		return fmt.Errorf("member %s: %w", id.Short(), ErrNotFound)
	}
	return r.sign("rename "+m.Name+" to "+name, v, RosterEntry{Member: id, Name: name, Role: m.Role, Status: StatusActive})
}

// sign completes, checks (against the same rules View applies) and appends e.
func (r *Roster) sign(msg string, v *RosterView, e RosterEntry) error {
	me := r.Me()
	if me == nil {
		return ErrReadOnly
	}
	e.Name = strings.TrimSpace(e.Name)
	if _, err := ParseRole(string(e.Role)); err != nil {
		return err
	}
	e.By = me.Member()
	e.At = r.Now().UTC().Truncate(time.Millisecond)
	// Entries are replayed in time order: a new one must come after every
	// entry it was signed on top of (the founder's own, made in the same
	// millisecond, included), whatever the clocks say.
	for _, prev := range v.applied {
		if !e.At.After(prev.At) {
			e.At = prev.At.Add(time.Millisecond)
		}
	}
	e.Sig = me.Sign(e.signedBytes(r.ID()))
	if reason := v.refuse(r.ID(), v.Founder, true, e); reason != "" {
		if strings.HasPrefix(reason, "signed by") {
			return fmt.Errorf("only admins may change the roster: %w", ErrNotAllowed)
		}
		return fmt.Errorf("%s: %w", reason, ErrInvalid)
	}
	return r.change(msg, func(root *automerge.Map) error { return appendEntry(root, e) })
}
