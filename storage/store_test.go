package storage

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

func TestPutDocLoadAndMeta(t *testing.T) {
	s := memStore(t)
	m := testMeta("coop1", "doc1")
	if err := s.PutDoc(m, []byte("snapshot-1")); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "coop1", "doc1")
	if string(snap) != "snapshot-1" || len(incs) != 0 {
		t.Fatalf("LoadDoc = %q, %q", snap, incs)
	}
	got, err := s.Meta("coop1", "doc1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Coop != m.Coop || got.ID != m.ID || got.Kind != m.Kind || got.Title != m.Title ||
		got.Status != m.Status || got.Author != m.Author ||
		!got.Deadline.Equal(m.Deadline) || !got.Updated.Equal(m.Updated) {
		t.Fatalf("Meta = %+v, want %+v", got, m)
	}
	if got.Bytes != len("snapshot-1") {
		t.Fatalf("Bytes = %d, want %d", got.Bytes, len("snapshot-1"))
	}
}

func TestZeroTimesRoundTripAndUpdatedDefaults(t *testing.T) {
	s := memStore(t)
	m := testMeta("c", "d")
	m.Deadline, m.Updated = time.Time{}, time.Time{}
	before := time.Now()
	if err := s.PutDoc(m, []byte("x")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Meta("c", "d")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Deadline.IsZero() {
		t.Fatalf("Deadline = %v, want zero", got.Deadline)
	}
	if got.Updated.Before(before.Truncate(time.Second)) {
		t.Fatalf("Updated = %v, want it set to about now (%v)", got.Updated, before)
	}
}

func TestAppendChangeKeepsOrderAndMetadata(t *testing.T) {
	s := memStore(t)
	if err := s.PutDoc(testMeta("c", "d"), []byte("base")); err != nil {
		t.Fatal(err)
	}
	var want []string
	total := len("base")
	for i := range 50 {
		m := testMeta("c", "d")
		m.Status = fmt.Sprintf("status-%d", i)
		inc := fmt.Sprintf("edit-%02d", i)
		if err := s.AppendChange(m, []byte(inc)); err != nil {
			t.Fatal(err)
		}
		want = append(want, inc)
		total += len(inc)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if string(snap) != "base" {
		t.Fatalf("snapshot = %q", snap)
	}
	if len(incs) != len(want) {
		t.Fatalf("got %d increments, want %d", len(incs), len(want))
	}
	for i := range want {
		if string(incs[i]) != want[i] {
			t.Fatalf("increment %d = %q, want %q", i, incs[i], want[i])
		}
	}
	m, err := s.Meta("c", "d")
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != "status-49" || m.Bytes != total {
		t.Fatalf("Meta status %q bytes %d, want status-49 and %d", m.Status, m.Bytes, total)
	}
}

func TestAppendChangeCreatesDocumentWithoutSnapshot(t *testing.T) {
	s := memStore(t)
	if err := s.AppendChange(testMeta("c", "new"), []byte("first")); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "new")
	if snap != nil || len(incs) != 1 || string(incs[0]) != "first" {
		t.Fatalf("LoadDoc = %q, %q", snap, incs)
	}
}

func TestPutDocReplacesSnapshotAndIncrements(t *testing.T) {
	s := memStore(t)
	if err := s.PutDoc(testMeta("c", "d"), []byte("v1")); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := s.AppendChange(testMeta("c", "d"), []byte(fmt.Sprint("old-", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutDoc(testMeta("c", "d"), []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendChange(testMeta("c", "d"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if string(snap) != "v2" || len(incs) != 1 || string(incs[0]) != "new" {
		t.Fatalf("LoadDoc = %q, %q; want v2, [new]", snap, incs)
	}
	if n := countIncrementKeys(t, s, "c", "d"); n != 1 {
		t.Fatalf("%d increment keys stored, want 1 (replaced ones deleted)", n)
	}
}

// More increments than one transaction deletes: the replace must still be
// atomic and the leftovers swept.
func TestPutDocAfterManyIncrements(t *testing.T) {
	s := memStore(t)
	const n = maxDeletesPerTxn*2 + 17
	for i := range n {
		if err := s.AppendChange(testMeta("c", "big"), []byte(fmt.Sprint("e", i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, incs := mustLoad(t, s, "c", "big"); len(incs) != n {
		t.Fatalf("got %d increments, want %d", len(incs), n)
	}
	if err := s.PutDoc(testMeta("c", "big"), []byte("fresh")); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "big")
	if string(snap) != "fresh" || len(incs) != 0 {
		t.Fatalf("LoadDoc = %q, %d increments", snap, len(incs))
	}
	if k := countIncrementKeys(t, s, "c", "big"); k != 0 {
		t.Fatalf("%d increment keys left after replace", k)
	}
	m, err := s.Meta("c", "big")
	if err != nil {
		t.Fatal(err)
	}
	if m.Bytes != len("fresh") {
		t.Fatalf("Bytes = %d", m.Bytes)
	}
}

func countIncrementKeys(t testing.TB, s *Store, coop, id string) int {
	t.Helper()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: incPrefix(coop, id)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestListDocsFiltersAndSorts(t *testing.T) {
	s := memStore(t)
	base := time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC)
	add := func(coop, id, kind string, ageHours int) {
		t.Helper()
		m := testMeta(coop, id)
		m.Kind = kind
		m.Updated = base.Add(-time.Duration(ageHours) * time.Hour)
		if err := s.PutDoc(m, []byte("snap-"+id)); err != nil {
			t.Fatal(err)
		}
	}
	add("a", "old-proposal", "proposal", 10)
	add("a", "new-proposal", "proposal", 1)
	add("a", "schedule", "schedule", 5)
	add("ab", "other-coop", "proposal", 0) // "a" must not match the "ab" prefix
	bump := testMeta("a", "schedule")
	bump.Kind = "schedule" // Updated is in January: now the oldest
	if err := s.AppendChange(bump, []byte("bump")); err != nil {
		t.Fatal(err)
	}

	ids := func(docs []DocMeta) string {
		var out []string
		for _, d := range docs {
			out = append(out, d.ID)
		}
		return strings.Join(out, ",")
	}
	all, err := s.ListDocs("a", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(all); got != "new-proposal,old-proposal,schedule" {
		t.Fatalf("ListDocs(a, \"\") = %s", got)
	}
	props, err := s.ListDocs("a", "proposal")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(props); got != "new-proposal,old-proposal" {
		t.Fatalf("ListDocs(a, proposal) = %s", got)
	}
	if all[2].Bytes != len("snap-schedule")+len("bump") {
		t.Fatalf("listed Bytes = %d", all[2].Bytes)
	}
	none, err := s.ListDocs("nobody", "")
	if err != nil || len(none) != 0 {
		t.Fatalf("ListDocs(nobody) = %v, %v", none, err)
	}
}

func TestDeleteDocThenRecreate(t *testing.T) {
	s := memStore(t)
	if err := s.PutDoc(testMeta("c", "d"), []byte("snap")); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := s.AppendChange(testMeta("c", "d"), []byte(fmt.Sprint("old", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteDoc("c", "d"); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.LoadDoc("c", "d")
	wantErr(t, err, ErrNotFound)
	if docs, _ := s.ListDocs("c", ""); len(docs) != 0 {
		t.Fatalf("deleted doc still listed: %+v", docs)
	}
	if n := countIncrementKeys(t, s, "c", "d"); n != 0 {
		t.Fatalf("%d increment keys left", n)
	}
	if err := s.AppendChange(testMeta("c", "d"), []byte("reborn")); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if snap != nil || len(incs) != 1 || string(incs[0]) != "reborn" {
		t.Fatalf("recreated doc = %q, %q", snap, incs)
	}
}

// Increment keys left by an interrupted delete must not leak into a new
// document with the same ID.
func TestOrphanIncrementsAreNotAdopted(t *testing.T) {
	s := memStore(t)
	err := s.db.Update(func(txn *badger.Txn) error {
		for seq := range uint64(3) {
			if err := txn.Set(incKey("c", "d", seq), encodeValue([]byte("orphan"))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AppendChange(testMeta("c", "d"), []byte("mine")); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if snap != nil || len(incs) != 1 || string(incs[0]) != "mine" {
		t.Fatalf("LoadDoc = %q, %q; orphans adopted", snap, incs)
	}
	if n := countIncrementKeys(t, s, "c", "d"); n != 1 {
		t.Fatalf("%d increment keys, want orphans swept", n)
	}
}

func TestNotFound(t *testing.T) {
	s := memStore(t)
	_, _, err := s.LoadDoc("c", "missing")
	wantErr(t, err, ErrNotFound)
	_, err = s.Meta("c", "missing")
	wantErr(t, err, ErrNotFound)
	wantErr(t, s.DeleteDoc("c", "missing"), ErrNotFound)
	_, err = s.Get("setting/missing")
	wantErr(t, err, ErrNotFound)
	if err := s.Delete("setting/missing"); err != nil {
		t.Fatalf("Delete of a missing key: %v", err)
	}
	withCompact := openTestStore(t, Options{InMemory: true, Compact: concatCompact})
	wantErr(t, withCompact.CompactNow("c", "missing"), ErrNotFound)
}

func TestInvalidArgumentsChangeNothing(t *testing.T) {
	s := memStore(t)
	bad := []struct {
		name string
		err  error
	}{
		{"empty coop", s.PutDoc(testMeta("", "d"), []byte("x"))},
		{"slash in id", s.PutDoc(testMeta("c", "a/b"), []byte("x"))},
		{"long id", s.PutDoc(testMeta("c", strings.Repeat("x", maxNameLen+1)), []byte("x"))},
		{"empty snapshot", s.PutDoc(testMeta("c", "d"), nil)},
		{"empty increment", s.AppendChange(testMeta("c", "d"), nil)},
		{"huge title", s.PutDoc(func() DocMeta { m := testMeta("c", "d"); m.Title = strings.Repeat("t", maxMetaBytes); return m }(), []byte("x"))},
		{"empty kv key", s.Put("", []byte("v"))},
		{"nil scan callback", s.Scan("", nil)},
		{"empty coop list", func() error { _, err := s.ListDocs("", ""); return err }()},
	}
	for _, b := range bad {
		if !errors.Is(b.err, ErrInvalidArgument) {
			t.Errorf("%s: got %v, want ErrInvalidArgument", b.name, b.err)
		}
	}
	if docs, err := s.ListDocs("c", ""); err != nil || len(docs) != 0 {
		t.Fatalf("rejected writes left documents: %+v, %v", docs, err)
	}
	for _, o := range []Options{
		{},
		{InMemory: true, Dir: t.TempDir()},
		{InMemory: true, EncryptionKey: make([]byte, 16)},
		{InMemory: true, CompactAfterBytes: -1},
	} {
		s, err := Open(o)
		if err == nil {
			s.Close()
		}
		wantErr(t, err, ErrInvalidArgument)
	}
}

func TestReopenKeepsDocsMetadataAndKV(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	for d := range 20 {
		id := fmt.Sprint("doc", d)
		if err := s.PutDoc(testMeta("coop", id), []byte("snap-"+id)); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if err := s.AppendChange(testMeta("coop", id), []byte(fmt.Sprintf("%s-e%d", id, i))); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Put("identity", []byte("secret-key")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put("setting/theme", []byte("dark")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openTestStore(t, Options{Dir: dir})
	docs, err := s.ListDocs("coop", "")
	if err != nil || len(docs) != 20 {
		t.Fatalf("ListDocs after reopen: %d docs, %v", len(docs), err)
	}
	for d := range 20 {
		id := fmt.Sprint("doc", d)
		snap, incs := mustLoad(t, s, "coop", id)
		if string(snap) != "snap-"+id || len(incs) != 5 || string(incs[4]) != id+"-e4" {
			t.Fatalf("%s after reopen: %q, %q", id, snap, incs)
		}
		m, err := s.Meta("coop", id)
		if err != nil || m.Title != "Buy a van "+id {
			t.Fatalf("Meta(%s) = %+v, %v", id, m, err)
		}
	}
	for key, want := range map[string]string{"identity": "secret-key", "setting/theme": "dark"} {
		got, err := s.Get(key)
		if err != nil || string(got) != want {
			t.Fatalf("Get(%s) = %q, %v", key, got, err)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	s := openTestStore(t, Options{Dir: t.TempDir()})
	const writers, edits = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := fmt.Sprint("own-", w)
			for i := range edits {
				// Every writer also appends to one shared document.
				for _, id := range []string{own, "shared"} {
					if err := s.AppendChange(testMeta("c", id), []byte(fmt.Sprintf("w%d-e%d", w, i))); err != nil {
						errs <- err
						return
					}
				}
				if err := s.Put(fmt.Sprintf("sync/c/peer%d/%d", w, i), []byte("state")); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, shared := mustLoad(t, s, "c", "shared")
	var all []string
	for w := range writers {
		_, own := mustLoad(t, s, "c", fmt.Sprint("own-", w))
		if len(own) != edits {
			t.Fatalf("writer %d: %d increments, want %d", w, len(own), edits)
		}
		for i := range edits {
			want := fmt.Sprintf("w%d-e%d", w, i)
			if string(own[i]) != want {
				t.Fatalf("writer %d increment %d = %q, want %q", w, i, own[i], want)
			}
			all = append(all, want)
		}
	}
	checkAllOnce(t, docTokens(nil, shared), all)
	// Each writer's own order must survive in the shared document too.
	last := make(map[string]int)
	for _, inc := range shared {
		var w, i int
		if _, err := fmt.Sscanf(string(inc), "w%d-e%d", &w, &i); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(w)
		if prev, ok := last[key]; ok && i != prev+1 {
			t.Fatalf("writer %d edits out of order in shared doc: %d after %d", w, i, prev)
		}
		last[key] = i
	}
	n := 0
	if err := s.Scan("sync/c/", func(string, []byte) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != writers*edits {
		t.Fatalf("%d sync keys, want %d", n, writers*edits)
	}
}

func TestClosedStore(t *testing.T) {
	s, err := Open(Options{InMemory: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	wantErr(t, s.PutDoc(testMeta("c", "d"), []byte("x")), ErrClosed)
	wantErr(t, s.AppendChange(testMeta("c", "d"), []byte("x")), ErrClosed)
	_, _, err = s.LoadDoc("c", "d")
	wantErr(t, err, ErrClosed)
	_, err = s.ListDocs("c", "")
	wantErr(t, err, ErrClosed)
	_, err = s.Get("k")
	wantErr(t, err, ErrClosed)
	wantErr(t, s.Put("k", nil), ErrClosed)
}

func TestHeadsAndPutBatch(t *testing.T) {
	s, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	meta := DocMeta{Coop: "c", ID: "d", Kind: "agreement", Heads: []string{"aa", "bb"}}
	if err := s.PutDoc(meta, []byte("snap")); err != nil {
		t.Fatal(err)
	}
	meta.Heads = []string{"cc"}
	if err := s.AppendChange(meta, []byte("inc")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Meta("c", "d")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Heads) != 1 || got.Heads[0] != "cc" {
		t.Fatalf("heads %v, want [cc]", got.Heads)
	}
	batch := map[string][]byte{"sync/a": []byte("1"), "sync/b": []byte("2")}
	if err := s.PutBatch(batch); err != nil {
		t.Fatal(err)
	}
	for k, v := range batch {
		if b, err := s.Get(k); err != nil || string(b) != string(v) {
			t.Fatalf("%s: %q %v", k, b, err)
		}
	}
	if err := s.PutBatch(map[string][]byte{"": []byte("x")}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("empty key: %v", err)
	}
}

func TestMetaLayoutV1StillDecodes(t *testing.T) {
	r := metaRecord{DocMeta: DocMeta{Coop: "c", ID: "d", Kind: "k"}, NextSeq: 3, FirstSeq: 1}
	b, err := encodeMeta(r)
	if err != nil {
		t.Fatal(err)
	}
	v1 := append([]byte{metaLayoutV1}, b[1:len(b)-1]...) // layout 1 had no heads count
	got, err := decodeMeta([]byte("k"), v1)
	if err != nil || got.ID != "d" || got.NextSeq != 3 || got.Heads != nil {
		t.Fatalf("v1 record: %+v %v", got, err)
	}
}
