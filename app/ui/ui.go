package ui

import (
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// Options tune the window; the zero value is what a member gets.
type Options struct {
	// Screen is the main screen shown first: proposals (the default),
	// schedules, agreements, members or sync. `make screenshots` sets it
	// through MUTUAL_SCREEN.
	Screen string
}

// UI is one open window on a workspace. Its fields are touched only on the
// UI goroutine, except ws and run, which are safe anywhere.
type UI struct {
	ws   *workspace.Workspace
	app  fyne.App
	win  fyne.Window
	run  runner
	opts Options
	log  *slog.Logger

	coop   *workspace.Coop // nil until a co-op exists (first run)
	roster *workspace.RosterView

	events     <-chan workspace.Event
	stopEvents func()
	pending    map[string]func() // throttled refreshes waiting to run, by key

	facts     coopFacts
	factCache *factCache
	factGen   int

	root  *fyne.Container
	first *firstRun
	shell *shell
	notes *notifier

	// notify sends a desktop notification; tests replace it.
	notify func(title, body string)
	// debounce is how long the agreement editor waits after the last
	// keystroke before saving.
	debounce time.Duration
	// closing is set when the window has closed: views save synchronously,
	// since nothing is left to wait for and the workspace closes next.
	closing bool
}

func newUI(a fyne.App, w fyne.Window, ws *workspace.Workspace, r runner, opts Options) *UI {
	u := &UI{ws: ws, app: a, win: w, run: r, opts: opts, log: ws.Logger().With("component", "ui"),
		pending: map[string]func(){}, debounce: 300 * time.Millisecond, factCache: newFactCache()}
	u.notify = func(title, body string) { a.SendNotification(fyne.NewNotification(title, body)) }
	u.root = container.NewStack(container.NewCenter(widget.NewLabel("Opening…")))
	w.SetContent(u.root)
	return u
}

// start subscribes to workspace events and shows the first screen. When
// pump is set a goroutine forwards events to the UI goroutine; tests leave
// it unset and drain u.events themselves.
func (u *UI) start(pump bool) {
	u.events, u.stopEvents = u.ws.Subscribe()
	if pump {
		events := u.events
		go func() {
			for e := range events {
				u.run.ui(func() { u.onEvent(e) })
			}
		}()
	}
	u.notes = newNotifier(u)
	u.openCoop("")
}

// close stops event delivery and saves unsaved typing.
func (u *UI) close() {
	if u.shell != nil {
		u.shell.closeDetail()
	}
	if u.stopEvents != nil {
		u.stopEvents()
	}
}

// now is the workspace clock.
func (u *UI) now() time.Time { return u.ws.Now() }

// me is this member's ID.
func (u *UI) me() workspace.MemberID { return u.ws.Me() }

// nameOf is a member's display name from the last roster read.
func (u *UI) nameOf(id workspace.MemberID) string {
	if id == u.me() {
		return "you"
	}
	if u.roster == nil {
		return id.Short()
	}
	return u.roster.NameOf(id)
}

// isAdmin reports whether this member is an active admin.
func (u *UI) isAdmin() bool {
	m, ok := u.roster.Member(u.me())
	return ok && m.Active() && m.Role == workspace.RoleAdmin
}

// canVote reports whether this member's stances count.
func (u *UI) canVote() bool {
	m, ok := u.roster.Member(u.me())
	return ok && m.CanVote()
}

// openCoop shows the main window for a co-op (sel "" picks the first), or
// the first-run screen when this data directory has none. What it needs is
// read off the UI goroutine.
func (u *UI) openCoop(sel string) {
	type opening struct {
		coops  []workspace.CoopInfo
		coop   *workspace.Coop
		name   string // the co-op's name
		myName string // for the first-run screen
		err    error
	}
	u.run.bg(func() {
		var o opening
		if o.coops = u.ws.Coops(); len(o.coops) == 0 {
			o.myName = u.ws.MyName()
		} else {
			id := o.coops[0].ID
			for _, c := range o.coops {
				if c.ID == sel {
					id = sel
				}
			}
			if o.coop, o.err = u.ws.Coop(id); o.err == nil {
				o.name = o.coop.Name()
			}
		}
		u.run.ui(func() {
			switch {
			case o.err != nil:
				u.showError("Could not open the co-op", o.err)
			case o.coop == nil:
				u.showFirstRun(o.myName)
			default:
				u.showCoop(o.coop, o.name, o.coops)
			}
		})
	})
}

// showCoop builds the main window for a co-op.
func (u *UI) showCoop(c *workspace.Coop, name string, coops []workspace.CoopInfo) {
	if u.shell != nil {
		u.shell.closeDetail()
	}
	u.coop = c
	u.roster = nil
	u.first = nil
	u.shell = newShell(u, name)
	u.root.Objects = []fyne.CanvasObject{u.shell.object()}
	u.root.Refresh()
	u.shell.coopsChanged(coops)
	u.shell.start(sectionByName(u.opts.Screen))
	u.loadRoster()
	u.notes.scan()
}

// loadRoster reads the roster off the UI goroutine and refreshes what
// depends on names and roles.
func (u *UI) loadRoster() {
	c := u.coop
	if c == nil {
		return
	}
	u.run.bg(func() {
		v, err := c.Members()
		u.run.ui(func() {
			if err != nil || u.coop != c {
				return
			}
			u.roster = v
			if u.shell != nil {
				u.shell.rosterChanged()
			}
		})
	})
}

// refreshFacts re-reads this member's part in the co-op (votes owed,
// shifts, stand-in requests) and updates the list, badges and notifications.
func (u *UI) refreshFacts() {
	c, me := u.coop, u.me()
	if c == nil {
		return
	}
	fetch(u, &u.factGen, func() (coopFacts, error) {
		return scanFacts(c, me, u.now(), u.factCache)
	}, func(f coopFacts, err error) {
		if err != nil || u.coop != c {
			return
		}
		u.facts = f
		if u.shell != nil {
			u.shell.factsChanged()
		}
		u.notes.check(f)
	})
}
