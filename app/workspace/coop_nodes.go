package workspace

import "github.com/mutual-coop/mutual/crdt"

// CoopNode is one of the co-op's registered always-on nodes.
type CoopNode = crdt.CoopNode

// Nodes are the co-op's registered always-on nodes (from admin-signed roster
// records only), with their device still an active member.
func (c *Coop) Nodes() ([]CoopNode, error) {
	r, err := c.Roster()
	if err != nil {
		return nil, err
	}
	return r.Nodes()
}

// RegisterNode registers member's always-on node at addrs, multiaddrs
// without /p2p/ (admins only; the device must be a member already).
func (c *Coop) RegisterNode(member MemberID, addrs []string) error {
	return c.rosterEdit(func(r *crdt.Roster) error { return r.RegisterNode(member, addrs) })
}

// UnregisterNode stops using member's always-on node (admins only).
func (c *Coop) UnregisterNode(member MemberID) error {
	return c.rosterEdit(func(r *crdt.Roster) error { return r.UnregisterNode(member) })
}
