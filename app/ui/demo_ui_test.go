package ui

import (
	"strings"
	"testing"

	"github.com/mutual-coop/mutual/app/workspace"
)

// The demo co-op on every screen: what a new member sees first.
func TestDemoCoopOnEveryScreen(t *testing.T) {
	h := newHarness(t, func(ws *workspace.Workspace) error {
		_, err := ws.SeedDemo("Sam")
		return err
	})
	s := h.u.shell
	if len(s.list.shown) != 5 {
		t.Fatalf("proposals listed: %d", len(s.list.shown))
	}
	if s.badges[secProposals] != "2" || s.badges[secSchedules] != "1" {
		t.Fatalf("badges: proposals %q, schedules %q", s.badges[secProposals], s.badges[secSchedules])
	}
	if countNotes(h, "Your vote is needed: When should we hold the AGM?") != 1 || countNotes(h, "Stand-in needed") != 1 {
		t.Fatalf("notifications: %q", h.notes)
	}

	open := func(title string) {
		t.Helper()
		for _, d := range s.list.all {
			if d.Title == title {
				s.list.open(d.ID)
				h.settle()
				return
			}
		}
		t.Fatalf("%q is not listed", title)
	}
	open("Buy a second deck oven")
	h.wantText("⚠ Rosa Lima's vote is not counted: observer")
	h.wantText("Not voted yet:")
	open("Switch to Mill Lane organic flour")
	if got := h.proposalView().tally.shown["Block"]; got != "1 vote" {
		t.Fatalf("block count %q", got)
	}
	h.wantText("Mill Lane cannot deliver before 6 am")
	open("Ratify the 2025 bylaws revision")
	h.wantText("The 2025 bylaws revision is adopted.")
	h.wantText("Recorded")

	s.showSection(secAgreements)
	h.settle()
	open("Bylaws")
	v := h.agreementView()
	v.tabs.SelectIndex(4)
	h.settle()
	h.wantText("Signed by 9 of 11 voting members")
	v.tabs.SelectIndex(3)
	h.settle()
	h.wantText("Five early bakes in a row wore three of us out this winter.")
	h.wantText("Rejected by you: The oven is a separate proposal")

	s.showSection(secSchedules)
	h.settle()
	open("Bakery rota")
	h.wantText("1 booking conflict to resolve")
	if !strings.Contains(h.text(), "Mei Chen asks for a stand-in") && !strings.Contains(h.text(), "asks for a stand-in: “Dentist") {
		// the request may be on a shift in a later week
		sv := h.scheduleView()
		found := false
		for i := 0; i < 4 && !found; i++ {
			sv.step(1)
			h.settle()
			found = strings.Contains(h.text(), "asks for a stand-in: “Dentist")
		}
		if !found {
			t.Fatal("the stand-in request on my shift is not shown")
		}
	}

	s.showSection(secMembers)
	h.settle()
	mv := s.view.(*membersView)
	if len(mv.roles) != 12 {
		t.Fatalf("members listed: %d", len(mv.roles))
	}
	h.wantText("Rosa Lima")
}
