package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/mutual-coop/mutual/app/workspace"
)

func TestFirstRunJoinWithInviteCode(t *testing.T) {
	var fake *fakeSync
	h := newHarness(t, func(ws *workspace.Workspace) error {
		fake = &fakeSync{ws: ws}
		ws.SetSync(fake)
		return nil
	})
	f := h.u.first
	if f == nil || h.u.shell != nil {
		t.Fatal("an empty data directory does not open on the first-run screen")
	}
	test.Type(f.name, "Bo")
	test.Tap(f.next)
	h.settle()
	if h.ws.MyName() != "Bo" || h.ws.Me() == "" {
		t.Fatalf("name %q, identity %q", h.ws.MyName(), h.ws.Me())
	}
	if f.hello.Text != "Hello, Bo!" {
		t.Fatalf("second step says %q", f.hello.Text)
	}
	test.Type(f.code, "  mutual-invite:abc  ")
	test.Tap(f.join)
	h.settle()
	if len(fake.joined) != 1 || fake.joined[0] != "mutual-invite:abc|Bo" {
		t.Fatalf("joined with %q", fake.joined)
	}
	if h.u.first != nil || h.u.shell == nil {
		t.Fatal("after joining the main window is not shown")
	}
	if h.u.shell.coopName.Text != "Joined Bakery" {
		t.Fatalf("sidebar shows %q", h.u.shell.coopName.Text)
	}
}

func TestFirstRunJoinFailureIsShown(t *testing.T) {
	h := newHarness(t, func(ws *workspace.Workspace) error {
		ws.SetSync(&fakeSync{ws: ws, joinErr: errors.New("the invite code has expired")})
		return nil
	})
	f := h.u.first
	test.Type(f.name, "Bo")
	test.Tap(f.next)
	h.settle()
	test.Type(f.code, "old-code")
	test.Tap(f.join)
	h.settle()
	if h.u.first != f || !strings.Contains(f.joinStatus.Text, "The invite code has expired.") || f.join.Disabled() {
		t.Fatalf("after a failed join: status %q, join disabled %v", f.joinStatus.Text, f.join.Disabled())
	}
}

func TestFirstRunJoinWithoutNetworkSaysSo(t *testing.T) {
	h := newHarness(t, nil)
	f := h.u.first
	test.Type(f.name, "Bo")
	test.Tap(f.next)
	h.settle()
	test.Type(f.code, "mutual-invite:abc")
	test.Tap(f.join)
	h.settle()
	if !strings.Contains(f.joinStatus.Text, "Joining needs the network layer") {
		t.Fatalf("status %q", f.joinStatus.Text)
	}
	if h.u.first != f {
		t.Fatal("the first-run screen closed")
	}
}

func TestFirstRunStartACoop(t *testing.T) {
	h := newHarness(t, nil)
	f := h.u.first
	test.Type(f.name, "Ana")
	test.Tap(f.next)
	h.settle()
	if !f.create.Disabled() {
		t.Fatal("Start is enabled without a co-op name")
	}
	test.Type(f.coopName, "Riverside Bakery")
	test.Tap(f.create)
	h.settle()
	if h.u.shell == nil || h.u.shell.coopName.Text != "Riverside Bakery" {
		t.Fatal("the new co-op is not open")
	}
	if !h.u.isAdmin() {
		t.Fatal("the founder is not an admin")
	}
	h.wantText("No proposals yet. Press New to start one.")
}

// TestFirstRunWelcomeIsOneLine: the heading was drawn one letter per line
// (a wrapping label in a centring container gets one letter's width).
func TestFirstRunWelcomeIsOneLine(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 640}, {Width: 1280, Height: 800}} {
		h := newHarness(t, nil)
		h.win.Resize(size)
		h.settle()
		l := h.u.first.welcome
		lines := l.Size().Height / l.MinSize().Height
		if l.Size().Width < 200 || l.MinSize().Height > 3*theme.TextSize()+2*theme.InnerPadding() {
			t.Fatalf("at %v the welcome heading is %v wide and %v tall (%.1f of its minimum heights)", size, l.Size().Width, l.MinSize().Height, lines)
		}
	}
}
