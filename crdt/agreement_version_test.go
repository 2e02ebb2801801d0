package crdt

import (
	"errors"
	"strings"
	"testing"

	"github.com/automerge/automerge-go"
)

func TestAgreementVersions(t *testing.T) {
	f := newAgreementFixture(t, "one\n")
	v1, err := f.a.SaveVersion("  first draft ")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.SetBody("one\ntwo\n"); err != nil {
		t.Fatal(err)
	}
	v2, err := f.a.SaveVersion("second")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.SetBody("one\ntwo\nthree\n"); err != nil {
		t.Fatal(err)
	}

	vs, err := f.a.Versions()
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].ID != v1 || vs[1].ID != v2 || vs[0].Name != "first draft" || vs[1].Name != "second" {
		t.Fatalf("versions = %+v", vs)
	}
	if vs[0].By != f.bob.Member() || !vs[0].At.Before(vs[1].At) || len(vs[0].Heads) == 0 || vs[0].SHA256 != agreementSHA("one\n") {
		t.Fatalf("version record = %+v", vs[0])
	}

	tests := []struct {
		name, id, want string
		err            error
	}{
		{"first", v1, "one\n", nil},
		{"second", v2, "one\ntwo\n", nil},
		{"unknown ID", NewID(), "", ErrNotFound},
		{"empty ID", "", "", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.a.BodyAt(tt.id)
			agreementWantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("BodyAt = %q, want %q", got, tt.want)
			}
		})
	}

	t.Run("versions survive a round trip and a merge", func(t *testing.T) {
		other := f.replica(t, f.carol)
		if err := other.SpliceBody(0, 0, "zero\n"); err != nil {
			t.Fatal(err)
		}
		v3, err := other.SaveVersion("carol's")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.a.SpliceBody(0, 0, "# "); err != nil {
			t.Fatal(err)
		}
		if err := f.a.Merge(other.Doc); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]string{v1: "one\n", v2: "one\ntwo\n", v3: "zero\none\ntwo\nthree\n"} {
			if got, err := f.a.BodyAt(id); err != nil || got != want {
				t.Fatalf("BodyAt(%s) = %q, %v; want %q", id, got, err, want)
			}
		}
		if got := agreementMustBody(t, f.a); got != "# zero\none\ntwo\nthree\n" && got != "zero\n# one\ntwo\nthree\n" {
			t.Fatalf("merged body = %q", got)
		}
	})
}

func TestAgreementSaveVersionValidates(t *testing.T) {
	f := newAgreementFixture(t, "x")
	for _, name := range []string{"", "   ", strings.Repeat("n", maxVersionName+1), "bad\xff"} {
		n := agreementHistoryLen(t, f.a)
		if _, err := f.a.SaveVersion(name); !errors.Is(err, ErrInvalid) {
			t.Fatalf("SaveVersion(%q) = %v, want ErrInvalid", name, err)
		}
		if agreementHistoryLen(t, f.a) != n {
			t.Fatalf("failed SaveVersion(%q) recorded a change", name)
		}
	}
	ro, err := LoadAgreement(f.a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.SaveVersion("v"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only SaveVersion: %v", err)
	}
}

func TestAgreementVersionTampered(t *testing.T) {
	f := newAgreementFixture(t, "text")
	id, err := f.a.SaveVersion("v")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		write func(m *automerge.Map) error
		err   error
	}{
		{"wrong sha", func(m *automerge.Map) error { return m.Set("sha256", agreementSHA("other")) }, ErrMalformed},
		{"no heads", func(m *automerge.Map) error { return m.Set("heads", []string{}) }, ErrMalformed},
		{"heads not a hash", func(m *automerge.Map) error { return m.Set("heads", []string{"zz"}) }, ErrInvalid},
		{"heads unknown", func(m *automerge.Map) error { return m.Set("heads", []string{strings.Repeat("ab", 32)}) }, ErrNotFound},
		{"name not a string", func(m *automerge.Map) error { return m.Set("name", int64(1)) }, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := f.a.Clone()
			if err != nil {
				t.Fatal(err)
			}
			a := &Agreement{c}
			agreementRawWrite(t, a, func(root *automerge.Map) error {
				v, err := root.Get("versions")
				if err != nil {
					return err
				}
				m, err := v.Map().Get(id)
				if err != nil {
					return err
				}
				return tt.write(m.Map())
			})
			if _, err := a.BodyAt(id); !errors.Is(err, tt.err) {
				t.Fatalf("BodyAt = %v, want %v", err, tt.err)
			}
		})
	}
}
