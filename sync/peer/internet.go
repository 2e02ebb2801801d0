package peer

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ipfs/go-cid"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/event"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
	"github.com/multiformats/go-multihash"

	"github.com/mutual-coop/mutual/crdt"
)

// Internet discovery, the way Syncthing uses its global discovery and relay
// pool: the public libp2p network carries only encrypted bytes and owns
// nothing. Each member's device announces itself as a provider of the co-op's
// current rendezvous key on the public DHT and looks up the other providers;
// a key is an HMAC of a secret only members hold (the roster's nonce), so an
// outsider can neither find a co-op's devices nor tell two co-ops apart, and
// a provider it finds anyway is refused by the gate like any non-member.

// Rendezvous timing: look often while nobody is found (a member's device
// that just came online), then settle to a slow refresh.
const (
	rendezvousFirst    = 2 * time.Second
	rendezvousEvery    = 5 * time.Minute
	rendezvousRetryMax = 30 * time.Second
	rendezvousSettle   = 300 * time.Millisecond
	rendezvousQuery    = time.Minute
	// rendezvousPeers bounds the providers taken from one lookup: a co-op
	// has a few dozen devices, never more.
	rendezvousPeers = 64
)

// PublicBootstrap is the public libp2p DHT's bootstrap list, for the built
// program only: tests pass their own node's address.
func PublicBootstrap() []string {
	out := make([]string, 0, len(dht.DefaultBootstrapPeers))
	for _, a := range dht.DefaultBootstrapPeers {
		out = append(out, a.String())
	}
	return out
}

// startInternet joins the DHT as a client and starts the rendezvous loop.
func (n *Node) startInternet() error {
	d, err := dht.New(n.host, dht.Mode(dht.ModeClient), dht.BootstrapPeers(n.o.bootstrap...))
	if err != nil {
		return fmt.Errorf("start internet discovery: %w", err)
	}
	n.mu.Lock()
	n.dht = d
	n.mu.Unlock()
	n.spawn(func() { n.rendezvousLoop(d) })
	return nil
}

