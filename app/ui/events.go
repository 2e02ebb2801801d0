package ui

import (
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

// How long a view waits to refresh after a change event, so that a burst
// (a sync bringing a hundred changes) costs one refresh, not a hundred.
const (
	listRefreshDelay   = 250 * time.Millisecond
	detailRefreshDelay = 120 * time.Millisecond
	syncRefreshDelay   = 200 * time.Millisecond
)

// onEvent reacts to a workspace event on the UI goroutine.
func (u *UI) onEvent(e workspace.Event) {
	u.notes.onEvent(e)
	switch e.Type {
	case workspace.EventCoopChanged:
		if u.first != nil {
			u.first.coopArrived(e.Coop)
		} else if u.shell != nil {
			u.shell.refreshCoops()
		}
	case workspace.EventDocChanged:
		if u.coop == nil || e.Coop != u.coop.ID() || u.shell == nil {
			return
		}
		if e.Doc == u.coop.ID() { // the roster: names and roles
			u.throttle("roster", detailRefreshDelay, u.loadRoster)
		}
		u.throttle("list", listRefreshDelay, u.shell.refreshList)
		u.shell.docChanged(e)
	case workspace.EventSync:
		if u.shell != nil {
			u.throttle("sync", syncRefreshDelay, u.shell.refreshStatus)
		}
	}
}

// drainEvents handles every event already delivered; tests call it in place
// of the pump goroutine.
func (u *UI) drainEvents() int {
	n := 0
	for {
		select {
		case e, ok := <-u.events:
			if !ok {
				return n
			}
			u.onEvent(e)
			n++
		default:
			return n
		}
	}
}
