package crdt

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/automerge/automerge-go"
)

// ErrForeignHistory means changes arrived that start a second history: a
// document with the same ID but another first change. Its values would
// replace the real document's wherever they win a conflict, so it is refused.
var ErrForeignHistory = errors.New("the changes come from another document's history (a second first change) and were refused")

// SignedRecord is one signed statement held in a document — a stance, a
// roster entry, a settings record, the founder's binding — as bytes a device
// can keep beside the document and put back with Restore. Key is unique and
// stable per record.
type SignedRecord struct {
	Key   string
	Bytes []byte
}

// Restored is a signed record that was missing from the document and was
// put back. What is human text ("vote", "roster entry"), Author whose record
// it is, RemovedBy the devices whose changes removed it, where known.
type Restored struct {
	Key       string
	What      string
	Author    MemberID
	RemovedBy []MemberID
}

// Key prefixes: each names how the record's bytes are put back.
const (
	keptStance  = "stance/"
	keptEntry   = "entry/"
	keptRecord  = "record/"
	keptFounder = "founder"
)

type founderBinding struct {
	Founder MemberID `json:"founder"`
	Nonce   string   `json:"nonce"`
}

// SignedRecords lists every record in the document whose signature verifies
// (for the founder binding: whose hash is the co-op ID).
func (d *Doc) SignedRecords() (out []SignedRecord, err error) {
	err = d.read(func(root *automerge.Map) error {
		out, err = d.signedRecordsLocked(root)
		return err
	})
	return out, err
}

