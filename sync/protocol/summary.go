package protocol

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"slices"
	"strings"
)

// docSum is one document in a summary.
type docSum struct {
	id     string
	heads  [8]byte // hash of the sorted heads
	bucket uint32  // hash of the ID; its top bits pick the bucket
}

// summary is what a replica holds, condensed: enough to find, with little
// traffic, which documents differ between two replicas.
type summary struct {
	docs   []docSum       // sorted by ID
	byID   map[string]int // built with the bucket hashes
	digest [32]byte
	hashed bool // bucket hashes computed
}

// newSummary condenses a replica's summary. It runs at the start of every
// session, so it avoids per-document allocations: 10,000 documents must
// cost a few milliseconds, not tens.
func newSummary(list []DocHeads) *summary {
	s := &summary{docs: make([]docSum, 0, len(list))}
	var scratch []byte
	for _, dh := range list {
		var hh [8]byte
		hh, scratch = appendHeadsHash(scratch[:0], dh.Heads)
		s.docs = append(s.docs, docSum{id: dh.ID, heads: hh})
	}
	cmp := func(a, b docSum) int { return strings.Compare(a.id, b.id) }
	if !slices.IsSortedFunc(s.docs, cmp) {
		slices.SortFunc(s.docs, cmp)
	}
	s.docs = slices.CompactFunc(s.docs, func(a, b docSum) bool { return a.id == b.id })
	h := sha256.New()
	for _, d := range s.docs {
		writeEntry(h, d)
	}
	copy(s.digest[:], h.Sum(nil))
	return s
}

// hashIDs computes the bucket hashes and the ID index, needed only when
// digests differ.
func (s *summary) hashIDs() {
	if s.hashed {
		return
	}
	s.byID = make(map[string]int, len(s.docs))
	for i := range s.docs {
		s.byID[s.docs[i].id] = i
		idh := sha256.Sum256([]byte(s.docs[i].id))
		s.docs[i].bucket = binary.BigEndian.Uint32(idh[:4])
	}
	s.hashed = true
}

func writeEntry(h io.Writer, d docSum) {
	var b [1 + maxIDLen + 8]byte
	b[0] = byte(len(d.id))
	n := 1 + copy(b[1:], d.id)
	n += copy(b[n:], d.heads[:])
	h.Write(b[:n])
}

// headsHash condenses a document's heads. Heads name the whole history, so
// equal hashes mean equal documents.
func headsHash(heads []string) [8]byte {
	h, _ := appendHeadsHash(nil, heads)
	return h
}

// appendHeadsHash hashes heads (sorted first if they are not) using scratch
// as its buffer, and returns the buffer for reuse.
func appendHeadsHash(scratch []byte, heads []string) ([8]byte, []byte) {
	if !slices.IsSorted(heads) {
		heads = slices.Sorted(slices.Values(heads))
	}
	for i, h := range heads {
		if i > 0 {
			scratch = append(scratch, ',')
		}
		scratch = append(scratch, h...)
	}
	sum := sha256.Sum256(scratch)
	var out [8]byte
	copy(out[:], sum[:8])
	return out, scratch
}

// bucketOf is the bucket of a document for a table of 1<<bits buckets.
func bucketOf(d docSum, bits uint8) int {
	if bits == 0 {
		return 0
	}
	return int(d.bucket >> (32 - uint(bits)))
}

// bucketBits picks the table size for counts: about four documents per
// bucket, at most 256 buckets (2 KiB of digests).
func bucketBits(counts ...uint64) uint8 {
	var most uint64
	for _, c := range counts {
		most = max(most, c)
	}
	var bits uint8
	for bits < maxBucketBits && uint64(4)<<bits < most {
		bits++
	}
	return bits
}

// buckets digests each bucket; an empty bucket's digest is all zeros.
func (s *summary) buckets(bits uint8) [][8]byte {
	s.hashIDs()
	hs := make([]hash.Hash, 1<<bits)
	for _, d := range s.docs {
		b := bucketOf(d, bits)
		if hs[b] == nil {
			hs[b] = sha256.New()
		}
		writeEntry(hs[b], d)
	}
	out := make([][8]byte, len(hs))
	for i, h := range hs {
		if h != nil {
			copy(out[i][:], h.Sum(nil))
			if out[i] == ([8]byte{}) {
				out[i][7] = 1 // keep zero for "empty"
			}
		}
	}
	return out
}

// inBuckets lists the documents whose bucket is set in bitmap.
func (s *summary) inBuckets(bits uint8, bitmap []byte) []docSum {
	s.hashIDs()
	var out []docSum
	for _, d := range s.docs {
		if bitSet(bitmap, bucketOf(d, bits)) {
			out = append(out, d)
		}
	}
	return out
}

func bitSet(bitmap []byte, i int) bool {
	return i/8 < len(bitmap) && bitmap[i/8]&(1<<(i%8)) != 0
}

func setBit(bitmap []byte, i int) { bitmap[i/8] |= 1 << (i % 8) }

func isZero(h [8]byte) bool { return h == [8]byte{} }
