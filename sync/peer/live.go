package peer

import (
	"time"

	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"

	"github.com/mutual-coop/mutual/crdt"
)

// Live session retry bounds: a session that fails while the peer stays
// connected is retried after 1s, doubling up to 30s.
const (
	liveRetryMin = time.Second
	liveRetryMax = 30 * time.Second
)

// watchConnections turns libp2p's connection events into node events, live
// sessions and peer bookkeeping.
func (n *Node) watchConnections(sub event.Subscription) {
	defer sub.Close()
	for {
		select {
		case <-n.ctx.Done():
			return
		case ev, ok := <-sub.Out():
			if !ok {
				return
			}
			switch e := ev.(type) {
			case event.EvtPeerConnectednessChanged:
				n.onConnectedness(e.Peer, e.Connectedness)
			case event.EvtPeerIdentificationCompleted:
				if n.isMemberPeer(e.Peer) {
					n.book.setAddrs(e.Peer, e.ListenAddrs)
				}
			}
		}
	}
}

func (n *Node) onConnectedness(p lpeer.ID, c network.Connectedness) {
	m, err := MemberFromPeer(p)
	if err != nil {
		return
	}
	switch c {
	case network.Connected, network.Limited:
		if !n.isMemberPeer(p) {
			return // a newcomer on the join protocol, not a member yet
		}
		n.emit(Event{Kind: EventPeerConnected, Peer: m, PeerID: p})
		n.resetBackoff(p)
		n.onConnected(p)
		if !n.o.noPEX {
			n.spawn(func() { n.exchangePeers(p) })
		}
	case network.NotConnected:
		n.relayDisconnected(p)
		if n.isMemberPeer(p) {
			n.emit(Event{Kind: EventPeerDisconnected, Peer: m, PeerID: p})
		}
	}
}

// onConnected starts the automatic live sessions with a connected member.
// To avoid two sessions per pair, the side with the smaller member ID opens
// them; the other side serves them. Either side may still open a one-off
// session (SyncOnce).
func (n *Node) onConnected(p lpeer.ID) {
	m, err := MemberFromPeer(p)
	if err != nil || !(n.me < m) {
		return
	}
	n.mu.Lock()
	started := n.started
	n.mu.Unlock()
	if !started {
		return
	}
	for _, c := range n.sharedCoops(m) {
		k := sessionKey{c.id, m}
		if !n.sessions.claimLoop(k) {
			continue
		}
		n.spawn(func() {
			defer n.sessions.releaseLoop(k)
			n.liveLoop(p, m, c)
		})
	}
}

// liveLoop keeps a live session with p about c going while p is connected
// and a member, retrying failed sessions with bounded backoff.
func (n *Node) liveLoop(p lpeer.ID, m crdt.MemberID, c *coop) {
	k := sessionKey{c.id, m}
	wait := liveRetryMin
	// A one-off session (the other side's `sync --once` or join) opens its
	// stream right after connecting: give it the moment to arrive.
	if !n.sleep(liveGrace) {
		return
	}
	for n.ctx.Err() == nil {
		// One session per pair and co-op: a live session started beside a
		// one-off one would send every document again, from the same
		// empty state. Wait for it; the live session then starts from the
		// sync state it left.
		for n.sessions.busy(k) {
			if !n.connected(p) || !n.sleep(liveBusyPoll) {
				return
			}
		}
		if !n.connected(p) || !c.isActive(m) {
			return
		}
		start := time.Now()
		_, err := n.syncWith(n.ctx, p, c, true)
		if n.ctx.Err() != nil {
			return
		}
		if err != nil {
			n.log.Debug("live session ended", "peer", p.ShortString(), "coop", c.id, "err", err)
		}
		if time.Since(start) > liveRetryMax {
			wait = liveRetryMin // it ran a good while: a fresh failure
		}
		select {
		case <-n.ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, liveRetryMax)
	}
}

// Live session pacing around one-off sessions.
const (
	liveGrace    = 300 * time.Millisecond
	liveBusyPoll = 50 * time.Millisecond
)

// sleep waits d unless the node closes first (false).
func (n *Node) sleep(d time.Duration) bool {
	select {
	case <-n.ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// connected reports whether some connection to p is open.
func (n *Node) connected(p lpeer.ID) bool {
	c := n.host.Network().Connectedness(p)
	return c == network.Connected || c == network.Limited
}
