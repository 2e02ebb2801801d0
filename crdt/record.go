package crdt

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/automerge/automerge-go"
)

// recordsKey is the root map holding a document's signed records, keyed by
// each record's key (a hash of its bytes), so two replicas adding records at
// once keep both and a record can be put back under the same key.
const recordsKey = "records"

// envelope is a signed record: a statement by Member, signed by Signer, about
// document Doc. Signer and Member are separate so that a later "member key
// certifies device keys" design fits: today they are always equal (a member
// has one device), and a record whose signer is not its member is refused.
type envelope struct {
	Type   string          `json:"type"`
	Doc    string          `json:"doc"`
	Member MemberID        `json:"member"`
	Signer MemberID        `json:"signer"`
	At     int64           `json:"at"` // ms since the epoch, the record's claimed time
	Body   json.RawMessage `json:"body"`
	Sig    []byte          `json:"sig,omitempty"`
}

// signedBytes is what the signature covers: the envelope without its
// signature, prefixed by a domain tag.
func (e envelope) signedBytes() []byte {
	e.Sig = nil
	b, _ := json.Marshal(e) // cannot fail: only strings, ints, bytes and raw JSON
	return append([]byte("mutual-record-v1\n"), b...)
}

// sealRecord signs a record of typ about doc by me and returns its bytes.
func sealRecord(typ, doc string, me *Identity, atMillis int64, body any) ([]byte, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode %s record: %w", typ, err)
	}
	e := envelope{Type: typ, Doc: doc, Member: me.Member(), Signer: me.Member(), At: atMillis, Body: raw}
	e.Sig = me.Sign(e.signedBytes())
	return json.Marshal(e)
}

// openRecord parses and checks a record's bytes: it must be about doc and
// its signature must verify.
func openRecord(b []byte, doc string) (envelope, error) {
	var e envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("record is not readable: %w", ErrMalformed)
	}
	switch {
	case e.Doc != doc:
		return e, fmt.Errorf("record is about another document: %w", ErrInvalid)
	case e.Signer != e.Member:
		return e, fmt.Errorf("record signed by a key other than its member's: %w", ErrInvalid)
	case !e.Signer.Verify(e.signedBytes(), e.Sig):
		return e, fmt.Errorf("record signature does not verify: %w", ErrInvalid)
	}
	return e, nil
}

// recordKey is a record's stable key: a hash of its bytes.
func recordKey(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// rawRecord is a record as stored, opened or not.
type rawRecord struct {
	key   string
	bytes []byte
	env   envelope
	err   error // why it does not count; nil when it verifies
	actor string
}

// readRecords reads every record under root's records map, sorted by claimed
// time then key. Records that do not open are returned with their error, so
// readers can report them.
func readRecords(root *automerge.Map, doc string) ([]rawRecord, error) {
	var r reader
	rm := r.mapAt(root, recordsKey)
	keys := r.keys(rm)
	if r.err != nil {
		return nil, fmt.Errorf("records: %w", r.err)
	}
	out := make([]rawRecord, 0, len(keys))
	for _, k := range keys {
		var rr reader
		b := rr.bytes(rm, k)
		rec := rawRecord{key: k, bytes: b}
		switch {
		case rr.err != nil:
			rec.err = fmt.Errorf("record %s: %w", k, rr.err)
		case recordKey(b) != k:
			rec.err = fmt.Errorf("record %s is stored under a key that does not match its bytes: %w", k, ErrInvalid)
		default:
			rec.env, rec.err = openRecord(b, doc)
		}
		out = append(out, rec)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].env.At != out[j].env.At {
			return out[i].env.At < out[j].env.At
		}
		return out[i].key < out[j].key
	})
	return out, nil
}

// putRecord stores record bytes under their key.
func putRecord(root *automerge.Map, b []byte) error {
	rm, err := mapAtRoot(root, recordsKey)
	if err != nil {
		return err
	}
	if err := rm.Set(recordKey(b), b); err != nil {
		return fmt.Errorf("store record: %w", err)
	}
	return nil
}
