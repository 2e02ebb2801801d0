package crdt

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/automerge/automerge-go"
)

func TestAgreementNewValidates(t *testing.T) {
	me, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	coop := NewID()
	tests := []struct {
		name, coop, title, body string
		me                      *Identity
		want                    error
	}{
		{"ok", coop, "Rules", "text", me, nil},
		{"empty body ok", coop, "Rules", "", me, nil},
		{"no identity", coop, "Rules", "", nil, ErrReadOnly},
		{"bad coop", "not-an-id", "Rules", "", me, ErrInvalid},
		{"blank title", coop, "  ", "", me, ErrInvalid},
		{"invalid utf8 body", coop, "Rules", "a\xffb", me, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAgreement(tt.coop, tt.title, tt.body, tt.me, agreementT0)
			agreementWantErr(t, err, tt.want)
			if err != nil {
				return
			}
			h, err := a.Header()
			if err != nil {
				t.Fatal(err)
			}
			if h.Kind != KindAgreement || h.Coop != coop || h.Title != tt.title || h.CreatedBy != me.Member() || !h.CreatedAt.Equal(agreementT0) {
				t.Fatalf("header = %+v", h)
			}
			if got := agreementMustBody(t, a); got != tt.body {
				t.Fatalf("body = %q, want %q", got, tt.body)
			}
		})
	}
}

func TestAgreementLoadAndKind(t *testing.T) {
	f := newAgreementFixture(t, agreementTestBody)
	loaded, err := LoadAgreement(f.a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := agreementMustBody(t, loaded); got != agreementTestBody {
		t.Fatalf("loaded body = %q", got)
	}
	if err := loaded.SpliceBody(0, 0, "x"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only splice: %v", err)
	}
	if _, err := LoadAgreement(f.roster.Save(), nil); !errors.Is(err, ErrWrongKind) {
		t.Fatalf("roster as agreement: %v", err)
	}
	if _, err := AsAgreement(f.roster.Doc); !errors.Is(err, ErrWrongKind) {
		t.Fatalf("AsAgreement(roster): %v", err)
	}
	if _, err := LoadAgreement([]byte("not automerge"), nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("garbage: %v", err)
	}
}

func TestAgreementSpliceBody(t *testing.T) {
	const base = "Hi 😀 there"
	tests := []struct {
		name     string
		pos, del int
		ins      string
		want     string
		err      error
	}{
		{"insert at start", 0, 0, ">> ", ">> Hi 😀 there", nil},
		{"insert after emoji counts code points", 5, 0, "!", "Hi 😀 !there", nil},
		{"replace emoji", 3, 1, "🙂🙂", "Hi 🙂🙂 there", nil},
		{"delete to end", 4, 6, "", "Hi 😀", nil},
		{"append at end", 10, 0, ".", "Hi 😀 there.", nil},
		{"no-op", 2, 0, "", base, nil},
		{"pos past end", 11, 0, "x", base, ErrInvalid},
		{"delete past end", 8, 3, "", base, ErrInvalid},
		{"negative pos", -1, 0, "x", base, ErrInvalid},
		{"negative delete", 0, -1, "", base, ErrInvalid},
		{"invalid utf8", 0, 0, "\xff", base, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAgreementFixture(t, base)
			before := agreementHistoryLen(t, f.a)
			err := f.a.SpliceBody(tt.pos, tt.del, tt.ins)
			agreementWantErr(t, err, tt.err)
			if got := agreementMustBody(t, f.a); got != tt.want {
				t.Fatalf("body = %q, want %q", got, tt.want)
			}
			wantChanges := before
			if tt.err == nil && tt.want != base {
				wantChanges++
			}
			if got := agreementHistoryLen(t, f.a); got != wantChanges {
				t.Fatalf("history has %d changes, want %d", got, wantChanges)
			}
		})
	}
}

