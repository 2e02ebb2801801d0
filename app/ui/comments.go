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

// commentsPanel is a document's discussion: threads with replies, a box for
// a new comment, and one reply box at a time. What a member is typing stays
// when a colleague's comment arrives: only the threads are redrawn.
type commentsPanel struct {
	u     *UI
	docID string

	threads *fyne.Container
	entry   *widget.Entry
	post    *widget.Button

	replyTo    string // comment ID (or stance parent) the reply box answers
	replyEntry *widget.Entry
	replyPost  *widget.Button
	replyBox   *fyne.Container

	// stanceReplies are the threads answering members' vote reasons, kept
	// for the proposal's reasons list instead of the general discussion.
	stanceReplies map[workspace.MemberID][]workspace.Comment
	box           fyne.CanvasObject

	drawn   string // what the threads were drawn from (skip identical redraws)
	showAll bool   // show every thread, not only the latest
	// built keeps each thread's drawing with what it was drawn from, so a
	// new comment draws one thread, not all of them.
	built map[string]builtThread
}

type builtThread struct {
	sig string
	obj fyne.CanvasObject
}

// maxThreads is how many threads show before "Show earlier comments".
const maxThreads = 30

// commentsSig summarises comments for "has anything changed?".
func commentsSig(cs []workspace.Comment) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s/%d/%d/%v[%s]", c.ID, c.Edited.UnixMilli(), len(c.Body), c.Deleted, commentsSig(c.Replies))
	}
	return b.String()
}

func newCommentsPanel(u *UI, docID string) *commentsPanel {
	p := &commentsPanel{u: u, docID: docID, threads: container.NewVBox()}
	p.entry = widget.NewMultiLineEntry()
	p.entry.SetPlaceHolder("Add to the discussion…")
	p.entry.Wrapping = fyne.TextWrapWord
	p.entry.SetMinRowsVisible(2)
	p.post = button("Post", theme.MailSendIcon(), widget.MediumImportance, func() { p.send("", p.entry) })
	p.replyEntry = widget.NewMultiLineEntry()
	p.replyEntry.Wrapping = fyne.TextWrapWord
	p.replyEntry.SetPlaceHolder("Write a reply…")
	p.replyPost = button("Reply", theme.MailReplyIcon(), widget.MediumImportance, func() { p.send(p.replyTo, p.replyEntry) })
	cancel := button("Cancel", theme.CancelIcon(), widget.LowImportance, func() { p.closeReply() })
	p.replyBox = container.NewVBox(p.replyEntry, container.NewHBox(p.replyPost, cancel))
	p.box = container.NewVBox(p.threads, p.entry, container.NewBorder(nil, nil, nil, p.post))
	return p
}

func (p *commentsPanel) object() fyne.CanvasObject { return p.box }

// show redraws the threads.
func (p *commentsPanel) show(comments []workspace.Comment) {
	// Names come from the roster; "3 minutes ago" ages by the minute.
	context := fmt.Sprintf("|%s|%p|%d", p.replyTo, p.u.roster, p.u.now().Unix()/60)
	sig := commentsSig(comments) + context + fmt.Sprint(p.showAll)
	if sig == p.drawn {
		return
	}
	p.drawn = sig
	p.stanceReplies = map[workspace.MemberID][]workspace.Comment{}
	var threads []workspace.Comment
	for _, c := range comments {
		if m, ok := stanceOf(c.Parent); ok {
			p.stanceReplies[m] = append(p.stanceReplies[m], c)
			continue
		}
		threads = append(threads, c)
	}
	var objs []fyne.CanvasObject
	if hidden := len(threads) - maxThreads; hidden > 0 && !p.showAll {
		threads = threads[hidden:]
		objs = append(objs, button("Show "+plural(hidden, "earlier comment"), theme.MoreHorizontalIcon(), widget.LowImportance, func() {
			p.showAll = true
			p.redraw()
		}))
	}
	built := map[string]builtThread{}
	for _, c := range threads {
		tsig := commentsSig([]workspace.Comment{c}) + context
		b, ok := p.built[c.ID]
		if !ok || b.sig != tsig {
			b = builtThread{sig: tsig, obj: p.thread(c, 0)}
		}
		built[c.ID] = b
		objs = append(objs, b.obj)
	}
	p.built = built
	if len(objs) == 0 {
		objs = append(objs, note("No comments yet. Questions and concerns are welcome here."))
	}
	p.threads.Objects = objs
	p.threads.Refresh()
}

// stanceOf reads a comment parent that answers a member's stance.
func stanceOf(parent string) (workspace.MemberID, bool) {
	m, ok := strings.CutPrefix(parent, "stance:")
	return workspace.MemberID(m), ok
}

// thread draws a comment and its replies, indented by depth.
func (p *commentsPanel) thread(c workspace.Comment, depth int) fyne.CanvasObject {
	now := p.u.now()
	who := widget.NewLabelWithStyle(p.u.nameOf(c.Author), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	when := caption(ago(c.At, now))
	if !c.Edited.IsZero() {
		when.SetText(ago(c.At, now) + " · edited")
	}
	body := para(c.Body)
	if c.Deleted {
		body = note("(comment withdrawn)")
	}
	items := []fyne.CanvasObject{container.NewHBox(who, when), body}
	if !c.Deleted {
		id := c.ID
		reply := button("Reply", nil, widget.LowImportance, func() { p.openReply(id) })
		items = append(items, container.NewHBox(reply))
		if p.replyTo == id {
			items = append(items, p.replyBox)
		}
	}
	for _, r := range c.Replies {
		items = append(items, p.thread(r, depth+1))
	}
	box := container.NewVBox(items...)
	if depth == 0 {
		return box
	}
	return container.NewBorder(nil, nil, container.New(&minWidth{w: 18}), nil, box)
}

// openReply shows the reply box under a comment (or a stance).
func (p *commentsPanel) openReply(parent string) {
	p.replyTo = parent
	p.replyEntry.SetText("")
	p.u.throttle("comments-redraw", 0, p.redraw)
}

func (p *commentsPanel) closeReply() {
	p.replyTo = ""
	p.redraw()
}

// redraw re-reads the comments (they may have changed meanwhile).
func (p *commentsPanel) redraw() {
	if p.u.shell != nil && p.u.shell.view != nil {
		p.u.shell.view.reload()
	}
}

// send posts a comment or reply.
func (p *commentsPanel) send(parent string, e *widget.Entry) {
	text := strings.TrimSpace(e.Text)
	if text == "" {
		return
	}
	c, id := p.u.coop, p.docID
	p.u.do("post the comment", func() error {
		_, err := c.AddComment(id, parent, text)
		return err
	}, func() {
		e.SetText("")
		if parent != "" {
			p.replyTo = ""
		}
	})
}
