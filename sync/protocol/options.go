package protocol

import (
	"log/slog"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Defaults for Options left zero.
const (
	DefaultMaxFrame    = 32 << 20
	DefaultReadTimeout = 30 * time.Second
	// minMaxFrame keeps room for the fixed-size frames (HELLO, BUCKETS).
	minMaxFrame = 4 << 10
	// maxLegs bounds the initial exchange: Automerge settles in a few legs
	// (a bloom-filter false positive costs one or two more); only a broken
	// or hostile peer keeps a session going longer.
	maxLegs = 64
)

// Options tune a session.
type Options struct {
	// Live keeps the session open after the initial sync and pushes local
	// edits as they happen. False returns once both sides are in step
	// (`mutual sync --once`). The session is live only if both sides ask.
	Live bool
	// MaxFrame is the largest frame accepted or sent (DefaultMaxFrame if 0).
	// A document whose saved bytes do not fit is not sent (logged).
	MaxFrame int
	// ReadTimeout bounds every read (DefaultReadTimeout if 0). Live sessions
	// send keepalives at a third of it so an idle peer is not timed out.
	ReadTimeout time.Duration
	// Progress, if set, receives progress events from the session's
	// goroutine at most every ProgressEvery, plus a last one with Done set.
	Progress func(Progress)
	// Logger receives the session's log (slog.Default if nil).
	Logger *slog.Logger
	// Identity opens documents received whole for editing. If nil, the
	// replica's IdentitySource is used; failing both they open read-only.
	Identity *crdt.Identity
	// ProgressEvery throttles Progress events (100ms if 0).
	ProgressEvery time.Duration
}

func (o Options) withDefaults() Options {
	if o.MaxFrame <= 0 {
		o.MaxFrame = DefaultMaxFrame
	}
	if o.MaxFrame < minMaxFrame {
		o.MaxFrame = minMaxFrame
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 100 * time.Millisecond
	}
	return o
}

// Progress reports a session's advance, for the window to show during long
// syncs. DocsTotal grows as the peers discover what differs.
type Progress struct {
	Coop          string
	Peer          crdt.MemberID
	DocsDone      int
	DocsTotal     int
	BytesSent     int64
	BytesReceived int64
	// Done is set on the last event of the initial sync.
	Done bool
}

// Stats summarise a session (`mutual sync --once` prints them).
type Stats struct {
	// DocsSent counts documents this side sent data for (whole or changes).
	DocsSent int
	// DocsReceived counts documents received whole or changed by the peer.
	DocsReceived int
	// BytesSent and BytesReceived count every byte on the stream.
	BytesSent     int64
	BytesReceived int64
	// PayloadBytesSent and PayloadBytesReceived count the documents and
	// Automerge messages carried, without the protocol's own framing and
	// summaries: Bytes minus Payload is the protocol's overhead.
	PayloadBytesSent     int64
	PayloadBytesReceived int64
	// RoundTrips counts the times this side sent a leg of the initial sync
	// and then waited for the peer's answer: 1 for a reconnect when nothing
	// changed (seen from the dialing side).
	RoundTrips int
	// Duration is the session's wall time.
	Duration time.Duration
}
