package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/crdt"
)

func init() {
	register(
		&command{name: "edit", group: "Agreements", usage: "DOC --body-file F",
			summary: "Replace the Markdown body of an agreement or proposal with a file's text. Only the changed\nstretch is written, so members editing other parts at the same time keep their words.",
			run:     runEdit},
		&command{name: "version", group: "Agreements", usage: "AGREEMENT --name N | list AGREEMENT",
			summary: "Name the agreement's current text as a version (pinned to its Automerge heads), or list versions.",
			run:     runVersion},
		&command{name: "diff", group: "Agreements", usage: "AGREEMENT FROM-VERSION [TO-VERSION] [--by line|word] [--json]",
			summary: "Show what changed between two versions, or between a version and the current text.",
			run:     runDiff},
		&command{name: "amend", group: "Agreements",
			usage:   "AGREEMENT (--section HEADING | --original TEXT) --replacement TEXT [--reason R] | accept AGREEMENT AMENDMENT | reject AGREEMENT AMENDMENT [--reason R] | list AGREEMENT",
			summary: "Propose replacement text for a section or a passage; the agreement's author or an admin accepts\n(the text is applied) or rejects it.",
			run:     runAmend},
		&command{name: "ratify", group: "Agreements", usage: "AGREEMENT --version V --proposal P",
			summary: "Record that a passed proposal ratified a version (the proposal must have been created with\n--ratifies AGREEMENT:VERSION). Later edits never change the ratified text.",
			run:     runRatify},
		&command{name: "sign", group: "Agreements", usage: "AGREEMENT --version V",
			summary: "Sign a ratified version with your key.",
			run:     runSign},
	)
}

