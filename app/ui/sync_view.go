package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// syncNowTimeout bounds a "Sync now" with every known peer.
const syncNowTimeout = time.Minute

// syncState is what the sync screen shows, read off the UI goroutine.
type syncState struct {
	online   bool
	peers    []workspace.PeerStatus
	progress workspace.SyncProgress
	running  bool
	addrs    []string
	nodes    []workspace.CoopNode
	settings workspace.CoopSettings
}

// syncView shows who this computer syncs with: members found on the local
// network, who is connected, when each last synced, a progress bar while a
// sync runs, and "Sync now". Offline is shown as the normal state it is.
type syncView struct {
	u *UI

	state    *widget.Label
	explain  *widget.Label
	progress *widget.ProgressBar
	peers    *fyne.Container
	result   *widget.Label
	syncB    *widget.Button
	addrs    *widget.Label
	nodes    *fyne.Container // the co-op's always-on computers (sync_nodes.go)
	addNodeB *widget.Button
	internet *widget.Check // the co-op's internet discovery (sync_internet.go)
	gen      int
	data     syncState
	root     fyne.CanvasObject
}

func newSyncView(u *UI) *syncView {
	v := &syncView{u: u, state: heading(""), explain: para(""), progress: widget.NewProgressBar(), peers: container.NewVBox(),
		result: note(""), addrs: note("")}
	v.progress.Hide()
	v.syncB = button("Sync now", theme.ViewRefreshIcon(), widget.HighImportance, v.syncNow)
	v.nodes = container.NewVBox()
	v.addNodeB = button("Add an always-on computer…", theme.ContentAddIcon(), widget.MediumImportance, v.addNode)
	v.internet = widget.NewCheck("Find members over the internet between meetings", nil)
	details := widget.NewAccordion(widget.NewAccordionItem("Technical details", v.addrs))
	v.root = scroller(container.NewPadded(container.NewVBox(v.state, v.explain, v.progress,
		container.NewHBox(v.syncB), v.result, card("Members' computers", v.peers),
		card("The co-op's always-on computers", container.NewVBox(v.nodes, container.NewHBox(v.addNodeB))),
		card("Between meetings", container.NewVBox(v.internet, note(internetExplained))), details)))
	return v
}

func (v *syncView) object() fyne.CanvasObject { return v.root }
func (v *syncView) docID() string             { return "" }
func (v *syncView) closeView()                {}

func (v *syncView) reload() {
	svc, c := v.u.ws.Sync(), v.u.coop
	coop := c.ID()
	fetch(v.u, &v.gen, func() (syncState, error) {
		var s syncState
		s.nodes, _ = c.Nodes() // unreadable: shown as none, the roster view reports why
		s.settings, _ = c.Settings()
		if svc == nil {
			return s, nil
		}
		s.online, s.peers, s.addrs = true, svc.Peers(coop), svc.Addrs()
		s.progress, s.running = svc.Progress(coop)
		return s, nil
	}, func(s syncState, _ error) {
		v.data = s
		v.render()
		v.renderNodes()
		v.renderInternet()
	})
}

func (v *syncView) render() {
	s := v.data
	now := v.u.now()
	if !s.online {
		v.state.Importance = widget.WarningImportance
		v.state.SetText("● Offline")
		v.explain.SetText("You are working on this computer only, which is fine: everything you do is saved here " +
			"and shared with the others the next time Mutual syncs with them. Nothing is lost while offline.")
		v.syncB.Disable()
		v.peers.Objects = []fyne.CanvasObject{note("The network part of Mutual is not running in this window, so no other computer is reachable.")}
		v.peers.Refresh()
		v.progress.Hide()
		v.addrs.SetText("No network addresses: offline.")
		return
	}
	connected := 0
	for _, p := range s.peers {
		if p.Connected {
			connected++
		}
	}
	// Online only when someone is reachable; a running node alone is not.
	if connected > 0 {
		v.state.Importance = widget.SuccessImportance
		v.state.SetText("● Online")
	} else {
		v.state.Importance = widget.WarningImportance
		v.state.SetText("● Offline — your changes are kept and will sync later")
	}
	switch {
	case connected > 0:
		v.explain.SetText(fmt.Sprintf("Connected to %s. Changes are shared as they happen.", plural(connected, "member")))
	case len(s.peers) > 0:
		v.explain.SetText("No member's computer is reachable right now. Your changes are kept and shared when one is.")
	default:
		v.explain.SetText("No other member's computer is known yet. Meet on the same network (a meeting, the shop's Wi-Fi) and Mutual finds them.")
	}
	v.syncB.Enable()
	if s.running && !s.progress.Done && s.progress.DocsTotal > 0 {
		v.progress.Max = float64(s.progress.DocsTotal)
		v.progress.SetValue(float64(s.progress.DocsDone))
		v.progress.Show()
	} else {
		v.progress.Hide()
	}
	var rows []fyne.CanvasObject
	for _, p := range s.peers {
		name := p.Name
		if name == "" {
			name = v.u.nameOf(p.Member)
		}
		state := chip("● not connected", widget.LowImportance)
		if p.Connected {
			state = chip("● connected", widget.SuccessImportance)
		}
		where := routeText(p)
		rows = append(rows, container.NewBorder(nil, nil, nil, state,
			container.NewVBox(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
				note(where+syncedText(p.LastSynced, now)))))
	}
	if len(rows) == 0 {
		rows = append(rows, note("None yet."))
	}
	v.peers.Objects = rows
	v.peers.Refresh()
	v.addrs.SetText("This computer listens on:\n" + strings.Join(s.addrs, "\n"))
}

// syncNow dials every known member once.
func (v *syncView) syncNow() {
	svc := v.u.ws.Sync()
	if svc == nil {
		return
	}
	coop := v.u.coop.ID()
	v.syncB.Disable()
	v.result.SetText("Syncing…")
	v.u.run.bg(func() {
		ctx, cancel := context.WithTimeout(context.Background(), syncNowTimeout)
		defer cancel()
		err := svc.SyncNow(ctx, coop)
		v.u.run.ui(func() {
			v.syncB.Enable()
			if err != nil {
				v.result.SetText("Not every computer could be reached: " + friendly(err))
				return
			}
			v.result.SetText("Synced " + dateTime(v.u.now(), v.u.now()) + ".")
			v.reload()
		})
	})
}

// syncNow runs "Sync now" from anywhere (tray menu, shortcut).
func (s *shell) syncNow() {
	if v, ok := s.view.(*syncView); ok {
		v.syncNow()
		return
	}
	s.showSection(secSync)
	if v, ok := s.view.(*syncView); ok {
		v.syncNow()
	}
}

// routeText says how a member's computer is reached, in plain words.
func routeText(p workspace.PeerStatus) string {
	switch {
	case p.Route == workspace.RouteLAN || (p.Route == "" && p.LAN):
		return "on this network · "
	case p.Route == workspace.RouteDirect:
		return "directly over the internet · "
	case p.Route == workspace.RouteNode:
		return "through the co-op's always-on computer · "
	case p.Route == workspace.RoutePublicRelay:
		return "through a public relay (small changes only until a direct link works) · "
	}
	return ""
}

// syncedText says when a peer last synced.
func syncedText(t, now time.Time) string {
	if t.IsZero() {
		return "not synced yet"
	}
	return "last synced " + ago(t, now)
}
