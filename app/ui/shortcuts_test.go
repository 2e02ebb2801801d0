package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/mutual-coop/mutual/app/workspace"
)

func TestKeyboardShortcuts(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	for _, title := range []string{"First", "Second", "Third"} {
		if _, err := c.NewProposal(workspace.ProposalSpec{Title: title, Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	h.settle()
	s := h.u.shell
	selected := func() string { return s.list.selected }
	first := selected()
	if first == "" {
		t.Fatal("nothing selected")
	}
	// J/K move when no field has focus.
	h.win.Canvas().Unfocus()
	h.win.Canvas().OnTypedRune()('j')
	h.settle()
	second := selected()
	if second == first {
		t.Fatal("J did not move to the next proposal")
	}
	h.win.Canvas().OnTypedRune()('k')
	h.settle()
	if selected() != first {
		t.Fatal("K did not move back")
	}
	// Ctrl+Down works wherever the focus is (it is a menu shortcut).
	s.shortcut(ctrl(fyne.KeyDown))()
	h.settle()
	if selected() != second {
		t.Fatal("Ctrl+Down did not move to the next proposal")
	}
	// Ctrl+F focuses the search field.
	s.shortcut(ctrl(fyne.KeyF))()
	if h.win.Canvas().Focused() != s.list.search {
		t.Fatal("Ctrl+F did not focus the search")
	}
	// Ctrl+N opens the new-proposal form; Ctrl+2 the schedules.
	s.shortcut(ctrl(fyne.KeyN))()
	h.settle()
	if s.proposalForm == nil || h.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Ctrl+N did not open the new-proposal form")
	}
	h.button("Start the proposal")
	s.proposalForm.dlg.Hide()
	s.shortcut(ctrl(fyne.Key2))()
	h.settle()
	if s.sec != secSchedules {
		t.Fatalf("Ctrl+2 shows section %d", s.sec)
	}
	// F1 opens the help, which lists the shortcuts.
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1})
	h.settle()
	h.wantText("Keyboard shortcuts")
	h.wantText("Next item in the list")
}

func TestSearchAndFilters(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	for _, title := range []string{"Buy an oven", "Oven cleaning rota", "Logo"} {
		if _, err := c.NewProposal(workspace.ProposalSpec{Title: title, Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	h.settle()
	l := h.u.shell.list
	l.search.SetText("oven")
	h.settle()
	if len(l.shown) != 2 || l.count.Text != "2 of 3 proposals" {
		t.Fatalf("search shows %d (%q)", len(l.shown), l.count.Text)
	}
	l.filter.SetSelected(filterClosed)
	h.settle()
	if len(l.shown) != 0 || l.count.Text != "No proposal matches." {
		t.Fatalf("closed filter shows %d (%q)", len(l.shown), l.count.Text)
	}
}