func runEdit(r *run, args []string) error {
	fs := newFlags("edit")
	file := fs.String("body-file", "", "new Markdown body (- for standard input)")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *file == "" {
		return usagef("usage: mutual edit DOC --body-file F")
	}
	body, err := r.readBody(*file)
	if err != nil {
		return err
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	d, err := c.Summary(id)
	if err != nil {
		return err
	}
	switch d.Kind {
	case string(crdt.KindAgreement):
		return c.SetAgreementBody(id, body)
	case string(crdt.KindProposal):
		return c.SetProposalBody(id, body)
	}
	return fmt.Errorf("a %s has no body to edit: %w", d.Kind, crdt.ErrWrongKind)
}

func runVersion(r *run, args []string) error {
	if len(args) > 0 && args[0] == "list" {
		if err := r.need(&args, 2, "version list AGREEMENT"); err != nil {
			return err
		}
		c, id, err := r.resolve(args[1])
		if err != nil {
			return err
		}
		a, err := c.Agreement(id)
		if err != nil {
			return err
		}
		vs, err := a.Versions()
		if err != nil {
			return err
		}
		return r.out(vs, func(w io.Writer) {
			for _, v := range vs {
				fmt.Fprintf(w, "%s  %s  %s\n", crdt.ShortID(v.ID), fmtTime(v.At), v.Name)
			}
		})
	}
	fs := newFlags("version")
	name := fs.String("name", "", "version name")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*name) == "" {
		return usagef("usage: mutual version AGREEMENT --name N")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	vid, err := c.SaveVersion(id, *name)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": vid}, func(w io.Writer) { fmt.Fprintln(w, vid) })
}

func runDiff(r *run, args []string) error {
	fs := newFlags("diff")
	by := fs.String("by", "line", "line or word")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || len(pos) > 3 {
		return usagef("usage: mutual diff AGREEMENT FROM-VERSION [TO-VERSION] [--by line|word]")
	}
	unit, err := crdt.ParseDiffUnit(*by)
	if err != nil {
		return err
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	from, err := c.ResolveVersion(id, pos[1])
	if err != nil {
		return err
	}
	to := ""
	if len(pos) == 3 {
		if to, err = c.ResolveVersion(id, pos[2]); err != nil {
			return err
		}
	}
	ops, err := c.Diff(id, from, to, unit)
	if err != nil {
		return err
	}
	return r.out(ops, func(w io.Writer) { writeDiff(w, ops, unit) })
}

func writeDiff(w io.Writer, ops []workspace.DiffOp, unit workspace.DiffUnit) {
	for _, op := range ops {
		switch op.Op {
		case "equal":
			if unit == crdt.ByWord {
				io.WriteString(w, op.Text)
			} else {
				for _, l := range splitLines(op.Text) {
					fmt.Fprintf(w, "  %s\n", l)
				}
			}
		case "insert", "delete":
			mark := map[string]string{"insert": "+", "delete": "-"}[op.Op]
			if unit == crdt.ByWord {
				fmt.Fprintf(w, "[%s%s]", mark, op.Text)
			} else {
				for _, l := range splitLines(op.Text) {
					fmt.Fprintf(w, "%s %s\n", mark, l)
				}
			}
		}
	}
	if unit == crdt.ByWord {
		fmt.Fprintln(w)
	}
}

func splitLines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func runAmend(r *run, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "accept", "reject", "list":
			return amendSub(r, args[0], args[1:])
		}
	}
	fs := newFlags("amend")
	var spec workspace.AmendmentSpec
	fs.StringVar(&spec.Section, "section", "", "heading of the section to replace")
	fs.StringVar(&spec.Original, "original", "", "exact text to replace")
	fs.StringVar(&spec.Replacement, "replacement", "", "replacement text")
	fs.StringVar(&spec.Reason, "reason", "", "why")
	repFile := fs.String("replacement-file", "", "replacement text from a file")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if *repFile != "" {
		if spec.Replacement, err = r.readBody(*repFile); err != nil {
			return err
		}
	}
	if len(pos) != 1 || (spec.Section == "") == (spec.Original == "") {
		return usagef("usage: mutual amend AGREEMENT (--section HEADING | --original TEXT) --replacement TEXT [--reason R]")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	aid, err := c.ProposeAmendment(id, spec)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": aid}, func(w io.Writer) { fmt.Fprintln(w, aid) })
}

func amendSub(r *run, sub string, args []string) error {
	fs := newFlags("amend " + sub)
	reason := fs.String("reason", "", "why")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if sub == "list" {
		c, id, err := r.target(pos, 1, "amend list AGREEMENT")
		if err != nil {
			return err
		}
		a, err := c.Agreement(id)
		if err != nil {
			return err
		}
		ams, err := a.Amendments()
		if err != nil {
			return err
		}
		return r.out(ams, func(w io.Writer) {
			for _, am := range ams {
				fmt.Fprintf(w, "%s  %s  %q → %q\n", crdt.ShortID(am.ID), am.Status, am.Original, am.Replacement)
			}
		})
	}
	if err := r.need(&pos, 2, "amend "+sub+" AGREEMENT AMENDMENT"); err != nil {
		return err
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	aid, err := c.ResolveAmendment(id, pos[1])
	if err != nil {
		return err
	}
	return c.DecideAmendment(id, aid, sub == "accept", *reason)
}

func runRatify(r *run, args []string) error {
	fs := newFlags("ratify")
	version := fs.String("version", "", "version")
	proposal := fs.String("proposal", "", "the proposal that ratified it")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *version == "" || *proposal == "" {
		return usagef("usage: mutual ratify AGREEMENT --version V --proposal P")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	vid, err := c.ResolveVersion(id, *version)
	if err != nil {
		return err
	}
	pid, err := c.Resolve(*proposal)
	if err != nil {
		return err
	}
	return c.Ratify(id, vid, pid)
}

func runSign(r *run, args []string) error {
	fs := newFlags("sign")
	version := fs.String("version", "", "ratified version")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *version == "" {
		return usagef("usage: mutual sign AGREEMENT --version V")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	vid, err := c.ResolveVersion(id, *version)
	if err != nil {
		return err
	}
	return c.SignRatification(id, vid)
}
