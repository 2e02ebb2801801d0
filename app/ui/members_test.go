package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/workspace"
)

func (h *harness) membersView() *membersView {
	h.t.Helper()
	h.u.shell.showSection(secMembers)
	h.settle()
	v, ok := h.u.shell.view.(*membersView)
	if !ok {
		h.t.Fatalf("members screen not shown (%T)", h.u.shell.view)
	}
	return v
}

func TestAdminChangesRoleAndRemovesMember(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, h, "Bo", "member")
	boID := bo.ws.Me()
	v := h.membersView()
	if v.roles[h.u.me()].Disabled() == false {
		t.Fatal("an admin may change their own role here (the last admin could lock everyone out)")
	}
	if v.roles[boID].Disabled() || v.removes[boID].Disabled() {
		t.Fatal("an admin's controls are disabled")
	}
	v.roles[boID].SetSelected("Observer")
	h.settle()
	h.tap("Yes")
	m, _ := mustMembers(t, h.coop()).Member(boID)
	if m.Role != workspace.RoleObserver {
		t.Fatalf("Bo's role is %q", m.Role)
	}
	v = h.membersView()
	if v.roles[boID].Selected != "Observer" {
		t.Fatalf("the roster shows %q", v.roles[boID].Selected)
	}
	test.Tap(v.removes[boID])
	h.settle()
	h.tap("Yes")
	if mustMembers(t, h.coop()).IsActive(boID) {
		t.Fatal("Bo is still a member")
	}
	if _, shown := h.membersView().roles[boID]; shown {
		t.Fatal("a removed member is still listed")
	}
}

func mustMembers(t *testing.T, c *workspace.Coop) *workspace.RosterView {
	t.Helper()
	v, err := c.Members()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNonAdminSeesControlsDisabledWithReason(t *testing.T) {
	admin := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, admin, "Bo", "member")
	h := openHarness(t, bo.ws, Options{})
	v := h.membersView()
	for id, sel := range v.roles {
		if !sel.Disabled() || !v.removes[id].Disabled() {
			t.Fatalf("a member can change %s", h.u.nameOf(id))
		}
	}
	if len(v.roles) != 2 {
		t.Fatalf("the roster lists %d members", len(v.roles))
	}
	if !strings.Contains(v.why.Text, "Only admins can") || !strings.Contains(v.why.Text, "Your role is Member") {
		t.Fatalf("reason shown: %q", v.why.Text)
	}
	if !v.inviteB.Disabled() {
		t.Fatal("a member can create invites")
	}
}

func TestInviteShowsCodeAndQR(t *testing.T) {
	h := newHarness(t, func(ws *workspace.Workspace) error {
		ws.SetSync(&fakeSync{ws: ws})
		_, err := ws.CreateCoop("Riverside Bakery", "Ana")
		return err
	})
	v := h.membersView()
	test.Tap(v.inviteB)
	h.settle()
	if v.code == nil || !strings.HasPrefix(v.code.Text, "mutual-invite:"+h.coop().ID()) {
		t.Fatal("no invite code shown")
	}
	if v.qr == nil || v.qr.MinSize().Width < 200 {
		t.Fatal("no QR code shown")
	}
}

func TestInviteOfflineExplains(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	v := h.membersView()
	test.Tap(v.inviteB)
	h.settle()
	h.wantText("Inviting needs the network layer")
	if v.code != nil {
		t.Fatal("an invite code appeared offline")
	}
}

// TestCheckTheRecordsInTheWindow: the Members screen runs the same check as
// `mutual verify` and says the result in words.
func TestCheckTheRecordsInTheWindow(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	h.u.shell.showSection(secMembers)
	h.settle()
	h.tap("Check the records")
	h.wantText("Everything checks out.")
}
