package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/crdt"
)

func init() {
	register(&command{name: "comment", group: "Documents",
		usage:   "DOC --text T [--reply-to COMMENT|stance:MEMBER] | list DOC | edit DOC COMMENT --text T | delete DOC COMMENT",
		summary: "Comment on any document, reply to a comment or to a member's vote reason, or list the threads.",
		run:     runComment})
}

func runComment(r *run, args []string) error {
	if len(args) > 0 && (args[0] == "list" || args[0] == "edit" || args[0] == "delete") {
		return commentSub(r, args[0], args[1:])
	}
	fs := newFlags("comment")
	text := fs.String("text", "", "the comment")
	reply := fs.String("reply-to", "", "comment ID, or stance:MEMBER")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*text) == "" {
		return usagef("usage: mutual comment DOC --text T [--reply-to COMMENT]")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	parent := *reply
	if m, ok := strings.CutPrefix(parent, "stance:"); ok {
		mid, err := c.FindMember(m)
		if err != nil {
			return err
		}
		parent = "stance:" + string(mid)
	}
	cid, err := c.AddComment(id, parent, *text)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": cid}, func(w io.Writer) { fmt.Fprintln(w, cid) })
}

func commentSub(r *run, sub string, args []string) error {
	fs := newFlags("comment " + sub)
	text := fs.String("text", "", "new text")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	want := map[string]int{"list": 1, "edit": 2, "delete": 2}[sub]
	if len(pos) != want || (sub == "edit" && *text == "") {
		return usagef("usage: mutual comment list DOC | edit DOC COMMENT --text T | delete DOC COMMENT")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	switch sub {
	case "edit":
		return c.EditComment(id, pos[1], *text)
	case "delete":
		return c.DeleteComment(id, pos[1])
	}
	cs, err := c.Comments(id)
	if err != nil {
		return err
	}
	v, _ := c.Members()
	return r.out(cs, func(w io.Writer) { printComments(w, v, cs, 0) })
}

func printComments(w io.Writer, v *workspace.RosterView, cs []workspace.Comment, depth int) {
	for _, cm := range cs {
		who := cm.Author.Short()
		if v != nil {
			who = v.NameOf(cm.Author)
		}
		body := cm.Body
		if cm.Deleted {
			body = "(deleted)"
		}
		fmt.Fprintf(w, "%s%s, %s [%s]: %s\n", strings.Repeat("  ", depth), who, fmtTime(cm.At), crdt.ShortID(cm.ID), body)
		printComments(w, v, cm.Replies, depth+1)
	}
}
