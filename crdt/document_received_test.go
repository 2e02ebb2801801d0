package crdt

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestReceivedBytesAreStoredAsTheyCame(t *testing.T) {
	f := newAgreementFixture(t, "Opening hours")
	for i := range 50 {
		if err := f.a.SpliceBody(0, 0, strings.Repeat("x", i%3+1)); err != nil {
			t.Fatal(err)
		}
	}
	sent := f.a.Save()
	got, err := LoadReceived(sent, f.carol)
	if err != nil {
		t.Fatal(err)
	}
	if b := got.TakeReceived(); !bytes.Equal(b, sent) {
		t.Fatal("the received bytes are not what was sent")
	}
	if got.TakeReceived() != nil {
		t.Fatal("the received bytes are handed out twice")
	}
	if inc := got.SaveIncremental(); len(inc) != 0 {
		t.Fatalf("nothing changed, yet the increment is %d bytes", len(inc))
	}
	// The next increment holds only the new change, not the history.
	a, err := AsAgreement(got)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SpliceBody(0, 0, "Carol: "); err != nil {
		t.Fatal(err)
	}
	inc := got.SaveIncremental()
	if len(inc) == 0 || len(inc) > len(sent)/2 {
		t.Fatalf("the first increment after storing received bytes is %d bytes (the document is %d)", len(inc), len(sent))
	}
	back, err := Load(append(append([]byte{}, sent...), inc...), nil)
	if err != nil {
		t.Fatal(err)
	}
	ba, _ := AsAgreement(back)
	if body, _ := ba.Body(); !strings.HasPrefix(body, "Carol: ") {
		t.Fatalf("stored bytes plus the increment load as %q", body)
	}
}

func TestChangedReceivedDocumentIsSavedAgain(t *testing.T) {
	f := newAgreementFixture(t, "Opening hours")
	got, err := LoadReceived(f.a.Save(), f.carol)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := AsAgreement(got)
	if err := a.SpliceBody(0, 0, "changed "); err != nil {
		t.Fatal(err)
	}
	if got.TakeReceived() != nil {
		t.Fatal("bytes that no longer match the document were handed out")
	}
}

// BenchmarkStoreReceived: what storing a document received whole costs — the
// old path (load, then save it again) against keeping the received bytes,
// in the same run.
func BenchmarkStoreReceived(b *testing.B) {
	f := newAgreementFixture(b, "Opening hours")
	for i := range 1000 {
		if err := f.a.SpliceBody(i%50, 0, "word "); err != nil {
			b.Fatal(err)
		}
	}
	sent := f.a.Save()
	var resave, keep time.Duration
	for range b.N {
		began := time.Now()
		d, err := Load(sent, f.carol)
		if err != nil {
			b.Fatal(err)
		}
		_ = d.Save()
		d.SaveIncremental()
		resave += time.Since(began)

		began = time.Now()
		d, err = LoadReceived(sent, f.carol)
		if err != nil {
			b.Fatal(err)
		}
		if d.TakeReceived() == nil {
			b.Fatal("no received bytes")
		}
		d.SaveIncremental()
		keep += time.Since(began)
	}
	b.ReportMetric(float64(resave.Microseconds())/float64(b.N), "µs-load+resave")
	b.ReportMetric(float64(keep.Microseconds())/float64(b.N), "µs-load+keep")
	b.ReportMetric(float64(keep)/float64(resave), "keep/resave")
}
