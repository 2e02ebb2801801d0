package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

func TestOfflineIsShownCalmly(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	if h.u.shell.status.online() {
		t.Fatal("the status line says online without a network side")
	}
	h.wantText("● Offline")
	h.u.shell.showSection(secSync)
	h.settle()
	v := h.u.shell.view.(*syncView)
	if !v.syncB.Disabled() || !strings.Contains(v.explain.Text, "Nothing is lost while offline") {
		t.Fatalf("sync screen offline: button disabled %v, %q", v.syncB.Disabled(), v.explain.Text)
	}
}

// TestStatusSaysOfflineWhenNobodyIsReachable: a running sync node with no
// member reachable is offline, not a green "Online".
func TestStatusSaysOfflineWhenNobodyIsReachable(t *testing.T) {
	h := newHarness(t, func(ws *workspace.Workspace) error {
		ws.SetSync(&fakeSync{ws: ws, peers: []workspace.PeerStatus{{Name: "Cy", LastSynced: time.Now().Add(-50 * time.Hour)}}})
		_, err := ws.CreateCoop("Riverside Bakery", "Ana")
		return err
	})
	if h.u.shell.status.online() {
		t.Fatalf("the status line says online with nobody reachable: %q", h.u.shell.status.detail.Text)
	}
	h.wantText("● Offline")
	if !strings.Contains(h.u.shell.status.detail.Text, "your changes are kept and will sync later") {
		t.Fatalf("status detail %q", h.u.shell.status.detail.Text)
	}
	h.u.shell.showSection(secSync)
	h.settle()
	if v := h.u.shell.view.(*syncView); v.state.Text == "● Online" || v.syncB.Disabled() {
		t.Fatalf("sync screen with nobody reachable says %q (sync button disabled %v)", v.state.Text, v.syncB.Disabled())
	}
}

func TestSyncScreenListsPeersAndSyncs(t *testing.T) {
	var fake *fakeSync
	h := newHarness(t, func(ws *workspace.Workspace) error {
		fake = &fakeSync{ws: ws, peers: []workspace.PeerStatus{
			{Name: "Bo", Connected: true, LAN: true, LastSynced: time.Now().Add(-3 * time.Minute)},
			{Name: "Cy", LastSynced: time.Now().Add(-50 * time.Hour)},
			{Name: "Dee", Connected: true, Route: workspace.RoutePublicRelay, LastSynced: time.Now().Add(-time.Minute)},
			{Name: "Eli", Connected: true, Route: workspace.RouteNode, LastSynced: time.Now().Add(-time.Minute)},
		}}
		ws.SetSync(fake)
		_, err := ws.CreateCoop("Riverside Bakery", "Ana")
		return err
	})
	if !h.u.shell.status.online() || !strings.Contains(h.u.shell.status.detail.Text, "Syncing live with 3 members") {
		t.Fatalf("status line: %q", h.u.shell.status.detail.Text)
	}
	h.u.shell.showSection(secSync)
	h.settle()
	h.wantText("● connected")
	h.wantText("on this network · last synced 3 minutes ago")
	h.wantText("last synced 2 days 2 hours ago")
	h.wantText("through a public relay (small changes only until a direct link works)")
	h.wantText("through the co-op's always-on computer")
	v := h.u.shell.view.(*syncView)
	if v.progress.Visible() {
		t.Fatal("a progress bar shows with no sync running")
	}

	// A sync in progress shows a bar; the sync event refreshes the screen.
	fake.mu.Lock()
	fake.progress = &workspace.SyncProgress{DocsDone: 3, DocsTotal: 12}
	fake.mu.Unlock()
	h.ws.Publish(workspace.Event{Type: workspace.EventSync, Coop: h.coop().ID(), Text: "progress"})
	h.settle()
	if !v.progress.Visible() || v.progress.Value != 3 || v.progress.Max != 12 {
		t.Fatalf("progress bar: visible %v, %v of %v", v.progress.Visible(), v.progress.Value, v.progress.Max)
	}
	h.tap("Sync now")
	if fake.synced != 1 || !strings.HasPrefix(v.result.Text, "Synced ") {
		t.Fatalf("sync now: %d calls, result %q", fake.synced, v.result.Text)
	}
}
