package cli

import (
	"context"

	"github.com/mutual-coop/mutual/app/daemon"
	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/workspace"
)

// runWindow opens the desktop window with the control socket and the sync
// node running behind it. Sync failing to start (no network at all) leaves
// the window usable offline.
func runWindow(ws *workspace.Workspace, env *Env) error {
	// The identity exists from the first start, so the sync node can run
	// (and joining with an invite can work) before the member names themself.
	if _, err := ws.EnsureIdentity(""); err != nil {
		return err
	}
	cfg := daemon.Config{Node: node.Options{MDNS: true, Internet: true}, Control: controlHandler(ws, env), OfflineOK: true}
	return daemon.Run(env.Context, ws, cfg, func(context.Context, *daemon.Services) error {
		return env.Window(ws)
	})
}