// signedRecordsLocked collects the records under the lock.
func (d *Doc) signedRecordsLocked(root *automerge.Map) ([]SignedRecord, error) {
	var out []SignedRecord
	recs, err := readRecords(root, d.id)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.err == nil {
			out = append(out, SignedRecord{Key: keptRecord + r.key, Bytes: r.bytes})
		}
	}
	switch d.kind {
	case KindProposal:
		stances, err := readStanceRecords(root)
		if err != nil {
			return nil, err
		}
		for _, s := range stances {
			if s.malformed == nil && s.verify(d.id) {
				out = append(out, stanceRecordOf(s.Stance))
			}
		}
	case KindRoster:
		var r reader
		founder, nonce := r.str(root, "founder"), r.str(root, "nonce")
		if r.err == nil && CoopID(MemberID(founder), nonce) == d.id {
			b, _ := json.Marshal(founderBinding{Founder: MemberID(founder), Nonce: nonce})
			out = append(out, SignedRecord{Key: keptFounder, Bytes: b})
		}
		entries, err := readEntries(root)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.By.Verify(e.signedBytes(d.id), e.Sig) {
				out = append(out, entryRecordOf(e))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return dedupeRecords(out), nil
}

// heldRecordsLocked lists the records the document holds in the form
// SignedRecords gives them, without verifying signatures: it runs around
// every merge and sync message, where only a record that goes missing needs
// checking (Restore verifies each one it puts back). Callers hold d.mu.
func (d *Doc) heldRecordsLocked(root *automerge.Map) ([]SignedRecord, error) {
	var out []SignedRecord
	var r reader
	rm := r.mapAt(root, recordsKey)
	for _, k := range r.keys(rm) {
		var rr reader
		if b := rr.bytes(rm, k); rr.err == nil && recordKey(b) == k {
			out = append(out, SignedRecord{Key: keptRecord + k, Bytes: b})
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("records: %w", r.err)
	}
	switch d.kind {
	case KindProposal:
		stances, err := readStanceRecords(root)
		if err != nil {
			return nil, err
		}
		for _, s := range stances {
			if s.malformed == nil && len(s.Sig) >= 16 {
				out = append(out, stanceRecordOf(s.Stance))
			}
		}
	case KindRoster:
		founder, nonce := r.str(root, "founder"), r.str(root, "nonce")
		if r.err == nil && CoopID(MemberID(founder), nonce) == d.id {
			b, _ := json.Marshal(founderBinding{Founder: MemberID(founder), Nonce: nonce})
			out = append(out, SignedRecord{Key: keptFounder, Bytes: b})
		}
		entries, err := readEntries(root)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if len(e.Sig) >= 16 {
				out = append(out, entryRecordOf(e))
			}
		}
	}
	return out, nil
}

func dedupeRecords(in []SignedRecord) []SignedRecord {
	out := in[:0]
	for i, r := range in {
		if i == 0 || r.Key != in[i-1].Key {
			out = append(out, r)
		}
	}
	return out
}

func stanceRecordOf(s Stance) SignedRecord {
	b, _ := json.Marshal(s)
	return SignedRecord{Key: keptStance + hex.EncodeToString(s.Sig[:16]), Bytes: b}
}

func entryRecordOf(e RosterEntry) SignedRecord {
	b, _ := json.Marshal(e)
	return SignedRecord{Key: keptEntry + hex.EncodeToString(e.Sig[:16]), Bytes: b}
}

// Restore puts back, as one change, every kept record that verifies and is
// missing from the document, and says what it put back. A record is missing
// when no record with its key is present; an overwritten record no longer
// verifies, so it counts as missing too.
func (d *Doc) Restore(kept []SignedRecord) (out []Restored, err error) {
	if d.me == nil {
		return nil, ErrReadOnly
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	defer recoverInto(&err)
	return d.restoreLocked(kept, nil)
}

// restoreLocked is Restore under the lock; removedBy names the devices whose
// changes just arrived, when the caller knows them.
func (d *Doc) restoreLocked(kept []SignedRecord, removedBy []MemberID) ([]Restored, error) {
	if len(kept) == 0 || d.me == nil {
		return nil, nil
	}
	root := d.am.RootMap()
	have, err := d.heldRecordsLocked(root)
	if err != nil {
		return nil, err
	}
	present := make(map[string]bool, len(have))
	for _, r := range have {
		present[r.Key+"\x00"+string(r.Bytes)] = true
	}
	// Missing: removed, or overwritten (the same key with other bytes).
	// Only these are checked again (putBack verifies), so a merge that
	// removes nothing costs no signature verification.
	var missing []SignedRecord
	for _, k := range kept {
		if !present[k.Key+"\x00"+string(k.Bytes)] {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	var out []Restored
	before := d.am.Heads()
	for _, k := range missing {
		r, err := d.putBack(root, k)
		if err != nil {
			continue // a kept record that no longer checks out is not put back
		}
		r.RemovedBy = removedBy
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, nil
	}
	now := d.now()
	if _, err := d.am.Commit(fmt.Sprintf("put back %d signed record(s) another copy removed", len(out)), automerge.CommitOptions{Time: &now}); err != nil {
		d.rollback(before)
		return nil, fmt.Errorf("commit restored records: %w", err)
	}
	return out, nil
}

// putBack checks one kept record again and writes it into the document.
func (d *Doc) putBack(root *automerge.Map, k SignedRecord) (Restored, error) {
	r := Restored{Key: k.Key}
	switch {
	case len(k.Key) > len(keptRecord) && k.Key[:len(keptRecord)] == keptRecord:
		e, err := openRecord(k.Bytes, d.id)
		if err != nil || keptRecord+recordKey(k.Bytes) != k.Key {
			return r, fmt.Errorf("kept record %s: %w", k.Key, ErrInvalid)
		}
		r.What, r.Author = describeRecord(e.Type), e.Member
		return r, putRecord(root, k.Bytes)
	case d.kind == KindProposal && len(k.Key) > len(keptStance) && k.Key[:len(keptStance)] == keptStance:
		var s Stance
		if err := json.Unmarshal(k.Bytes, &s); err != nil || !s.verify(d.id) || stanceRecordOf(s).Key != k.Key {
			return r, fmt.Errorf("kept stance %s: %w", k.Key, ErrInvalid)
		}
		r.What, r.Author = "vote", s.Member
		return r, appendStance(root, s)
	case d.kind == KindRoster && len(k.Key) > len(keptEntry) && k.Key[:len(keptEntry)] == keptEntry:
		var e RosterEntry
		if err := json.Unmarshal(k.Bytes, &e); err != nil || !e.By.Verify(e.signedBytes(d.id), e.Sig) || entryRecordOf(e).Key != k.Key {
			return r, fmt.Errorf("kept roster entry %s: %w", k.Key, ErrInvalid)
		}
		r.What, r.Author = "roster entry", e.By
		return r, appendEntry(root, e)
	case d.kind == KindRoster && k.Key == keptFounder:
		var f founderBinding
		if err := json.Unmarshal(k.Bytes, &f); err != nil || CoopID(f.Founder, f.Nonce) != d.id {
			return r, fmt.Errorf("kept founder: %w", ErrInvalid)
		}
		r.What, r.Author = "founder of the co-op", f.Founder
		if err := root.Set("founder", string(f.Founder)); err != nil {
			return r, err
		}
		return r, root.Set("nonce", f.Nonce)
	}
	return r, fmt.Errorf("kept record %q of unknown kind: %w", k.Key, ErrInvalid)
}

func describeRecord(typ string) string {
	if typ == recordProposalSettings {
		return "proposal settings"
	}
	if w, ok := meetingRecordWords[typ]; ok {
		return w
	}
	return "signed record"
}

// checkNewChanges refuses changes that arrived since heads when one of them
// has no dependencies: only the genesis change may, and it is already held.
// It looks at the new changes only. Callers hold d.mu.
func (d *Doc) checkNewChanges(heads []automerge.ChangeHash) ([]MemberID, error) {
	chs, err := d.am.Changes(heads...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	seen := map[MemberID]bool{}
	var actors []MemberID
	for _, c := range chs {
		if len(c.Dependencies()) == 0 {
			return nil, fmt.Errorf("document %s: %w", d.id, ErrForeignHistory)
		}
		if a := MemberID(c.ActorID()); !seen[a] {
			seen[a] = true
			actors = append(actors, a)
		}
	}
	return actors, nil
}

// lastRestored keeps what the latest merge put back, for the caller to
// report (TakeRestored).
type restoredLog struct{ items []Restored }

// TakeRestored returns and forgets the records that merges, loads and sync
// messages removed and this document put back since the last call.
func (d *Doc) TakeRestored() []Restored {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.restored.items
	d.restored.items = nil
	return out
}
