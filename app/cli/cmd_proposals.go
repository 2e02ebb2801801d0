package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
)

func init() {
	register(
		&command{name: "vote", group: "Proposals", usage: "PROPOSAL CHOICE... [--reason R]",
			summary: "Cast or change your stance. CHOICE by process: consent: agree|abstain|disagree|block;\n" +
				"choose_one: OPTION; choose_many: OPTION...; score: OPTION=N...; ranked: OPTION... (best first);\n" +
				"meeting_time: SLOT=yes|maybe|no... OPTION is a label or an option ID (prefix).",
			run: runVote},
		&command{name: "close", group: "Proposals", usage: "PROPOSAL", summary: "Close a proposal early (its author or an admin).", run: runClose},
		&command{name: "extend", group: "Proposals", usage: "PROPOSAL --to TIME", summary: "Move a proposal's deadline (its author or an admin).", run: runExtend},
		&command{name: "reopen", group: "Proposals", usage: "PROPOSAL --to TIME", summary: "Reopen a closed proposal until TIME (its author or an admin).", run: runReopen},
		&command{name: "outcome", group: "Proposals", usage: "PROPOSAL --text T [--review DATE]",
			summary: "Write the outcome statement of a closed proposal, with an optional review date.", run: runOutcome},
		&command{name: "option", group: "Proposals", usage: "add PROPOSAL LABEL | rename PROPOSAL OPTION LABEL | remove PROPOSAL OPTION",
			summary: "Edit a proposal's options while it is open.", run: runOption},
		&command{name: "tally", group: "Proposals", usage: "PROPOSAL [--json]",
			summary: "Show the tally: counts, runoff rounds, quorum, result, who has not voted, refused stances.", run: runTally},
	)
}

func runVote(r *run, args []string) error {
	fs := newFlags("vote")
	reason := fs.String("reason", "", "why")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("usage: mutual vote PROPOSAL CHOICE... [--reason R]")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	return c.VoteWords(id, pos[1:], *reason)
}

func runClose(r *run, args []string) error {
	c, id, err := r.target(args, 1, "close PROPOSAL")
	if err != nil {
		return err
	}
	return c.CloseProposal(id)
}

func deadlineCmd(r *run, name string, args []string, apply func(id string, t time.Time) error) error {
	fs := newFlags(name)
	to := fs.String("to", "", "new deadline")
	tz := fs.String("tz", "", "time zone")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *to == "" {
		return usagef("usage: mutual %s PROPOSAL --to TIME", name)
	}
	loc, err := location(*tz)
	if err != nil {
		return err
	}
	t, err := parseWhen(*to, r.ws.Now(), loc)
	if err != nil {
		return err
	}
	_, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	return apply(id, t)
}

func runExtend(r *run, args []string) error {
	return deadlineCmd(r, "extend", args, func(id string, t time.Time) error { return r.coop.ExtendProposal(id, t) })
}

func runReopen(r *run, args []string) error {
	return deadlineCmd(r, "reopen", args, func(id string, t time.Time) error { return r.coop.ReopenProposal(id, t) })
}

func runOutcome(r *run, args []string) error {
	fs := newFlags("outcome")
	text := fs.String("text", "", "outcome statement")
	review := fs.String("review", "", "review date")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*text) == "" {
		return usagef("usage: mutual outcome PROPOSAL --text T [--review DATE]")
	}
	var reviewAt time.Time
	if *review != "" {
		if reviewAt, err = parseWhen(*review, r.ws.Now(), time.Local); err != nil {
			return err
		}
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	return c.SetOutcome(id, *text, reviewAt)
}

func runOption(r *run, args []string) error {
	if len(args) < 1 {
		return usagef("usage: mutual option add|rename|remove PROPOSAL ...")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		c, id, err := r.target(args, 2, "option add PROPOSAL LABEL")
		if err != nil {
			return err
		}
		pv, err := c.Proposal(id)
		if err != nil {
			return err
		}
		spec, err := optionSpec(pv.Process, args[1], r.ws.Now(), time.Local)
		if err != nil {
			return err
		}
		oid, err := c.AddOption(id, spec)
		if err != nil {
			return err
		}
		return r.out(map[string]string{"id": oid}, func(w io.Writer) { fmt.Fprintln(w, oid) })
	case "rename":
		c, id, err := r.target(args, 3, "option rename PROPOSAL OPTION LABEL")
		if err != nil {
			return err
		}
		return c.RenameOption(id, args[1], args[2])
	case "remove":
		c, id, err := r.target(args, 2, "option remove PROPOSAL OPTION")
		if err != nil {
			return err
		}
		return c.RemoveOption(id, args[1])
	}
	return usagef("unknown option command %q (add, rename, remove)", sub)
}

func runTally(r *run, args []string) error {
	c, id, err := r.target(args, 1, "tally PROPOSAL")
	if err != nil {
		return err
	}
	pv, err := c.Proposal(id)
	if err != nil {
		return err
	}
	return r.out(pv.Tally, func(w io.Writer) { io.WriteString(w, c.TallyText(pv.Tally)) })
}
