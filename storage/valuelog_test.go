package storage

import (
	"bytes"
	"fmt"
	"testing"
)

// Snapshots of at least valueThreshold bytes live in Badger's value log;
// they must round-trip, survive reopening, and survive value-log GC after
// being replaced many times.
func TestLargeSnapshotsAndValueLogGC(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	big := func(i int) []byte {
		return bytes.Repeat([]byte(fmt.Sprintf("snapshot %03d;", i)), (valueThreshold*2)/13)
	}
	const versions = 30
	for i := range versions {
		if err := s.PutDoc(testMeta("c", "big"), big(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AppendChange(testMeta("c", "big"), []byte("small edit")); err != nil {
		t.Fatal(err)
	}
	s.collectValueLog() // must leave the live data intact whatever it reclaims
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openTestStore(t, Options{Dir: dir})
	snap, incs := mustLoad(t, s, "c", "big")
	if !bytes.Equal(snap, big(versions-1)) || len(incs) != 1 || string(incs[0]) != "small edit" {
		t.Fatalf("large snapshot did not round-trip: %d bytes, %q", len(snap), incs)
	}
	m, err := s.Meta("c", "big")
	if err != nil || m.Bytes != len(snap)+len("small edit") {
		t.Fatalf("Meta = %+v, %v", m, err)
	}
}
