package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/storage"
	"github.com/mutual-coop/mutual/sync/peer"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// Options configure the network side.
type Options struct {
	// Listen are multiaddrs; empty means every interface, random ports, TCP and QUIC.
	Listen []string
	// MDNS finds members on the local network (on by default in the app).
	MDNS bool
	// Relays are members' always-on nodes to use as relays.
	Relays []string
	// ServeRelay makes this node a relay for members (`mutual serve`).
	ServeRelay bool
	// PortMap asks the router for a port mapping (UPnP / NAT-PMP).
	PortMap bool
	// Internet finds members over the public libp2p network (a rendezvous
	// on its DHT, its relays). The window and `serve` turn it on; nodes
	// built by tests leave it off.
	Internet bool
	// Bootstrap replaces the public DHT bootstrap list (tests point it at
	// their own node); empty means the public list when Internet is on.
	Bootstrap []string
}

// bootstrapFor is the DHT bootstrap list to use: the one given, else the
// public one when internet discovery is on.
func bootstrapFor(o Options) []string {
	if len(o.Bootstrap) > 0 || !o.Internet {
		return o.Bootstrap
	}
	return peer.PublicBootstrap()
}

// flushEvery bounds how much sync state a crash can lose (a lost state
// costs one extra round trip, never data).
const flushEvery = 5 * time.Second

// Node is a running sync node bound to a workspace.
type Node struct {
	ws   *workspace.Workspace
	p    *peer.Node
	log  *slog.Logger
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu       sync.Mutex
	attached map[string]*workspace.Replica
	progress map[string]workspace.SyncProgress
}

// Start creates the sync node, attaches every co-op, starts listening and
// installs the node as the workspace's SyncService.
func Start(ctx context.Context, ws *workspace.Workspace, opts Options) (*Node, error) {
	me, err := ws.Identity()
	if err != nil {
		return nil, err
	}
	p, err := peer.New(peer.Config{
		Identity:    me,
		ListenAddrs: opts.Listen,
		KV:          ws.Store(),
		IsNotFound:  func(err error) bool { return errors.Is(err, storage.ErrNotFound) },
		MDNS:        opts.MDNS,
		Relays:      opts.Relays,
		ServeRelay:  opts.ServeRelay,
		NATPortMap:  opts.PortMap,
		Internet:    opts.Internet,
		Bootstrap:   bootstrapFor(opts),
		Logger:      ws.Logger(),
		Now:         ws.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("start sync: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	n := &Node{ws: ws, p: p, log: ws.Logger().With("component", "node"), stop: cancel,
		attached: map[string]*workspace.Replica{}, progress: map[string]workspace.SyncProgress{}}
	n.attachAll()
	n.useRegisteredNodes()
	if err := p.Start(ctx); err != nil {
		cancel()
		p.Close()
		return nil, fmt.Errorf("start sync: %w", err)
	}
	ws.SetSync(n)
	n.spawn(func() { n.forwardEvents(ctx) })
	n.spawn(func() { n.watchCoops(ctx) })
	n.spawn(func() { n.flushLoop(ctx) })
	return n, nil
}

func (n *Node) spawn(fn func()) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		fn()
	}()
}

// attachAll serves every co-op of the data directory not yet served.
func (n *Node) attachAll() {
	for _, info := range n.ws.Coops() {
		n.mu.Lock()
		_, done := n.attached[info.ID]
		n.mu.Unlock()
		if done {
			continue
		}
		c, err := n.ws.Coop(info.ID)
		if err != nil {
			continue
		}
		r := c.Replica()
		if err := n.p.AddCoop(r); err != nil {
			n.log.Warn("cannot serve co-op", "coop", info.ID, "err", err)
			continue
		}
		n.mu.Lock()
		n.attached[info.ID] = r
		n.mu.Unlock()
	}
}

// watchCoops attaches co-ops created or joined while running.
func (n *Node) watchCoops(ctx context.Context) {
	events, cancel := n.ws.Subscribe()
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-events:
			if !ok {
				return
			}
			switch {
			case e.Type == workspace.EventCoopChanged:
				n.attachAll()
				n.useRegisteredNodes()
			case e.Type == workspace.EventDocChanged && e.Doc == e.Coop: // a roster
				n.useRegisteredNodes()
			}
		}
	}
}

func (n *Node) flushLoop(ctx context.Context) {
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n.flush()
			n.useRegisteredNodes()
		}
	}
}

func (n *Node) flush() {
	n.mu.Lock()
	rs := make([]*workspace.Replica, 0, len(n.attached))
	for _, r := range n.attached {
		rs = append(rs, r)
	}
	n.mu.Unlock()
	for _, r := range rs {
		if err := r.Flush(); err != nil {
			n.log.Warn("save sync state", "err", err)
		}
	}
}

// Close stops the node and saves sync states.
func (n *Node) Close() error {
	n.ws.SetSync(nil)
	n.stop()
	err := n.p.Close()
	n.wg.Wait()
	n.flush()
	return err
}

// PeerID is the libp2p peer ID.
func (n *Node) PeerID() string { return n.p.PeerID().String() }

// Addrs are the full listen multiaddrs (with /p2p/).
func (n *Node) Addrs() []string { return n.p.Addrs() }

// SyncOnce syncs with one peer until in step.
func (n *Node) SyncOnce(ctx context.Context, addr string) (protocol.Stats, error) {
	st, err := n.p.SyncOnce(ctx, addr)
	n.flush()
	return st, err
}
