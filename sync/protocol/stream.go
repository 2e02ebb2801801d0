package protocol

import (
	"io"
	"time"
)

// ID is the libp2p protocol ID of the sync protocol.
const ID = "/mutual/sync/1.0.0"

// Version is the protocol version carried in HELLO. A peer announcing
// another version is refused with ErrVersion rather than misread.
const Version = 1

// Stream is one bidirectional byte stream to a peer with deadlines.
// libp2p's network.Stream and net.Conn both satisfy it.
type Stream interface {
	io.ReadWriteCloser
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}
