package crdt

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// agreementFixture is a co-op (alice admin and founder, bob and carol
// members, dave an outsider) with an agreement written by bob.
type agreementFixture struct {
	alice, bob, carol, dave *Identity
	roster                  *Roster
	a                       *Agreement // bob's replica
}

const agreementTestBody = "# House rules\n\n## Meetings\n\nWe meet on Monday evenings.\n\n## Kitchen\n\nClean up after cooking.\n"

var agreementT0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// agreementClock is a deterministic clock advancing one minute per reading,
// so records made in a row have distinct, ordered times.
func agreementClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return agreementT0.Add(time.Duration(n.Add(1)) * time.Minute) }
}

func newAgreementFixture(t testing.TB, body string) *agreementFixture {
	t.Helper()
	f := &agreementFixture{}
	for _, p := range []**Identity{&f.alice, &f.bob, &f.carol, &f.dave} {
		id, err := NewIdentity()
		if err != nil {
			t.Fatal(err)
		}
		*p = id
	}
	r, err := NewRoster("Bakery Co-op", "Alice", f.alice, agreementT0)
	if err != nil {
		t.Fatal(err)
	}
	r.SetClock(agreementClock())
	for name, id := range map[string]*Identity{"Bob": f.bob, "Carol": f.carol} {
		if err := r.AddMember(id.Member(), name, RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	f.roster = r
	f.a, err = NewAgreement(r.ID(), "House rules", body, f.bob, agreementT0)
	if err != nil {
		t.Fatal(err)
	}
	f.a.SetClock(agreementClock())
	return f
}

func (f *agreementFixture) view(t *testing.T) *RosterView {
	t.Helper()
	v, err := f.roster.View()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// replica opens a copy of f.a as another member would hold it.
func (f *agreementFixture) replica(t *testing.T, me *Identity) *Agreement {
	t.Helper()
	r, err := LoadAgreement(f.a.Save(), me)
	if err != nil {
		t.Fatal(err)
	}
	r.SetClock(agreementClock())
	return r
}

func agreementMustBody(t *testing.T, a *Agreement) string {
	t.Helper()
	b, err := a.Body()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func agreementHistoryLen(t *testing.T, a *Agreement) int {
	t.Helper()
	h, err := a.History()
	if err != nil {
		t.Fatal(err)
	}
	return len(h)
}

// agreementRawWrite writes straight into the document, as a hostile or buggy
// peer could, bypassing every check.
func agreementRawWrite(t *testing.T, a *Agreement, fn func(root *automerge.Map) error) {
	t.Helper()
	if err := a.change("raw write", fn); err != nil {
		t.Fatal(err)
	}
}

func agreementWantErr(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
}
