package cli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/mutual-coop/mutual/app/workspace"
)

// meetingAgenda runs `mutual meeting agenda add|list|remove|move|current`.
func meetingAgenda(r *run, args []string) error {
	if len(args) == 0 {
		return usagef("usage: mutual meeting agenda add|list|remove|move|current MEETING ...")
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "add":
		return agendaAdd(r, rest)
	case "list":
		c, id, err := r.target(rest, 1, "meeting agenda list MEETING [--json]")
		if err != nil {
			return err
		}
		info, err := c.Meeting(id)
		if err != nil {
			return err
		}
		return r.out(info.Agenda, func(w io.Writer) {
			for i, it := range info.Agenda {
				mark := "  "
				if it.ID == info.Current {
					mark = "> "
				}
				fmt.Fprintf(w, "%s%d. %s  (%s, %s)\n", mark, i+1, printable(it.Title), it.Kind, it.ID[:8])
			}
		})
	case "remove", "current":
		if err := r.need(&rest, 2, "meeting agenda "+sub+" MEETING ITEM"); err != nil {
			return err
		}
		c, id, item, err := agendaItem(r, rest)
		if err != nil {
			return err
		}
		if sub == "remove" {
			return c.RemoveAgendaItem(id, item)
		}
		return c.SetCurrentItem(id, item)
	case "move":
		if err := r.need(&rest, 3, "meeting agenda move MEETING ITEM POSITION"); err != nil {
			return err
		}
		n, err := strconv.Atoi(rest[2])
		if err != nil || n < 1 {
			return usagef("the position is a number from 1")
		}
		c, id, item, err := agendaItem(r, rest)
		if err != nil {
			return err
		}
		return c.MoveAgendaItem(id, item, n)
	}
	return usagef("unknown agenda command %q (want add, list, remove, move or current)", sub)
}

func agendaItem(r *run, args []string) (*workspace.Coop, string, string, error) {
	c, id, err := r.resolve(args[0])
	if err != nil {
		return nil, "", "", err
	}
	item, err := c.ResolveAgendaItem(id, args[1])
	return c, id, item, err
}

func agendaAdd(r *run, args []string) error {
	fs := newFlags("meeting agenda add")
	title := fs.String("title", "", "the item's title")
	proposal := fs.String("proposal", "", "a proposal to discuss or decide")
	decide := fs.Bool("decide", false, "the proposal is decided at this meeting (its quorum counts those present)")
	agreement := fs.String("agreement", "", "an agreement to discuss")
	amendment := fs.String("amendment", "", "an amendment of --agreement to decide")
	minutesOf := fs.String("minutes-of", "", "approve the minutes of this earlier meeting")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	spec := workspace.AgendaSpec{Title: *title, Kind: workspace.AgendaText}
	switch {
	case *proposal != "":
		spec.Kind, spec.Ref = workspace.AgendaProposal, *proposal
	case *amendment != "":
		spec.Kind, spec.Ref, spec.Sub = workspace.AgendaAmendment, *agreement, *amendment
	case *agreement != "":
		spec.Kind, spec.Ref = workspace.AgendaAgreement, *agreement
	case *minutesOf != "":
		spec.Kind, spec.Ref = workspace.AgendaMinutes, *minutesOf
	}
	if len(pos) != 1 || (spec.Kind == workspace.AgendaText && *title == "") || (*amendment != "" && *agreement == "") {
		return usagef("usage: mutual meeting agenda add MEETING (--title T | --proposal P [--decide] | --agreement A [--amendment X] | --minutes-of M)")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	item, err := c.AddAgendaItem(id, spec, *decide)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": item}, func(w io.Writer) { fmt.Fprintln(w, item) })
}
