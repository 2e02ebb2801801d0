package peer

import (
	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// gate is the connection gater: the first line of the members-only rule.
//
// A connection is allowed once it is secured (the remote has proved its key)
// only if the remote is an active member of some co-op served here, or if this
// node dialled it to join a co-op, or — inbound — while this node has an open
// invite (a newcomer has no roster entry yet; such a connection can only use
// the join protocol, since every other Mutual handler checks membership
// again and the janitor closes it soon after). Every decision reads the
// roster cache, so removing a member takes effect for new connections at
// once; existing ones are closed by the membership refresh.
type gate struct{ n *Node }

var _ interface {
	InterceptPeerDial(lpeer.ID) bool
	InterceptAddrDial(lpeer.ID, ma.Multiaddr) bool
	InterceptAccept(network.ConnMultiaddrs) bool
	InterceptSecured(network.Direction, lpeer.ID, network.ConnMultiaddrs) bool
	InterceptUpgraded(network.Conn) (bool, control.DisconnectReason)
} = (*gate)(nil)

// InterceptPeerDial refuses to dial anyone who could not pass InterceptSecured:
// this node never opens a connection it would then refuse.
func (g *gate) InterceptPeerDial(p lpeer.ID) bool {
	return g.allow(network.DirOutbound, p)
}

// InterceptAddrDial allows every address of an allowed peer (in tests, only
// those the test allows).
func (g *gate) InterceptAddrDial(p lpeer.ID, a ma.Multiaddr) bool {
	if ok := g.n.o.dialAllowed; ok != nil && !ok(a) {
		g.n.offLimits.Add(1)
		g.n.log.Error("refused to dial an address outside the test's networks", "peer", p, "addr", a)
		return false
	}
	return true
}

// InterceptAccept allows the handshake: the peer is unknown until secured.
func (g *gate) InterceptAccept(network.ConnMultiaddrs) bool { return true }

// InterceptSecured is the membership check proper.
func (g *gate) InterceptSecured(dir network.Direction, p lpeer.ID, _ network.ConnMultiaddrs) bool {
	return g.allow(dir, p)
}

// InterceptUpgraded allows what InterceptSecured allowed.
func (g *gate) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }

func (g *gate) allow(dir network.Direction, p lpeer.ID) bool {
	n := g.n
	if n.isMemberPeer(p) || n.isJoinTarget(p) {
		return true
	}
	if dir == network.DirInbound && (n.invites.anyOpen(n.o.Now()) || n.o.ServeRelay) {
		// A newcomer joining: through this node's invite, or — on the
		// co-op's always-on relay — on their way to an inviter behind NAT.
		// They reach only the join protocol here and circuits to members
		// (memberRelayACL), and are disconnected after joinGrace.
		return true
	}
	// With internet discovery this node dials the public network's DHT
	// servers and relays, which are not members. They get no Mutual
	// protocol (every handler checks membership) and cannot dial in.
	if dir == network.DirOutbound && n.o.Internet {
		return true
	}
	n.log.Debug("refused connection from a non-member", "peer", p, "direction", dir)
	return false
}
