// Command mutual is the Mutual desktop app and its command line: with no
// command it opens the window, with one it runs it (see `mutual help`).
// This file only wires the parts together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/mutual-coop/mutual/app/cli"
	_ "github.com/mutual-coop/mutual/app/clocale" // before Fyne initialises
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(os.Args[1:], &cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Context: ctx,
		Window:  openWindow,
	})
	stop()
	os.Exit(code)
}
