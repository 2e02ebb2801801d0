package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// maxHistoryRows bounds the edit history drawn: a long-lived document has
// thousands of changes and the member wants the recent ones.
const maxHistoryRows = 100

// renderHistory lists every vote ever cast (marking those the tally did not
// count, and those replaced later) and the document's edits.
func (v *proposalView) renderHistory(box *fyne.Container) {
	d := v.data
	if d == nil {
		return
	}
	pv := d.pv
	now := v.u.now()
	objs := []fyne.CanvasObject{subheading("Votes")}
	stances := append([]workspace.Stance(nil), pv.Stances...)
	sort.SliceStable(stances, func(i, j int) bool { return stances[i].At.Before(stances[j].At) })
	latest := map[workspace.MemberID]workspace.Stance{}
	for _, s := range stances {
		latest[s.Member] = s
	}
	if len(stances) > maxHistoryRows {
		objs = append(objs, note("… "+plural(len(stances)-maxHistoryRows, "earlier vote")+" not shown."))
		stances = stances[len(stances)-maxHistoryRows:]
	}
	for _, s := range stances {
		line := dateTime(s.At, now) + " — " + v.u.nameOf(s.Member) + ": " + choicesText(pv, s.Choices)
		if s.Reason != "" {
			line += " — “" + s.Reason + "”"
		}
		l := para(line)
		switch why := rejectedReason(pv.Tally, s); {
		case why != "":
			l.SetText("⚠ " + line + " (not counted: " + why + ")")
			l.Importance = widget.WarningImportance
		case !latest[s.Member].At.Equal(s.At):
			l.SetText(line + " (replaced by a later vote)")
			l.Importance = widget.LowImportance
		}
		objs = append(objs, l)
	}
	if len(stances) == 0 {
		objs = append(objs, note("No votes yet."))
	}
	objs = append(objs, subheading("Edits"))
	objs = append(objs, historyRows(v.u, d.history)...)
	box.Objects = objs
}

// historyRows draws a document's changes, newest first.
func historyRows(u *UI, h []workspace.HistoryEntry) []fyne.CanvasObject {
	now := u.now()
	var objs []fyne.CanvasObject
	for i := len(h) - 1; i >= 0 && len(objs) < maxHistoryRows; i-- {
		e := h[i]
		who := e.AuthorName
		if e.Author == u.me() {
			who = "you"
		}
		objs = append(objs, note(dateTime(e.Time, now)+" — "+who+": "+e.Message))
	}
	if len(h) > maxHistoryRows {
		objs = append(objs, note("… and "+plural(len(h)-maxHistoryRows, "earlier change")+"."))
	}
	return objs
}
