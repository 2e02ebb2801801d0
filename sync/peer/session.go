package peer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// sessionOptions are the protocol options for one session: progress goes to
// Events, and finishing the initial sync records the time for Peers().
func (n *Node) sessionOptions(c *coop, remote crdt.MemberID, pid lpeer.ID, live bool) protocol.Options {
	return protocol.Options{
		Live:        live,
		MaxFrame:    n.o.SyncMaxFrame,
		ReadTimeout: n.o.SyncReadTimeout,
		Logger:      n.log, // the session adds the co-op and the peer
		Identity:    n.o.Identity,
		Progress: func(p protocol.Progress) {
			n.emit(Event{Kind: EventProgress, Coop: c.id, Peer: remote, PeerID: pid, Progress: p})
			if p.Done {
				n.book.setSynced(pid, c.id, time.Now())
				n.emit(Event{Kind: EventSynced, Coop: c.id, Peer: remote, PeerID: pid, Progress: p})
			}
		},
	}
}

// runSession runs one sync session over an open stream, registered so that a
// removal can cancel it, with every write guarded by the roster.
func (n *Node) runSession(ctx context.Context, s network.Stream, c *coop, remote crdt.MemberID, initiator, live bool) (protocol.Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	remove := n.sessions.add(sessionKey{c.id, remote}, cancel)
	defer remove()
	// Cancelling a session (Close, a removal) resets its stream, which ends
	// the session's reads and writes at once. The session itself gets a
	// context that is never cancelled: the stream reset is the one way it
	// is stopped, so it always unwinds through its ordinary error path.
	stop := context.AfterFunc(ctx, func() { _ = s.Reset() })
	defer stop()
	gs := &guardedStream{Stream: s, allowed: func() bool { return c.isActive(remote) }}
	pid := s.Conn().RemotePeer()
	stats, err := protocol.RunSession(context.WithoutCancel(ctx), gs, c.replica, n.me, remote, initiator, n.sessionOptions(c, remote, pid, live))
	if err != nil {
		_ = s.Reset()
		if ctx.Err() != nil {
			return stats, fmt.Errorf("session stopped: %w", ctx.Err())
		}
		if n.ctx.Err() == nil {
			n.emit(Event{Kind: EventSyncFailed, Coop: c.id, Peer: remote, PeerID: pid, Stats: stats, Err: err})
		}
		return stats, err
	}
	_ = s.Close()
	n.book.setSynced(pid, c.id, time.Now())
	return stats, nil
}

// handleSync serves an inbound sync stream. The remote must be an active
// member of the co-op the stream names; otherwise the stream is reset before
// a single byte is written, so a non-member learns nothing — not whether this
// node serves the co-op, nor any document ID or count.
func (n *Node) handleSync(s network.Stream) {
	pid := s.Conn().RemotePeer()
	remote, err := MemberFromPeer(pid)
	if err != nil {
		_ = s.Reset()
		return
	}
	_ = s.SetReadDeadline(time.Now().Add(handshakeTimeout))
	id, err := readPreamble(s)
	if err != nil {
		n.log.Debug("sync stream without a valid preamble", "peer", pid, "err", err)
		_ = s.Reset()
		return
	}
	_ = s.SetReadDeadline(time.Time{})
	c := n.coop(id)
	if c == nil || !c.isActive(remote) {
		n.log.Info("refused sync stream from a non-member", "peer", pid, "coop", id)
		_ = s.Reset()
		return
	}
	n.mu.Lock()
	closed := n.closed
	if !closed {
		n.wg.Add(1)
	}
	n.mu.Unlock()
	if closed {
		_ = s.Reset()
		return
	}
	defer n.wg.Done()
	// The responder offers a live session; it is live only if the dialler
	// asked for one too (sync --once does not).
	if _, err := n.runSession(n.ctx, s, c, remote, false, true); err != nil {
		n.log.Debug("inbound sync session ended", "peer", pid, "coop", id, "err", err)
	}
}

