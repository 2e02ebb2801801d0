package cli

import (
	"fmt"
	"io"
	"strings"
)

const intro = `Mutual: proposals, schedules and shared agreements for a co-operative,
kept on every member's machine and synced directly between them.

Usage:
  mutual                                open the desktop window
  mutual [global flags] COMMAND [args]  run a command without a window

Global flags (before or after the command; flags and arguments mix freely,
and -- ends the flags):
  --data DIR              data directory (default: your user data folder)
  --coop ID|NAME          which co-op, when the data directory holds several
  --json                  machine-readable output (stable; see docs/SCHEMA.md)
  --passphrase-file FILE  passphrase of an encrypted data directory
                          (or set MUTUAL_PASSPHRASE, or type it when asked)

IDs may be shortened to any unique prefix of at least 4 characters.
While a Mutual window or ` + "`mutual serve`" + ` has the data directory open,
commands are passed to it and run there.
`

func printHelp(w io.Writer, args []string) error {
	if len(args) == 1 {
		c := commands[args[0]]
		if c == nil {
			return usagef("unknown command %q", args[0])
		}
		fmt.Fprintf(w, "mutual %s %s\n\n%s\n", c.name, c.usage, c.summary)
		return nil
	}
	io.WriteString(w, intro)
	group := ""
	for _, c := range sortedCommands() {
		if c.group != group {
			group = c.group
			fmt.Fprintf(w, "\n%s:\n", group)
		}
		line := c.name
		if c.usage != "" {
			line += " " + c.usage
		}
		fmt.Fprintf(w, "  %s\n      %s\n", line, strings.ReplaceAll(c.summary, "\n", "\n      "))
	}
	return nil
}
