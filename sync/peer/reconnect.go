package peer

import (
	"context"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
)

// Redial limits: a dial attempt's time, and how many run at once.
const (
	dialTimeout     = 15 * time.Second
	maxParallelDial = 4
	minBackoff      = time.Second
)

// backoff is one peer's redial schedule.
type backoff struct {
	next time.Time
	wait time.Duration
}

// reconnectLoop redials known members that are not connected: at every
// ReconnectInterval (or when peer exchange brought new addresses), each peer
// whose backoff has passed is dialled at its remembered addresses and through
// the configured relays. Failures double the peer's backoff up to MaxBackoff.
func (n *Node) reconnectLoop() {
	t := time.NewTicker(n.o.ReconnectInterval)
	defer t.Stop()
	sem := make(chan struct{}, maxParallelDial)
	for {
		n.redialPass(sem)
		select {
		case <-n.ctx.Done():
			return
		case <-t.C:
		case <-n.kick:
		}
	}
}

// kickReconnect asks for a redial pass soon, without blocking.
func (n *Node) kickReconnect() {
	select {
	case n.kick <- struct{}{}:
	default:
	}
}

func (n *Node) redialPass(sem chan struct{}) {
	now := time.Now()
	for m := range n.knownMembers() {
		p, err := PeerFromMember(m)
		if err != nil || n.connected(p) {
			continue
		}
		addrs := n.dialAddrs(p, true)
		if len(addrs) == 0 {
			continue // never seen: mDNS or peer exchange may find it
		}
		select {
		case sem <- struct{}{}:
		default:
			return // enough dials in flight; the next pass continues
		}
		if !n.dueForDial(p, now) {
			<-sem
			continue
		}
		n.spawn(func() {
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(n.ctx, dialTimeout)
			defer cancel()
			err := n.host.Connect(network.WithAllowLimitedConn(ctx, "mutual redial"), lpeer.AddrInfo{ID: p, Addrs: addrs})
			if err != nil {
				n.dialFailed(p)
				n.log.Debug("redial failed", "peer", p.ShortString(), "err", err)
			}
		})
	}
}

// dueForDial reports whether p's backoff has passed, and if so books the
// attempt (the next one waits at least the current backoff).
func (n *Node) dueForDial(p lpeer.ID, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	b := n.redial[p]
	if b == nil {
		b = &backoff{wait: minBackoff}
		n.redial[p] = b
	}
	if now.Before(b.next) {
		return false
	}
	b.next = now.Add(b.wait)
	return true
}

// dialFailed doubles p's backoff.
func (n *Node) dialFailed(p lpeer.ID) {
	n.mu.Lock()
	defer n.mu.Unlock()
	b := n.redial[p]
	if b == nil {
		return
	}
	b.wait = min(2*b.wait, n.o.MaxBackoff)
	b.next = time.Now().Add(b.wait)
}

// resetBackoff forgets p's failures once it is connected.
func (n *Node) resetBackoff(p lpeer.ID) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.redial, p)
}
