package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// checkRecordsCard is the Members screen's "Check the records": the same
// offline check as `mutual verify`, in words a member reads.
type checkRecordsCard struct {
	u      *UI
	button *widget.Button
	result *widget.Label
	gen    int
	box    fyne.CanvasObject
}

func newCheckRecordsCard(u *UI) *checkRecordsCard {
	k := &checkRecordsCard{u: u, result: para("")}
	k.button = button("Check the records", theme.ConfirmIcon(), widget.MediumImportance, k.check)
	k.box = card("Check the records", container.NewVBox(
		para("Checks on this computer, without trusting anyone's copy, that every vote, every member and every ratification was signed by someone who had the right."),
		container.NewHBox(k.button), k.result))
	return k
}

func (k *checkRecordsCard) check() {
	c := k.u.coop
	if c == nil {
		return
	}
	k.button.Disable()
	k.result.SetText("Checking…")
	fetch(k.u, &k.gen, c.Verify, func(rep workspace.VerifyReport, err error) {
		k.button.Enable()
		if err != nil {
			k.result.SetText("The records could not be checked: " + friendly(err))
			return
		}
		k.result.SetText(verifySummary(rep))
	})
}

// verifySummary says what the check found, problems first.
func verifySummary(rep workspace.VerifyReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Checked %s and %s.", plural(rep.Documents, "document"), plural(rep.Decisions, "decision"))
	if rep.OK() {
		b.WriteString(" Everything checks out.")
	} else {
		fmt.Fprintf(&b, " Found %s:", plural(len(rep.Problems), "problem"))
		for _, p := range rep.Problems {
			who := ""
			if p.Name != "" {
				who = " (" + p.Name + ")"
			}
			fmt.Fprintf(&b, "\n• %s%s: %s", p.Title, who, p.Reason)
		}
	}
	return b.String()
}
