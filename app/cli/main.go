package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/mutual-coop/mutual/app/localapi"
	"github.com/mutual-coop/mutual/app/workspace"
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

// globals are the flags that stand before the command.
type globals struct {
	data, coop, passphraseFile string
	json                       bool
}

// Main runs the command line and returns the process exit code.
func Main(args []string, env *Env) int {
	if env.Context == nil {
		env.Context = context.Background()
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	g, rest, err := parseGlobals(args)
	if err != nil {
		return fail(env.Stderr, err)
	}
	if len(rest) > 0 && (rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help") {
		return fail(env.Stderr, printHelp(env.Stdout, rest[1:]))
	}
	var cmd *command
	if len(rest) > 0 {
		cmd = commands[rest[0]]
		if cmd == nil {
			return fail(env.Stderr, usagef("unknown command %q (see `mutual help`)", rest[0]))
		}
		rest = append(rest[:1], hoistData(&g, rest[1:])...)
	}
	ws, err := openWorkspace(g, env, cmd, rest)
	if errors.Is(err, workspace.ErrLocked) && cmd != nil && !cmd.local {
		return forward(g, args, env)
	}
	if err != nil {
		return fail(env.Stderr, err)
	}
	defer ws.Close()
	if cmd == nil {
		if env.Window == nil {
			return fail(env.Stderr, usagef("no command given (see `mutual help`)"))
		}
		return fail(env.Stderr, runWindow(ws, env))
	}
	cwd, _ := os.Getwd()
	return execute(ws, cmd, rest[1:], g, cwd, env)
}

// execute runs one command against an open workspace.
func execute(ws *workspace.Workspace, cmd *command, args []string, g globals, cwd string, env *Env) int {
	args, g = stripLateGlobals(args, g, cmd)
	r := &run{ws: ws, coopSel: g.coop, json: g.json, cwd: cwd, stdout: env.Stdout, stderr: env.Stderr, env: env}
	return fail(env.Stderr, cmd.run(r, args))
}

// ExecuteArgs runs a forwarded command line (global flags included).
func ExecuteArgs(ws *workspace.Workspace, args []string, cwd string, env *Env) int {
	g, rest, err := parseGlobals(args)
	if err != nil {
		return fail(env.Stderr, err)
	}
	if len(rest) == 0 {
		return fail(env.Stderr, usagef("no command given"))
	}
	cmd := commands[rest[0]]
	if cmd == nil {
		return fail(env.Stderr, usagef("unknown command %q (see `mutual help`)", rest[0]))
	}
	rest = append(rest[:1], hoistData(&g, rest[1:])...)
	if cmd.local {
		return fail(env.Stderr, fmt.Errorf("`mutual %s` cannot run while Mutual is already running on %s; close it first", cmd.name, ws.Dir()))
	}
	return execute(ws, cmd, rest[1:], g, cwd, env)
}

func parseGlobals(args []string) (globals, []string, error) {
	var g globals
	fs := newFlags("mutual")
	fs.StringVar(&g.data, "data", "", "data directory")
	fs.StringVar(&g.coop, "coop", "", "co-op (ID, prefix or name)")
	fs.StringVar(&g.passphraseFile, "passphrase-file", "", "file holding the passphrase of an encrypted data directory")
	fs.BoolVar(&g.json, "json", false, "JSON output")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return g, nil, usagef("%v (see `mutual help`)", err)
	}
	return g, fs.Args(), nil
}

// hoistData takes --data DIR (and --passphrase-file FILE) from after the
// command, as in `mutual demo --data DIR`: the data directory must be known
// before the workspace is opened.
func hoistData(g *globals, args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "--data" || a == "-data") && i+1 < len(args):
			g.data = args[i+1]
			i++
		case strings.HasPrefix(a, "--data="):
			g.data = strings.TrimPrefix(a, "--data=")
		case (a == "--passphrase-file" || a == "-passphrase-file") && i+1 < len(args):
			g.passphraseFile = args[i+1]
			i++
		default:
			out = append(out, a)
		}
	}
	return out
}

// stripLateGlobals takes --json and --coop from anywhere after the command,
// so `mutual list --json` and `mutual vote --coop x ...` both work.
func stripLateGlobals(args []string, g globals, cmd *command) ([]string, globals) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--json" || a == "-json":
			g.json = true
		case (a == "--coop" || a == "-coop") && i+1 < len(args):
			g.coop = args[i+1]
			i++
		case strings.HasPrefix(a, "--coop="):
			g.coop = strings.TrimPrefix(a, "--coop=")
		default:
			out = append(out, a)
		}
	}
	return out, g
}

func openWorkspace(g globals, env *Env, cmd *command, rest []string) (*workspace.Workspace, error) {
	dir := g.data
	if dir == "" {
		dir = workspace.DefaultDataDir()
	}
	opts := workspace.Options{Dir: dir, Logger: env.Logger}
	if cmd != nil && cmd.name == "init" {
		opts.Encrypt = hasFlag(rest[1:], "--encrypt")
	}
	if workspace.Encrypted(dir) || opts.Encrypt {
		pass, err := readPassphrase(g.passphraseFile, env)
		if err != nil {
			return nil, err
		}
		opts.Passphrase = pass
	}
	return workspace.Open(opts)
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || a == "-"+strings.TrimPrefix(flag, "--") {
			return true
		}
	}
	return false
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
