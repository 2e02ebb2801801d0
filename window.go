package main

import "github.com/mutual-coop/mutual/app/ui"

// openWindow is the desktop window. The command line runs it with the sync
// node and the control socket already started (app/cli/window.go);
// MUTUAL_SCREEN picks the first screen (see ui.Run).
var openWindow = ui.Run
