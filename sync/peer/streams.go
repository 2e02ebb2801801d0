package peer

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
)

// preambleVersion starts every Mutual stream this package opens, before the
// co-op ID it is about. One host serves several co-ops, so the responder must
// know which replica (and which roster) applies before it says anything.
const preambleVersion = 1

// handshakeTimeout bounds the small exchanges this package does itself
// (preamble, join request and reply, peer exchange).
const handshakeTimeout = 15 * time.Second

// maxCoopIDLen bounds the co-op ID in a preamble (crdt IDs are 26 bytes).
const maxCoopIDLen = 64

var errBadPreamble = errors.New("bad stream preamble")

// writePreamble names the co-op a stream is about.
func writePreamble(w io.Writer, coopID string) error {
	b := []byte{preambleVersion}
	b = binary.AppendUvarint(b, uint64(len(coopID)))
	b = append(b, coopID...)
	_, err := w.Write(b)
	return err
}

// readPreamble reads the co-op ID a stream is about. It reads byte by byte
// (the preamble is tiny) so that nothing beyond it is consumed from s.
func readPreamble(s io.Reader) (string, error) {
	br := byteReader{r: s}
	v, err := br.ReadByte()
	if err != nil {
		return "", err
	}
	if v != preambleVersion {
		return "", fmt.Errorf("preamble version %d: %w", v, errBadPreamble)
	}
	n, err := binary.ReadUvarint(&br)
	if err != nil {
		return "", fmt.Errorf("preamble length: %w", err)
	}
	if n == 0 || n > maxCoopIDLen {
		return "", fmt.Errorf("co-op ID of %d bytes: %w", n, errBadPreamble)
	}
	id := make([]byte, n)
	if _, err := io.ReadFull(s, id); err != nil {
		return "", err
	}
	return string(id), nil
}

type byteReader struct{ r io.Reader }

func (b *byteReader) ReadByte() (byte, error) {
	var one [1]byte
	if _, err := io.ReadFull(b.r, one[:]); err != nil {
		return 0, err
	}
	return one[0], nil
}

// readFrame reads one uvarint-length-prefixed message of at most limit bytes.
func readFrame(r *bufio.Reader, limit int) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	if n > uint64(limit) {
		return nil, fmt.Errorf("message of %d bytes, limit %d: %w", n, limit, errBadPreamble)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	return b, nil
}

// writeFrame writes one uvarint-length-prefixed message.
func writeFrame(w io.Writer, msg []byte) error {
	b := binary.AppendUvarint(make([]byte, 0, len(msg)+binary.MaxVarintLen64), uint64(len(msg)))
	_, err := w.Write(append(b, msg...))
	return err
}

// errNoLongerMember ends a session whose peer stopped being a member.
var errNoLongerMember = errors.New("peer is no longer an active member")

// guardedStream re-checks membership before every write of a session, so
// the moment a removal is in the roster (local or synced) not one more byte
// reaches the removed member, even before the session is cancelled.
type guardedStream struct {
	network.Stream
	allowed func() bool
}

func (g *guardedStream) Write(p []byte) (int, error) {
	if !g.allowed() {
		_ = g.Stream.Reset()
		return 0, errNoLongerMember
	}
	return g.Stream.Write(p)
}
