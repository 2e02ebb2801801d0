package storage

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// setRaw writes bytes under a key directly through Badger, bypassing the
// store's encoding, as disk damage would.
func setRaw(t *testing.T, db *badger.DB, key, value []byte) {
	t.Helper()
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set(key, value) }); err != nil {
		t.Fatal(err)
	}
}

func wantCorruptNaming(t *testing.T, err error, key []byte) {
	t.Helper()
	wantErr(t, err, ErrCorrupt)
	if !strings.Contains(err.Error(), fmt.Sprintf("%q", key)) {
		t.Fatalf("error %q does not name key %q", err, key)
	}
}

func TestCorruptValuesGiveErrCorrupt(t *testing.T) {
	garbage := map[string][]byte{
		"random":       []byte("\x93\x00garbage bytes from a bad sector"),
		"short":        {valueVersion, 1},
		"bad version":  append([]byte{99}, encodeValue([]byte("x"))[1:]...),
		"bad checksum": func() []byte { v := encodeValue([]byte("snapshot")); v[len(v)-1] ^= 1; return v }(),
		"empty":        {},
	}
	for name, raw := range garbage {
		t.Run(name, func(t *testing.T) {
			s := memStore(t)
			if err := s.PutDoc(testMeta("c", "d"), []byte("snapshot")); err != nil {
				t.Fatal(err)
			}
			appendN(t, s, "c", "d", "e", 3)
			if err := s.Put("identity", []byte("key")); err != nil {
				t.Fatal(err)
			}

			setRaw(t, s.db, incKey("c", "d", 1), raw)
			_, _, err := s.LoadDoc("c", "d")
			wantCorruptNaming(t, err, incKey("c", "d", 1))

			setRaw(t, s.db, snapKey("c", "d"), raw)
			_, _, err = s.LoadDoc("c", "d")
			wantCorruptNaming(t, err, snapKey("c", "d"))

			setRaw(t, s.db, kvKey("identity"), raw)
			_, err = s.Get("identity")
			wantCorruptNaming(t, err, kvKey("identity"))
			wantErr(t, s.Scan("", func(string, []byte) error { return nil }), ErrCorrupt)

			setRaw(t, s.db, metaKey("c", "d"), raw)
			_, err = s.Meta("c", "d")
			wantCorruptNaming(t, err, metaKey("c", "d"))
			_, err = s.ListDocs("c", "")
			wantErr(t, err, ErrCorrupt)
			wantErr(t, s.AppendChange(testMeta("c", "d"), []byte("more")), ErrCorrupt)

			// A damaged document can still be removed.
			if err := s.DeleteDoc("c", "d"); err != nil {
				t.Fatalf("DeleteDoc of a corrupt document: %v", err)
			}
			if n := countIncrementKeys(t, s, "c", "d"); n != 0 {
				t.Fatalf("%d increment keys left", n)
			}
		})
	}
}

// Damage written by a separate Badger handle on disk, as a bad sector or a
// foreign tool would, is detected after reopening.
func TestCorruptionOnDiskDetectedAfterReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutDoc(testMeta("c", "d"), []byte("snapshot")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	setRaw(t, db, snapKey("c", "d"), []byte("not an automerge document"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, Options{Dir: dir})
	_, _, err = s.LoadDoc("c", "d")
	wantCorruptNaming(t, err, snapKey("c", "d"))
}

func TestMissingIncrementIsCorrupt(t *testing.T) {
	s := memStore(t)
	appendN(t, s, "c", "d", "e", 5)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(incKey("c", "d", 2)) }); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.LoadDoc("c", "d")
	wantCorruptNaming(t, err, incKey("c", "d", 2))
}

// Random bytes fed to every decoder must give a value or an error, never a
// panic; valid records with random bit flips likewise.
func TestDecodeRandomBytesNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	key := []byte("meta/c/d")
	valid, err := encodeMeta(metaRecord{DocMeta: testMeta("c", "d"), Epoch: 7, FirstSeq: 3, NextSeq: 9, SnapBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	for range 20000 {
		raw := make([]byte, rng.IntN(80))
		for i := range raw {
			raw[i] = byte(rng.UintN(256))
		}
		decodeAll(key, raw)
		decodeAll(key, encodeValue(raw))
		flipped := append([]byte{}, valid...)
		flipped[rng.IntN(len(flipped))] ^= byte(1 << rng.UintN(8))
		decodeAll(key, flipped)
		decodeAll(key, flipped[:rng.IntN(len(flipped))])
	}
}

// decodeAll runs every decoder; it reports nothing and only must not panic.
func decodeAll(key, raw []byte) {
	if payload, err := decodeValue(key, raw); err == nil {
		_, _ = decodeMeta(key, payload)
	}
	_, _ = decodeMeta(key, raw)
	_, _ = parseSalt("keysalt", raw)
	_, _ = incSeq(raw, 3)
}

func FuzzDecodeMeta(f *testing.F) {
	valid, err := encodeMeta(metaRecord{DocMeta: testMeta("c", "d"), Epoch: 1, NextSeq: 4, IncBytes: 40})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(encodeValue(valid))
	f.Add([]byte{})
	f.Add([]byte{metaLayout, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, raw []byte) {
		rec, err := decodeMeta([]byte("k"), raw)
		if err != nil {
			wantErr(t, err, ErrCorrupt)
			return
		}
		// Whatever decodes must re-encode to the same bytes.
		again, err := encodeMeta(rec)
		if err != nil {
			return // decodable but over the write-side size limit
		}
		if back, err := decodeMeta([]byte("k"), again); err != nil || !sameRecord(back, rec) {
			t.Fatalf("re-encoded record differs: %+v vs %+v (%v)", back, rec, err)
		}
	})
}

func sameRecord(a, b metaRecord) bool {
	return a.Coop == b.Coop && a.ID == b.ID && a.Kind == b.Kind && a.Title == b.Title &&
		a.Status == b.Status && a.Author == b.Author && a.Deadline.Equal(b.Deadline) &&
		a.Updated.Equal(b.Updated) && a.Epoch == b.Epoch && a.FirstSeq == b.FirstSeq &&
		a.NextSeq == b.NextSeq && a.SnapBytes == b.SnapBytes && a.IncBytes == b.IncBytes
}

func FuzzDecodeValue(f *testing.F) {
	f.Add(encodeValue([]byte("hello")))
	f.Add([]byte{valueVersion})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		payload, err := decodeValue([]byte("k"), raw)
		if err != nil {
			wantErr(t, err, ErrCorrupt)
			return
		}
		if !bytes.Equal(encodeValue(payload), raw) {
			t.Fatalf("accepted value %x does not re-encode to itself", raw)
		}
	})
}
