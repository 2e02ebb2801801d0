package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/mutual-coop/mutual/app/workspace"
)

func init() {
	register(&command{name: "action", group: "Meetings",
		usage: "add MEETING --what W --who NAME [--due TIME] [--item ITEM] | done ACTION [--undo] | list [--mine] [--open] [--json]",
		summary: "Actions decided at meetings: what, who, by when. Yours show in the window's \"needs attention\";\n" +
			"the next meeting's agenda reviews those still open. ACTION is its ID (a prefix will do).",
		run: runAction})
}

func runAction(r *run, args []string) error {
	if len(args) == 0 {
		return usagef("usage: mutual action add|done|list ...")
	}
	switch args[0] {
	case "add":
		return actionAdd(r, args[1:])
	case "done":
		fs := newFlags("action done")
		undo := fs.Bool("undo", false, "mark it not done again")
		pos, err := r.parse(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("usage: mutual action done ACTION [--undo]")
		}
		c, err := r.theCoop()
		if err != nil {
			return err
		}
		a, err := c.FindAction(pos[0])
		if err != nil {
			return err
		}
		return c.SetActionDone(a.Meeting, a.ID, !*undo)
	case "list":
		return actionList(r, args[1:])
	}
	return usagef("unknown action command %q (want add, done or list)", args[0])
}

func actionAdd(r *run, args []string) error {
	fs := newFlags("action add")
	what := fs.String("what", "", "what is to be done")
	who := fs.String("who", "", "who does it")
	due := fs.String("due", "", "by when")
	item := fs.String("item", "", "the agenda item it comes from (number or ID)")
	tz := fs.String("tz", "", "time zone for a date given without one")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*what) == "" || *who == "" {
		return usagef("usage: mutual action add MEETING --what W --who NAME [--due TIME] [--item ITEM]")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	spec := workspace.ActionSpec{What: *what}
	if spec.Who, err = c.FindMember(*who); err != nil {
		return err
	}
	if *due != "" {
		loc, err := location(*tz)
		if err != nil {
			return err
		}
		if spec.Due, err = parseWhen(*due, r.ws.Now(), loc); err != nil {
			return err
		}
	}
	if *item != "" {
		if spec.Item, err = c.ResolveAgendaItem(id, *item); err != nil {
			return err
		}
	}
	aid, err := c.AddAction(id, spec)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": aid}, func(w io.Writer) { fmt.Fprintln(w, aid) })
}

func actionList(r *run, args []string) error {
	fs := newFlags("action list")
	mine := fs.Bool("mine", false, "only yours")
	open := fs.Bool("open", false, "only those not done")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual action list [--mine] [--open] [--json]")
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	acts, err := c.Actions(*mine, *open)
	if err != nil {
		return err
	}
	if acts == nil {
		acts = []workspace.ActionItem{}
	}
	v, err := c.Members()
	if err != nil {
		return err
	}
	now := r.ws.Now()
	return r.out(acts, func(w io.Writer) {
		for _, a := range acts {
			state := "open"
			switch {
			case a.Done:
				state = "done"
			case a.Overdue(now):
				state = "OVERDUE"
			}
			due := ""
			if !a.Due.IsZero() {
				due = " by " + a.Due.Local().Format("Mon 2 Jan 2006")
			}
			fmt.Fprintf(w, "%s  %-7s %s — %s%s\n", a.ID[:8], state, printable(a.What), printable(v.NameOf(a.Who)), due)
		}
	})
}
