package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/spf13/pflag"
)

// command is one subcommand.
type command struct {
	name    string
	usage   string // arguments, after the name
	summary string
	group   string
	// noCoop commands run without selecting a co-op; local commands cannot
	// be forwarded to a running process.
	noCoop, local bool
	run           func(r *run, args []string) error
}

// run is the context of one command execution.
type run struct {
	ws      *workspace.Workspace
	coopSel string
	json    bool
	cwd     string
	stdout  io.Writer
	stderr  io.Writer
	env     *Env
	coop    *workspace.Coop
	// parsed: the arguments have been through the flag parser.
	parsed bool
}

// usageError marks errors in how a command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

var commands = map[string]*command{}

func register(cs ...*command) {
	for _, c := range cs {
		commands[c.name] = c
	}
}

// newFlags makes the flag set of one command. Flags may stand before,
// between or after the positional arguments (`vote ID agree --reason x`);
// `--` ends the flags.
func newFlags(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	return fs
}

// parse parses a command's arguments with its own flags and the global
// flags (--data, --coop, --json, --passphrase-file may follow the command).
// It returns the positional arguments.
func (r *run) parse(fs *pflag.FlagSet, args []string) ([]string, error) {
	var g globals
	addGlobals(fs, &g)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, helpShown{fs}
		}
		return nil, usagef("%s: %v", fs.Name(), err)
	}
	r.parsed = true
	if fs.Changed("coop") {
		r.coopSel = g.coop
	}
	if g.json {
		r.json = true
	}
	return fs.Args(), nil
}

// need parses the global flags out of args (unless the command has parsed
// its own flags already) and checks the number of positional arguments.
func (r *run) need(args *[]string, n int, usage string) error {
	if !r.parsed {
		pos, err := r.parse(newFlags(strings.Fields(usage)[0]), *args)
		if err != nil {
			return err
		}
		*args = pos
	}
	if len(*args) != n {
		return usagef("usage: mutual %s", usage)
	}
	return nil
}

// helpShown is returned for --help after a command: its usage is printed
// and the exit code is 0.
type helpShown struct{ fs *pflag.FlagSet }

func (h helpShown) Error() string { return "help" }

// path resolves a file name given on the command line against the caller's
// working directory (which differs from ours when forwarded).
func (r *run) path(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) || r.cwd == "" {
		return p
	}
	return filepath.Join(r.cwd, p)
}

// out prints v as JSON when --json was given, else the human text.
func (r *run) out(v any, human func(w io.Writer)) error {
	if r.json {
		enc := json.NewEncoder(r.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	human(r.stdout)
	return nil
}

// theCoop selects the co-op for commands that work inside one.
func (r *run) theCoop() (*workspace.Coop, error) {
	if r.coop != nil {
		return r.coop, nil
	}
	c, err := r.ws.Coop(r.coopSel)
	if err != nil {
		return nil, err
	}
	r.coop = c
	return c, nil
}

// resolve turns an ID or prefix into a document ID in the selected co-op.
func (r *run) resolve(sel string) (*workspace.Coop, string, error) {
	c, err := r.theCoop()
	if err != nil {
		return nil, "", err
	}
	id, err := c.Resolve(sel)
	return c, id, err
}

func sortedCommands() []*command {
	out := make([]*command, 0, len(commands))
	for _, c := range commands {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].group != out[j].group {
			return groupOrder(out[i].group) < groupOrder(out[j].group)
		}
		return out[i].name < out[j].name
	})
	return out
}

var groups = []string{"Getting started", "Documents", "Proposals", "Schedules", "Agreements", "Meetings", "Members", "Sync", "Other"}

func groupOrder(g string) int {
	for i, x := range groups {
		if x == g {
			return i
		}
	}
	return len(groups)
}

// oneLine makes an error fit on one line for the user.
func oneLine(err error) string {
	msg := err.Error()
	var ue usageError
	if errors.As(err, &ue) {
		msg = ue.msg
	}
	return strings.Join(strings.Fields(msg), " ")
}

// target checks the number of arguments and resolves the first, the
// document the command acts on.
func (r *run) target(args []string, n int, usage string) (*workspace.Coop, string, error) {
	if err := r.need(&args, n, usage); err != nil {
		return nil, "", err
	}
	return r.resolve(args[0])
}
