package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mutual-coop/mutual/app/daemon"
	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/sync/protocol"
)

func init() {
	register(
		&command{name: "serve", group: "Sync", local: true, noCoop: true,
			usage: "[--listen MULTIADDR]... [--relay] [--announce MULTIADDR]... [--no-mdns] [--no-internet] [--use-relay MULTIADDR]...",
			summary: "Run without a window: print one JSON line {peerId, addrs, member}, then sync continuously with every\n" +
				"member found on the LAN or known from earlier. --relay lets members use this always-on node as a relay;\n" +
				"--announce names its public address and prints the `mutual node add` command that registers it.\n" +
				"Commands from other `mutual` processes on this data directory are answered while it runs. Stop with Ctrl-C.",
			run: runServe},
		&command{name: "sync", group: "Sync", local: true, usage: "--peer MULTIADDR --once [--listen MULTIADDR]",
			summary: "Sync with one peer until in step, then exit and print a JSON summary:\n{docsSent, docsReceived, bytesSent, bytesReceived, roundTrips, durationMs}.",
			run:     runSyncOnce},
		&command{name: "peers", group: "Sync", usage: "[--json]",
			summary: "List the co-op's known peers: member, addresses, connected, last synced.",
			run:     runPeers},
		&command{name: "invite", group: "Sync", usage: "[--ttl 168h]",
			summary: "Print a single-use invite code (admins only; valid 7 days by default). The window also shows it as a QR code.\n" +
				"Needs this device online: run it while `mutual serve` or the window is running.",
			run: runInvite},
		&command{name: "join", group: "Sync", noCoop: true, usage: "CODE --name NAME",
			summary: "Join a co-op with an invite code: dial the inviter, prove the code, be added to the roster, sync everything.",
			run:     runJoin},
	)
}

func runServe(r *run, args []string) error {
	fs := newFlags("serve")
	var listen, relays []string
	fs.StringArrayVar(&listen, "listen", nil, "listen multiaddr (repeat)")
	fs.StringArrayVar(&relays, "use-relay", nil, "a member's always-on node to use as relay (repeat)")
	relay := fs.Bool("relay", false, "act as a relay for members")
	noMDNS := fs.Bool("no-mdns", false, "do not look for members on the local network")
	noInternet := fs.Bool("no-internet", false, "do not look for members over the internet (the public libp2p network)")
	var announce []string
	fs.StringArrayVar(&announce, "announce", nil, "public address of this always-on node (repeat): print the command that registers it")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual serve [--listen MULTIADDR]...")
	}
	if _, err := r.ws.Identity(); err != nil {
		return err
	}
	for _, a := range announce {
		if err := node.CheckNodeAddr(a); err != nil {
			return err
		}
	}
	cfg := daemon.Config{
		Node:    node.Options{Listen: listen, MDNS: !*noMDNS, Internet: !*noInternet, Relays: relays, ServeRelay: *relay},
		Control: controlHandler(r.ws, r.env),
	}
	return daemon.Run(r.env.Context, r.ws, cfg, func(ctx context.Context, s *daemon.Services) error {
		info := map[string]any{"peerId": s.Sync.PeerID(), "addrs": s.Sync.Addrs(), "member": r.ws.Me()}
		if len(announce) > 0 {
			register := "mutual node add " + s.Sync.PeerID() + " --addr " + strings.Join(announce, " --addr ")
			info["register"] = register
			fmt.Fprintf(r.stderr, "To make every member's device use this node, an admin runs:\n  %s\n", register)
		}
		line, _ := json.Marshal(info)
		fmt.Fprintln(r.stdout, string(line))
		flush(r.stdout)
		<-ctx.Done()
		return nil
	})
}

// flush pushes a line out when stdout is buffered by a caller (tests read
// serve's first line while it runs).
func flush(w io.Writer) {
	if f, ok := w.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
}

