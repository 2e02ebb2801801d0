package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
)

func init() {
	register(
		&command{name: "init", group: "Getting started", noCoop: true,
			usage:   "--name NAME --coop COOPNAME [--encrypt]",
			summary: "Create this device's identity and found a co-op with you as its first admin.\n--encrypt encrypts the data directory with a passphrase (asked for, or --passphrase-file).",
			run:     runInit},
		&command{name: "whoami", group: "Getting started", noCoop: true,
			summary: "Show your member ID, name and data directory.",
			run:     runWhoami},
		&command{name: "coops", group: "Getting started", noCoop: true,
			summary: "List the co-ops in this data directory.",
			run:     runCoops},
	)
}

func runInit(r *run, args []string) error {
	fs := newFlags("init")
	name := fs.String("name", "", "your display name")
	fs.Bool("encrypt", false, "encrypt the data directory (used when opening)")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *name == "" || r.coopSel == "" {
		return usagef("usage: mutual init --name NAME --coop COOPNAME")
	}
	c, err := r.ws.CreateCoop(r.coopSel, *name)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"coop": c.ID(), "name": c.Name(), "member": string(r.ws.Me())}, func(w io.Writer) {
		fmt.Fprintf(w, "Founded %s (co-op %s). You are its first admin.\n", c.Name(), c.ID())
	})
}

func runWhoami(r *run, args []string) error {
	if err := r.need(&args, 0, "whoami [--json]"); err != nil {
		return err
	}
	id, err := r.ws.Identity()
	if err != nil {
		return err
	}
	info := map[string]string{"member": string(id.Member()), "name": r.ws.MyName(), "data": r.ws.Dir()}
	return r.out(info, func(w io.Writer) {
		fmt.Fprintf(w, "%s\nmember ID  %s\ndata       %s\n", info["name"], info["member"], info["data"])
	})
}

func runCoops(r *run, args []string) error {
	if err := r.need(&args, 0, "coops [--json]"); err != nil {
		return err
	}
	coops := r.ws.Coops()
	return r.out(coops, func(w io.Writer) {
		if len(coops) == 0 {
			fmt.Fprintln(w, "No co-ops yet: `mutual init` founds one, `mutual join CODE` joins one.")
			return
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, c := range coops {
			fmt.Fprintf(tw, "%s\t%s\n", c.ID, c.Name)
		}
		tw.Flush()
	})
}