// relayCandidates feeds AutoRelay: the bootstrap peers and the DHT's routing
// table, from which it picks public relays when this device is behind NAT.
func (n *Node) relayCandidates(ctx context.Context, num int) <-chan lpeer.AddrInfo {
	out := make(chan lpeer.AddrInfo, num)
	if len(n.internetCoops()) == 0 {
		close(out) // every co-op turned internet discovery off
		return out
	}
	go func() {
		defer close(out)
		sent := 0
		send := func(ai lpeer.AddrInfo) bool {
			if sent >= num || len(ai.Addrs) == 0 {
				return sent < num
			}
			select {
			case out <- ai:
				sent++
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, ai := range n.o.bootstrap {
			if !send(ai) {
				return
			}
		}
		n.mu.Lock()
		d := n.dht
		n.mu.Unlock()
		if d == nil {
			return
		}
		for _, p := range d.RoutingTable().ListPeers() {
			if !send(n.host.Peerstore().PeerInfo(p)) {
				return
			}
		}
	}()
	return out
}

// rendezvousLoop announces and looks up every co-op's rendezvous keys,
// bounded per round, until the node closes.
func (n *Node) rendezvousLoop(d *dht.IpfsDHT) {
	// A new relay reservation (or any change of this device's addresses)
	// is when members behind NAT become reachable: look again at once.
	var changed <-chan any
	if sub, err := n.host.EventBus().Subscribe(new(event.EvtLocalAddressesUpdated)); err == nil {
		defer sub.Close()
		changed = sub.Out()
	}
	wait := rendezvousFirst
	for {
		select {
		case <-n.ctx.Done():
			return
		case <-time.After(wait):
		case <-changed:
			select { // a burst of changes costs one round
			case <-n.ctx.Done():
				return
			case <-time.After(rendezvousSettle):
			}
		}
		// Settle to the slow refresh once every member's device is
		// connected; while some are missing, keep looking every half minute
		// at most (a member's laptop opening at home).
		if n.rendezvousRound(d) >= len(n.knownMembers()) {
			wait = rendezvousEvery
		} else {
			wait = min(2*wait, rendezvousRetryMax)
		}
	}
}

// rendezvousRound runs one announce-and-look-up pass; it returns how many
// members' devices it is connected to (a member found but not reached
// keeps the rounds frequent).
func (n *Node) rendezvousRound(d *dht.IpfsDHT) int {
	coops := n.internetCoops()
	if len(coops) == 0 {
		return 0 // nothing is sent to the public network
	}
	began := time.Now()
	ctx, cancel := context.WithTimeout(n.ctx, rendezvousQuery)
	defer cancel()
	if len(d.RoutingTable().ListPeers()) == 0 {
		for _, ai := range n.o.bootstrap {
			if err := n.host.Connect(ctx, ai); err != nil {
				n.log.Debug("bootstrap peer unreachable", "peer", ai.ID.ShortString(), "err", err)
			}
		}
		// Announcing needs a routing table: wait for the first refresh
		// (bounded by the round's timeout) rather than a round for nothing.
		select {
		case err := <-d.RefreshRoutingTable():
			if err != nil {
				n.log.Debug("DHT bootstrap", "err", err)
			}
		case <-ctx.Done():
		}
	}
	n.reservePublicRelays()
	found := map[lpeer.ID]bool{}
	for _, c := range coops {
		for _, key := range n.rendezvousCIDs(c) {
			if err := d.Provide(ctx, key, true); err != nil {
				n.log.Debug("announce on the rendezvous", "coop", c.id, "err", err)
			}
			for ai := range d.FindProvidersAsync(ctx, key, rendezvousPeers) {
				if ai.ID == n.host.ID() || !n.isMemberPeer(ai.ID) {
					continue // a stranger under the key: the gate refuses it anyway
				}
				if n.connected(ai.ID) {
					found[ai.ID] = true
					continue
				}
				// Public addresses from the provider record (a private one
				// is another home's LAN: mDNS finds members on ours), and a
				// circuit through each relay this device holds a reservation
				// on — behind NAT a member is reachable through the relay it
				// uses, which provider records do not carry, and members pick
				// relays from the same candidates (the bootstrap peers first).
				// libp2p dials the direct ones first, the circuits soon after.
				addrs := append(ma.FilterAddrs(ai.Addrs, manet.IsPublicAddr), n.circuitsTo(ai.ID)...)
				if len(addrs) == 0 {
					n.log.Debug("member found on the rendezvous has no address to try yet", "peer", ai.ID.ShortString())
					continue
				}
				dctx, dcancel := context.WithTimeout(ctx, dialTimeout)
				err := n.host.Connect(dctx, lpeer.AddrInfo{ID: ai.ID, Addrs: addrs})
				dcancel()
				if err != nil {
					n.log.Debug("member found on the rendezvous unreachable", "peer", ai.ID.ShortString(), "err", err)
					continue
				}
				found[ai.ID] = true
			}
		}
	}
	n.log.Debug("rendezvous round", "coops", len(coops), "found", len(found), "took", time.Since(began))
	return len(found)
}

// circuitsTo are addresses of p through each relay this device holds a
// reservation on (AutoRelay's or a registered node's) and each connected
// peer that offers relaying: the ones p most likely holds a reservation on
// too. (This device's own circuit addresses appear only once libp2p has
// rewritten its address list, seconds after the reservation.)
func (n *Node) circuitsTo(p lpeer.ID) []ma.Multiaddr {
	var out []ma.Multiaddr
	add := func(prefix string) {
		c, err := ma.NewMultiaddr(prefix + "/p2p/" + p.String())
		if err == nil && !slices.ContainsFunc(out, c.Equal) {
			out = append(out, c)
		}
	}
	for _, a := range n.ownAddrs() {
		if isCircuit(a) {
			add(a.String())
		}
	}
	for _, r := range n.host.Network().Peers() {
		if r == p {
			continue
		}
		if ok, _ := n.host.Peerstore().SupportsProtocols(r, hopProtocol); len(ok) == 0 {
			continue
		}
		for _, a := range n.host.Peerstore().Addrs(r) {
			if manet.IsPublicAddr(a) {
				add(a.String() + "/p2p/" + r.String() + "/p2p-circuit")
				break
			}
		}
	}
	return out
}

// publicRelaysWanted is how many public relays a device reserves on by
// itself, at once, while AutoRelay still waits for AutoNAT's verdict (15 s
// and more): a member behind NAT is reachable within seconds of starting.
const publicRelaysWanted = 2

// reservePublicRelays keeps a reservation on up to publicRelaysWanted of the
// connected peers that offer relaying, the bootstrap peers first (members
// pick from the same candidates, so they meet on the same relays).
func (n *Node) reservePublicRelays() {
	var candidates []lpeer.ID
	for _, ai := range n.o.bootstrap {
		candidates = append(candidates, ai.ID)
	}
	candidates = append(candidates, n.host.Network().Peers()...)
	for _, r := range candidates {
		n.mu.Lock()
		have := len(n.publicRelays)
		_, already := n.publicRelays[r]
		n.mu.Unlock()
		if have >= publicRelaysWanted {
			return
		}
		if already || r == n.host.ID() || n.connected(r) == false {
			continue
		}
		if ok, _ := n.host.Peerstore().SupportsProtocols(r, hopProtocol); len(ok) == 0 {
			continue
		}
		ai := n.host.Peerstore().PeerInfo(r)
		ai.Addrs = ma.FilterAddrs(ai.Addrs, manet.IsPublicAddr)
		if len(ai.Addrs) == 0 {
			continue
		}
		n.mu.Lock()
		if n.publicRelays == nil {
			n.publicRelays = map[lpeer.ID]bool{}
		}
		n.publicRelays[r] = true
		n.mu.Unlock()
		n.spawn(func() { n.keepReservation(ai) })
	}
}

// hopProtocol is circuit relay v2's protocol for using a relay.
const hopProtocol = "/libp2p/circuit/relay/0.2.0/hop"

// internetCoops are the served co-ops whose admins leave internet discovery
// on (the roster's signed settings).
func (n *Node) internetCoops() []*coop {
	var out []*coop
	for _, c := range n.coopList() {
		d, err := c.replica.Doc(c.id)
		if err != nil {
			continue
		}
		r, err := crdt.AsRoster(d)
		if err != nil {
			continue
		}
		if s, err := r.Settings(); err == nil && s.InternetDiscovery {
			out = append(out, c)
		}
	}
	return out
}

// rendezvousCIDs are the DHT keys for co-op c now: its rendezvous keys as
// raw CIDs (the DHT's provider records are keyed by multihash).
func (n *Node) rendezvousCIDs(c *coop) []cid.Cid {
	d, err := c.replica.Doc(c.id)
	if err != nil {
		return nil
	}
	r, err := crdt.AsRoster(d)
	if err != nil {
		return nil
	}
	keys, err := r.RendezvousKeys(n.o.Now())
	if err != nil {
		n.log.Warn("no rendezvous for a co-op whose roster does not match its ID", "coop", c.id, "err", err)
		return nil
	}
	out := make([]cid.Cid, 0, len(keys))
	for _, k := range keys {
		mh, err := multihash.Sum(k, multihash.SHA2_256, -1)
		if err != nil {
			continue
		}
		out = append(out, cid.NewCidV1(cid.Raw, mh))
	}
	return out
}
