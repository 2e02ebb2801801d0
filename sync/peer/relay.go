package peer

import (
	"context"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
	ma "github.com/multiformats/go-multiaddr"
)

// relayTag protects connections to relays from the connection manager.
const relayTag = "mutual-relay"

// Reservation refresh bounds.
const (
	reservationRetryMin = 2 * time.Second
	reservationRetryMax = 2 * time.Minute
	reservationRenewMax = 20 * time.Minute
)

// memberRelayACL lets only members use the relay: a reservation from an
// active member of some co-op served here, a circuit between two active
// members of the same co-op — or from a stranger to a member, which is how a
// newcomer reaches an inviter behind NAT with the invite's circuit address.
// The member's own gate admits a stranger only while it has an invite open,
// and then only to the (rate-limited) join protocol; a stranger is never
// relayed to a stranger, nor given a reservation.
type memberRelayACL struct{ n *Node }

func (a memberRelayACL) AllowReserve(p lpeer.ID, _ ma.Multiaddr) bool {
	return a.n.isMemberPeer(p)
}

func (a memberRelayACL) AllowConnect(src lpeer.ID, _ ma.Multiaddr, dest lpeer.ID) bool {
	ms, err1 := MemberFromPeer(src)
	md, err2 := MemberFromPeer(dest)
	if err1 != nil || err2 != nil {
		return false
	}
	if !a.n.isMemberPeer(src) {
		return a.n.isMemberPeer(dest) // a newcomer on their way to an inviter
	}
	for _, c := range a.n.sharedCoops(ms) {
		if c.isActive(md) {
			return true
		}
	}
	return false
}

// relayResources are sized for a co-op, not the public network: members'
// syncs may be large, so relayed connections have no data or time limit
// (only members can use them), and members behind one NAT share an IP.
func relayResources() relay.Resources {
	rc := relay.DefaultResources()
	rc.Limit = nil
	rc.MaxCircuits = 64
	rc.MaxReservationsPerIP = 64
	return rc
}

// startRelayService makes this node an always-on member relay. It is started
// directly rather than through libp2p's relay manager, which only enables it
// once AutoNAT believes the host is publicly reachable — an always-on node
// on a home server is configured as one on purpose.
func (n *Node) startRelayService() error {
	svc, err := relay.New(n.host, relay.WithResources(relayResources()), relay.WithACL(memberRelayACL{n}))
	if err != nil {
		return fmt.Errorf("start relay service: %w", err)
	}
	n.mu.Lock()
	n.relaySvc = svc
	n.mu.Unlock()
	return nil
}

// keepReservation holds a slot on relay r for as long as the node runs, so
// members who cannot reach this node directly can through r.
func (n *Node) keepReservation(r lpeer.AddrInfo) {
	if r.ID == n.host.ID() {
		return
	}
	n.host.ConnManager().Protect(r.ID, relayTag)
	lost := make(chan struct{}, 1)
	n.mu.Lock()
	n.relayLost[r.ID] = lost
	n.mu.Unlock()
	defer func() { // the relay was retired (or the node closes)
		n.host.ConnManager().Unprotect(r.ID, relayTag)
		n.setCircuit(r.ID, nil)
		n.mu.Lock()
		if n.relayLost[r.ID] == lost {
			delete(n.relayLost, r.ID)
		}
		n.mu.Unlock()
	}()
	wait := reservationRetryMin
	for n.ctx.Err() == nil && n.relayWanted(r.ID) {
		next, err := n.reserve(r)
		if err != nil {
			n.log.Debug("relay reservation failed", "relay", r.ID.ShortString(), "err", err)
			n.setCircuit(r.ID, nil)
			next = wait
			wait = min(2*wait, reservationRetryMax)
		} else {
			wait = reservationRetryMin
		}
		select {
		case <-n.ctx.Done():
			return
		case <-time.After(next):
		case <-lost: // the reservation went with the connection: renew now
			n.setCircuit(r.ID, nil)
		}
	}
}

// relayDisconnected tells r's reservation loop that the connection (and
// with it the reservation) is gone.
func (n *Node) relayDisconnected(r lpeer.ID) {
	n.mu.Lock()
	lost := n.relayLost[r]
	n.mu.Unlock()
	if lost != nil {
		select {
		case lost <- struct{}{}:
		default:
		}
	}
}

// reserve makes or renews the reservation on r and returns when to renew.
func (n *Node) reserve(r lpeer.AddrInfo) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(n.ctx, dialTimeout)
	defer cancel()
	if !n.connected(r.ID) {
		if err := n.host.Connect(ctx, r); err != nil {
			return 0, err
		}
	}
	rsv, err := client.Reserve(ctx, n.host, r)
	if err != nil {
		return 0, err
	}
	if len(r.Addrs) > 0 {
		n.setCircuit(r.ID, circuitAddr(r.Addrs[0], r.ID))
	}
	renew := time.Until(rsv.Expiration) / 2
	return min(max(renew, reservationRetryMin), reservationRenewMax), nil
}

// setCircuit records (or with nil forgets) our address through relay r.
func (n *Node) setCircuit(r lpeer.ID, a ma.Multiaddr) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if a == nil {
		delete(n.circuits, r)
		return
	}
	n.circuits[r] = a
}

// isRelayed reports whether conn goes through a relay.
func isRelayed(c network.Conn) bool { return isCircuit(c.RemoteMultiaddr()) }