// openSync opens a sync stream to p about co-op c.
func (n *Node) openSync(ctx context.Context, p lpeer.ID, c *coop) (network.Stream, error) {
	// A public relay's circuit is a limited connection (a few minutes, some
	// hundred kilobytes): small syncs (a vote, a comment) still go over it;
	// a larger one is cut off and resumes on a direct link (hole punching),
	// through a registered node or at the next meeting.
	ctx = network.WithAllowLimitedConn(ctx, "mutual sync")
	s, err := n.host.NewStream(ctx, p, protocol.ID)
	if err != nil {
		return nil, fmt.Errorf("open sync stream to %s: %w", p.ShortString(), err)
	}
	_ = s.SetWriteDeadline(time.Now().Add(handshakeTimeout))
	if err := writePreamble(s, c.id); err != nil {
		_ = s.Reset()
		return nil, fmt.Errorf("sync stream to %s: %w", p.ShortString(), err)
	}
	_ = s.SetWriteDeadline(time.Time{})
	return s, nil
}

// syncWith runs one session with p about c from this side.
func (n *Node) syncWith(ctx context.Context, p lpeer.ID, c *coop, live bool) (protocol.Stats, error) {
	remote, err := MemberFromPeer(p)
	if err != nil {
		return protocol.Stats{}, err
	}
	if !c.isActive(remote) {
		return protocol.Stats{}, fmt.Errorf("%s in co-op %s: %w", remote.Short(), c.id, ErrNotMember)
	}
	s, err := n.openSync(ctx, p, c)
	if err != nil {
		return protocol.Stats{}, err
	}
	return n.runSession(ctx, s, c, remote, true, live)
}

// SyncOnce connects to the peer at addr (a multiaddr ending in /p2p/<peer
// ID>), syncs every co-op both serve until in step, and returns the summed
// statistics. It does not need Start.
func (n *Node) SyncOnce(ctx context.Context, addr string) (protocol.Stats, error) {
	if n.isClosed() {
		return protocol.Stats{}, ErrClosed
	}
	a, err := ma.NewMultiaddr(addr)
	if err != nil {
		return protocol.Stats{}, fmt.Errorf("peer address %q: %w", addr, err)
	}
	ai, err := lpeer.AddrInfoFromP2pAddr(a)
	if err != nil {
		return protocol.Stats{}, fmt.Errorf("peer address %q must end in /p2p/<peer ID>: %w", addr, err)
	}
	if ai.ID == n.host.ID() {
		return protocol.Stats{}, fmt.Errorf("%q is this node itself: %w", addr, ErrConfig)
	}
	remote, err := MemberFromPeer(ai.ID)
	if err != nil {
		return protocol.Stats{}, err
	}
	coops := n.sharedCoops(remote)
	if len(coops) == 0 {
		return protocol.Stats{}, fmt.Errorf("%s: %w", remote.Short(), ErrNotMember)
	}
	for _, c := range coops {
		defer n.sessions.holdForOneOff(sessionKey{c.id, remote})()
	}
	start := time.Now()
	if err := n.host.Connect(network.WithAllowLimitedConn(ctx, "mutual sync"), *ai); err != nil {
		return protocol.Stats{}, fmt.Errorf("connect to %s: %w", ai.ID.ShortString(), err)
	}
	var total protocol.Stats
	var errs []error
	for _, c := range coops {
		st, err := n.syncWith(ctx, ai.ID, c, false)
		total = addStats(total, st)
		if err != nil {
			errs = append(errs, fmt.Errorf("co-op %s: %w", c.id, err))
		}
	}
	total.Duration = time.Since(start)
	return total, errors.Join(errs...)
}

func addStats(a, b protocol.Stats) protocol.Stats {
	a.DocsSent += b.DocsSent
	a.DocsReceived += b.DocsReceived
	a.BytesSent += b.BytesSent
	a.BytesReceived += b.BytesReceived
	a.RoundTrips += b.RoundTrips
	a.Duration += b.Duration
	return a
}
