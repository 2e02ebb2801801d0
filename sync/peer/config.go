package peer

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/libp2p/go-libp2p/core/metrics"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/mutual-coop/mutual/crdt"
)

// DefaultListenAddrs are where the app listens when the user names nothing:
// every IPv4 interface, a random port, TCP and QUIC. Tests always pass
// explicit loopback addresses instead.
var DefaultListenAddrs = []string{"/ip4/0.0.0.0/tcp/0", "/ip4/0.0.0.0/udp/0/quic-v1"}

// KV is the small key-value area the node keeps its bookkeeping in (known
// peers' addresses, last sync times, invites). The workspace passes its
// Badger store; tests pass an in-memory map.
type KV interface {
	Get(key string) ([]byte, error)
	Put(key string, value []byte) error
}

// Config describes a node.
type Config struct {
	// Identity is the device's key: it becomes the libp2p host key.
	Identity *crdt.Identity
	// ListenAddrs are multiaddrs to listen on (TCP and/or QUIC). Empty
	// means DefaultListenAddrs.
	ListenAddrs []string
	// KV keeps peer bookkeeping and invites across restarts. Required.
	KV KV
	// IsNotFound tells a missing key from a failing store in KV.Get errors
	// (for storage, errors.Is(err, storage.ErrNotFound)). When nil, every
	// Get error counts as a missing key.
	IsNotFound func(error) bool
	// MDNS announces the node on the local network and connects to members
	// found there. Off in tests except inside test-made network namespaces.
	MDNS bool
	// Relays are full multiaddrs (with /p2p/) of members' always-on nodes to
	// reserve circuit relay slots on, so members behind NATs can reach this
	// node through them; hole punching (DCUtR) then tries a direct link.
	Relays []string
	// ServeRelay runs a circuit relay v2 service for members only (an
	// always-on node, `mutual serve`).
	ServeRelay bool
	// NATPortMap asks the router for a port mapping (UPnP / NAT-PMP). Off by
	// default: nothing is sent beyond members and the local network unless
	// the user opts in.
	NATPortMap bool
	// Internet finds members over the public libp2p network: a Kademlia DHT
	// (client mode) as the rendezvous, under keys only members can compute
	// (crdt.Roster.RendezvousKeys), with AutoRelay on public relays and hole
	// punching. Off unless set, and then Bootstrap must name the DHT's entry
	// points: the app passes the public list (PublicBootstrap), tests their
	// own node — a node built by a test never dials the public network.
	Internet bool
	// Bootstrap are full multiaddrs (with /p2p/) of DHT bootstrap peers.
	Bootstrap []string
	// ReconnectInterval is how often known members that are not connected
	// are considered for a redial (5s if zero). Each peer also backs off
	// exponentially (1s up to MaxBackoff) while it stays unreachable.
	ReconnectInterval time.Duration
	// MaxBackoff caps the per-peer redial backoff (5 minutes if zero).
	MaxBackoff time.Duration
	// SyncReadTimeout and SyncMaxFrame are passed to every sync session
	// (the protocol's defaults if zero).
	SyncReadTimeout time.Duration
	SyncMaxFrame    int
	// Logger receives the node's log (slog.Default if nil).
	Logger *slog.Logger
	// Now is the clock for invites (time.Now if nil; tests move it).
	Now func() time.Time

	// bandwidth counts bytes per protocol (tests of what crosses the wire).
	bandwidth metrics.Reporter
	// dialAllowed, when set, is asked about every address before it is
	// dialled; a refused one is counted (OffLimitsDials). Tests set it so
	// that a node dialling outside loopback and their own namespaces fails
	// the test instead of reaching a real network.
	dialAllowed func(ma.Multiaddr) bool
}

// options is Config after validation, with defaults filled in.
type options struct {
	Config
	listen    []ma.Multiaddr
	relays    []lpeer.AddrInfo
	bootstrap []lpeer.AddrInfo
	// forcePrivate skips AutoNAT's wait (15 s and more) and treats the host
	// as behind NAT: the simulated internet's homes set it.
	forcePrivate bool
	// noPEX turns peer exchange off (tests that must know how a peer was
	// reached set it before Start).
	noPEX bool
}

func (c Config) validate() (options, error) {
	o := options{Config: c}
	if c.Identity == nil {
		return o, fmt.Errorf("no identity: %w", ErrConfig)
	}
	if c.KV == nil {
		return o, fmt.Errorf("no KV store: %w", ErrConfig)
	}
	addrs := c.ListenAddrs
	if len(addrs) == 0 {
		addrs = DefaultListenAddrs
	}
	for _, s := range addrs {
		a, err := ma.NewMultiaddr(s)
		if err != nil {
			return o, fmt.Errorf("listen address %q: %w: %v", s, ErrConfig, err)
		}
		o.listen = append(o.listen, a)
	}
	for _, s := range c.Relays {
		ai, err := lpeer.AddrInfoFromString(s)
		if err != nil {
			return o, fmt.Errorf("relay address %q (want a multiaddr ending in /p2p/<peer ID>): %w: %v", s, ErrConfig, err)
		}
		if _, err := MemberFromPeer(ai.ID); err != nil {
			return o, fmt.Errorf("relay %q: %w", s, err)
		}
		o.relays = append(o.relays, *ai)
	}
	for _, s := range c.Bootstrap {
		ai, err := lpeer.AddrInfoFromString(s)
		if err != nil {
			return o, fmt.Errorf("bootstrap address %q (want a multiaddr ending in /p2p/<peer ID>): %w: %v", s, ErrConfig, err)
		}
		o.bootstrap = append(o.bootstrap, *ai)
	}
	if c.Internet && len(o.bootstrap) == 0 {
		return o, fmt.Errorf("internet discovery needs bootstrap peers: %w", ErrConfig)
	}
	if o.ReconnectInterval <= 0 {
		o.ReconnectInterval = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.IsNotFound == nil {
		o.IsNotFound = func(error) bool { return true }
	}
	return o, nil
}
