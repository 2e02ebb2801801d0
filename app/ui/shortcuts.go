package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The keyboard: the window's menu carries the shortcuts, so they work
// wherever the focus is (menu shortcuts run before a focused entry sees
// the keys); J and K move through the list when no text field has focus.

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// shortcutHelp documents the shortcuts for the Help dialog.
var shortcutHelp = [][2]string{
	{"Ctrl+N", "New proposal, schedule or agreement (in the section you are in)"},
	{"Ctrl+F", "Search the list"},
	{"Ctrl+↓ or J", "Next item in the list"},
	{"Ctrl+↑ or K", "Previous item in the list"},
	{"Ctrl+1 … Ctrl+6", "Proposals, Schedules, Agreements, Meetings, Members, Sync"},
	{"Ctrl+R", "Sync now"},
	{"F1", "This help"},
}

func (s *shell) installShortcuts() {
	u := s.u
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = sc
		return it
	}
	var goItems []*fyne.MenuItem
	for i := section(0); i < sectionCount; i++ {
		sec := i
		goItems = append(goItems, item(sec.title(), ctrl(fyne.KeyName(rune('1'+int(sec)))), func() { s.showSection(sec) }))
	}
	goItems = append(goItems, fyne.NewMenuItemSeparator(),
		item("Next item", ctrl(fyne.KeyDown), func() { s.move(1) }),
		item("Previous item", ctrl(fyne.KeyUp), func() { s.move(-1) }))
	s.menu = fyne.NewMainMenu(
		fyne.NewMenu("File",
			item("New…", ctrl(fyne.KeyN), s.newItem),
			item("Sync now", ctrl(fyne.KeyR), s.syncNow)),
		fyne.NewMenu("Edit", item("Search", ctrl(fyne.KeyF), s.focusSearch)),
		fyne.NewMenu("Go", goItems...),
		fyne.NewMenu("Help", fyne.NewMenuItem("Keyboard shortcuts and about", func() { showHelp(u) })),
	)
	u.win.SetMainMenu(s.menu)
	c := u.win.Canvas()
	c.SetOnTypedRune(func(r rune) {
		switch r {
		case 'j', 'J':
			s.move(1)
		case 'k', 'K':
			s.move(-1)
		case '/':
			s.focusSearch()
		}
	})
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyF1 {
			showHelp(u)
		}
	})
}

// move selects the next or previous item of the list.
func (s *shell) move(delta int) {
	if s.sec.hasList() {
		s.list.move(delta)
	}
}

// focusSearch puts the cursor in the list's search field.
func (s *shell) focusSearch() {
	if !s.sec.hasList() {
		s.showSection(secProposals)
	}
	s.u.win.Canvas().Focus(s.list.search)
}

// shortcut finds the menu action bound to a shortcut (for tests and the
// help text).
func (s *shell) shortcut(sc fyne.Shortcut) func() {
	for _, m := range s.menu.Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() {
				return it.Action
			}
		}
	}
	return nil
}
