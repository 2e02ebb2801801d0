package peer

import (
	"time"

	"github.com/libp2p/go-libp2p/core/network"
)

// maintainInterval is how often membership is re-applied to open
// connections and sessions even without a change notification (the
// replica's change feed may drop notifications under load).
const maintainInterval = time.Second

// joinGrace is how long a non-member may stay connected while an invite is
// open: long enough to run the join protocol, short enough that idle
// strangers do not hold connections.
const joinGrace = 30 * time.Second

// watchRoster asks for a membership refresh whenever the co-op's roster
// document changes here, whether edited locally or received from a peer.
func (n *Node) watchRoster(c *coop) {
	changes, cancel := c.replica.Subscribe()
	c.mu.Lock()
	c.stopWatch = cancel
	c.mu.Unlock()
	n.spawn(func() {
		for {
			select {
			case <-n.ctx.Done():
				return
			case id, ok := <-changes:
				if !ok {
					return
				}
				if id == c.id {
					n.requestRefresh()
				}
			}
		}
	})
}

// requestRefresh schedules a membership refresh without blocking.
func (n *Node) requestRefresh() {
	select {
	case n.refresh <- struct{}{}:
	default:
	}
}

// maintain applies membership changes: it runs on every roster change and
// every maintainInterval.
func (n *Node) maintain() {
	t := time.NewTicker(maintainInterval)
	defer t.Stop()
	for {
		select {
		case <-n.ctx.Done():
			return
		case <-t.C:
		case <-n.refresh:
		}
		n.refreshMembership()
	}
}

// refreshMembership ends what the current rosters no longer allow — sessions
// with removed members, connections of peers who are members of nothing
// served here — and starts live sessions for members added while connected.
func (n *Node) refreshMembership() {
	if n.ctx.Err() != nil {
		return
	}
	if k := n.sessions.cancelIf(func(k sessionKey) bool { return !n.isActive(k.coop, k.peer) }); k > 0 {
		n.log.Info("ended sessions with peers no longer members", "sessions", k)
	}
	now := time.Now()
	inviteOpen := n.invites.anyOpen(n.o.Now())
	for _, conn := range n.host.Network().Conns() {
		p := conn.RemotePeer()
		if n.isMemberPeer(p) {
			n.onConnected(p)
			continue
		}
		if n.isJoinTarget(p) {
			continue
		}
		if n.o.Internet && conn.Stat().Direction == network.DirOutbound {
			continue // a DHT server or public relay this node dialled
		}
		young := now.Sub(conn.Stat().Opened) < joinGrace
		if conn.Stat().Direction == network.DirInbound && (inviteOpen || n.o.ServeRelay) && young {
			continue
		}
		n.log.Info("closing connection to a peer that is not a member", "peer", p.ShortString())
		_ = conn.Close()
	}
}
