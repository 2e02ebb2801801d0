package peer

import (
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// EventKind says what happened.
type EventKind string

// Event kinds, in the order a peer usually goes through them.
const (
	// EventPeerFound: a member's device was discovered (Source says how).
	EventPeerFound EventKind = "peer-found"
	// EventPeerConnected: a connection to a member's device is up.
	EventPeerConnected EventKind = "peer-connected"
	// EventPeerDisconnected: the last connection to a member's device closed.
	EventPeerDisconnected EventKind = "peer-disconnected"
	// EventProgress: a long sync advanced (Progress is set).
	EventProgress EventKind = "progress"
	// EventSynced: a session's initial sync finished; later edits flow live.
	EventSynced EventKind = "synced"
	// EventSyncFailed: a session ended with an error (Err is set).
	EventSyncFailed EventKind = "sync-failed"
	// EventMemberJoined: someone joined with one of this node's invites.
	EventMemberJoined EventKind = "member-joined"
)

// Event is one thing the window may want to show. Coop and Peer are empty
// when they do not apply.
type Event struct {
	Kind     EventKind
	At       time.Time
	Coop     string
	Peer     crdt.MemberID
	PeerID   lpeer.ID
	Source   string // for EventPeerFound: "mdns" or "pex"
	Progress protocol.Progress
	Stats    protocol.Stats
	Err      error
}

// eventBuffer is the Events channel's capacity. The node never blocks on a
// slow reader: when the buffer is full the event is dropped (and counted in
// the log), since every event kind is either repeated or recoverable from
// Peers().
const eventBuffer = 1024

// emit delivers e without blocking.
func (n *Node) emit(e Event) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	n.evMu.Lock()
	defer n.evMu.Unlock()
	if n.evClosed {
		return
	}
	select {
	case n.events <- e:
	default:
		n.evDropped++
		if n.evDropped == 1 || n.evDropped%100 == 0 {
			n.log.Warn("event buffer full: dropping events", "dropped", n.evDropped)
		}
	}
}

// Events delivers what happens on the node until Close, which closes the
// channel. Read it promptly; events are dropped rather than block sync.
func (n *Node) Events() <-chan Event { return n.events }

func (n *Node) closeEvents() {
	n.evMu.Lock()
	defer n.evMu.Unlock()
	if !n.evClosed {
		n.evClosed = true
		close(n.events)
	}
}