func TestAgreementEditBatch(t *testing.T) {
	f := newAgreementFixture(t, "abc")
	before := agreementHistoryLen(t, f.a)
	var kept *BodyEditor
	err := f.a.Edit(func(e *BodyEditor) error {
		kept = e
		for i, s := range []string{"1", "2", "3"} {
			if err := e.Splice(e.Len(), 0, s); err != nil {
				return err
			}
			if e.Len() != 4+i {
				t.Fatalf("Len = %d after %d inserts", e.Len(), i+1)
			}
		}
		if err := e.Splice(0, 1, ""); err != nil {
			return err
		}
		if s, err := e.Text(); err != nil || s != "bc123" {
			t.Fatalf("editor Text = %q, %v", s, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := agreementMustBody(t, f.a); got != "bc123" {
		t.Fatalf("body = %q", got)
	}
	if got := agreementHistoryLen(t, f.a); got != before+1 {
		t.Fatalf("%d changes after one Edit, want %d", got, before+1)
	}
	if err := kept.Splice(0, 0, "late"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("editor used after Edit: %v", err)
	}
	if _, err := kept.Text(); !errors.Is(err, ErrInvalid) {
		t.Fatalf("editor read after Edit: %v", err)
	}

	t.Run("error rolls back every splice", func(t *testing.T) {
		boom := errors.New("boom")
		err := f.a.Edit(func(e *BodyEditor) error {
			if err := e.Splice(0, 0, "zzz"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if got := agreementMustBody(t, f.a); got != "bc123" {
			t.Fatalf("body after failed Edit = %q", got)
		}
	})
	t.Run("bad splice inside a batch changes nothing", func(t *testing.T) {
		err := f.a.Edit(func(e *BodyEditor) error {
			if err := e.Splice(0, 0, "ok"); err != nil {
				return err
			}
			return e.Splice(99, 0, "x")
		})
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
		if got := agreementMustBody(t, f.a); got != "bc123" {
			t.Fatalf("body = %q", got)
		}
	})
	t.Run("empty session records nothing", func(t *testing.T) {
		n := agreementHistoryLen(t, f.a)
		if err := f.a.Edit(func(*BodyEditor) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if got := agreementHistoryLen(t, f.a); got != n {
			t.Fatalf("history %d, want %d", got, n)
		}
	})
}

func TestAgreementSetBody(t *testing.T) {
	f := newAgreementFixture(t, agreementTestBody)
	other := f.replica(t, f.carol)
	n := agreementHistoryLen(t, f.a)
	if err := f.a.SetBody(agreementTestBody); err != nil {
		t.Fatal(err)
	}
	if agreementHistoryLen(t, f.a) != n {
		t.Fatal("SetBody to the same text recorded a change")
	}
	if err := f.a.SetBody("x\xff"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("invalid utf8: %v", err)
	}
	// A minimal splice: carol's concurrent edit in another section survives.
	edited := strings.Replace(agreementTestBody, "Monday", "Tuesday", 1)
	if err := f.a.SetBody(edited); err != nil {
		t.Fatal(err)
	}
	if err := other.SpliceBody(len([]rune(agreementTestBody))-1, 0, " Always."); err != nil {
		t.Fatal(err)
	}
	if err := f.a.Merge(other.Doc); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(edited, "cooking.", "cooking. Always.", 1)
	if got := agreementMustBody(t, f.a); got != want {
		t.Fatalf("merged body = %q, want %q", got, want)
	}
}

// TestAgreementConcurrentTyping: two members type in the same paragraph at
// the same time; after merging both ways, both keep every word and the
// replicas are identical.
func TestAgreementConcurrentTyping(t *testing.T) {
	const para = "We meet on Monday evenings."
	type splice struct {
		pos, del int
		ins      string
	}
	tests := []struct {
		name       string
		one, two   []splice
		wantWords  []string
		wantAbsent []string
	}{
		{"same position", []splice{{11, 0, "first "}}, []splice{{11, 0, "second "}}, []string{"first ", "second ", "Monday"}, nil},
		{"nearby positions", []splice{{3, 0, "always "}}, []splice{{17, 0, " and Thursday"}}, []string{"We always meet", "Monday and Thursday evenings"}, nil},
		{"adjacent characters", []splice{{26, 0, " at seven"}}, []splice{{27, 0, " Bring food."}}, []string{"evenings at seven. Bring food."}, nil},
		{"delete next to insert", []splice{{11, 7, ""}}, []splice{{18, 0, "and Friday "}}, []string{"on and Friday evenings"}, []string{"Monday"}},
		{"both replace the same word", []splice{{11, 6, "Tuesday"}}, []splice{{11, 6, "Wednesday"}}, []string{"Tuesday", "Wednesday"}, []string{"Monday"}},
		{"many keystrokes each", []splice{{11, 0, "o"}, {12, 0, "d"}, {13, 0, "d "}}, []splice{{17, 0, " a"}, {19, 0, "n"}, {20, 0, "d"}}, []string{"odd Monday and evenings"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAgreementFixture(t, para)
			c, err := f.a.Clone()
			if err != nil {
				t.Fatal(err)
			}
			one, err := AsAgreement(c)
			if err != nil {
				t.Fatal(err)
			}
			two := f.replica(t, f.carol) // another member: another Automerge actor
			for _, s := range tt.one {
				if err := one.SpliceBody(s.pos, s.del, s.ins); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range tt.two {
				if err := two.SpliceBody(s.pos, s.del, s.ins); err != nil {
					t.Fatal(err)
				}
			}
			if err := one.Merge(two.Doc); err != nil {
				t.Fatal(err)
			}
			if err := two.Merge(one.Doc); err != nil {
				t.Fatal(err)
			}
			b1, b2 := agreementMustBody(t, one), agreementMustBody(t, two)
			if b1 != b2 {
				t.Fatalf("replicas differ:\n%q\n%q", b1, b2)
			}
			for _, w := range tt.wantWords {
				if !strings.Contains(b1, w) {
					t.Errorf("merged body %q lacks %q", b1, w)
				}
			}
			for _, w := range tt.wantAbsent {
				if strings.Contains(b1, w) {
					t.Errorf("merged body %q still has %q", b1, w)
				}
			}
			j1, err1 := one.JSON()
			j2, err2 := two.JSON()
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			m1, _ := json.Marshal(j1)
			m2, _ := json.Marshal(j2)
			if string(m1) != string(m2) {
				t.Fatalf("JSON exports differ:\n%s\n%s", m1, m2)
			}
		})
	}
}

func TestAgreementPlainStringBody(t *testing.T) {
	// Another implementation may store the body as a plain string: it reads,
	// and the first splice turns it into a Text.
	f := newAgreementFixture(t, "")
	agreementRawWrite(t, f.a, func(root *automerge.Map) error { return root.Set("body", "plain é text") })
	if got := agreementMustBody(t, f.a); got != "plain é text" {
		t.Fatalf("body = %q", got)
	}
	if err := f.a.SpliceBody(20, 0, "x"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("out of range on plain body: %v", err)
	}
	err := f.a.Edit(func(e *BodyEditor) error {
		if s, err := e.Text(); err != nil || s != "plain é text" || e.Len() != 12 {
			t.Fatalf("editor over a plain body: %q, %d, %v", s, e.Len(), err)
		}
		return e.Splice(7, 0, "!")
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := agreementMustBody(t, f.a); got != "plain é! text" {
		t.Fatalf("body = %q", got)
	}
	agreementRawWrite(t, f.a, func(root *automerge.Map) error { return root.Set("body", int64(3)) })
	if _, err := f.a.Body(); !errors.Is(err, ErrMalformed) {
		t.Fatalf("numeric body: %v", err)
	}
	if err := f.a.SpliceBody(0, 0, "x"); !errors.Is(err, ErrMalformed) {
		t.Fatalf("splice numeric body: %v", err)
	}
}
