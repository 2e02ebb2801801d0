package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// DocMeta describes a document for listings. Storage treats every field but
// Coop, ID and Bytes as opaque.
type DocMeta struct {
	Coop     string    // co-op ID the document belongs to
	ID       string    // document ID, unique within the co-op
	Kind     string    // "proposal", "schedule", "agreement", "roster"
	Title    string    //
	Status   string    // e.g. "open", "closed", "draft", "ratified"; free text
	Deadline time.Time // zero when none
	Updated  time.Time // set to now by PutDoc/AppendChange when zero
	Author   string    //
	Bytes    int       // snapshot + live increments; maintained by storage, ignored on input
	// Heads are the document's Automerge heads after this write, so sync can
	// compare a whole co-op without loading any document.
	Heads []string
}

// metaRecord is what meta/<coop>/<id> holds: the caller's metadata plus the
// bookkeeping storage needs.
type metaRecord struct {
	DocMeta
	// Epoch changes whenever PutDoc replaces the snapshot, so a compaction
	// that started before can tell its result is stale.
	Epoch uint64
	// Live increments have FirstSeq <= seq < NextSeq. NextSeq never decreases
	// while the document exists.
	FirstSeq, NextSeq uint64
	// SnapBytes and IncBytes are payload sizes of the snapshot and the live
	// increments.
	SnapBytes, IncBytes uint64
}

func (r metaRecord) meta() DocMeta {
	m := r.DocMeta
	m.Bytes = int(r.SnapBytes + r.IncBytes)
	return m
}

// maxMetaBytes bounds one encoded record; listings read every record.
const maxMetaBytes = 64 << 10

// metaLayout versions the field order below, inside the value envelope.
// Layout 2 appended the heads; layout 1 records (without) still decode.
const (
	metaLayoutV1 byte = 1
	metaLayout   byte = 2
)

// maxHeads bounds the heads kept per document: a document has one head per
// concurrent branch not yet merged, a handful in practice.
const maxHeads = 1024

func encodeMeta(r metaRecord) ([]byte, error) {
	b := []byte{metaLayout}
	for _, s := range []string{r.Coop, r.ID, r.Kind, r.Title, r.Status, r.Author} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = appendTime(b, r.Deadline)
	b = appendTime(b, r.Updated)
	for _, n := range []uint64{r.Epoch, r.FirstSeq, r.NextSeq, r.SnapBytes, r.IncBytes} {
		b = binary.AppendUvarint(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Heads)))
	for _, h := range r.Heads {
		b = binary.AppendUvarint(b, uint64(len(h)))
		b = append(b, h...)
	}
	if len(b) > maxMetaBytes {
		return nil, fmt.Errorf("storage: metadata of %s/%s is %d bytes encoded, limit %d: %w",
			r.Coop, r.ID, len(b), maxMetaBytes, ErrInvalidArgument)
	}
	return b, nil
}

// appendTime writes 0 for the zero time, else 1, Unix seconds and nanoseconds.
// The location is not kept; decoded times are in time.Local.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// decodeMeta never panics on arbitrary input; any malformation is ErrCorrupt.
func decodeMeta(key, payload []byte) (metaRecord, error) {
	d := metaDecoder{buf: payload}
	layout := d.byte()
	if d.err == nil && layout != metaLayout && layout != metaLayoutV1 {
		return metaRecord{}, corruptf(key, "unknown metadata layout %d", layout)
	}
	var r metaRecord
	for _, s := range []*string{&r.Coop, &r.ID, &r.Kind, &r.Title, &r.Status, &r.Author} {
		*s = d.string()
	}
	r.Deadline = d.time()
	r.Updated = d.time()
	for _, n := range []*uint64{&r.Epoch, &r.FirstSeq, &r.NextSeq, &r.SnapBytes, &r.IncBytes} {
		*n = d.uvarint()
	}
	if layout == metaLayout {
		n := d.uvarint()
		if n > maxHeads {
			return metaRecord{}, corruptf(key, "metadata lists %d heads", n)
		}
		for i := uint64(0); i < n && d.err == nil; i++ {
			r.Heads = append(r.Heads, d.string())
		}
	}
	switch {
	case d.err != nil:
		return metaRecord{}, corruptf(key, "metadata: %v", d.err)
	case len(d.buf) != 0:
		return metaRecord{}, corruptf(key, "metadata has %d trailing bytes", len(d.buf))
	case r.FirstSeq > r.NextSeq:
		return metaRecord{}, corruptf(key, "metadata increment range [%d, %d) is inverted", r.FirstSeq, r.NextSeq)
	case r.SnapBytes > 1<<40 || r.IncBytes > 1<<40:
		return metaRecord{}, corruptf(key, "metadata sizes %d/%d are implausible", r.SnapBytes, r.IncBytes)
	}
	return r, nil
}

var errTruncated = errors.New("truncated")

// metaDecoder reads fields in order; the first error sticks and later reads
// return zero values.
type metaDecoder struct {
	buf []byte
	err error
}

func (d *metaDecoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.buf) == 0 {
		d.err = errTruncated
		return 0
	}
	v := d.buf[0]
	d.buf = d.buf[1:]
	return v
}

func (d *metaDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.err = errors.New("bad unsigned varint")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *metaDecoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.buf)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *metaDecoder) string() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.buf)) {
		d.err = fmt.Errorf("string of %d bytes exceeds the %d remaining: %w", n, len(d.buf), errTruncated)
		return ""
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	return s
}

func (d *metaDecoder) time() time.Time {
	switch d.byte() {
	case 0:
		return time.Time{}
	case 1:
		sec, nsec := d.varint(), d.uvarint()
		if d.err == nil && nsec >= uint64(time.Second) {
			d.err = fmt.Errorf("nanoseconds %d out of range", nsec)
		}
		if d.err != nil {
			return time.Time{}
		}
		return time.Unix(sec, int64(nsec))
	default:
		if d.err == nil {
			d.err = errors.New("bad time flag")
		}
		return time.Time{}
	}
}
