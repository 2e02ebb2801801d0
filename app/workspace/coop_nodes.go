package workspace

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

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

// NodeAddress turns what an admin types for an always-on node's address —
// "coop.example.org:4001", "203.0.113.5:4001", "[2001:db8::5]:4001" or a
// multiaddr — into the multiaddr to register (TCP).
func NodeAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "/") {
		return s, nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return "", fmt.Errorf("%q is not an address with a port, such as coop.example.org:4001: %w", s, crdt.ErrInvalid)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("%q: the port must be a number from 1 to 65535: %w", s, crdt.ErrInvalid)
	}
	switch ip := net.ParseIP(host); {
	case ip == nil:
		return "/dns/" + host + "/tcp/" + port, nil
	case ip.To4() != nil:
		return "/ip4/" + host + "/tcp/" + port, nil
	default:
		return "/ip6/" + host + "/tcp/" + port, nil
	}
}

// CoopSettings are the co-op-wide settings admins decide.
type CoopSettings = crdt.CoopSettings

// Settings are the co-op's settings (from admin-signed records only).
func (c *Coop) Settings() (CoopSettings, error) {
	r, err := c.Roster()
	if err != nil {
		return crdt.DefaultCoopSettings, err
	}
	return r.Settings()
}

// SetInternetDiscovery turns finding members over the internet on or off
// for every member's device (admins only).
func (c *Coop) SetInternetDiscovery(on bool) error {
	return c.rosterEdit(func(r *crdt.Roster) error {
		s, err := r.Settings()
		if err != nil {
			return err
		}
		s.InternetDiscovery = on
		return r.SetSettings(s)
	})
}
