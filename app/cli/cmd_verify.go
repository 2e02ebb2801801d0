package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

func init() {
	register(&command{name: "verify", group: "Documents", usage: "[--json]",
		summary: "Check the co-op's records offline: the roster, every proposal's tally from signed votes and\nsettings, every ratification, every meeting's presences, proxies and minutes approval. Exit code 0 only when nothing is wrong. JSON: {coop, documents, decisions, problems, notes}.",
		run:     runVerify})
}

func runVerify(r *run, args []string) error {
	fs := newFlags("verify")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual verify [--json]")
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	rep, err := c.Verify()
	if err != nil {
		return err
	}
	if err := r.out(rep, func(w io.Writer) {
		fmt.Fprintf(w, "Checked %d documents and %d decisions of %s.\n", rep.Documents, rep.Decisions, printable(c.Name()))
		for _, p := range rep.Problems {
			who := ""
			if p.Name != "" {
				who = " (" + printable(p.Name) + ")"
			}
			fmt.Fprintf(w, "PROBLEM  %q%s: %s\n", printable(p.Title), who, printable(p.Reason))
		}
		for _, n := range rep.Notes {
			fmt.Fprintf(w, "note     %q (%s): %s\n", printable(n.Title), printable(n.Name), printable(n.Reason))
		}
		if rep.OK() {
			fmt.Fprintln(w, "Everything checks out.")
		}
	}); err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("%d problem(s) found in the co-op's records", len(rep.Problems))
	}
	return nil
}

// printable keeps a title or name written by another member from acting on
// this terminal: control characters (escape sequences among them) are
// shown as U+FFFD instead of being printed raw.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}
