package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// detailView is what the right-hand pane shows: one document, the members
// or the sync status.
type detailView interface {
	object() fyne.CanvasObject
	// docID is the document shown ("" for none).
	docID() string
	// reload re-reads what the view shows, off the UI goroutine.
	reload()
	// closeView stops the view's timers and saves unsaved typing.
	closeView()
}

// shell is the main window: sidebar, list and detail.
type shell struct {
	u   *UI
	sec section

	coopName *widget.Label
	coopPick *widget.Select
	nav      *widget.List
	badges   [sectionCount]string
	status   *statusLine

	list   *listPane
	detail *fyne.Container
	view   detailView
	center *fyne.Container
	split  *container.Split

	lastError    string
	content      fyne.CanvasObject
	proposalForm *proposalForm
	titleForm    *titleForm
	eventForm    *eventForm
	shiftForm    *shiftForm
	meetingForm  *meetingForm
	menu         *fyne.MainMenu
	coops        []workspace.CoopInfo
	coopsGen     int
}

func newShell(u *UI, name string) *shell {
	s := &shell{u: u, sec: -1}
	s.coopName = widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.coopName.Truncation = fyne.TextTruncateEllipsis
	s.coopPick = widget.NewSelect(nil, func(name string) { s.pickCoop(name) })
	s.coopPick.PlaceHolder = "Switch co-op"
	s.nav = widget.NewList(
		func() int { return int(sectionCount) },
		func() fyne.CanvasObject {
			badge := widget.NewLabel("")
			badge.Importance = widget.HighImportance
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("Section"), layout.NewSpacer(), badge)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(sectionInfo[i].icon())
			row.Objects[1].(*widget.Label).SetText(sectionInfo[i].title)
			row.Objects[3].(*widget.Label).SetText(s.badges[i])
		})
	s.nav.OnSelected = func(i widget.ListItemID) {
		if section(i) != s.sec {
			s.showSection(section(i))
		}
	}
	s.status = newStatusLine(u)
	s.list = newListPane(s)
	s.detail = container.NewStack()
	s.split = container.NewHSplit(s.list.object(), s.detail)
	s.split.Offset = 0.34
	s.center = container.NewStack()

	help := widget.NewButtonWithIcon("Help", theme.HelpIcon(), func() { showHelp(u) })
	help.Importance = widget.LowImportance
	top := container.NewVBox(container.NewPadded(s.coopName), s.coopPick)
	bottom := container.NewVBox(widget.NewSeparator(), s.status.object(), help)
	sidebar := container.NewBorder(top, bottom, nil, nil, s.nav)
	s.content = container.NewBorder(nil, nil, container.NewHBox(sidebarWidth(sidebar), widget.NewSeparator()), nil, s.center)
	return s
}

func (s *shell) object() fyne.CanvasObject { return s.content }

// start shows the first section and everything's first state.
func (s *shell) start(first section) {
	s.installShortcuts()
	s.nav.Select(widget.ListItemID(first))
	if s.sec != first { // Select does not call back for the selected row
		s.showSection(first)
	}
	s.refreshStatus()
}

// showSection switches the sidebar section.
func (s *shell) showSection(sec section) {
	s.closeDetail()
	s.restoreShell()
	s.sec = sec
	s.nav.Select(widget.ListItemID(sec))
	if sec.hasList() {
		s.center.Objects = []fyne.CanvasObject{s.split}
		s.list.setSection(sec)
		s.showPlaceholder()
	} else {
		var v detailView
		if sec == secMembers {
			v = newMembersView(s.u)
		} else {
			v = newSyncView(s.u)
		}
		s.view = v
		s.center.Objects = []fyne.CanvasObject{v.object()}
		v.reload()
	}
	s.center.Refresh()
}

