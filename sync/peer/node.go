package peer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/host"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// Node is this device on the Mutual network: one libp2p host serving every
// co-op of a data directory.
type Node struct {
	o    options
	log  *slog.Logger
	me   crdt.MemberID
	host host.Host

	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	book    *peerBook
	invites *inviteBook
	joins   *joinLimiter

	mu           sync.Mutex
	coops        map[string]*coop
	started      bool
	closed       bool
	joinTargets  map[lpeer.ID]int
	sessions     *sessionSet
	relaySvc     *relay.Relay
	circuits     map[lpeer.ID]ma.Multiaddr   // relay peer -> our circuit address through it
	relayLost    map[lpeer.ID]chan struct{}  // relay peer -> wakes its reservation loop
	registered   map[lpeer.ID]lpeer.AddrInfo // relays the rosters register (relay_set.go)
	dht          *dht.IpfsDHT                // internet discovery (internet.go); nil when off
	publicRelays map[lpeer.ID]bool           // public relays reserved on at once (internet.go)
	redial       map[lpeer.ID]*backoff
	kick         chan struct{} // asks the reconnect loop for a pass
	refresh      chan struct{} // asks for a membership refresh

	offLimits atomic.Int64 // dials refused by Config.dialAllowed

	evMu      sync.Mutex
	events    chan Event
	evClosed  bool
	evDropped int
}

// New creates the node's host and starts listening; it serves nothing until
// Start (SyncOnce and Join work without Start).
func New(cfg Config) (*Node, error) {
	o, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	n := &Node{
		o:           o,
		log:         o.Logger.With("component", "sync/peer"),
		me:          o.Identity.Member(),
		coops:       map[string]*coop{},
		joinTargets: map[lpeer.ID]int{},
		sessions:    newSessionSet(),
		circuits:    map[lpeer.ID]ma.Multiaddr{},
		relayLost:   map[lpeer.ID]chan struct{}{},
		redial:      map[lpeer.ID]*backoff{},
		kick:        make(chan struct{}, 1),
		refresh:     make(chan struct{}, 1),
		events:      make(chan Event, eventBuffer),
		joins:       newJoinLimiter(),
	}
	n.book = newPeerBook(o.KV, o.IsNotFound, n.log)
	n.invites = newInviteBook(o.KV, o.IsNotFound)
	n.ctx, n.cancel = context.WithCancel(context.Background())
	h, err := newHost(o, &gate{n: n}, n.relayCandidates)
	if err != nil {
		n.cancel()
		return nil, err
	}
	n.host = h
	n.log = n.log.With("self", h.ID().ShortString())
	return n, nil
}

// PeerID is the host's peer ID (derived from the device key).
func (n *Node) PeerID() lpeer.ID { return n.host.ID() }

// Member is this device's member ID.
func (n *Node) Member() crdt.MemberID { return n.me }

// Addrs are the node's dialable addresses, each ending in /p2p/<peer ID>,
// including circuit addresses through relays that hold a reservation for it.
func (n *Node) Addrs() []string {
	var out []string
	for _, a := range n.ownAddrs() {
		out = append(out, a.String()+"/p2p/"+n.host.ID().String())
	}
	return out
}

// ownAddrs are the node's addresses without the /p2p suffix.
func (n *Node) ownAddrs() []ma.Multiaddr {
	out := append([]ma.Multiaddr(nil), n.host.Addrs()...)
	n.mu.Lock()
	for _, a := range n.circuits {
		out = append(out, a)
	}
	n.mu.Unlock()
	return out
}

// AddCoop serves a co-op. A data directory may hold several; one host
// serves them all. The replica may still lack its roster (a co-op being
// joined): nobody passes the membership checks for it until the roster
// arrives.
func (n *Node) AddCoop(r protocol.Replica) error {
	if r == nil || !crdt.ValidID(r.Coop()) {
		return fmt.Errorf("replica has no valid co-op ID: %w", ErrConfig)
	}
	c := &coop{id: r.Coop(), replica: r}
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return ErrClosed
	}
	if _, dup := n.coops[c.id]; dup {
		n.mu.Unlock()
		return fmt.Errorf("co-op %s is already served: %w", c.id, ErrConfig)
	}
	n.coops[c.id] = c
	started := n.started
	n.mu.Unlock()
	if err := n.invites.load(c.id, n.o.Now()); err != nil {
		n.log.Warn("could not read stored invites", "coop", c.id, "err", err)
	}
	n.watchRoster(c)
	if started {
		n.startCoop(c)
		n.refreshMembership()
	}
	return nil
}

