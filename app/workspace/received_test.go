package workspace

import (
	"bytes"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// A document received whole is stored as the bytes that arrived, not
// serialised again; an edit afterwards is appended as a small increment.
func TestReceivedDocumentStoredAsReceived(t *testing.T) {
	w, c, _ := founded(t)
	me, err := w.Identity()
	if err != nil {
		t.Fatal(err)
	}
	other, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	a, err := crdt.NewAgreement(c.ID(), "House rules", "Be kind.", other, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	sent := a.Save()
	d, err := crdt.LoadReceived(sent, me)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Replica()
	if err := r.PutDoc(d); err != nil {
		t.Fatal(err)
	}
	stored, err := r.DocBytes(a.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stored, sent) {
		t.Fatalf("stored %d bytes, received %d: the document was saved again", len(stored), len(sent))
	}
	if err := c.edit(a.ID(), func(d *crdt.Doc) error {
		ag, err := crdt.AsAgreement(d)
		if err != nil {
			return err
		}
		return ag.SpliceBody(0, 0, "Ana: ")
	}); err != nil {
		t.Fatal(err)
	}
	after, err := r.DocBytes(a.ID())
	if err != nil {
		t.Fatal(err)
	}
	if grown := len(after) - len(sent); grown <= 0 || grown > len(sent) {
		t.Fatalf("an edit after receiving grew the stored document by %d bytes (it is %d)", grown, len(sent))
	}
}
