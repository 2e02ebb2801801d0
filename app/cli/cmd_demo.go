package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/mutual-coop/mutual/app/workspace"
)

func init() {
	register(&command{name: "demo", group: "Getting started", noCoop: true, local: true,
		usage: "--data DIR [--name NAME]",
		summary: "Fill an empty data directory with a sample bakery co-op — 12 members, a weekly rota, proposals in every state,\n" +
			"bylaws with amendments and a ratified version — to explore Mutual: `mutual --data DIR` then opens it.\n" +
			"It refuses a directory that already holds a co-op, and your default data directory.",
		run: runDemo})
}

func runDemo(r *run, args []string) error {
	fs := newFlags("demo")
	name := fs.String("name", "Sam", "your name in the demo co-op")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual demo --data DIR [--name NAME]")
	}
	ws := r.ws
	if sameDir(ws.Dir(), workspace.DefaultDataDir()) {
		return usagef("the demo needs a data directory of its own, so it never mixes with your co-op: mutual demo --data DIR")
	}
	c, err := ws.SeedDemo(*name)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"coop": c.ID(), "name": c.Name(), "data": ws.Dir()}, func(w io.Writer) {
		fmt.Fprintf(w, "Seeded %s (co-op %s) in %s.\nOpen it with: mutual --data %s\n", c.Name(), c.ID(), ws.Dir(), ws.Dir())
	})
}

func sameDir(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && filepath.Clean(aa) == filepath.Clean(bb)
}