// Start serves the sync, peer exchange and join protocols and begins finding
// members: mDNS (if enabled), redialling known peers, relay reservations.
func (n *Node) Start(ctx context.Context) error {
	n.mu.Lock()
	switch {
	case n.closed:
		n.mu.Unlock()
		return ErrClosed
	case n.started:
		n.mu.Unlock()
		return nil
	}
	n.started = true
	n.mu.Unlock()

	sub, err := n.host.EventBus().Subscribe([]any{
		new(event.EvtPeerConnectednessChanged),
		new(event.EvtPeerIdentificationCompleted),
	})
	if err != nil {
		return fmt.Errorf("subscribe to connection events: %w", err)
	}
	if n.o.ServeRelay {
		if err := n.startRelayService(); err != nil {
			_ = sub.Close()
			return err
		}
	}
	n.host.SetStreamHandler(protocol.ID, n.handleSync)
	n.host.SetStreamHandler(pexID, n.handlePEX)
	n.host.SetStreamHandler(joinID, n.handleJoin)
	n.spawn(func() { n.watchConnections(sub) })
	for _, c := range n.coopList() {
		n.startCoop(c)
	}
	n.spawn(n.maintain)
	n.spawn(n.reconnectLoop)
	for _, r := range n.relayList() {
		n.spawn(func() { n.keepReservation(r) })
	}
	if n.o.Internet {
		if err := n.startInternet(); err != nil {
			n.log.Warn("internet discovery is off", "err", err)
		}
	}
	// Peers that connected before Start (a Join's inviter) get sessions now.
	for _, p := range n.host.Network().Peers() {
		n.onConnected(p)
	}
	go func() {
		select {
		case <-ctx.Done():
			n.Close()
		case <-n.ctx.Done():
		}
	}()
	return nil
}

// startCoop starts what a served co-op needs once the node runs.
func (n *Node) startCoop(c *coop) {
	if n.o.MDNS {
		n.startMDNS(c)
	}
}

// spawn runs fn in a goroutine that Close waits for.
func (n *Node) spawn(fn func()) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		fn()
	}()
}

// Close stops everything: sessions end, connections close, Events closes.
func (n *Node) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.closed = true
	coops := make([]*coop, 0, len(n.coops))
	for _, c := range n.coops {
		coops = append(coops, c)
	}
	svc := n.relaySvc
	n.mu.Unlock()

	n.cancel()
	var errs []error
	for _, c := range coops {
		if svc := c.takeMDNS(); svc != nil {
			errs = append(errs, svc.Close())
		}
		c.mu.Lock()
		stop := c.stopWatch
		c.stopWatch = nil
		c.mu.Unlock()
		if stop != nil {
			stop()
		}
	}
	if svc != nil {
		errs = append(errs, svc.Close())
	}
	n.mu.Lock()
	d := n.dht
	n.mu.Unlock()
	if d != nil {
		errs = append(errs, d.Close())
	}
	errs = append(errs, n.host.Close())
	n.waitGoroutines()
	n.closeEvents()
	return errors.Join(errs...)
}

// isClosed reports whether Close has begun.
func (n *Node) isClosed() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.closed
}

// closeWait bounds how long Close waits for the node's goroutines: sessions
// are cancelled and their streams reset, so they end at once unless
// something below is stuck, and Close must not hang the app's exit on it.
const closeWait = 10 * time.Second

func (n *Node) waitGoroutines() {
	done := make(chan struct{})
	go func() {
		n.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(closeWait):
		n.log.Warn("closing: some sync goroutines did not stop in time", "waited", closeWait)
	}
}
