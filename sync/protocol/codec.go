package protocol

import (
	"encoding/binary"
	"fmt"

	"github.com/mutual-coop/mutual/crdt"
)

// maxIDLen bounds every ID string on the wire; Mutual's IDs are 26 bytes.
const maxIDLen = 64

// dec reads a payload. The first problem is kept in err and later reads
// return zero values, so a decoder reads a whole message and checks once.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrMalformed, what)
	}
}

func (d *dec) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || n != uvarintSize(v) {
		d.fail(what) // truncated, overflowing, or not minimal: one value, one encoding
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a uvarint that sizes something still to come; each item takes
// at least minItem bytes, so a count the payload cannot hold is refused
// before anything is allocated for it.
func (d *dec) count(what string, minItem int) int {
	v := d.uvarint(what)
	if d.err == nil && v > uint64(len(d.b)/minItem) {
		d.fail(what + " exceeds the payload")
		return 0
	}
	return int(v)
}

func (d *dec) byte1(what string) byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 1 {
		d.fail(what)
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *dec) fixed(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.b) < n {
		d.fail(what)
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) hash8(what string) (h [8]byte) {
	copy(h[:], d.fixed(8, what))
	return h
}

// id reads a length-prefixed ID and checks it has the shape crdt.NewID gives.
func (d *dec) id(what string) string {
	n := d.uvarint(what)
	if d.err != nil {
		return ""
	}
	if n > maxIDLen {
		d.fail(what + " too long")
		return ""
	}
	s := string(d.fixed(int(n), what))
	if d.err == nil && !crdt.ValidID(s) {
		d.fail(what + " is not a valid ID")
	}
	return s
}

// done checks the payload was consumed exactly.
func (d *dec) done(t frameType) error {
	if d.err == nil && len(d.b) != 0 {
		d.fail(fmt.Sprintf("%d trailing bytes", len(d.b)))
	}
	if d.err != nil {
		return fmt.Errorf("%s: %w", t, d.err)
	}
	return nil
}

func appendID(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func uvarintSize(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
