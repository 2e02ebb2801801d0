package cli

import (
	"io"

	"github.com/mutual-coop/mutual/app/localapi"
	"github.com/mutual-coop/mutual/app/workspace"
)

// serveControl answers forwarded command lines for the data directory this
// process holds open.
func serveControl(ws *workspace.Workspace, env *Env) (*localapi.Server, error) {
	return localapi.Listen(ws.SocketPath(), func(args []string, cwd string, stdout, stderr io.Writer) int {
		sub := &Env{Stdout: stdout, Stderr: stderr, Logger: env.Logger, Context: env.Context}
		return ExecuteArgs(ws, args, cwd, sub)
	}, ws.Logger())
}