// showPlaceholder fills the detail pane when nothing is selected.
func (s *shell) showPlaceholder() {
	info := sectionInfo[s.sec]
	msg := "Pick a " + info.noun + " on the left, or press New (Ctrl+N) to start one."
	s.detail.Objects = []fyne.CanvasObject{emptyState(info.icon(), "No "+info.noun+" open", msg)}
	s.detail.Refresh()
}

// openDoc shows a document in the detail pane.
func (s *shell) openDoc(sum workspace.DocSummary) {
	if s.view != nil && s.view.docID() == sum.ID {
		return
	}
	s.closeDetail()
	var v detailView
	switch sum.Kind {
	case "proposal":
		v = newProposalView(s.u, sum.ID)
	case "schedule":
		v = newScheduleView(s.u, sum.ID)
	case "agreement":
		v = newAgreementView(s.u, sum.ID)
	case "meeting":
		v = newMeetingView(s.u, sum.ID)
	default:
		return
	}
	s.view = v
	s.detail.Objects = []fyne.CanvasObject{v.object()}
	s.detail.Refresh()
	v.reload()
}

// closeDetail closes the open view (saving its typing).
func (s *shell) closeDetail() {
	if s.view != nil {
		s.view.closeView()
		s.view = nil
	}
}

// docChanged refreshes the open view when its document changed.
func (s *shell) docChanged(e workspace.Event) {
	if s.view == nil {
		return
	}
	w, watching := s.view.(interface{ watches(doc string) bool })
	if id := s.view.docID(); id == e.Doc || (id == "" && s.sec == secMembers && e.Doc == s.u.coop.ID()) || (watching && w.watches(e.Doc)) {
		v := s.view
		s.u.throttle("detail", detailRefreshDelay, func() {
			if s.view == v {
				v.reload()
			}
		})
	}
}

// refreshList reloads the list of the current section.
func (s *shell) refreshList() {
	if s.sec.hasList() {
		s.list.reload()
	}
}

// rosterChanged redraws what shows names and roles.
func (s *shell) rosterChanged() {
	s.coopName.SetText(s.u.roster.Name)
	if s.view != nil {
		s.view.reload()
	}
}

// refreshStatus redraws the online/offline line and the sync screen.
func (s *shell) refreshStatus() {
	s.status.refresh()
	if s.sec == secSync && s.view != nil {
		s.view.reload()
	}
}

// setBadge shows a count next to a section ("2" proposals wait for you).
func (s *shell) setBadge(sec section, text string) {
	if s.badges[sec] != text {
		s.badges[sec] = text
		s.nav.RefreshItem(widget.ListItemID(sec))
	}
}

// refreshCoops re-reads the co-ops of the data directory (one was joined
// or created elsewhere) off the UI goroutine.
func (s *shell) refreshCoops() {
	fetch(s.u, &s.coopsGen, func() ([]workspace.CoopInfo, error) {
		return s.u.ws.Coops(), nil
	}, func(coops []workspace.CoopInfo, _ error) { s.coopsChanged(coops) })
}

// coopsChanged updates the co-op switcher (shown with several co-ops).
func (s *shell) coopsChanged(coops []workspace.CoopInfo) {
	s.coops = coops
	var names []string
	for _, c := range coops {
		names = append(names, c.Name)
	}
	s.coopPick.Options = names
	show(s.coopPick, len(coops) > 1)
	s.coopPick.Refresh()
}

func (s *shell) pickCoop(name string) {
	for _, c := range s.coops {
		if c.Name == name && c.ID != s.u.coop.ID() {
			s.u.openCoop(c.ID)
			return
		}
	}
}

// factsChanged updates the badges and the list filters that depend on what
// this member owes (votes) and has (shifts).
func (s *shell) factsChanged() {
	f := s.u.facts
	s.setBadge(secProposals, countBadge(len(f.waiting)))
	s.setBadge(secSchedules, countBadge(len(f.standIns)))
	s.setBadge(secMeetings, countBadge(len(f.attention)))
	if s.sec.hasList() {
		s.list.apply()
	}
}

func countBadge(n int) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}
