package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// ratifyPanel shows which versions the co-op ratified, by which proposal,
// and who signed; a member who has not signed can sign here. It also starts
// a ratification: a consent proposal naming a version.
type ratifyPanel struct {
	v       *agreementView
	list    *fyne.Container
	version *widget.Select
	start   *widget.Button
	ids     map[string]string
	box     fyne.CanvasObject
}

func newRatifyPanel(v *agreementView) *ratifyPanel {
	p := &ratifyPanel{v: v, list: container.NewVBox(), ids: map[string]string{}}
	p.version = widget.NewSelect(nil, nil)
	p.version.PlaceHolder = "Choose a version"
	p.start = button("Put it to a vote…", theme.MailComposeIcon(), widget.MediumImportance, p.startVote)
	p.box = scroller(container.NewPadded(container.NewVBox(p.list, widget.NewSeparator(), subheading("Ratify a version"),
		note("A version becomes binding when a consent proposal that names it passes. Once it has, its author or an admin records it from the proposal."),
		container.NewBorder(nil, nil, nil, p.start, p.version))))
	return p
}

func (p *ratifyPanel) object() fyne.CanvasObject { return p.box }

func (p *ratifyPanel) show(d *agreementData) {
	u := p.v.u
	now := u.now()
	p.ids = map[string]string{}
	var labels []string
	for i := len(d.versions) - 1; i >= 0; i-- {
		p.ids[d.versions[i].Name] = d.versions[i].ID
		labels = append(labels, d.versions[i].Name)
	}
	p.version.Options = labels
	p.version.Refresh()
	enable(p.start, len(labels) > 0)
	voters := 0
	if u.roster != nil {
		voters = len(u.roster.Voters())
	}
	var objs []fyne.CanvasObject
	for i := len(d.ratifications) - 1; i >= 0; i-- {
		r := d.ratifications[i]
		proposal := r.Proposal
		open := button("Open the proposal", theme.MailComposeIcon(), widget.LowImportance, func() {
			u.shell.opened(secProposals, proposal)
		})
		var signers []string
		signed := false
		for _, m := range r.Signers {
			signers = append(signers, u.nameOf(m))
			signed = signed || m == u.me()
		}
		items := []fyne.CanvasObject{
			container.NewHBox(chip("Ratified: "+r.VersionName, widget.SuccessImportance), caption(dateOnly(r.At, now)), open),
			widget.NewLabel(fmt.Sprintf("Signed by %d of %d voting members", len(r.Signers), voters)),
			para(names(signers)),
		}
		for _, rej := range r.Rejected {
			items = append(items, chip("⚠ Signature of "+u.nameOf(rej.Member)+" not counted: "+rej.Reason, widget.WarningImportance))
		}
		if !signed {
			ver := r.VersionID
			sign := button("Sign", theme.ConfirmIcon(), widget.HighImportance, func() {
				c, id := u.coop, p.v.id
				u.do("sign", func() error { return c.SignRatification(id, ver) }, nil)
			})
			items = append(items, container.NewBorder(nil, nil, sign, nil, note("Signing says you agree this is the text the co-op ratified.")))
		} else {
			items = append(items, note("You signed."))
		}
		objs = append(objs, card("Version “"+r.VersionName+"”", container.NewVBox(items...)))
	}
	if len(objs) == 0 {
		objs = append(objs, note("No version has been ratified yet."))
	}
	p.list.Objects = objs
	p.list.Refresh()
}

// startVote opens the new-proposal form set up to ratify the chosen version.
func (p *ratifyPanel) startVote() {
	id, ok := p.ids[p.version.Selected]
	if !ok {
		return
	}
	u := p.v.u
	f := u.newProposalForm()
	f.ratifies = &workspace.RatifyLink{Agreement: p.v.id, Version: id}
	f.title.SetText("Ratify “" + p.v.data.title + "”, version " + p.version.Selected)
	f.body.SetText("This proposal ratifies the version **" + p.version.Selected + "** of the agreement *" + p.v.data.title + "*.")
	f.process.Disable()
	u.shell.proposalForm = f
	f.dlg.Show()
}
