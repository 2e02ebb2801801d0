package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/mutual-coop/mutual/app/localapi"
	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/spf13/pflag"
)

// Env is what the command line runs with. main.go fills it in; tests fill it
// with buffers.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Window opens the desktop window on an open workspace; nil when the
	// binary has no window (tests).
	Window func(ws *workspace.Workspace) error
	// Logger for the workspace and sync; nil: warnings to Stderr.
	Logger *slog.Logger
	// Context is cancelled by SIGINT/SIGTERM (serve stops on it).
	Context context.Context
}

// globals are the flags every command takes, before or after its name.
type globals struct {
	data, coop, passphraseFile string
	json                       bool
}

// addGlobals defines the global flags on fs; what g holds already is kept
// unless the flag is given again.
func addGlobals(fs *pflag.FlagSet, g *globals) {
	fs.StringVar(&g.data, "data", g.data, "data directory")
	fs.StringVar(&g.coop, "coop", g.coop, "co-op (ID, prefix or name)")
	fs.StringVar(&g.passphraseFile, "passphrase-file", g.passphraseFile, "file holding the passphrase of an encrypted data directory")
	fs.BoolVar(&g.json, "json", g.json, "JSON output")
}

// invocation is a command line split into what is needed before the
// workspace opens: the global flags, the command and its arguments.
type invocation struct {
	g       globals
	cmd     *command // nil: no command (open the window)
	args    []string // after the command name
	encrypt bool     // init --encrypt: the new data directory is encrypted
	help    []string // non-nil: `mutual help ...`
}

// parseInvocation parses the global flags standing before the command,
// then takes the global flags (and init's --encrypt) from among the
// command's arguments: the data directory must be known before the
// workspace opens, and subcommands (`member list --json`) see only their
// own words. Flags the command defines pass through to its own parser.
func parseInvocation(args []string) (invocation, error) {
	var inv invocation
	fs := newFlags("mutual")
	addGlobals(fs, &inv.g)
	fs.SetInterspersed(false)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			inv.help = []string{}
			return inv, nil
		}
		return inv, usagef("%v (see `mutual help`)", err)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return inv, nil
	}
	if rest[0] == "help" {
		inv.help = rest[1:]
		return inv, nil
	}
	inv.cmd = commands[rest[0]]
	if inv.cmd == nil {
		return inv, usagef("unknown command %q (see `mutual help`)", rest[0])
	}
	late := pflag.NewFlagSet(rest[0], pflag.ContinueOnError)
	late.SetOutput(io.Discard)
	addGlobals(late, &inv.g)
	if inv.cmd.name == "init" {
		late.BoolVar(&inv.encrypt, "encrypt", false, "")
	}
	late.ParseErrorsAllowlist.UnknownFlagsHandling = pflag.PassUnknownFlagToArgs
	// --help is the command's own business.
	late.BoolP("help", "h", false, "")
	flags, tail := splitDashes(rest[1:])
	if err := late.Parse(flags); err != nil {
		return inv, usagef("%s: %v", rest[0], err)
	}
	inv.args = append(late.Args(), tail...)
	if h, _ := late.GetBool("help"); h {
		inv.args = append([]string{"--help"}, inv.args...)
	}
	return inv, nil
}

// splitDashes splits args at the first `--`, after which nothing is a
// flag; the `--` stays with the tail for the command's own parser.
func splitDashes(args []string) (flags, tail []string) {
	for i, a := range args {
		if a == "--" {
			return args[:i], args[i:]
		}
	}
	return args, nil
}

// Main runs the command line and returns the process exit code.
func Main(args []string, env *Env) int {
	if env.Context == nil {
		env.Context = context.Background()
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	inv, err := parseInvocation(args)
	if err != nil {
		return fail(env.Stderr, err)
	}
	if inv.help != nil {
		return fail(env.Stderr, printHelp(env.Stdout, inv.help))
	}
	ws, err := openWorkspace(inv, env)
	if errors.Is(err, workspace.ErrLocked) && inv.cmd != nil && !inv.cmd.local {
		return forward(inv.g, args, env)
	}
	if err != nil {
		return fail(env.Stderr, err)
	}
	defer ws.Close()
	if inv.cmd == nil {
		if env.Window == nil {
			return fail(env.Stderr, usagef("no command given (see `mutual help`)"))
		}
		return fail(env.Stderr, runWindow(ws, env))
	}
	cwd, _ := os.Getwd()
	return execute(ws, inv, cwd, env)
}

// execute runs one command against an open workspace.
func execute(ws *workspace.Workspace, inv invocation, cwd string, env *Env) int {
	r := &run{ws: ws, coopSel: inv.g.coop, json: inv.g.json, cwd: cwd, stdout: env.Stdout, stderr: env.Stderr, env: env}
	err := inv.cmd.run(r, inv.args)
	var h helpShown
	if errors.As(err, &h) {
		fmt.Fprintf(env.Stdout, "mutual %s %s\n\n%s\n", inv.cmd.name, inv.cmd.usage, inv.cmd.summary)
		return 0
	}
	return fail(env.Stderr, err)
}

// ExecuteArgs runs a forwarded command line (global flags included).
func ExecuteArgs(ws *workspace.Workspace, args []string, cwd string, env *Env) int {
	inv, err := parseInvocation(args)
	if err != nil {
		return fail(env.Stderr, err)
	}
	if inv.help != nil {
		return fail(env.Stderr, printHelp(env.Stdout, inv.help))
	}
	if inv.cmd == nil {
		return fail(env.Stderr, usagef("no command given"))
	}
	if inv.cmd.local {
		return fail(env.Stderr, fmt.Errorf("`mutual %s` cannot run while Mutual is already running on %s; close it first", inv.cmd.name, ws.Dir()))
	}
	return execute(ws, inv, cwd, env)
}

func openWorkspace(inv invocation, env *Env) (*workspace.Workspace, error) {
	dir := inv.g.data
	if dir == "" {
		dir = workspace.DefaultDataDir()
	}
	opts := workspace.Options{Dir: dir, Logger: env.Logger, Encrypt: inv.encrypt}
	if workspace.Encrypted(dir) || opts.Encrypt {
		pass, err := readPassphrase(inv.g.passphraseFile, env)
		if err != nil {
			return nil, err
		}
		opts.Passphrase = pass
	}
	return workspace.Open(opts)
}

func forward(g globals, args []string, env *Env) int {
	dir := g.data
	if dir == "" {
		dir = workspace.DefaultDataDir()
	}
	cwd, _ := os.Getwd()
	code, err := localapi.Forward(env.Context, workspace.SocketPath(dir), args, cwd, env.Stdout, env.Stderr)
	if err != nil {
		return fail(env.Stderr, fmt.Errorf("data directory %s is in use by another process that does not answer on its control socket (%v); if no Mutual is running, a stale lock is left from a crash", dir, err))
	}
	return code
}

// fail prints err as one line and returns the exit code.
func fail(w io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(w, "mutual: "+oneLine(err))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
