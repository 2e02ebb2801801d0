package ui

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// The tests drive the real UI on Fyne's test driver. UI work is queued and
// run on the test goroutine by settle, background work runs on goroutines,
// and timers fire in virtual time — so each step is deterministic and the
// race detector sees the same discipline as the real window.

// queueRunner is the test runner.
type queueRunner struct {
	queue   chan func()
	pending atomic.Int64

	mu     sync.Mutex
	timers []*fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	fn      func()
	stopped bool
}

func newQueueRunner() *queueRunner { return &queueRunner{queue: make(chan func(), 100000)} }

func (q *queueRunner) ui(fn func()) { q.queue <- fn }

func (q *queueRunner) bg(fn func()) {
	q.pending.Add(1)
	go func() {
		defer q.pending.Add(-1)
		fn()
	}()
}

func (q *queueRunner) after(d time.Duration, fn func()) func() {
	t := &fakeTimer{d: d, fn: fn}
	q.mu.Lock()
	q.timers = append(q.timers, t)
	q.mu.Unlock()
	return func() {
		q.mu.Lock()
		t.stopped = true
		q.mu.Unlock()
	}
}

// popTimer takes the first live timer due within limit.
func (q *queueRunner) popTimer(limit time.Duration) *fakeTimer {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, t := range q.timers {
		if t.stopped {
			continue
		}
		if t.d <= limit {
			q.timers = append(q.timers[:i:i], q.timers[i+1:]...)
			return t
		}
	}
	live := q.timers[:0]
	for _, t := range q.timers {
		if !t.stopped {
			live = append(live, t)
		}
	}
	q.timers = live
	return nil
}

// harness is a window on a temporary data directory.
type harness struct {
	t     *testing.T
	ws    *workspace.Workspace
	app   fyne.App
	win   fyne.Window
	u     *UI
	r     *queueRunner
	notes []string
	// timerLimit: timers up to this long fire during settle; longer ones
	// (countdowns, periodic rescans) never do.
	timerLimit time.Duration
}

// newHarness opens a workspace in a temporary directory, lets setup prepare
// it, and opens the window on it.
func newHarness(t *testing.T, setup func(ws *workspace.Workspace) error) *harness {
	t.Helper()
	return newHarnessAt(t, time.Time{}, setup)
}

// newHarnessAt is newHarness with the workspace's clock starting at the
// given instant and running on from there (the zero time means the real
// clock), so tests of dates do not depend on the day they run.
func newHarnessAt(t *testing.T, at time.Time, setup func(ws *workspace.Workspace) error) *harness {
	t.Helper()
	var clock func() time.Time
	if !at.IsZero() {
		started := time.Now()
		clock = func() time.Time { return at.Add(time.Since(started)) }
	}
	ws, err := workspace.Open(workspace.Options{Dir: t.TempDir(), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		if err := setup(ws); err != nil {
			ws.Close()
			t.Fatal(err)
		}
	}
	return openHarness(t, ws, Options{})
}

// openHarness opens the window on an open workspace.
func openHarness(t *testing.T, ws *workspace.Workspace, opts Options) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Mutual")
	w.Resize(fyne.NewSize(1180, 760))
	h := &harness{t: t, ws: ws, app: a, win: w, r: newQueueRunner(), timerLimit: 2 * time.Second}
	h.u = newUI(a, w, ws, h.r, opts)
	h.u.notify = func(title, body string) { h.notes = append(h.notes, title+": "+body) }
	t.Cleanup(func() {
		h.settle()
		h.u.close()
		h.waitBackground()
		ws.Close()
	})
	h.u.start(false)
	h.settle()
	return h
}

// settle runs queued UI work, delivered events and due timers until
// nothing is left and no background work is running.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; i < 200000; i++ {
		if time.Now().After(deadline) {
			h.t.Fatalf("the UI did not settle within 30s (%d background tasks running)", h.r.pending.Load())
		}
		if h.u.events != nil && h.u.drainEvents() > 0 {
			continue
		}
		select {
		case fn := <-h.r.queue:
			fn()
			continue
		default:
		}
		if h.r.pending.Load() > 0 {
			select {
			case fn := <-h.r.queue:
				fn()
			case <-time.After(2 * time.Millisecond):
			}
			continue
		}
		if t := h.r.popTimer(h.timerLimit); t != nil {
			t.fn()
			continue
		}
		return
	}
	h.t.Fatal("the UI did not settle: too many steps")
}

// waitBackground waits for background work to end (for cleanup).
func (h *harness) waitBackground() {
	for i := 0; i < 3000 && h.r.pending.Load() > 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
}

// coop is the window's co-op.
func (h *harness) coop() *workspace.Coop {
	h.t.Helper()
	if h.u.coop == nil {
		h.t.Fatal("no co-op is open")
	}
	return h.u.coop
}

// objects lists what is drawn now: the window's content and its overlays.
func (h *harness) objects() []fyne.CanvasObject {
	c := h.win.Canvas()
	out := test.LaidOutObjects(c.Content())
	for _, o := range c.Overlays().List() {
		out = append(out, test.LaidOutObjects(o)...)
	}
	return out
}

// text is everything written on screen (labels, buttons, rich text).
func (h *harness) text() string {
	var b strings.Builder
	for _, o := range h.objects() {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		}
	}
	return b.String()
}

// button finds a visible button by its text.
func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	for _, o := range h.objects() {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	h.t.Fatalf("no button %q on screen", text)
	return nil
}

// tap taps a visible button by its text and settles.
func (h *harness) tap(text string) {
	h.t.Helper()
	test.Tap(h.button(text))
	h.settle()
}

// wantText fails unless the screen shows s.
func (h *harness) wantText(s string) {
	h.t.Helper()
	if !strings.Contains(h.text(), s) {
		h.t.Fatalf("the screen does not show %q; it shows:\n%s", s, h.text())
	}
}

// founded makes the data directory's first co-op with this member as admin.
func founded(coop, name string) func(ws *workspace.Workspace) error {
	return func(ws *workspace.Workspace) error {
		_, err := ws.CreateCoop(coop, name)
		return err
	}
}

// colleague is another member's data directory, sharing the co-op.
type colleague struct {
	ws   *workspace.Workspace
	coop *workspace.Coop
}

// newColleague makes a second member (name) in a data directory of their
// own, admitted to h's co-op by h's member with role, holding the roster.
func newColleague(t *testing.T, h *harness, name, role string) *colleague {
	t.Helper()
	ws, err := workspace.Open(workspace.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	id, err := ws.EnsureIdentity(name)
	if err != nil {
		t.Fatal(err)
	}
	c := h.coop()
	if err := c.AddMember(id.Member(), name, role); err != nil {
		t.Fatal(err)
	}
	col := &colleague{ws: ws}
	col.receive(t, c, c.ID())
	if col.coop, err = ws.Coop(c.ID()); err != nil {
		t.Fatal(err)
	}
	h.settle()
	return col
}

// receive copies a document from c into the colleague's directory (as sync
// would).
func (col *colleague) receive(t *testing.T, c *workspace.Coop, id string) {
	t.Helper()
	b, err := c.Export(id, "automerge")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := col.ws.Import(b, id+".automerge", ""); err != nil {
		t.Fatal(err)
	}
}

// send merges the colleague's copy of a document into c as a remote change
// (as sync would).
func (col *colleague) send(t *testing.T, c *workspace.Coop, id string) {
	t.Helper()
	d, err := col.coop.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Replica().PutDoc(d); err != nil {
		t.Fatal(err)
	}
}
