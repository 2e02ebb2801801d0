package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// titleForm starts a schedule or an agreement: a title, and for an
// agreement its first text.
type titleForm struct {
	title  *widget.Entry
	text   *widget.Entry
	create *widget.Button
	dlg    dialog.Dialog
}

// newItem starts a new document of the section (Ctrl+N).
func (s *shell) newItem() {
	switch s.sec {
	case secProposals:
		s.proposalForm = s.u.newProposalForm()
		s.proposalForm.dlg.Show()
		s.u.win.Canvas().Focus(s.proposalForm.title)
	case secSchedules:
		s.startTitled(secSchedules, "New schedule", "e.g. Bakery rota", false)
	case secAgreements:
		s.startTitled(secAgreements, "New agreement", "e.g. Code of conduct", true)
	case secMeetings:
		s.u.newMeetingForm()
	case secMembers:
		if v, ok := s.view.(*membersView); ok {
			v.invite()
		}
	}
}

func (s *shell) startTitled(sec section, heading, hint string, withText bool) {
	f := &titleForm{title: widget.NewEntry(), text: widget.NewMultiLineEntry()}
	f.title.SetPlaceHolder(hint)
	f.text.SetPlaceHolder("# Title\n\nWrite the text in Markdown. You can change it any time.")
	f.text.Wrapping = fyne.TextWrapWord
	f.text.SetMinRowsVisible(8)
	c := s.u.coop
	f.create = button("Create", theme.ConfirmIcon(), widget.HighImportance, func() {
		title := strings.TrimSpace(f.title.Text)
		if title == "" {
			return
		}
		text := f.text.Text
		f.create.Disable()
		s.u.run.bg(func() {
			var id string
			var err error
			if withText {
				id, err = c.NewAgreement(title, text)
			} else {
				id, err = c.NewSchedule(title)
			}
			s.u.run.ui(func() {
				f.create.Enable()
				if err != nil {
					s.u.showError("Could not create it", err)
					return
				}
				f.dlg.Hide()
				s.opened(sec, id)
			})
		})
	})
	f.title.OnSubmitted = func(string) {
		if !withText {
			f.create.OnTapped()
		}
	}
	items := []*widget.FormItem{widget.NewFormItem("Title", f.title)}
	if withText {
		items = append(items, widget.NewFormItem("Text", f.text))
	}
	cancel := button("Cancel", theme.CancelIcon(), widget.LowImportance, func() { f.dlg.Hide() })
	f.dlg = dialog.NewCustomWithoutButtons(heading, container.NewBorder(nil, container.NewHBox(cancel, f.create), nil, nil,
		widget.NewForm(items...)), s.u.win)
	f.dlg.Resize(fyne.NewSize(560, 200))
	if withText {
		f.dlg.Resize(fyne.NewSize(640, 480))
	}
	s.titleForm = f
	f.dlg.Show()
	s.u.win.Canvas().Focus(f.title)
}

// opened shows a document just created.
func (s *shell) opened(sec section, id string) {
	if s.sec != sec {
		s.showSection(sec)
	}
	s.list.open(id)
	s.list.reload()
}
