package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// agreementData is an agreement as read in one go.
type agreementData struct {
	title         string
	createdBy     workspace.MemberID
	body          string
	status        workspace.AgreementStatus
	refused       []workspace.RefusedRatification // ratification records that do not count
	versions      []workspace.Version
	amendments    []workspace.Amendment
	ratifications []workspace.Ratification
	comments      []workspace.Comment
	history       []workspace.HistoryEntry
}

// agreementView is a shared text: the live editor, its versions and diffs,
// amendments to decide, and the ratifications with who signed.
type agreementView struct {
	u  *UI
	id string

	title    *widget.Label
	status   *widget.Label
	editor   *liveEditor
	preview  *widget.RichText
	versions *versionsPanel
	amends   *amendmentsPanel
	ratify   *ratifyPanel
	comments *commentsPanel
	history  *foldout
	tabs     *container.AppTabs
	// A ratified text is shown read-only (locked) until the member asks,
	// with a warning, to edit it: one stray keystroke in an editable box
	// used to change the bylaws and flip their status.
	editBox, lockedBox *fyne.Container
	lockedText         *widget.RichText
	unlocked           bool

	data *agreementData
	gen  int
	root fyne.CanvasObject
}

func newAgreementView(u *UI, id string) *agreementView {
	v := &agreementView{u: u, id: id}
	v.title = heading("")
	v.status = chip("", widget.LowImportance)
	v.editor = newLiveEditor(u, id)
	v.preview = widget.NewRichTextFromMarkdown("")
	v.preview.Wrapping = fyne.TextWrapWord
	v.editor.onText = func(string) {
		if v.tabs != nil && v.tabs.Selected() != nil && v.tabs.Selected().Text == "Preview" {
			v.preview.ParseMarkdown(v.editor.entry.Text)
		}
	}
	v.versions = newVersionsPanel(v)
	v.amends = newAmendmentsPanel(v)
	v.ratify = newRatifyPanel(v)
	v.comments = newCommentsPanel(u, id)
	v.history = newFoldout("the history of edits", func(box *fyne.Container) {
		if v.data != nil {
			box.Objects = historyRows(v.u, v.data.history)
		}
	})
	save := button("Save a version…", theme.DocumentSaveIcon(), widget.MediumImportance, v.askVersion)
	v.editBox = container.NewBorder(nil, container.NewBorder(nil, nil, nil, save, v.editor.state), nil, nil, v.editor.entry)
	v.lockedText = widget.NewRichTextFromMarkdown("")
	v.lockedText.Wrapping = fyne.TextWrapWord
	proposeChange := button("Propose a change…", theme.MailComposeIcon(), widget.HighImportance, func() {
		v.tabs.SelectIndex(3)
		v.amends.proposeForm()
	})
	editAnyway := button("Edit the text…", theme.DocumentCreateIcon(), widget.LowImportance, v.askUnlock)
	v.lockedBox = container.NewBorder(
		container.NewVBox(para("This is the ratified text, as the co-op agreed it. To change it, propose a change for the members to decide."),
			container.NewHBox(proposeChange, editAnyway)),
		nil, nil, nil, scroller(container.NewPadded(v.lockedText)))
	text := container.NewStack(v.editBox, v.lockedBox)
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Text", theme.DocumentCreateIcon(), text),
		container.NewTabItemWithIcon("Preview", theme.VisibilityIcon(), scroller(container.NewPadded(v.preview))),
		container.NewTabItemWithIcon("Versions", theme.HistoryIcon(), v.versions.object()),
		container.NewTabItemWithIcon("Amendments", theme.MailComposeIcon(), v.amends.object()),
		container.NewTabItemWithIcon("Ratification", theme.ConfirmIcon(), v.ratify.object()),
		container.NewTabItemWithIcon("Discussion", theme.MailReplyIcon(), scroller(container.NewPadded(
			container.NewVBox(v.comments.object(), v.history.object())))),
	)
	v.tabs.OnSelected = func(t *container.TabItem) {
		if t.Text == "Preview" {
			v.preview.ParseMarkdown(orNothing(v.editor.entry.Text))
		}
	}
	v.root = container.NewBorder(container.NewVBox(v.title, v.status), nil, nil, nil, v.tabs)
	return v
}

func (v *agreementView) object() fyne.CanvasObject { return v.root }
func (v *agreementView) docID() string             { return v.id }
func (v *agreementView) closeView() {
	if v.u.closing {
		v.editor.closeNow()
	} else {
		v.editor.close()
	}
}

