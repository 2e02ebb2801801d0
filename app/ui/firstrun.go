package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// joinTimeout bounds a join: the inviter's machine must answer meanwhile.
const joinTimeout = 2 * time.Minute

// firstRun welcomes a new member: their name first, then starting a co-op
// or joining one with an invite code.
type firstRun struct {
	u *UI

	welcome *widget.Label
	name    *widget.Entry
	next    *widget.Button

	hello      *widget.Label
	coopName   *widget.Entry
	create     *widget.Button
	code       *widget.Entry
	join       *widget.Button
	joinStatus *widget.Label
	working    *widget.ProgressBarInfinite

	myName    string // the name saved before, if any
	busy      bool
	lastError string
	box       *fyne.Container
}

func (u *UI) showFirstRun(myName string) {
	f := &firstRun{u: u, box: container.NewStack(), myName: myName}
	u.first = f
	u.shell = nil
	u.root.Objects = []fyne.CanvasObject{f.box}
	u.root.Refresh()
	f.showName()
}

// showName is step one: what the others should call you.
func (f *firstRun) showName() {
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder("Your name, as the other members know you")
	f.name.SetText(f.myName)
	f.next = button("Next", theme.NavigateNextIcon(), widget.HighImportance, f.saveName)
	f.name.OnChanged = func(s string) { enable(f.next, strings.TrimSpace(s) != "") }
	f.name.OnSubmitted = func(string) { f.saveName() }
	enable(f.next, strings.TrimSpace(f.name.Text) != "")
	logo := canvas.NewImageFromResource(appIcon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(96, 96))
	// A wrapping label inside a centring container is given its minimum
	// width, one letter, and draws a letter per line: centre the text in a
	// full-width label instead.
	f.welcome = heading("Welcome to Mutual")
	f.welcome.Alignment = fyne.TextAlignCenter
	body := container.NewVBox(
		container.NewCenter(logo),
		f.welcome,
		para("Mutual keeps your co-op's proposals, rotas and agreements on this computer and shares them "+
			"directly with the other members' computers. There is no server in the middle, and everything works without a network."),
		note("Between meetings, members' computers find each other through a public network shared with other apps, which sees "+
			"that your computer is online but never your co-op's name, documents or members; an admin can turn this off on the Sync screen."),
		widget.NewSeparator(),
		subheading("What should the other members call you?"),
		f.name,
		container.NewBorder(nil, nil, nil, f.next))
	f.set(body)
}

// saveName records the name (creating this device's identity when the
// command line has not yet).
func (f *firstRun) saveName() {
	name := strings.TrimSpace(f.name.Text)
	if name == "" {
		return
	}
	f.next.Disable()
	f.u.do("save your name", func() error {
		_, err := f.u.ws.EnsureIdentity(name)
		return err
	}, func() {
		f.myName = name
		f.showChoice(name)
	})
}

// showChoice is step two: start a co-op, or join one.
func (f *firstRun) showChoice(name string) {
	f.hello = heading("Hello, " + name + "!")
	f.coopName = widget.NewEntry()
	f.coopName.SetPlaceHolder("Co-op name, e.g. Riverside Bakery")
	f.create = button("Start the co-op", theme.ContentAddIcon(), widget.HighImportance, func() { f.startCoop(name) })
	f.coopName.OnChanged = func(s string) { enable(f.create, strings.TrimSpace(s) != "") }
	f.coopName.OnSubmitted = func(string) { f.startCoop(name) }
	f.create.Disable()

	f.code = widget.NewMultiLineEntry()
	f.code.SetPlaceHolder("Paste the invite code a member sent you")
	f.code.Wrapping = fyne.TextWrapBreak
	f.code.SetMinRowsVisible(3)
	f.join = button("Join", theme.LoginIcon(), widget.HighImportance, func() { f.joinCoop(name) })
	f.code.OnChanged = func(s string) { enable(f.join, strings.TrimSpace(s) != "") }
	f.join.Disable()
	f.joinStatus = note("")
	f.working = widget.NewProgressBarInfinite()
	f.working.Hide()
	f.working.Stop()

	start := widget.NewCard("Start a new co-op", "You will be its first admin and can invite the others.",
		container.NewVBox(f.coopName, container.NewBorder(nil, nil, nil, f.create)))
	join := widget.NewCard("Join your co-op", "A member creates an invite code on their Members screen.",
		container.NewVBox(f.code, container.NewBorder(nil, nil, nil, f.join), f.working, f.joinStatus))
	back := button("Change my name", theme.NavigateBackIcon(), widget.LowImportance, f.showName)
	f.set(container.NewVBox(f.hello, para("Start a co-op, or join the one your colleagues already use."),
		container.NewGridWithColumns(2, start, join), container.NewBorder(nil, nil, back, nil)))
}

// set shows a step, centred at a readable width.
func (f *firstRun) set(o fyne.CanvasObject) {
	f.box.Objects = []fyne.CanvasObject{container.NewCenter(container.New(&minWidth{w: 640}, container.NewPadded(o)))}
	f.box.Refresh()
}

func (f *firstRun) startCoop(name string) {
	coop := strings.TrimSpace(f.coopName.Text)
	if coop == "" || f.busy {
		return
	}
	f.busy = true
	f.create.Disable()
	var id string
	f.u.run.bg(func() {
		c, err := f.u.ws.CreateCoop(coop, name)
		if c != nil {
			id = c.ID()
		}
		f.u.run.ui(func() {
			if err != nil {
				f.busy = false
				f.create.Enable()
				f.u.showError("Could not start the co-op", err)
				return
			}
			if f.u.first == f {
				f.u.openCoop(id)
			}
		})
	})
}

// joinCoop joins with an invite code through the network side. Without one
// it says so plainly: joining needs a live connection to the inviter.
func (f *firstRun) joinCoop(name string) {
	code := strings.TrimSpace(f.code.Text)
	if code == "" || f.busy {
		return
	}
	svc := f.u.ws.Sync()
	if svc == nil {
		f.joinStatus.Importance = widget.WarningImportance
		f.joinStatus.SetText("Joining needs the network layer, which is not running in this window, so Mutual cannot reach the member who invited you. " +
			"Start a co-op instead, or join from a terminal with: mutual join CODE --name \"" + name + "\"")
		return
	}
	f.busy = true
	f.join.Disable()
	f.working.Show()
	f.working.Start()
	f.joinStatus.Importance = widget.LowImportance
	f.joinStatus.SetText("Contacting the member who invited you… Their Mutual needs to be open.")
	f.u.run.bg(func() {
		ctx, cancel := context.WithTimeout(context.Background(), joinTimeout)
		defer cancel()
		id, err := svc.Join(ctx, code, name)
		f.u.run.ui(func() {
			f.working.Stop()
			f.working.Hide()
			if err != nil {
				f.busy = false
				f.join.Enable()
				f.lastError = "Could not join: " + friendly(err)
				f.joinStatus.Importance = widget.DangerImportance
				f.joinStatus.SetText("Could not join: " + friendly(err))
				return
			}
			if f.u.first == f {
				f.u.openCoop(id)
			}
		})
	})
}

// coopArrived opens a co-op created or joined elsewhere (the command line)
// while this screen was showing. (Busy: this screen is opening one itself.)
func (f *firstRun) coopArrived(id string) {
	if !f.busy && f.u.first == f && id != "" {
		f.u.openCoop(id)
	}
}
