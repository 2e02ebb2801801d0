package node

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/storage"
	"github.com/mutual-coop/mutual/sync/peer"
)

var _ workspace.SyncService = (*Node)(nil)

// Peers lists a co-op's known peers.
func (n *Node) Peers(coop string) []workspace.PeerStatus {
	var out []workspace.PeerStatus
	for _, p := range n.p.Peers(coop) {
		out = append(out, workspace.PeerStatus{Member: p.Member, Name: p.Name, Addrs: p.Addrs, Connected: p.Connected, Route: string(p.Route), LastSynced: p.LastSynced})
	}
	return out
}

// SyncNow syncs once with every known peer of the co-op that has an address.
func (n *Node) SyncNow(ctx context.Context, coop string) error {
	var errs []error
	tried := 0
	for _, p := range n.p.Peers(coop) {
		for _, a := range p.Addrs {
			tried++
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			_, err := n.SyncOnce(ctx, a+"/p2p/"+p.PeerID)
			cancel()
			if err == nil {
				break
			}
			errs = append(errs, fmt.Errorf("%s: %w", p.Name, err))
		}
	}
	if tried == 0 {
		return errors.New("no member's address is known yet: meet on the same network, or sync once with `mutual sync --peer`")
	}
	return errors.Join(errs...)
}

// Progress is the latest progress of a sync of the co-op.
func (n *Node) Progress(coop string) (workspace.SyncProgress, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	p, ok := n.progress[coop]
	return p, ok
}

// forwardEvents turns the node's events into workspace events for windows.
func (n *Node) forwardEvents(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-n.p.Events():
			if !ok {
				return
			}
			n.handle(e)
		}
	}
}

func (n *Node) handle(e peer.Event) {
	text := string(e.Kind)
	switch e.Kind {
	case peer.EventProgress:
		pr := e.Progress
		n.mu.Lock()
		n.progress[e.Coop] = workspace.SyncProgress{Coop: pr.Coop, Peer: pr.Peer, DocsDone: pr.DocsDone, DocsTotal: pr.DocsTotal,
			BytesSent: pr.BytesSent, BytesReceived: pr.BytesReceived, Done: pr.Done}
		n.mu.Unlock()
	case peer.EventSynced:
		n.mu.Lock()
		delete(n.progress, e.Coop)
		n.mu.Unlock()
	case peer.EventSyncFailed:
		if e.Err != nil {
			text += ": " + e.Err.Error()
		}
	}
	n.ws.Publish(workspace.Event{Type: workspace.EventSync, Coop: e.Coop, Text: text})
}

// PeersOffline lists a co-op's known peers when no node is running: what
// the peer book remembers, all shown as not connected.
func PeersOffline(ws *workspace.Workspace, coop string) ([]workspace.PeerStatus, error) {
	me, err := ws.Identity()
	if err != nil {
		return nil, err
	}
	p, err := peer.New(peer.Config{Identity: me, ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, KV: ws.Store(),
		IsNotFound: func(err error) bool { return errors.Is(err, storage.ErrNotFound) }, Logger: ws.Logger()})
	if err != nil {
		return nil, err
	}
	defer p.Close()
	c, err := ws.Coop(coop)
	if err != nil {
		return nil, err
	}
	if err := p.AddCoop(c.Replica()); err != nil {
		return nil, err
	}
	n := &Node{p: p}
	return n.Peers(coop), nil
}
