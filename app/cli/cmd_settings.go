package cli

import (
	"fmt"
	"io"
)

func init() {
	register(&command{name: "settings", group: "Members",
		usage: "[--internet on|off]",
		summary: "Show the co-op's settings, or change them (admins only). --internet: whether members' devices find each other\n" +
			"over the internet between meetings, through the public libp2p network, which then sees that a device is online and\n" +
			"its addresses, never the co-op's name, documents or members' names (on by default).",
		run: runSettings})
}

func runSettings(r *run, args []string) error {
	fs := newFlags("settings")
	internet := fs.String("internet", "", "on or off")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual settings [--internet on|off]")
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	switch *internet {
	case "":
	case "on", "off":
		if err := c.SetInternetDiscovery(*internet == "on"); err != nil {
			return err
		}
	default:
		return usagef("--internet takes on or off, not %q", *internet)
	}
	s, err := c.Settings()
	if err != nil {
		return err
	}
	return r.out(s, func(w io.Writer) {
		state := "off: members' devices sync on the same network, or through the co-op's always-on node"
		if s.InternetDiscovery {
			state = "on: members' devices find each other over the internet between meetings"
		}
		fmt.Fprintf(w, "Internet discovery: %s.\n", state)
	})
}