func runSyncOnce(r *run, args []string) error {
	fs := newFlags("sync")
	addr := fs.String("peer", "", "peer multiaddr ending in /p2p/<peer ID>")
	once := fs.Bool("once", false, "sync once and exit")
	var listen []string
	fs.StringArrayVar(&listen, "listen", nil, "listen multiaddr")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *addr == "" || !*once {
		return usagef("usage: mutual sync --peer MULTIADDR --once (continuous sync is `mutual serve`)")
	}
	if len(listen) == 0 {
		listen = []string{"/ip4/127.0.0.1/tcp/0"}
	}
	ctx, cancel := context.WithTimeout(r.env.Context, *timeout)
	defer cancel()
	var st protocol.Stats
	err = daemon.Run(ctx, r.ws, daemon.Config{Node: node.Options{Listen: listen}}, func(ctx context.Context, s *daemon.Services) error {
		st, err = s.Sync.SyncOnce(ctx, *addr)
		return err
	})
	if err != nil {
		return err
	}
	summary := map[string]any{"docsSent": st.DocsSent, "docsReceived": st.DocsReceived, "bytesSent": st.BytesSent,
		"bytesReceived": st.BytesReceived, "roundTrips": st.RoundTrips, "durationMs": st.Duration.Milliseconds()}
	b, _ := json.Marshal(summary)
	fmt.Fprintln(r.stdout, string(b))
	return nil
}

func runPeers(r *run, args []string) error {
	if err := r.need(&args, 0, "peers [--json]"); err != nil {
		return err
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	var peers []workspace.PeerStatus
	if s := r.ws.Sync(); s != nil {
		peers = s.Peers(c.ID())
	} else {
		peers, err = node.PeersOffline(r.ws, c.ID())
		if err != nil {
			return err
		}
	}
	if peers == nil {
		peers = []workspace.PeerStatus{}
	}
	return r.out(peers, func(w io.Writer) {
		if len(peers) == 0 {
			fmt.Fprintln(w, "No other members yet.")
			return
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "MEMBER\tCONNECTED\tROUTE\tLAST SYNCED\tADDRESSES")
		for _, p := range peers {
			route := p.Route
			if route == "" {
				route = "-"
			}
			fmt.Fprintf(tw, "%s\t%v\t%s\t%s\t%s\n", p.Name, p.Connected, route, fmtTime(p.LastSynced), strings.Join(p.Addrs, " "))
		}
		tw.Flush()
	})
}

func runInvite(r *run, args []string) error {
	fs := newFlags("invite")
	ttl := fs.Duration("ttl", node.DefaultInviteTTL, "how long the code stays valid")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual invite [--ttl 168h]")
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	s := r.ws.Sync()
	if s == nil {
		return fmt.Errorf("inviting needs this device online to answer the join: start `mutual serve` (or open the window) on %s first, then run `mutual invite` again", r.ws.Dir())
	}
	code, err := s.Invite(c.ID(), *ttl)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"code": code}, func(w io.Writer) { fmt.Fprintln(w, code) })
}

func runJoin(r *run, args []string) error {
	fs := newFlags("join")
	name := fs.String("name", "", "your display name")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after")
	var listen []string
	fs.StringArrayVar(&listen, "listen", nil, "listen multiaddr")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*name) == "" {
		return usagef("usage: mutual join CODE --name NAME")
	}
	if _, err := r.ws.EnsureIdentity(*name); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.env.Context, *timeout)
	defer cancel()
	var coop string
	if s := r.ws.Sync(); s != nil {
		// Forwarded to the window or `serve` holding this data directory:
		// join through its node.
		coop, err = s.Join(ctx, pos[0], *name)
	} else {
		if len(listen) == 0 {
			listen = []string{"/ip4/0.0.0.0/tcp/0"}
		}
		err = daemon.Run(ctx, r.ws, daemon.Config{Node: node.Options{Listen: listen}}, func(ctx context.Context, s *daemon.Services) error {
			coop, err = s.Sync.Join(ctx, pos[0], *name)
			return err
		})
	}
	if err != nil {
		return err
	}
	c, err := r.ws.Coop(coop)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"coop": coop, "name": c.Name()}, func(w io.Writer) {
		fmt.Fprintf(w, "Joined %s (co-op %s).\n", c.Name(), coop)
	})
}
