package crdt

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestProposalOptionEdits(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessChooseOne, "Rye", "Spelt"))
	v := f.view(t)
	ids := propOptionIDs(t, p)

	added, err := p.AddOption(v, OptionSpec{Label: "Wheat"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"add duplicate", func() error { _, err := p.AddOption(v, OptionSpec{Label: "wheat"}); return err }, ErrInvalid},
		{"add empty", func() error { _, err := p.AddOption(v, OptionSpec{}); return err }, ErrInvalid},
		{"add slot to a label poll", func() error {
			_, err := p.AddOption(v, OptionSpec{Label: "x", Start: propT0, End: propT0.Add(time.Hour)})
			return err
		}, ErrInvalid},
		{"rename", func() error { return p.RenameOption(v, ids[0], "Dark rye") }, nil},
		{"rename to the same label", func() error { return p.RenameOption(v, ids[0], "Dark rye") }, nil},
		{"rename to another's label", func() error { return p.RenameOption(v, ids[0], "SPELT") }, ErrInvalid},
		{"rename to empty", func() error { return p.RenameOption(v, ids[0], " ") }, ErrInvalid},
		{"rename unknown", func() error { return p.RenameOption(v, "nosuchoption", "x") }, ErrNotFound},
		{"remove", func() error { return p.RemoveOption(v, added) }, nil},
		{"remove again", func() error { return p.RemoveOption(v, added) }, ErrInvalid},
		{"rename removed", func() error { return p.RenameOption(v, added, "Barley") }, ErrInvalid},
		{"remove unknown", func() error { return p.RemoveOption(v, "nosuchoption") }, ErrNotFound},
		{"remove below two", func() error { return p.RemoveOption(v, ids[1]) }, ErrInvalid},
		{"re-add a removed label", func() error { _, err := p.AddOption(v, OptionSpec{Label: "Wheat"}); return err }, nil},
	}
	for _, c := range cases {
		propWantErr(t, c.do(), c.want)
	}
	opts, err := p.Options()
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, o := range opts {
		l := o.Label
		if o.Removed {
			l = "-" + l
		}
		labels = append(labels, l)
	}
	if got := propJoin(labels); got != "Dark rye,Spelt,-Wheat,Wheat" {
		t.Fatalf("options %s", got)
	}

	f.now = propT0.Add(8 * 24 * time.Hour) // after the deadline
	for name, err := range map[string]error{
		"add":    func() error { _, err := p.AddOption(v, OptionSpec{Label: "Oat"}); return err }(),
		"rename": p.RenameOption(v, ids[0], "Rye"),
		"remove": p.RemoveOption(v, ids[1]),
		"body":   p.SetBody(v, "changed"),
		"splice": p.SpliceBody(v, 0, 0, "x"),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after close: %v, want ErrClosed", name, err)
		}
	}
}

func propJoin(ss []string) string { return strings.Join(ss, ",") }

func TestProposalConsentOptionsFixed(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	v := f.view(t)
	if _, err := p.AddOption(v, OptionSpec{Label: "Maybe"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("add to consent: %v", err)
	}
	if err := p.RemoveOption(v, Block); !errors.Is(err, ErrInvalid) {
		t.Fatalf("remove from consent: %v", err)
	}
}

func TestProposalManagers(t *testing.T) {
	f := newPropFixture(t)
	// ben (a member) is the author; ada is an admin; cy a member; obs an observer.
	p, err := NewProposal(f.roster.ID(), propSpec(ProcessChooseOne, "a", "b"), f.ids["ben"], propT0)
	if err != nil {
		t.Fatal(err)
	}
	v := f.view(t)
	for _, c := range []struct {
		who  string
		want error
	}{{"ben", nil}, {"ada", nil}, {"cy", ErrNotAllowed}, {"obs", ErrNotAllowed}, {"eve", ErrNotAllowed}} {
		q := f.replica(t, p, c.who)
		_, err := q.AddOption(v, OptionSpec{Label: "by " + c.who})
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s adds an option: %v, want %v", c.who, err, c.want)
		}
		if err := q.SetBody(v, "by "+c.who); !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s edits the body: %v, want %v", c.who, err, c.want)
		}
		if err := q.Close(v); !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s closes: %v, want %v", c.who, err, c.want)
		}
	}
	if err := f.roster.RemoveMember(f.member("ben")); err != nil {
		t.Fatal(err)
	}
	if err := f.replica(t, p, "ben").SetBody(f.view(t), "still mine?"); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("removed author edits: %v", err)
	}
	if err := p.SetBody(nil, "x"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("no roster: %v", err)
	}
	other, err := NewRoster("Other", "Ada", f.ids["ada"], propT0)
	if err != nil {
		t.Fatal(err)
	}
	ov, err := other.View()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.replica(t, p, "ada").SetBody(ov, "x"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("roster of another co-op: %v", err)
	}
}

func TestProposalBodyEdits(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	v := f.view(t)
	cases := []struct {
		name     string
		do       func() error
		want     error
		wantBody string
	}{
		{"set", func() error { return p.SetBody(v, "We need a new oven.") }, nil, "We need a new oven."},
		{"set same", func() error { return p.SetBody(v, "We need a new oven.") }, nil, "We need a new oven."},
		{"splice", func() error { return p.SpliceBody(v, 8, 5, "an electric") }, nil, "We need an electric oven."},
		{"splice unicode", func() error { return p.SpliceBody(v, 0, 0, "🔥 ") }, nil, "🔥 We need an electric oven."},
		{"splice at end", func() error { return p.SpliceBody(v, 27, 0, "!") }, nil, "🔥 We need an electric oven.!"},
		{"splice past end", func() error { return p.SpliceBody(v, 29, 0, "x") }, ErrInvalid, "🔥 We need an electric oven.!"},
		{"delete past end", func() error { return p.SpliceBody(v, 20, 10, "") }, ErrInvalid, "🔥 We need an electric oven.!"},
		{"negative", func() error { return p.SpliceBody(v, -1, 0, "x") }, ErrInvalid, "🔥 We need an electric oven.!"},
		{"no-op splice", func() error { return p.SpliceBody(v, 3, 0, "") }, nil, "🔥 We need an electric oven.!"},
	}
	for _, c := range cases {
		propWantErr(t, c.do(), c.want)
		if b, err := p.Body(); err != nil || b != c.wantBody {
			t.Fatalf("%s: body %q %v, want %q", c.name, b, err, c.wantBody)
		}
	}
}

func TestProposalConcurrentBodyEdits(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	if err := f.roster.SetRole(f.member("ben"), RoleAdmin); err != nil {
		t.Fatal(err)
	}
	v := f.view(t)
	if err := p.SetBody(v, "Buy an oven. Pay from savings."); err != nil {
		t.Fatal(err)
	}
	r := f.replica(t, p, "ben") // an admin editing on their own machine
	if err := p.SetBody(v, "Buy a gas oven. Pay from savings."); err != nil {
		t.Fatal(err)
	}
	if err := r.SetBody(v, "Buy an oven. Pay from the 2026 savings."); err != nil {
		t.Fatal(err)
	}
	if err := p.Merge(r.Doc); err != nil {
		t.Fatal(err)
	}
	if b, _ := p.Body(); b != "Buy a gas oven. Pay from the 2026 savings." {
		t.Fatalf("merged body %q", b)
	}
}
