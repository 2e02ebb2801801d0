package peer

import (
	"slices"
	"sort"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"

	"github.com/mutual-coop/mutual/crdt"
)

// PeerInfo is what the node knows about another member's device.
type PeerInfo struct {
	Member     crdt.MemberID `json:"member"`
	PeerID     string        `json:"peerId"`
	Name       string        `json:"name"`
	Addrs      []string      `json:"addrs"`
	Connected  bool          `json:"connected"`
	Route      Route         `json:"route,omitempty"` // how it is reached now; "" when not connected
	LastSynced time.Time     `json:"lastSynced,omitzero"`
}

// Route says how a connected member's device is reached.
type Route string

const (
	RouteLAN         Route = "lan"          // a direct link on the local network
	RouteDirect      Route = "direct"       // a direct link over the internet (perhaps hole-punched)
	RouteNode        Route = "node"         // through a member's always-on node
	RoutePublicRelay Route = "public-relay" // through a public relay: limited, small syncs only
)

// routeTo is the best way p is reached now: a direct link before a relayed
// one, a member's relay before a public one.
func (n *Node) routeTo(p lpeer.ID) Route {
	best := Route("")
	rank := map[Route]int{"": 0, RoutePublicRelay: 1, RouteNode: 2, RouteDirect: 3, RouteLAN: 4}
	for _, c := range n.host.Network().ConnsToPeer(p) {
		r := RouteDirect
		a := c.RemoteMultiaddr()
		switch {
		case isRelayed(c):
			r = RoutePublicRelay
			if relayID, err := relayOf(a); err == nil && n.isMemberPeer(relayID) {
				r = RouteNode
			}
		case manet.IsPrivateAddr(a) || manet.IsIPLoopback(a):
			r = RouteLAN
		}
		if rank[r] > rank[best] {
			best = r
		}
	}
	return best
}

// relayOf is the relay's peer ID in a circuit address.
func relayOf(a ma.Multiaddr) (lpeer.ID, error) {
	head, _ := ma.SplitFunc(a, func(c ma.Component) bool { return c.Protocol().Code == ma.P_CIRCUIT })
	v, err := head.ValueForProtocol(ma.P_P2P)
	if err != nil {
		return "", err
	}
	return lpeer.Decode(v)
}

// Peers lists the co-op's other active members with their known addresses,
// whether connected now, and when a sync with them last finished, sorted by
// name. It is empty for a co-op not served or whose roster has not arrived.
func (n *Node) Peers(coopID string) []PeerInfo {
	c := n.coop(coopID)
	if c == nil {
		return nil
	}
	v, err := c.roster()
	if err != nil {
		return nil
	}
	var out []PeerInfo
	for _, m := range v.Members {
		if !m.Active() || m.ID == n.me {
			continue
		}
		p, err := PeerFromMember(m.ID)
		if err != nil {
			continue
		}
		rec := n.book.record(p)
		info := PeerInfo{
			Member: m.ID, PeerID: p.String(), Name: m.Name,
			Addrs:      addrStrings(n.dialAddrs(p, false)),
			Connected:  n.connected(p),
			Route:      n.routeTo(p),
			LastSynced: rec.LastSynced[coopID],
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Member < out[j].Member
	})
	return out
}

// maxDialAddrs caps the addresses one redial tries. libp2p dials several at
// once, and each attempt holds one of the few connection slots the resource
// manager grants per peer: a long list of dead addresses would leave none for
// the peer's own inbound connection.
const maxDialAddrs = 6

// dialAddrs are the addresses to try for p: the ones it last said it listens
// on, then — with viaRelays — a circuit through each configured relay (which
// works if p holds a reservation there), then others libp2p learned this run
// (mDNS, peer exchange), at most maxDialAddrs in all.
func (n *Node) dialAddrs(p lpeer.ID, viaRelays bool) []ma.Multiaddr {
	var out []ma.Multiaddr
	add := func(a ma.Multiaddr, limit int) {
		if a != nil && len(out) < limit && !slices.ContainsFunc(out, a.Equal) {
			out = append(out, a)
		}
	}
	for _, a := range n.book.addrs(p) {
		add(a, maxDialAddrs-2)
	}
	if viaRelays {
		for _, r := range n.relayList() {
			if r.ID == p || r.ID == n.host.ID() || len(r.Addrs) == 0 {
				continue
			}
			add(circuitAddr(r.Addrs[0], r.ID), maxDialAddrs)
		}
	}
	for _, a := range n.host.Peerstore().Addrs(p) {
		add(a, maxDialAddrs)
	}
	return out
}

// circuitAddr is "relay address /p2p/relay /p2p-circuit": the address prefix
// through which a peer holding a reservation at that relay can be reached.
func circuitAddr(relayAddr ma.Multiaddr, relay lpeer.ID) ma.Multiaddr {
	a, err := ma.NewMultiaddr(relayAddr.String() + "/p2p/" + relay.String() + "/p2p-circuit")
	if err != nil {
		return nil
	}
	return a
}

func addrStrings(as []ma.Multiaddr) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.String())
	}
	return out
}

// rankAddrs orders addresses by how likely they reach a device from another
// machine: LAN and public ones first, relay circuits next, loopback last
// (only useful on the same machine).
func rankAddrs(all []ma.Multiaddr) []ma.Multiaddr {
	rank := func(a ma.Multiaddr) int {
		switch {
		case manet.IsIPLoopback(a):
			return 2
		case isCircuit(a):
			return 1
		}
		return 0
	}
	out := slices.Clone(all)
	slices.SortStableFunc(out, func(a, b ma.Multiaddr) int { return rank(a) - rank(b) })
	return out
}

func isCircuit(a ma.Multiaddr) bool {
	_, err := a.ValueForProtocol(ma.P_CIRCUIT)
	return err == nil
}
