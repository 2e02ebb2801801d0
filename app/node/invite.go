package node

import (
	"context"
	"fmt"
	"time"

	"github.com/mutual-coop/mutual/sync/peer"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// DefaultInviteTTL is how long an invite stays usable unless told otherwise.
const DefaultInviteTTL = 7 * 24 * time.Hour

// Invite creates a single-use invite code for the co-op.
func (n *Node) Invite(coop string, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = DefaultInviteTTL
	}
	c, err := n.ws.Coop(coop)
	if err != nil {
		return "", err
	}
	return n.p.CreateInvite(c.ID(), ttl)
}

// Join joins the co-op an invite code names: it registers the co-op, proves
// the code to the inviter, and syncs everything.
func (n *Node) Join(ctx context.Context, code, name string) (string, error) {
	inv, err := peer.ParseInvite(code)
	if err != nil {
		return "", err
	}
	if n.ws.HasCoop(inv.Coop) {
		return "", fmt.Errorf("this data directory already belongs to co-op %s", inv.Coop)
	}
	if _, err := n.ws.EnsureIdentity(name); err != nil {
		return "", err
	}
	coopID, err := n.p.Join(ctx, code, name, func(id string) (protocol.Replica, error) {
		c, err := n.ws.AddJoinedCoop(id, inv.CoopName)
		if err != nil {
			return nil, err
		}
		r := c.Replica()
		n.mu.Lock()
		n.attached[id] = r
		n.mu.Unlock()
		return r, nil
	})
	n.flush()
	return coopID, err
}
