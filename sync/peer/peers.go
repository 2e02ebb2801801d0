package peer

import (
	"slices"
	"sort"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/mutual-coop/mutual/crdt"
)

// PeerInfo is what the node knows about another member's device.
type PeerInfo struct {
	Member     crdt.MemberID `json:"member"`
	PeerID     string        `json:"peerId"`
	Name       string        `json:"name"`
	Addrs      []string      `json:"addrs"`
	Connected  bool          `json:"connected"`
	LastSynced time.Time     `json:"lastSynced,omitzero"`
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

// dialAddrs are the addresses to try for p: remembered ones, ones libp2p
// learned this run, and — with viaRelays — a circuit through every configured
// relay (which works if p holds a reservation there).
func (n *Node) dialAddrs(p lpeer.ID, viaRelays bool) []ma.Multiaddr {
	var out []ma.Multiaddr
	add := func(a ma.Multiaddr) {
		if a != nil && !slices.ContainsFunc(out, a.Equal) {
			out = append(out, a)
		}
	}
	for _, a := range n.book.addrs(p) {
		add(a)
	}
	for _, a := range n.host.Peerstore().Addrs(p) {
		add(a)
	}
	if viaRelays {
		for _, r := range n.o.relays {
			if r.ID == p || r.ID == n.host.ID() {
				continue
			}
			for _, ra := range r.Addrs {
				add(circuitAddr(ra, r.ID))
			}
		}
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