func (v *agreementView) reload() {
	c, id := v.u.coop, v.id
	fetch(v.u, &v.gen, func() (*agreementData, error) {
		a, err := c.Agreement(id)
		if err != nil {
			return nil, err
		}
		h, err := a.Header()
		if err != nil {
			return nil, err
		}
		d := &agreementData{title: h.Title, createdBy: h.CreatedBy}
		if d.body, err = a.Body(); err != nil {
			return nil, err
		}
		if d.status, d.refused, err = c.AgreementStatusOf(a); err != nil {
			return nil, err
		}
		if d.versions, err = a.Versions(); err != nil {
			return nil, err
		}
		if d.amendments, err = a.Amendments(); err != nil {
			return nil, err
		}
		if roster, err := c.Members(); err == nil {
			if d.ratifications, err = a.Ratifications(roster); err != nil {
				return nil, err
			}
		}
		if d.comments, err = c.Comments(id); err != nil {
			return nil, err
		}
		d.history, err = c.History(id)
		return d, err
	}, func(d *agreementData, err error) {
		if err != nil {
			v.title.SetText("This agreement cannot be shown")
			v.status.SetText(friendly(err))
			return
		}
		v.data = d
		v.render()
	})
}

func (v *agreementView) render() {
	d := v.data
	v.title.SetText(d.title)
	switch d.status {
	case workspace.AgreementRatified:
		setChip(v.status, "Ratified: this text is what the co-op agreed", widget.SuccessImportance)
	case workspace.AgreementAmended:
		setChip(v.status, "Changed since it was ratified", widget.WarningImportance)
	default:
		if len(d.refused) > 0 {
			setChip(v.status, "Not ratified: "+d.refused[0].Reason, widget.DangerImportance)
		} else {
			setChip(v.status, "Draft: not ratified yet", widget.LowImportance)
		}
	}
	v.editor.remote(d.body)
	v.showLock()
	v.versions.show(d)
	v.amends.show(d)
	v.ratify.show(d)
	v.comments.show(d.comments)
	v.history.refresh()
}

// canDecide: the agreement's author or an admin decides amendments.
func (v *agreementView) canDecide() bool {
	m, ok := v.u.roster.Member(v.u.me())
	return ok && m.Active() && (m.Role == workspace.RoleAdmin || v.data.createdBy == v.u.me())
}

// askVersion names the current text as a version, after saving typing.
func (v *agreementView) askVersion() {
	name := widget.NewEntry()
	name.SetPlaceHolder("e.g. Draft for the AGM")
	dialog.ShowCustomConfirm("Save a version", "Save", "Cancel", container.NewVBox(
		para("A version names the text as it is now, so you can compare later changes with it and put it to a vote."), name),
		func(ok bool) {
			if ok {
				v.saveVersion(name.Text)
			}
		}, v.u.win)
}

func (v *agreementView) saveVersion(name string) {
	c, id := v.u.coop, v.id
	v.editor.flush(func() {
		v.u.do("save the version", func() error {
			_, err := c.SaveVersion(id, name)
			return err
		}, nil)
	})
}

// locked: the text is ratified and the member has not chosen to edit it.
func (v *agreementView) locked() bool {
	return v.data != nil && v.data.status == workspace.AgreementRatified && !v.unlocked
}

// showLock shows the read-only text or the editor. The hidden editor is
// also disabled, so no shortcut or focus can type into it.
func (v *agreementView) showLock() {
	if v.locked() {
		v.lockedText.ParseMarkdown(orNothing(v.data.body))
		v.editor.entry.Disable()
		v.editBox.Hide()
		v.lockedBox.Show()
		return
	}
	v.editor.entry.Enable()
	v.lockedBox.Hide()
	v.editBox.Show()
}

// askUnlock makes editing a ratified text a deliberate choice.
func (v *agreementView) askUnlock() {
	dialog.ShowConfirm("Edit the ratified text?",
		"The co-op ratified this text. If you change it, every member will see it as \"changed since it was ratified\" until it is ratified again. "+
			"To suggest a change for the members to decide, use \"Propose a change\" instead.\n\nEdit the text anyway?",
		func(ok bool) {
			if ok {
				v.unlocked = true
				v.showLock()
			}
		}, v.u.win)
}
