package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/workspace"
)

func init() {
	register(&command{name: "node", group: "Sync",
		usage: "list | add PEER-ID --addr MULTIADDR... | remove PEER-ID|MEMBER",
		summary: "The co-op's always-on nodes (`mutual serve --relay` on a home server or a rented machine): every member's\n" +
			"window and `serve` sync with them and reach each other through them, with nothing to set up. Only admins may\n" +
			"add or remove one; the node's device must be a member first (join it with an invite, as an observer).\n" +
			"`mutual serve --relay --announce MULTIADDR` prints the exact `node add` command.",
		run: runNode})
}

// nodeRow is one registered node as listed.
type nodeRow struct {
	Name   string   `json:"name"`
	Member string   `json:"member"`
	PeerID string   `json:"peerId"`
	Addrs  []string `json:"addrs"`
	By     string   `json:"registeredBy"`
}

func runNode(r *run, args []string) error {
	if len(args) == 0 {
		args = []string{"list"}
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list":
		if err := r.need(&args, 0, "node list"); err != nil {
			return err
		}
		return nodeList(r, c)
	case "add":
		fs := newFlags("node add")
		var addrs []string
		fs.StringArrayVar(&addrs, "addr", nil, "a public address of the node, without /p2p/ (repeat)")
		pos, err := r.parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) != 1 || len(addrs) == 0 {
			return usagef("usage: mutual node add PEER-ID --addr MULTIADDR [--addr MULTIADDR]...")
		}
		m, err := node.NodeMember(pos[0])
		if err != nil {
			return err
		}
		for _, a := range addrs {
			if err := node.CheckNodeAddr(a); err != nil {
				return err
			}
		}
		if err := c.RegisterNode(m, addrs); err != nil {
			return err
		}
		fmt.Fprintf(r.stdout, "Registered the always-on node of %s: every member's device will use it.\n", memberName(c, m))
		return nil
	case "remove":
		if err := r.need(&args, 1, "node remove PEER-ID|MEMBER"); err != nil {
			return err
		}
		m, err := node.NodeMember(args[0])
		if err != nil {
			if m, err = c.FindMember(args[0]); err != nil {
				return fmt.Errorf("%q is neither a node's peer ID nor a member: %w", args[0], err)
			}
		}
		if err := c.UnregisterNode(m); err != nil {
			return err
		}
		fmt.Fprintf(r.stdout, "Members' devices will stop using the always-on node of %s.\n", memberName(c, m))
		return nil
	}
	return usagef("unknown node command %q (list, add, remove)", sub)
}

func memberName(c *workspace.Coop, m workspace.MemberID) string {
	v, err := c.Members()
	if err != nil {
		return string(m)
	}
	return v.NameOf(m)
}

func nodeList(r *run, c *workspace.Coop) error {
	nodes, err := c.Nodes()
	if err != nil {
		return err
	}
	rows := []nodeRow{}
	for _, n := range nodes {
		pid, _ := node.PeerIDOf(n.Member)
		rows = append(rows, nodeRow{Name: memberName(c, n.Member), Member: string(n.Member), PeerID: pid, Addrs: n.Addrs, By: memberName(c, n.By)})
	}
	return r.out(rows, func(w io.Writer) {
		if len(rows) == 0 {
			fmt.Fprintln(w, "No always-on node is registered. Members sync when their devices meet (see `mutual help node`).")
			return
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NODE\tREGISTERED BY\tADDRESSES\tPEER ID")
		for _, n := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.Name, n.By, strings.Join(n.Addrs, " "), n.PeerID)
		}
		tw.Flush()
	})
}
