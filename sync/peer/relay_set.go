package peer

import (
	"fmt"
	"slices"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// registeredAddrTTL keeps a registered node's addresses in the peerstore
// between roster reads (each read adds them again).
const registeredAddrTTL = 24 * time.Hour

// The relays in use: those configured at start (Config.Relays) and those
// the co-ops' rosters register while the node runs (SetRegisteredRelays),
// so a node an admin registers is used without a restart, and one they
// retire stops being used.

// relayList is a copy of the relays in use.
func (n *Node) relayList() []lpeer.AddrInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := slices.Clone(n.o.relays)
	for _, r := range n.registered {
		if !slices.ContainsFunc(out, func(c lpeer.AddrInfo) bool { return c.ID == r.ID }) {
			out = append(out, r)
		}
	}
	return out
}

// relayWanted reports whether the reservation loop for id should go on.
func (n *Node) relayWanted(id lpeer.ID) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if slices.ContainsFunc(n.o.relays, func(c lpeer.AddrInfo) bool { return c.ID == id }) {
		return true
	}
	if _, ok := n.registered[id]; ok {
		return true
	}
	_, ok := n.publicRelays[id]
	return ok
}

// SetRegisteredRelays replaces the registered relays with addrs (full
// multiaddrs ending in /p2p/<peer ID>, several per peer allowed): the node
// keeps a reservation on each new one, dials members through them, and ends
// the reservation on those no longer listed. Addresses that do not parse or
// name no member's device are skipped and reported.
func (n *Node) SetRegisteredRelays(addrs []string) error {
	want := map[lpeer.ID]lpeer.AddrInfo{}
	var bad []string
	for _, s := range addrs {
		ai, err := lpeer.AddrInfoFromString(s)
		if err != nil {
			bad = append(bad, s)
			continue
		}
		if _, err := MemberFromPeer(ai.ID); err != nil || ai.ID == n.host.ID() {
			continue // not a member's device, or this very node
		}
		cur := want[ai.ID]
		cur.ID = ai.ID
		cur.Addrs = append(cur.Addrs, ai.Addrs...)
		want[ai.ID] = cur
	}
	n.mu.Lock()
	if n.registered == nil {
		n.registered = map[lpeer.ID]lpeer.AddrInfo{}
	}
	var added []lpeer.AddrInfo
	var gone []lpeer.ID
	for id, ai := range want {
		if _, had := n.registered[id]; !had {
			added = append(added, ai)
		}
		n.registered[id] = ai
	}
	for id := range n.registered {
		if _, keep := want[id]; !keep {
			delete(n.registered, id)
			gone = append(gone, id)
		}
	}
	started, closed := n.started, n.closed
	n.mu.Unlock()
	for _, ai := range added {
		n.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, registeredAddrTTL)
		if started && !closed && !n.configuredRelay(ai.ID) {
			n.spawn(func() { n.keepReservation(ai) })
		}
	}
	for _, id := range gone {
		n.relayDisconnected(id) // wakes its loop, which sees it is no longer wanted
	}
	if len(bad) > 0 {
		return fmt.Errorf("registered node addresses that are not multiaddrs with /p2p/: %v: %w", bad, ErrConfig)
	}
	return nil
}

func (n *Node) configuredRelay(id lpeer.ID) bool {
	return slices.ContainsFunc(n.o.relays, func(c lpeer.AddrInfo) bool { return c.ID == id })
}

// CheckNodeAddr reports whether s is an address to register for an
// always-on node: a multiaddr (dns4, dns6, ip4 or ip6 with tcp or udp/quic),
// without the /p2p/ part, which Mutual adds from the node's peer ID.
func CheckNodeAddr(s string) error {
	a, err := ma.NewMultiaddr(s)
	if err != nil {
		return fmt.Errorf("%q is not a multiaddr (for example /dns4/coop.example.org/tcp/4001): %w", s, ErrConfig)
	}
	if _, err := a.ValueForProtocol(ma.P_P2P); err == nil {
		return fmt.Errorf("%q names a peer: give the address without /p2p/...: %w", s, ErrConfig)
	}
	if isCircuit(a) {
		return fmt.Errorf("%q is a relayed address: an always-on node needs one of its own: %w", s, ErrConfig)
	}
	return nil
}

// ParsePeerID reads a libp2p peer ID as `mutual serve` prints it.
func ParsePeerID(s string) (lpeer.ID, error) {
	p, err := lpeer.Decode(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a peer ID (serve prints it as peerId): %w", s, ErrConfig)
	}
	return p, nil
}
