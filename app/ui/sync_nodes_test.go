package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// An admin adds the co-op's always-on computer from the Sync screen by
// choosing it and typing its address, sees it listed, and stops using it.
func TestAdminAddsAndRemovesAlwaysOnComputer(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	newColleague(t, h, "Bakery server", "observer")
	h.u.shell.showSection(secSync)
	h.settle()
	h.wantText("None. A co-op can keep one computer always on")
	h.tap("Add an always-on computer…")

	var who *widget.Select
	var addr *widget.Entry
	for _, o := range h.objects() {
		switch w := o.(type) {
		case *widget.Select:
			who = w
		case *widget.Entry:
			if w.PlaceHolder == "coop.example.org:4001" {
				addr = w
			}
		}
	}
	if who == nil || addr == nil {
		t.Fatal("the dialog has no computer choice or address field")
	}
	if strings.Contains(strings.Join(who.Options, ","), "Ana") {
		t.Errorf("the member's own computer is offered: %v", who.Options)
	}
	who.SetSelected("Bakery server")
	test.Type(addr, "coop.example.org:4001")
	h.tap("Add")

	nodes, err := h.coop().Nodes()
	if err != nil || len(nodes) != 1 || len(nodes[0].Addrs) != 1 || nodes[0].Addrs[0] != "/dns/coop.example.org/tcp/4001" {
		t.Fatalf("registered nodes: %+v, %v", nodes, err)
	}
	h.wantText("added by you")
	if strings.Contains(h.text(), "/dns/") {
		t.Error("the screen shows the technical address")
	}

	h.tap("Stop using")
	h.tap("Yes")
	if nodes, _ := h.coop().Nodes(); len(nodes) != 0 {
		t.Fatalf("after Stop using: %+v", nodes)
	}
	h.wantText("None. A co-op can keep one computer always on")
}

// A bad address is refused with a plain message and registers nothing.
func TestAlwaysOnComputerBadAddress(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	newColleague(t, h, "Bakery server", "observer")
	h.u.shell.showSection(secSync)
	h.settle()
	h.tap("Add an always-on computer…")
	for _, o := range h.objects() {
		switch w := o.(type) {
		case *widget.Select:
			w.SetSelected("Bakery server")
		case *widget.Entry:
			if w.PlaceHolder == "coop.example.org:4001" {
				test.Type(w, "coop.example.org")
			}
		}
	}
	h.tap("Add")
	if !strings.Contains(h.u.shell.lastError, "not an address with a port") {
		t.Fatalf("error shown: %q", h.u.shell.lastError)
	}
	if nodes, _ := h.coop().Nodes(); len(nodes) != 0 {
		t.Fatalf("a bad address registered a node: %+v", nodes)
	}
}

// An admin turns internet discovery off from the Sync screen; a member who
// is not an admin sees the setting but cannot change it.
func TestInternetDiscoverySwitch(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	h.u.shell.showSection(secSync)
	h.settle()
	v := h.u.shell.view.(*syncView)
	if !v.internet.Checked || v.internet.Disabled() {
		t.Fatalf("new co-op: checked %v, disabled %v", v.internet.Checked, v.internet.Disabled())
	}
	h.wantText("never the co-op's name")
	test.Tap(v.internet)
	h.settle()
	if s, _ := h.coop().Settings(); s.InternetDiscovery {
		t.Fatal("unticking did not turn internet discovery off")
	}
	if v := h.u.shell.view.(*syncView); v.internet.Checked {
		t.Fatal("the switch shows on after turning it off")
	}

	col := newColleague(t, h, "Bo", "member")
	hb := openHarness(t, col.ws, Options{})
	hb.u.shell.showSection(secSync)
	hb.settle()
	if vb := hb.u.shell.view.(*syncView); !vb.internet.Disabled() {
		t.Fatal("a member who is not an admin can change the co-op's setting")
	}
}
