package main

import (
	"context"
	"os"

	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/ui"
	"github.com/mutual-coop/mutual/app/workspace"
)

// openWindow opens the desktop window. Its network side (finding members
// on the LAN, live sync) starts once the data directory has an identity;
// until then, and whenever it cannot start, the window works offline.
// MUTUAL_SCREEN picks the first screen (see ui.Options).
var openWindow = func(ws *workspace.Workspace) error {
	return ui.RunWith(ws, ui.Options{Screen: os.Getenv("MUTUAL_SCREEN"), StartSync: startSync})
}

// startSync starts the sync node with mDNS on, listening on every interface.
func startSync(ws *workspace.Workspace) (stop func(), err error) {
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.Start(ctx, ws, node.Options{MDNS: true})
	if err != nil {
		cancel()
		return nil, err
	}
	return func() {
		n.Close()
		cancel()
	}, nil
}
