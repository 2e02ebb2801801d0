package ui

import (
	"os"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/mutual-coop/mutual/app/workspace"
)

// How often the facts behind notifications are re-read without any change
// event: a proposal enters its last 24 hours just by time passing.
const factRescanEvery = 5 * time.Minute

// notifier tells the member what needs them, with desktop notifications and
// the system-tray menu: a proposal they have not voted on closes within 24
// hours; a colleague made a new proposal; someone on their shift asks for a
// stand-in. Each is told once (remembered across restarts).
type notifier struct {
	u      *UI
	told   map[string]bool
	order  []string        // told keys, oldest first
	known  map[string]bool // proposals already seen, to spot new ones
	primed bool
	tray   desktop.App
	timer  func()
}

const toldPref = "notified"

func newNotifier(u *UI) *notifier {
	n := &notifier{u: u, told: map[string]bool{}, known: map[string]bool{}}
	for _, k := range u.app.Preferences().StringList(toldPref) {
		n.told[k] = true
		n.order = append(n.order, k)
	}
	if d, ok := u.app.(desktop.App); ok && trayAvailable() {
		n.tray = d
		d.SetSystemTrayIcon(appIcon)
		n.updateTray()
	}
	return n
}

// scan learns the existing proposals (which are not news) and checks what
// is due; it repeats every factRescanEvery.
func (n *notifier) scan() {
	c := n.u.coop
	n.primed = false
	n.u.run.bg(func() {
		docs, err := c.List("proposal")
		n.u.run.ui(func() {
			if err != nil || n.u.coop != c {
				return
			}
			for _, d := range docs {
				n.known[d.ID] = true
			}
			n.primed = true
		})
	})
	n.u.refreshFacts()
	if n.timer != nil {
		n.timer()
	}
	n.timer = n.u.run.after(factRescanEvery, n.scan)
}

// onEvent reacts to a workspace event.
func (n *notifier) onEvent(e workspace.Event) {
	c := n.u.coop
	switch {
	case e.Type == workspace.EventNotice && e.Text != "":
		n.send("Mutual", e.Text)
	case e.Type != workspace.EventDocChanged || c == nil || e.Coop != c.ID():
	case e.Doc == c.ID():
		n.u.factCache.forget() // roles changed: who owes a vote changed
		n.u.throttle("facts", time.Second, n.u.refreshFacts)
	case e.Kind == "proposal" || e.Kind == "schedule" || e.Kind == "meeting":
		if e.Kind == "proposal" && n.primed && !n.known[e.Doc] {
			n.known[e.Doc] = true
			if e.Remote {
				n.announce(c, e.Doc)
			}
		}
		n.u.throttle("facts", time.Second, n.u.refreshFacts)
	}
}

// announce tells of a colleague's new proposal.
func (n *notifier) announce(c *workspace.Coop, id string) {
	n.u.run.bg(func() {
		sum, err := c.Summary(id)
		if err != nil {
			return
		}
		n.u.run.ui(func() {
			n.once("new:"+id, "New proposal", sum.Title+" — "+countdown(sum.Deadline, n.u.now())+".")
		})
	})
}

// check notifies what the latest facts say is due.
func (n *notifier) check(f coopFacts) {
	now := n.u.now()
	for _, d := range f.closingSoon {
		n.once("closing:"+d.ID, "Your vote is needed", d.Title+" "+countdown(d.Deadline, now)+" and you have not voted yet.")
	}
	for _, a := range f.standIns {
		who := n.u.nameOf(a.requester)
		n.once("standin:"+a.key(), "Stand-in needed", who+" asks for a stand-in on "+a.role+", "+dateTime(a.start, now)+".")
	}
	for _, a := range f.attention {
		switch {
		case a.Kind == workspace.AttentionPresence:
			n.once("rollcall:"+a.Doc, "Are you at the meeting?", a.Title+" has started. Open Mutual and confirm you're here.")
		case a.Overdue:
			n.once("overdue:"+a.Action, "Your action is overdue", a.Title+".")
		}
	}
	n.updateTray()
}

// once sends a notification unless it was sent before.
func (n *notifier) once(key, title, body string) {
	if n.told[key] {
		return
	}
	n.told[key] = true
	n.order = append(n.order, key)
	if len(n.order) > 1000 { // what was told long ago no longer comes up
		n.order = n.order[len(n.order)-1000:]
	}
	n.u.app.Preferences().SetStringList(toldPref, n.order)
	n.send(title, body)
}

func (n *notifier) send(title, body string) {
	n.u.notify(title, body)
}

// updateTray rebuilds the tray menu with what needs the member.
func (n *notifier) updateTray() {
	if n.tray == nil {
		return
	}
	u := n.u
	items := []*fyne.MenuItem{fyne.NewMenuItem("Open Mutual", func() { u.win.Show(); u.win.RequestFocus() })}
	if w := len(u.facts.waiting); w > 0 {
		items = append(items, fyne.NewMenuItem(plural(w, "proposal")+" waiting for your vote", func() {
			u.win.Show()
			if u.shell != nil {
				u.shell.showSection(secProposals)
				u.shell.list.filter.SetSelected(filterWaiting)
			}
		}))
	}
	for _, a := range u.facts.attention {
		if a.Kind != workspace.AttentionPresence {
			continue
		}
		doc := a.Doc
		items = append(items, fyne.NewMenuItem("Confirm you're at "+a.Title, func() {
			u.win.Show()
			if u.shell != nil {
				u.shell.opened(secMeetings, doc)
			}
		}))
	}
	if s := len(u.facts.standIns); s > 0 {
		items = append(items, fyne.NewMenuItem(plural(s, "stand-in request")+" on your shifts", func() {
			u.win.Show()
			if u.shell != nil {
				u.shell.showSection(secSchedules)
			}
		}))
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Sync now", func() {
		if u.shell != nil {
			u.shell.syncNow()
		}
	}))
	n.tray.SetSystemTrayMenu(fyne.NewMenu("Mutual", items...))
}

// trayAvailable reports whether a system tray can work. On Linux and the
// BSDs the tray talks D-Bus, and Fyne's tray crashes at exit when there is
// no session bus (a bare X server, a CI machine): no bus, no tray.
func trayAvailable() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
	}
	return true
}
