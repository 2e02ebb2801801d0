package cli

import (
	"io"

	"github.com/mutual-coop/mutual/app/localapi"
	"github.com/mutual-coop/mutual/app/workspace"
)

// controlHandler answers forwarded command lines for the data directory
// this process holds open, as if they had been typed here.
func controlHandler(ws *workspace.Workspace, env *Env) localapi.Handler {
	return func(args []string, cwd string, stdout, stderr io.Writer) int {
		sub := &Env{Stdout: stdout, Stderr: stderr, Logger: env.Logger, Context: env.Context}
		return ExecuteArgs(ws, args, cwd, sub)
	}
}
