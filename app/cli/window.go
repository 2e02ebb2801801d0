package cli

import (
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
	ctl, err := serveControl(ws, env)
	if err != nil {
		return err
	}
	defer ctl.Close()
	n, err := node.Start(env.Context, ws, node.Options{MDNS: true})
	if err != nil {
		ws.Logger().Warn("sync is off: this window works offline", "err", err)
	} else {
		defer n.Close()
	}
	return env.Window(ws)
}
