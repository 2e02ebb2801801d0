package workspace

import (
	"github.com/mutual-coop/mutual/crdt"
)

// FindMember resolves a member ID, a display name, or a unique ID prefix.
func (c *Coop) FindMember(sel string) (MemberID, error) {
	v, err := c.Members()
	if err != nil {
		return "", err
	}
	m, err := pick(v.Members, sel, "member", func(m crdt.Member) string { return string(m.ID) },
		func(m crdt.Member) []string { return []string{m.Name} })
	return m.ID, err
}

func (c *Coop) rosterEdit(fn func(r *crdt.Roster) error) error {
	return c.edit(c.id, func(d *crdt.Doc) error {
		r, err := crdt.AsRoster(d)
		if err != nil {
			return err
		}
		return fn(r)
	})
}

// AddMember admits a member by ID (admins only).
func (c *Coop) AddMember(id MemberID, name, role string) error {
	ro, err := crdt.ParseRole(role)
	if err != nil {
		return err
	}
	return c.rosterEdit(func(r *crdt.Roster) error { return r.AddMember(id, name, ro) })
}

// RemoveMember removes a member (admins only).
func (c *Coop) RemoveMember(id MemberID) error {
	return c.rosterEdit(func(r *crdt.Roster) error { return r.RemoveMember(id) })
}

// SetRole changes a member's role (admins only).
func (c *Coop) SetRole(id MemberID, role string) error {
	ro, err := crdt.ParseRole(role)
	if err != nil {
		return err
	}
	return c.rosterEdit(func(r *crdt.Roster) error { return r.SetRole(id, ro) })
}

// RenameMember changes a display name (yourself, or anyone as an admin).
func (c *Coop) RenameMember(id MemberID, name string) error {
	return c.rosterEdit(func(r *crdt.Roster) error { return r.Rename(id, name) })
}

// MyRole is this member's role, "" when not an active member.
func (c *Coop) MyRole() Role {
	v, err := c.Members()
	if err != nil {
		return ""
	}
	m, ok := v.Member(c.w.Me())
	if !ok || !m.Active() {
		return ""
	}
	return m.Role
}
