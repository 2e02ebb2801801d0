package peer

import (
	"fmt"
	"slices"
	"time"

	ma "github.com/multiformats/go-multiaddr"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/invite"
)

// Invite is the content of an invite code.
type Invite = invite.Invite

// maxInviteAddrs keeps codes (and their QR codes) small.
const maxInviteAddrs = 8

// ParseInvite reads an invite code. It checks the format, not the expiry or
// whether the invite is still open (only the inviter knows that).
func ParseInvite(code string) (Invite, error) { return invite.Parse(code) }

// CreateInvite makes a single-use invite into co-op coopID, valid for ttl
// (invite.DefaultTTL if zero), and returns its code.
//
// Only an active admin can invite: the inviter's device signs the roster
// entry that admits the newcomer when they join, and the roster accepts
// entries signed by admins only. (A member who is not an admin asks an admin
// for a code.) The node must be started for the newcomer to reach it, and
// stay reachable until they join.
func (n *Node) CreateInvite(coopID string, ttl time.Duration) (string, error) {
	if ttl == 0 {
		ttl = invite.DefaultTTL
	}
	c := n.coop(coopID)
	if c == nil {
		return "", fmt.Errorf("co-op %s: %w", coopID, ErrUnknownCoop)
	}
	v, err := c.roster()
	if err != nil {
		return "", err
	}
	if m, ok := v.Member(n.me); !ok || !m.Active() || m.Role != crdt.RoleAdmin {
		return "", ErrNotAdmin
	}
	addrs := inviteAddrs(append(n.ownAddrs(), n.relayCircuits()...))
	if len(addrs) == 0 {
		return "", fmt.Errorf("the node has no address to put in the invite: %w", ErrConfig)
	}
	now := n.o.Now()
	inv, err := invite.New(coopID, v.Name, n.host.ID(), addrs, ttl, now)
	if err != nil {
		return "", err
	}
	code, err := inv.Encode()
	if err != nil {
		return "", err
	}
	if err := n.invites.add(inv, now); err != nil {
		return "", err
	}
	n.log.Info("invite created", "coop", coopID, "invite", inv.ID(), "expires", inv.Expires)
	return code, nil
}

// relayCircuits are this node's addresses through each of the co-op's
// always-on nodes, whether or not the reservation is confirmed yet: the
// newcomer may use the code hours later, when it is.
func (n *Node) relayCircuits() []ma.Multiaddr {
	var out []ma.Multiaddr
	for _, r := range n.relayList() {
		for _, a := range r.Addrs {
			if c := circuitAddr(a, r.ID); c != nil {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// inviteAddrs picks the addresses worth putting in a code (see rankAddrs),
// keeping room for up to two circuits through the co-op's always-on nodes:
// an inviter behind NAT is reachable to a newcomer only through one.
func inviteAddrs(all []ma.Multiaddr) []ma.Multiaddr {
	ranked := rankAddrs(all)
	var direct, circuits []ma.Multiaddr
	for i, a := range ranked {
		if slices.ContainsFunc(ranked[:i], a.Equal) {
			continue
		}
		if isCircuit(a) {
			circuits = append(circuits, a)
		} else {
			direct = append(direct, a)
		}
	}
	circuits = circuits[:min(len(circuits), 2)]
	direct = direct[:min(len(direct), maxInviteAddrs-len(circuits))]
	return rankAddrs(append(direct, circuits...))
}

// Invites lists the co-op's invites, newest first.
func (n *Node) Invites(coopID string) ([]InviteInfo, error) {
	if n.coop(coopID) == nil {
		return nil, fmt.Errorf("co-op %s: %w", coopID, ErrUnknownCoop)
	}
	return n.invites.list(coopID)
}

// RevokeInvite makes an open invite unusable. Connections admitted only
// because of it are closed by the next membership refresh.
func (n *Node) RevokeInvite(id string) error {
	var coops []string
	for _, c := range n.coopList() {
		coops = append(coops, c.id)
	}
	if err := n.invites.revoke(coops, id, n.o.Now()); err != nil {
		return err
	}
	n.requestRefresh()
	return nil
}
