package peer

import (
	"fmt"
	"strings"
	"sync"

	lpeer "github.com/libp2p/go-libp2p/core/peer"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// coop is one co-op served by the node, with a cached view of its roster.
//
// Evaluating a roster verifies a signature per entry, far too slow for the
// connection gater and the per-write guard. The view is therefore cached and
// keyed by the roster document's heads: reading the heads is cheap, and any
// change to the roster (local or synced) changes them, so a stale view is
// never used once the change is in the document.
type coop struct {
	id      string
	replica protocol.Replica

	mu    sync.Mutex
	heads string
	view  *crdt.RosterView

	stopWatch func()
	mdns      interface{ Close() error }
}

// roster is the current membership, or an error while the replica has no
// valid roster (a co-op being joined).
func (c *coop) roster() (*crdt.RosterView, error) {
	d, err := c.replica.Doc(c.id)
	if err != nil {
		return nil, fmt.Errorf("co-op %s roster: %w", c.id, err)
	}
	heads := strings.Join(d.Heads(), ",")
	c.mu.Lock()
	if c.view != nil && c.heads == heads {
		v := c.view
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	// Read the heads before the view: if the roster changes in between, the
	// cached view is newer than its key and the next call recomputes.
	v, err := c.replica.Roster()
	if err != nil {
		return nil, fmt.Errorf("co-op %s roster: %w", c.id, err)
	}
	if v == nil || v.Coop != c.id {
		return nil, fmt.Errorf("co-op %s: replica returned another co-op's roster: %w", c.id, ErrConfig)
	}
	c.mu.Lock()
	c.view, c.heads = v, heads
	c.mu.Unlock()
	return v, nil
}

// isActive reports whether m is an active member of the co-op right now.
func (c *coop) isActive(m crdt.MemberID) bool {
	v, err := c.roster()
	return err == nil && v.IsActive(m)
}

// coop returns the served co-op with that ID, or nil.
func (n *Node) coop(id string) *coop {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.coops[id]
}

// coopList is a snapshot of the served co-ops.
func (n *Node) coopList() []*coop {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]*coop, 0, len(n.coops))
	for _, c := range n.coops {
		out = append(out, c)
	}
	return out
}

// isActive reports whether m is an active member of co-op id.
func (n *Node) isActive(id string, m crdt.MemberID) bool {
	c := n.coop(id)
	return c != nil && c.isActive(m)
}

// sharedCoops lists the co-ops served here in which m is an active member.
func (n *Node) sharedCoops(m crdt.MemberID) []*coop {
	var out []*coop
	for _, c := range n.coopList() {
		if c.isActive(m) {
			out = append(out, c)
		}
	}
	return out
}

// isMemberPeer reports whether p is an active member's device in some co-op
// served here: the test the gater applies to every connection.
func (n *Node) isMemberPeer(p lpeer.ID) bool {
	m, err := MemberFromPeer(p)
	if err != nil || m == n.me {
		return false
	}
	return len(n.sharedCoops(m)) > 0
}

// knownMembers lists the active members (other than this device) of every
// co-op served, each once.
func (n *Node) knownMembers() map[crdt.MemberID][]string {
	out := map[crdt.MemberID][]string{}
	for _, c := range n.coopList() {
		v, err := c.roster()
		if err != nil {
			continue
		}
		for _, m := range v.Members {
			if m.Active() && m.ID != n.me {
				out[m.ID] = append(out[m.ID], c.id)
			}
		}
	}
	return out
}
