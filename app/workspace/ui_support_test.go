package workspace

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

func TestMergeText(t *testing.T) {
	for _, c := range []struct {
		name, base, mine, theirs, want string
	}{
		{"only mine", "abc", "abXc", "abc", "abXc"},
		{"only theirs", "abc", "abc", "aYbc", "aYbc"},
		{"apart, mine after", "one two three", "one two three four", "zero one two three", "zero one two three four"},
		{"apart, mine before", "one two three", "one 2 three", "one two three!", "one 2 three!"},
		{"same place insertions keep theirs first", "ab", "aMb", "aTb", "aTMb"},
		{"both delete the same", "one two three", "one three", "one three", "one three"},
		{"overlapping deletes", "abcdef", "af", "abef", "af"},
		{"mine deletes around their insertion", "abcdef", "af", "abcXdef", "aXf"},
		{"mine types inside what they deleted", "keep this part", "keep this XX part", "keep part", "keep XX part"},
		{"unicode", "ünï cödé", "ünï cödé ✓", "¡ünï cödé", "¡ünï cödé ✓"},
		{"same result", "a", "b", "b", "b"},
	} {
		if got := MergeText(c.base, c.mine, c.theirs); got != c.want {
			t.Errorf("%s: MergeText(%q, %q, %q) = %q, want %q", c.name, c.base, c.mine, c.theirs, got, c.want)
		}
	}
}

// Edits at different places both survive, whatever they are.
func TestMergeTextKeepsSeparateEdits(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	words := []string{"alpha ", "beta ", "gamma ", "delta ", "epsilon ", "zeta "}
	for i := 0; i < 2000; i++ {
		var parts []string
		for j := 0; j < 4+rng.Intn(8); j++ {
			parts = append(parts, words[rng.Intn(len(words))])
		}
		cut := 1 + rng.Intn(len(parts)-1)
		head, tail := strings.Join(parts[:cut], ""), strings.Join(parts[cut:], "")
		base := head + "|" + tail // the bar separates the two edit zones
		mine := head + "|" + tail + "MINE"
		theirs := "THEIRS" + head + "|" + tail
		if rng.Intn(2) == 0 {
			mine, theirs = "MINE"+head+"|"+tail, head+"|"+tail+"THEIRS"
		}
		got := MergeText(base, mine, theirs)
		if !strings.Contains(got, "MINE") || !strings.Contains(got, "THEIRS") || !strings.Contains(got, head+"|"+tail) {
			t.Fatalf("MergeText(%q, %q, %q) = %q lost an edit", base, mine, theirs, got)
		}
	}
}

func uiTestCoop(t *testing.T) (*Workspace, *Coop) {
	t.Helper()
	w, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	c, err := w.CreateCoop("Riverside Bakery", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	return w, c
}

func TestCommitAgreementTextKeepsConcurrentEdits(t *testing.T) {
	_, c := uiTestCoop(t)
	id, err := c.NewAgreement("Rules", "Members meet monthly.\n")
	if err != nil {
		t.Fatal(err)
	}
	base := "Members meet monthly.\n"
	// A colleague's edit lands in the document while the editor still
	// shows base…
	if err := c.SpliceAgreement(id, 0, 0, "# Rules\n\n"); err != nil {
		t.Fatal(err)
	}
	// …and the editor saves its own typing relative to base.
	saved, err := c.CommitAgreementText(id, base, "Members meet monthly, online too.\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Rules\n\nMembers meet monthly, online too.\n"
	if saved != want {
		t.Fatalf("saved %q, want %q", saved, want)
	}
	a, err := c.Agreement(id)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := a.Body(); b != want {
		t.Fatalf("body %q", b)
	}
	// Nothing typed: nothing changes and no change is recorded.
	h1, _ := c.History(id)
	if _, err := c.CommitAgreementText(id, want, want); err != nil {
		t.Fatal(err)
	}
	if h2, _ := c.History(id); len(h2) != len(h1) {
		t.Fatalf("an empty commit recorded %d changes", len(h2)-len(h1))
	}
	if _, err := c.CommitAgreementText("no-such-doc", "", "x"); err == nil {
		t.Fatal("committing to a missing agreement worked")
	}
}

func TestRemoveSignUpAndCancelStandIn(t *testing.T) {
	w, c := uiTestCoop(t)
	other, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddMember(other.Member(), "Bo", "member"); err != nil {
		t.Fatal(err)
	}
	id, err := c.NewSchedule("Rota")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(24 * time.Hour)
	sid, err := c.AddShift(id, ShiftSpec{Role: "Bake", Start: start, End: start.Add(time.Hour), Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignUp(id, sid); err != nil {
		t.Fatal(err)
	}
	if err := c.RequestStandIn(id, sid, "away"); err != nil {
		t.Fatal(err)
	}
	if err := c.CancelStandIn(id, sid); err != nil {
		t.Fatal(err)
	}
	s, _ := c.Schedule(id)
	sh, _ := s.Shift(sid)
	if _, open := sh.OpenStandIn(w.Me()); open {
		t.Fatal("the stand-in request is still open")
	}
	// Bo signs up on his own copy; the organiser (the schedule's creator)
	// takes him off.
	live, _ := c.Doc(id)
	bo, err := crdt.Load(live.Save(), other)
	if err != nil {
		t.Fatal(err)
	}
	bs, _ := crdt.AsSchedule(bo)
	if err := bs.SignUp(sid); err != nil {
		t.Fatal(err)
	}
	if err := c.mergeIn(bo, true); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveSignUp(id, sid, other.Member()); err != nil {
		t.Fatal(err)
	}
	sh, _ = s.Shift(sid)
	if sh.Has(other.Member()) || !sh.Has(w.Me()) {
		t.Fatalf("sign-ups after removing Bo: %+v", sh.SignUps)
	}
	if err := c.RemoveSignUp(id, sid, other.Member()); err == nil {
		t.Fatal("removing someone not signed up worked")
	}
}
