package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/mutual-coop/mutual/app/localapi"
	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/workspace"
)

// Config says what runs behind the front end.
type Config struct {
	// Node configures the sync node.
	Node node.Options
	// Control answers command lines forwarded by other `mutual` processes
	// while this one holds the data directory; nil: no control socket (a
	// one-off command that holds the directory only for seconds).
	Control localapi.Handler
	// OfflineOK runs the front end even when the sync node cannot start
	// (no network at all): the window works offline, `serve` does not.
	OfflineOK bool
}

// Services are what the front end runs with.
type Services struct {
	// Sync is the running sync node; nil when it could not start and the
	// config allowed running offline.
	Sync *node.Node
}

// ErrNoFrontEnd is returned when Run is given nothing to run.
var ErrNoFrontEnd = errors.New("daemon: no front end to run")

// Run starts the control socket and the sync node on an open workspace,
// runs front until it returns, then stops the node and the socket. ctx
// bounds the node's life (cancel it to stop `serve`).
func Run(ctx context.Context, ws *workspace.Workspace, cfg Config, front func(ctx context.Context, s *Services) error) error {
	if front == nil {
		return ErrNoFrontEnd
	}
	opts, err := applyEnv(cfg.Node, os.Getenv)
	if err != nil {
		return err
	}
	// The socket comes first so that a command forwarded while the node
	// starts (which can take a second on a slow network) is answered.
	if cfg.Control != nil {
		ctl, err := localapi.Listen(ws.SocketPath(), cfg.Control, ws.Logger())
		if err != nil {
			return fmt.Errorf("control socket: %w", err)
		}
		defer ctl.Close()
	}
	s := &Services{}
	n, err := node.Start(ctx, ws, opts)
	switch {
	case err == nil:
		s.Sync = n
		defer n.Close()
	case cfg.OfflineOK:
		ws.Logger().Warn("sync is off: working offline", "err", err)
	default:
		return err
	}
	return front(ctx, s)
}
