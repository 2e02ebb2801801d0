package protocol

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// frameType is a frame's one-byte type; docs/PROTOCOL.md lists them.
type frameType byte

const (
	frameHello    frameType = 1  // version, co-op, digest, document count, flags
	frameBuckets  frameType = 2  // per-bucket digests of the sender's summary
	frameDiff     frameType = 3  // which buckets differ (bitmap)
	frameList     frameType = 4  // (doc ID, heads hash) entries; they number the ref table
	frameAnnounce frameType = 5  // how many whole documents follow (progress)
	frameDoc      frameType = 6  // one document whole (saved bytes)
	frameSync     frameType = 7  // one Automerge sync message for one document
	frameWant     frameType = 8  // documents the sender lacks: send them whole
	frameTurn     frameType = 9  // end of a leg; flag: done
	framePing     frameType = 10 // live keepalive
)

func (t frameType) String() string {
	names := [...]string{"", "HELLO", "BUCKETS", "DIFF", "LIST", "ANNOUNCE", "DOC", "SYNC", "WANT", "TURN", "PING"}
	if int(t) < len(names) && t != 0 {
		return names[t]
	}
	return fmt.Sprintf("type %d", byte(t))
}

// frame is one decoded-length frame: type and payload.
type frame struct {
	typ     frameType
	payload []byte
}

// readFrame reads one frame: uvarint length (of type byte + payload), type
// byte, payload. A length above max is refused before anything is allocated.
// It returns the bytes consumed.
func readFrame(r *bufio.Reader, max int) (frame, int, error) {
	n, hdr, err := readLength(r)
	if err != nil {
		return frame{}, hdr, err
	}
	switch {
	case n == 0:
		return frame{}, hdr, fmt.Errorf("%w: empty frame", ErrMalformed)
	case n > uint64(max):
		return frame{}, hdr, fmt.Errorf("%w: %d bytes, max %d", ErrFrameTooLarge, n, max)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return frame{}, hdr, fmt.Errorf("%w: truncated frame: %v", ErrMalformed, err)
		}
		return frame{}, hdr, err
	}
	return frame{typ: frameType(buf[0]), payload: buf[1:]}, hdr + int(n), nil
}

// readLength reads the uvarint length prefix. EOF before its first byte is a
// clean end (io.EOF); EOF inside it, or more than 10 bytes, is malformed.
func readLength(r io.ByteReader) (n uint64, read int, err error) {
	var shift uint
	for read < binary.MaxVarintLen64 {
		b, err := r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if read == 0 {
					return 0, 0, io.EOF
				}
				return 0, read, fmt.Errorf("%w: truncated frame length", ErrMalformed)
			}
			return 0, read, err
		}
		read++
		if read == binary.MaxVarintLen64 && b > 1 {
			break
		}
		n |= uint64(b&0x7f) << shift
		if b < 0x80 {
			if read != uvarintSize(n) {
				return 0, read, fmt.Errorf("%w: frame length not minimally encoded", ErrMalformed)
			}
			return n, read, nil
		}
		shift += 7
	}
	return 0, read, fmt.Errorf("%w: frame length overflows", ErrMalformed)
}

// frameHeader is the length prefix and type byte for a payload of n bytes.
func frameHeader(dst []byte, t frameType, n int) []byte {
	dst = binary.AppendUvarint(dst, uint64(n)+1)
	return append(dst, byte(t))
}
