package workspace

import (
	"errors"
	"testing"

	"github.com/mutual-coop/mutual/crdt"
)

type named struct{ id, name string }

func TestPick(t *testing.T) {
	items := []named{{"abcdef01", "Ana"}, {"abcdef02", "Ben"}, {"zzzz0001", "abcdef01x"}, {"qqqq0001", "Ana"}}
	id := func(n named) string { return n.id }
	names := func(n named) []string { return []string{n.name} }
	for _, c := range []struct {
		sel, want string
		err       error
	}{
		{"abcdef02", "abcdef02", nil},  // exact ID
		{"ben", "abcdef02", nil},       // name, any case
		{"zzzz", "zzzz0001", nil},      // unique prefix
		{"abcdef01x", "zzzz0001", nil}, // a name beats a prefix
		{"abcd", "", ErrAmbiguous},     // two prefixes
		{"ana", "", ErrAmbiguous},      // two names
		{"abc", "", crdt.ErrNotFound},  // too short for a prefix
		{"nobody", "", crdt.ErrNotFound},
	} {
		got, err := pick(items, c.sel, "thing", id, names)
		if !errors.Is(err, c.err) || (c.err == nil && got.id != c.want) {
			t.Errorf("pick(%q) = %q, %v; want %q, %v", c.sel, got.id, err, c.want, c.err)
		}
	}
}
