package crdt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// commentTree renders threads as "a(b(c),d) e" by comment body.
func commentTree(cs []Comment) string {
	out := ""
	for i, c := range cs {
		if i > 0 {
			out += " "
		}
		body := c.Body
		if c.Deleted {
			body = "†"
		}
		out += body
		if len(c.Replies) > 0 {
			out += "(" + commentTreeComma(c.Replies) + ")"
		}
	}
	return out
}

func commentTreeComma(cs []Comment) string {
	out := ""
	for i, c := range cs {
		if i > 0 {
			out += ","
		}
		out += commentTree([]Comment{c})
	}
	return out
}

func commentList(t *testing.T, d *Doc) []Comment {
	t.Helper()
	cs, err := d.Comments()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestCommentThreads(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	f.vote(t, p, "ben", propOne(Disagree), "too dear")
	ada := p
	ben := f.replica(t, p, "ben")
	tick := func() { f.now = f.now.Add(time.Minute) }

	var first, reply, onStance string
	steps := []struct {
		name string
		do   func() error
		want error
	}{
		{"thread", func() (err error) { tick(); first, err = ada.AddComment("", "a"); return err }, nil},
		{"empty", func() error { _, err := ada.AddComment("", " \n"); return err }, ErrInvalid},
		{"reply to unknown", func() error { _, err := ben.AddComment("nosuchcomment", "x"); return err }, ErrNotFound},
		{"reply", func() (err error) {
			tick()
			if err := ben.Merge(ada.Doc); err != nil {
				return err
			}
			reply, err = ben.AddComment(first, "b")
			return err
		}, nil},
		{"reply to reply", func() error { tick(); _, err := ben.AddComment(reply, "c"); return err }, nil},
		{"second reply", func() error { tick(); _, err := ben.AddComment(first, "d"); return err }, nil},
		{"reply to a stance", func() (err error) {
			tick()
			onStance, err = ada.AddComment(StanceParent(f.member("ben")), "why?")
			return err
		}, nil},
		{"reply to a stance nobody cast", func() error { _, err := ada.AddComment(StanceParent(f.member("cy")), "x"); return err }, ErrNotFound},
		{"edit someone else's", func() error {
			if err := ada.Merge(ben.Doc); err != nil {
				return err
			}
			return ada.EditComment(reply, "B")
		}, ErrNotAllowed},
		{"edit unknown", func() error { return ben.EditComment("nosuchcomment", "B") }, ErrNotFound},
		{"edit to empty", func() error { return ben.EditComment(reply, "") }, ErrInvalid},
		{"edit", func() error { tick(); return ben.EditComment(reply, "B") }, nil},
		{"delete someone else's", func() error { return ada.DeleteComment(reply) }, ErrNotAllowed},
		{"delete", func() error { return ben.DeleteComment(reply) }, nil},
		{"delete again", func() error { return ben.DeleteComment(reply) }, nil},
		{"edit deleted", func() error { return ben.EditComment(reply, "again") }, ErrInvalid},
		{"reply to deleted", func() error { _, err := ben.AddComment(reply, "x"); return err }, ErrInvalid},
		{"thread later", func() error { tick(); _, err := ben.AddComment("", "e"); return err }, nil},
	}
	for _, s := range steps {
		if err := s.do(); s.want == nil && err != nil || s.want != nil && !errors.Is(err, s.want) {
			t.Fatalf("%s: %v, want %v", s.name, err, s.want)
		}
	}
	if err := ada.Merge(ben.Doc); err != nil {
		t.Fatal(err)
	}
	cs := commentList(t, ada.Doc)
	if got := commentTree(cs); got != "a(†(c),d) why? e" {
		t.Fatalf("threads %q", got)
	}
	del := cs[0].Replies[0]
	if !del.Deleted || del.Body != "" || del.Author != f.member("ben") || del.Edited.IsZero() {
		t.Fatalf("tombstone %+v", del)
	}
	st := cs[1]
	if st.ID != onStance {
		t.Fatalf("stance reply out of place: %+v", cs)
	}
	if m, ok := st.StanceOf(); !ok || m != f.member("ben") {
		t.Fatalf("stance reply parent %q", st.Parent)
	}
	if !cs[0].At.Equal(propT0.Add(time.Minute)) {
		t.Fatalf("first comment at %s", cs[0].At)
	}
	ro, err := LoadProposal(ada.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.AddComment("", "x"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only comment: %v", err)
	}
	if err := ro.DeleteComment(first); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only delete: %v", err)
	}
}

func TestCommentsOnOtherKinds(t *testing.T) {
	f := newPropFixture(t)
	d := f.roster.Doc
	id, err := d.AddComment("", "Welcome, everyone")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddComment(StanceParent(f.member("ada")), "x"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("stance reply on a roster: %v", err)
	}
	if _, err := d.AddComment(id, "Thanks"); err != nil {
		t.Fatal(err)
	}
	if got := commentTree(commentList(t, d)); got != "Welcome, everyone(Thanks)" {
		t.Fatalf("roster comments %q", got)
	}
}

func TestCommentOrderAndOddParents(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	// fid makes a valid ID from a short name, so the tree reads as names.
	fid := func(name string) string {
		if name == "" {
			return ""
		}
		return (name + strings.Repeat("q", 26))[:26]
	}
	rawAt := func(id, parent, body string, at time.Time) {
		propRawWrite(t, p.Doc, func(root *automerge.Map) error {
			var r reader
			m := automerge.NewMap()
			if err := r.mapAt(root, "comments").Set(id, m); err != nil {
				return err
			}
			for k, v := range map[string]any{"author": string(f.member("ada")), "parent": parent, "at": at.UnixMilli()} {
				if err := m.Set(k, v); err != nil {
					return err
				}
			}
			return m.Set("body", body) // a plain string, as another implementation may write
		})
	}
	raw := func(id, parent, body string, at time.Time) { rawAt(fid(id), fid(parent), body, at) }
	raw("b", "", "same time, id b", propT0)
	raw("a", "", "same time, id a", propT0)
	raw("o", "gone", "orphan", propT0.Add(time.Second))
	raw("x", "y", "cycle x", propT0.Add(2*time.Second))
	raw("y", "x", "cycle y", propT0.Add(3*time.Second))
	raw("s", "self", "self", propT0.Add(4*time.Second))
	raw("self", "self", "own parent", propT0.Add(5*time.Second))
	got := commentTree(commentList(t, p.Doc))
	// An orphan and a comment that is its own parent become threads; of a
	// cycle, the earliest does. "s" replies to "self" and stays its reply.
	want := "same time, id a same time, id b orphan cycle x(cycle y) own parent(self)"
	if got != want {
		t.Fatalf("threads %q\nwant    %q", got, want)
	}
	propRawWrite(t, p.Doc, func(root *automerge.Map) error {
		var r reader
		return r.mapAt(root, "comments").Set(fid("bad"), "not a map")
	})
	rawAt("ab", "", "a key that is not an ID is no comment", propT0)
	if got := len(commentList(t, p.Doc)); got != 5 {
		t.Fatalf("a malformed comment hid the others: %d threads", got)
	}
	if err := p.EditComment(fid("a"), "edited a plain string"); err != nil {
		t.Fatal(err)
	}
}

func TestCommentDeletedHidesText(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	id, err := p.AddComment("", "draft")
	if err != nil {
		t.Fatal(err)
	}
	// Only the author edits or deletes, but on two of their devices an edit
	// and a delete can still meet in a merge: the tombstone must win.
	propRawWrite(t, p.Doc, func(root *automerge.Map) error {
		var r reader
		return r.mapAt(r.mapAt(root, "comments"), id).Set("deleted", true)
	})
	cs := commentList(t, p.Doc)
	if !cs[0].Deleted || cs[0].Body != "" {
		t.Fatalf("deleted comment shows its text: %+v", cs[0])
	}
}
