package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// Deadline choices offered when extending or reopening a proposal.
var deadlineChoices = []struct {
	label string
	d     time.Duration
}{
	{"1 day", 24 * time.Hour}, {"3 days", 72 * time.Hour}, {"1 week", 7 * 24 * time.Hour}, {"2 weeks", 14 * 24 * time.Hour},
}

func deadlineLabels() []string {
	var out []string
	for _, c := range deadlineChoices {
		out = append(out, c.label)
	}
	return out
}

func deadlineDuration(label string) time.Duration {
	for _, c := range deadlineChoices {
		if c.label == label {
			return c.d
		}
	}
	return 0
}

// managePanel holds what the author or an admin may do: close early,
// extend, reopen, and record the outcome.
type managePanel struct {
	u  *UI
	id string
	pv workspace.ProposalView

	closeBtn, extendBtn, reopenBtn *widget.Button
	outcome                        *widget.Entry
	saveOutcome                    *widget.Button
	outcomeBox                     *fyne.Container
	why                            *widget.Label
	box                            fyne.CanvasObject
}

func newManagePanel(u *UI, id string) *managePanel {
	m := &managePanel{u: u, id: id}
	m.closeBtn = button("Close now", theme.MediaStopIcon(), widget.MediumImportance, m.confirmClose)
	m.extendBtn = button("Extend…", theme.HistoryIcon(), widget.MediumImportance, func() { m.askDeadline(false) })
	m.reopenBtn = button("Reopen…", theme.MediaReplayIcon(), widget.MediumImportance, func() { m.askDeadline(true) })
	m.outcome = widget.NewMultiLineEntry()
	m.outcome.Wrapping = fyne.TextWrapWord
	m.outcome.SetPlaceHolder("What did the co-op decide, and what happens next?")
	m.saveOutcome = button("Record outcome", theme.DocumentSaveIcon(), widget.HighImportance, m.recordOutcome)
	m.outcomeBox = container.NewVBox(m.outcome, container.NewBorder(nil, nil, nil, m.saveOutcome))
	m.why = note("")
	m.box = card("Manage", container.NewVBox(container.NewHBox(m.closeBtn, m.extendBtn, m.reopenBtn), m.outcomeBox, m.why))
	return m
}

func (m *managePanel) object() fyne.CanvasObject { return m.box }

func (m *managePanel) show(pv workspace.ProposalView, canManage bool) {
	m.pv = pv
	open := pv.Tally.Status == workspace.ProposalOpen
	closed := pv.Tally.Status == workspace.ProposalClosed
	enable(m.closeBtn, canManage && open)
	enable(m.extendBtn, canManage && !closed)
	enable(m.reopenBtn, canManage && closed)
	show(m.closeBtn, !closed)
	show(m.extendBtn, !closed)
	show(m.reopenBtn, closed)
	show(m.outcomeBox, canManage && closed)
	if pv.Outcome != nil && m.outcome.Text == "" {
		m.outcome.SetText(pv.Outcome.Statement)
	}
	if pv.Outcome != nil {
		m.saveOutcome.SetText("Update outcome")
	}
	m.why.SetText("")
	if !canManage {
		m.why.SetText("Only the proposal's author or an admin can close, extend or reopen it.")
	}
}

func (m *managePanel) confirmClose() {
	dialog.ShowConfirm("Close this proposal now?",
		"Voting stops now and the result is counted. You can reopen it later if needed.",
		func(ok bool) {
			if ok {
				m.closeNow()
			}
		}, m.u.win)
}

func (m *managePanel) closeNow() {
	c, id := m.u.coop, m.id
	m.u.do("close the proposal", func() error { return c.CloseProposal(id) }, nil)
}

// askDeadline asks how long to extend (from the deadline) or reopen (from now).
func (m *managePanel) askDeadline(reopen bool) {
	sel := widget.NewSelect(deadlineLabels(), nil)
	sel.SetSelected(deadlineChoices[1].label)
	title, verb := "Extend the deadline", "Extend"
	if reopen {
		title, verb = "Reopen for voting", "Reopen"
	}
	dialog.ShowCustomConfirm(title, verb, "Cancel", container.NewVBox(widget.NewLabel("For how much longer?"), sel), func(ok bool) {
		if ok {
			m.setDeadline(reopen, deadlineDuration(sel.Selected))
		}
	}, m.u.win)
}

func (m *managePanel) setDeadline(reopen bool, d time.Duration) {
	c, id := m.u.coop, m.id
	if reopen {
		deadline := m.u.now().Add(d)
		m.u.do("reopen the proposal", func() error { return c.ReopenProposal(id, deadline) }, nil)
		return
	}
	deadline := m.pv.ClosesAt.Add(d)
	if now := m.u.now(); deadline.Before(now) {
		deadline = now.Add(d)
	}
	m.u.do("extend the deadline", func() error { return c.ExtendProposal(id, deadline) }, nil)
}

func (m *managePanel) recordOutcome() {
	text := strings.TrimSpace(m.outcome.Text)
	if text == "" {
		return
	}
	c, id := m.u.coop, m.id
	m.u.do("record the outcome", func() error { return c.SetOutcome(id, text, time.Time{}) }, nil)
}
