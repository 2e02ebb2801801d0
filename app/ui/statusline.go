package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// statusLine is the sidebar's online/offline indicator. Offline is normal —
// everything is saved on this computer and shared at the next sync — so it
// is shown plainly, in words, never as an error.
type statusLine struct {
	u      *UI
	state  *widget.Label
	detail *widget.Label
	gen    int
	box    fyne.CanvasObject
}

func newStatusLine(u *UI) *statusLine {
	s := &statusLine{u: u, state: chip("● Offline", widget.WarningImportance), detail: note("")}
	s.box = container.NewVBox(s.state, s.detail)
	return s
}

func (s *statusLine) object() fyne.CanvasObject { return s.box }

// online reports the state for the status text, tests and the tray.
func (s *statusLine) online() bool { return s.state.Text != "● Offline" }

func (s *statusLine) refresh() {
	svc := s.u.ws.Sync()
	if svc == nil || s.u.coop == nil {
		setChip(s.state, "● Offline", widget.WarningImportance)
		s.detail.SetText("Working on this computer. Your changes are kept and shared at the next sync.")
		return
	}
	coop := s.u.coop.ID()
	fetch(s.u, &s.gen, func() (int, error) {
		n := 0
		for _, p := range svc.Peers(coop) {
			if p.Connected {
				n++
			}
		}
		return n, nil
	}, func(n int, _ error) {
		// "Online" is said only when it is true: a sync node with nobody
		// to reach is as offline as no network at all.
		if n == 0 {
			setChip(s.state, "● Offline", widget.WarningImportance)
			s.detail.SetText("Offline — your changes are kept and will sync later. No other member's computer is reachable right now.")
			return
		}
		setChip(s.state, "● Online", widget.SuccessImportance)
		s.detail.SetText("Syncing live with " + plural(n, "member") + ".")
	})
}
