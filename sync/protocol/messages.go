package protocol

import (
	"encoding/binary"
	"fmt"
)

// maxBucketBits bounds the bucket table: 256 buckets × 8 bytes = 2 KiB.
const maxBucketBits = 8

// message is a decoded frame payload.
type message interface{ kind() frameType }

// helloMsg opens a session: who we are, and a digest of everything we hold.
type helloMsg struct {
	version uint64
	coop    string
	digest  [32]byte
	count   uint64 // documents held
	live    bool   // wants to stay connected after the initial sync
}

// bucketsMsg splits the summary into 1<<bits buckets by hash of doc ID; an
// empty bucket's digest is all zeros.
type bucketsMsg struct {
	bits    uint8
	digests [][8]byte
}

// diffMsg names the buckets whose digests differ.
type diffMsg struct {
	bits   uint8
	bitmap []byte
}

type listEntry struct {
	id    string
	heads [8]byte
}

// listMsg lists the sender's documents in differing buckets. Entries number
// the session's ref table in the order sent, across LIST frames.
type listMsg struct{ entries []listEntry }

type announceMsg struct{ docs uint64 }

// ref names a document: an index into the ref table, or an explicit ID.
type ref struct {
	index int // -1: explicit
	id    string
}

type docMsg struct {
	ref  ref
	data []byte
}

// syncMsg carries one Automerge sync message and a hash of the sender's
// heads after generating it, so the receiver can tell when it has caught up
// without waiting for one more acknowledgement.
type syncMsg struct {
	ref   ref
	heads [8]byte
	data  []byte
}

type wantMsg struct{ refs []ref }

type turnMsg struct{ done bool }

type pingMsg struct{}

func (helloMsg) kind() frameType    { return frameHello }
func (bucketsMsg) kind() frameType  { return frameBuckets }
func (diffMsg) kind() frameType     { return frameDiff }
func (listMsg) kind() frameType     { return frameList }
func (announceMsg) kind() frameType { return frameAnnounce }
func (docMsg) kind() frameType      { return frameDoc }
func (syncMsg) kind() frameType     { return frameSync }
func (wantMsg) kind() frameType     { return frameWant }
func (turnMsg) kind() frameType     { return frameTurn }
func (pingMsg) kind() frameType     { return framePing }

// encode returns a message's payload as a head and a body; the body (a
// document or an Automerge message) is written as is, never copied.
func encode(m message) (head, body []byte) {
	switch m := m.(type) {
	case helloMsg:
		head = binary.AppendUvarint(nil, m.version)
		head = appendID(head, m.coop)
		head = append(head, m.digest[:]...)
		head = binary.AppendUvarint(head, m.count)
		var flags byte
		if m.live {
			flags |= 1
		}
		head = append(head, flags)
	case bucketsMsg:
		head = make([]byte, 0, 1+8*len(m.digests))
		head = append(head, m.bits)
		for _, d := range m.digests {
			head = append(head, d[:]...)
		}
	case diffMsg:
		head = append([]byte{m.bits}, m.bitmap...)
	case listMsg:
		head = binary.AppendUvarint(nil, uint64(len(m.entries)))
		for _, e := range m.entries {
			head = appendID(head, e.id)
			head = append(head, e.heads[:]...)
		}
	case announceMsg:
		head = binary.AppendUvarint(nil, m.docs)
	case docMsg:
		head = appendRef(nil, m.ref)
		body = m.data
	case syncMsg:
		head = appendRef(nil, m.ref)
		head = append(head, m.heads[:]...)
		body = m.data
	case wantMsg:
		head = binary.AppendUvarint(nil, uint64(len(m.refs)))
		for _, r := range m.refs {
			head = appendRef(head, r)
		}
	case turnMsg:
		if m.done {
			head = []byte{1}
		} else {
			head = []byte{0}
		}
	case pingMsg:
	}
	return head, body
}

func appendRef(dst []byte, r ref) []byte {
	if r.index >= 0 {
		return binary.AppendUvarint(dst, uint64(r.index)+1)
	}
	dst = append(dst, 0)
	return appendID(dst, r.id)
}

func (d *dec) ref(what string) ref {
	v := d.uvarint(what)
	if d.err != nil {
		return ref{index: -1}
	}
	if v == 0 {
		return ref{index: -1, id: d.id(what)}
	}
	if v > 1<<31 {
		d.fail(what + " index out of range")
		return ref{index: -1}
	}
	return ref{index: int(v - 1)}
}

// decode parses a frame's payload strictly: unknown types, short or long
// payloads and malformed IDs are errors wrapping ErrMalformed.
func decode(f frame) (message, error) {
	d := &dec{b: f.payload}
	var m message
	switch f.typ {
	case frameHello:
		h := helloMsg{version: d.uvarint("version"), coop: d.id("co-op ID")}
		copy(h.digest[:], d.fixed(32, "digest"))
		h.count = d.uvarint("document count")
		flags := d.byte1("flags")
		if flags&^1 != 0 {
			d.fail("unknown flags")
		}
		h.live = flags&1 != 0
		m = h
	case frameBuckets:
		b := bucketsMsg{bits: d.byte1("bucket bits")}
		if b.bits > maxBucketBits {
			d.fail("too many buckets")
		}
		if d.err == nil {
			b.digests = make([][8]byte, 1<<b.bits)
			for i := range b.digests {
				b.digests[i] = d.hash8("bucket digest")
			}
		}
		m = b
	case frameDiff:
		b := diffMsg{bits: d.byte1("bucket bits")}
		if b.bits > maxBucketBits {
			d.fail("too many buckets")
		}
		b.bitmap = d.fixed(bitmapLen(b.bits), "bucket bitmap")
		m = b
	case frameList:
		n := d.count("entry count", 1+26+8)
		l := listMsg{entries: make([]listEntry, 0, n)}
		for i := 0; i < n && d.err == nil; i++ {
			l.entries = append(l.entries, listEntry{id: d.id("document ID"), heads: d.hash8("heads hash")})
		}
		m = l
	case frameAnnounce:
		m = announceMsg{docs: d.uvarint("document count")}
	case frameDoc:
		dm := docMsg{ref: d.ref("document"), data: d.rest()}
		if d.err == nil && len(dm.data) == 0 {
			d.fail("empty document")
		}
		m = dm
	case frameSync:
		s := syncMsg{ref: d.ref("document"), heads: d.hash8("heads hash")}
		s.data = d.rest()
		if d.err == nil && len(s.data) == 0 {
			d.fail("empty sync message")
		}
		m = s
	case frameWant:
		n := d.count("want count", 1)
		w := wantMsg{refs: make([]ref, 0, n)}
		for i := 0; i < n && d.err == nil; i++ {
			w.refs = append(w.refs, d.ref("wanted document"))
		}
		m = w
	case frameTurn:
		flags := d.byte1("turn flags")
		if flags > 1 {
			d.fail("unknown turn flags")
		}
		m = turnMsg{done: flags == 1}
	case framePing:
		m = pingMsg{}
	default:
		return nil, fmt.Errorf("%w: unknown frame %s", ErrMalformed, f.typ)
	}
	if err := d.done(f.typ); err != nil {
		return nil, err
	}
	return m, nil
}

// rest takes the remaining payload (the document or Automerge message).
func (d *dec) rest() []byte {
	if d.err != nil {
		return nil
	}
	v := d.b
	d.b = nil
	return v
}

func bitmapLen(bits uint8) int { return (1<<bits + 7) / 8 }
