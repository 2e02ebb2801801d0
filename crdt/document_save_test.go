package crdt

import (
	"errors"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// A change that fails is rolled back; the next increment holds only what
// was not saved before, not the whole history again.
func TestRolledBackChangeLeavesIncrementsSmall(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	d := s.Doc
	full := d.Save()
	boom := errors.New("refused")
	err := d.change("fails", func(root *automerge.Map) error {
		if err := root.Set("scratch", "x"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if inc := d.SaveIncremental(); len(inc) != 0 {
		t.Fatalf("after a rollback the increment holds %d bytes (the full save is %d)", len(inc), len(full))
	}
	// A change after the rollback is in the next increment, and the saved
	// bytes plus the increments load as the whole document.
	if err := d.SetTitle("After"); err != nil {
		t.Fatal(err)
	}
	inc := d.SaveIncremental()
	if len(inc) == 0 || len(inc) >= len(full) {
		t.Fatalf("increment of one change: %d bytes, full save %d", len(inc), len(full))
	}
	back, err := Load(append(append([]byte{}, full...), inc...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if back.Title() != "After" {
		t.Fatalf("reloaded title %q", back.Title())
	}
}

// Changes made before a rollback but not yet saved stay in the next
// increment.
func TestRollbackKeepsUnsavedChangesInTheIncrement(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	d := s.Doc
	full := d.Save()
	if err := d.SetTitle("Unsaved"); err != nil {
		t.Fatal(err)
	}
	_ = d.change("fails", func(root *automerge.Map) error { return errors.New("no") })
	back, err := Load(append(append([]byte{}, full...), d.SaveIncremental()...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if back.Title() != "Unsaved" {
		t.Fatalf("a change made before the rollback was lost from the increment: %q", back.Title())
	}
}

// Now inside a change callback returns instead of deadlocking.
func TestNowInsideAChange(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	want := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return want })
	done := make(chan time.Time, 1)
	go func() {
		var got time.Time
		_ = s.change("clock", func(root *automerge.Map) error {
			got = s.Now()
			return root.Set("scratch", got.UnixMilli())
		})
		done <- got
	}()
	select {
	case got := <-done:
		if !got.Equal(want) {
			t.Fatalf("Now %v, want %v", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Now inside a change deadlocked")
	}
}
