package peer

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// Environment of a node re-executed inside a namespace.
const (
	netnsChildEnv = "MUTUAL_NETNS_CHILD" // set: run as a node, not as tests
	netnsDirEnv   = "MUTUAL_NETNS_DIR"   // directory with roster, document and seeds
	netnsIndexEnv = "MUTUAL_NETNS_INDEX" // which member this node is
	netnsAddrEnv  = "MUTUAL_NETNS_ADDR"  // the namespace's IPv4 address
	netnsRoleEnv  = "MUTUAL_NETNS_ROLE"  // "" (a member) or "infra" (netns_internet_test.go)
	// In the simulated internet: the test's own bootstrap node, and "off"
	// for a member whose internet discovery is off.
	netnsBootstrapEnv = "MUTUAL_NETNS_BOOTSTRAP"
	netnsInternetEnv  = "MUTUAL_NETNS_INTERNET"
	netnsPortEnv      = "MUTUAL_NETNS_PORT" // the port a simulated-internet node listens on (4001)
	// The co-op's always-on node in the simulated internet: set on the node
	// itself, and its address on the members who use it.
	netnsServeRelayEnv = "MUTUAL_NETNS_SERVE_RELAY"
	netnsRelayEnv      = "MUTUAL_NETNS_RELAY"
)

const netnsNodes = 3

// TestLANDiscoveryInNamespaces runs three nodes in their own network
// namespaces, joined by a bridge in a fourth. No node is given any address:
// they find each other with mDNS and sync. Then the bridge goes down, two
// members edit apart, the bridge comes back and everyone converges.
//
// It needs root and iproute2 and skips otherwise. Everything it creates is
// removed in Cleanup; mDNS runs only inside the test's namespaces.
func TestLANDiscoveryInNamespaces(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("skipped: creating network namespaces needs root (run `sudo go test -run TestLANDiscoveryInNamespaces ./sync/peer/`)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("skipped: the `ip` command (iproute2) is not installed")
	}
	deadline := time.Now().Add(60 * time.Second)
	lan := newTestLAN(t, netnsNodes)

	dir := netnsFixture(t, "Meeting room co-op", netnsNodes, "")

	nodes := make([]*netnsNode, netnsNodes)
	for i := range nodes {
		nodes[i] = startNetnsNode(t, lan.nodes[i], lan.addr(i), dir, i)
	}
	for i, n := range nodes {
		n.await(t, deadline, fmt.Sprintf("node %d to connect to both others via mDNS", i), func(s netnsState) bool { return s.Connected == netnsNodes-1 })
	}
	nodes[0].do(t, "edit [hello from 0]")
	for i, n := range nodes {
		n.await(t, deadline, fmt.Sprintf("node %d to receive node 0's edit", i), func(s netnsState) bool { return strings.Contains(s.Body, "[hello from 0]") })
	}

	// Partition: nobody can reach anybody while the bridge is down.
	lan.run(t, "-n", lan.hub, "link", "set", "br0", "down")
	nodes[0].do(t, "edit [apart 0]")
	nodes[1].do(t, "edit [apart 1]")
	// While apart, the edits stay where they were made (checked after a
	// while: long enough for a working network to have delivered them).
	time.Sleep(1500 * time.Millisecond)
	if s := nodes[1].state(t); strings.Contains(s.Body, "[apart 0]") {
		t.Fatal("an edit crossed the partition: the bridge is not cutting traffic")
	}
	lan.run(t, "-n", lan.hub, "link", "set", "br0", "up")
	want := []string{"[hello from 0]", "[apart 0]", "[apart 1]"}
	for i, n := range nodes {
		n.await(t, deadline, fmt.Sprintf("node %d to converge after the partition", i), func(s netnsState) bool {
			for _, w := range want {
				if !strings.Contains(s.Body, w) {
					return false
				}
			}
			return true
		})
	}
	first := nodes[0].state(t)
	for i, n := range nodes[1:] {
		if s := n.state(t); s.Summary != first.Summary || s.Body != first.Body {
			t.Fatalf("node %d differs from node 0 after converging:\n%+v\n%+v", i+1, s, first)
		}
	}
}

// testLAN is a bridge in a hub namespace with one namespace per node,
// each attached by a veth pair, addresses 10.77.0.1, 10.77.0.2, …
type testLAN struct {
	hub   string
	nodes []string
}

func newTestLAN(t testing.TB, n int) *testLAN {
	prefix := fmt.Sprintf("mtl%d%03d", os.Getpid()%100000, rand.IntN(1000))
	lan := &testLAN{hub: prefix + "h"}
	if out, err := exec.Command("ip", "netns", "add", lan.hub).CombinedOutput(); err != nil {
		t.Skipf("skipped: cannot create network namespaces here (%v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { lan.remove(t) })
	lan.run(t, "-n", lan.hub, "link", "add", "br0", "type", "bridge")
	lan.run(t, "-n", lan.hub, "link", "set", "br0", "up")
	for i := range n {
		ns := fmt.Sprintf("%s%d", prefix, i)
		lan.run(t, "netns", "add", ns)
		lan.nodes = append(lan.nodes, ns)
		veth := fmt.Sprintf("vh%d", i)
		lan.run(t, "-n", lan.hub, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns)
		lan.run(t, "-n", lan.hub, "link", "set", veth, "master", "br0", "up")
		lan.run(t, "-n", ns, "addr", "add", lan.addr(i)+"/24", "dev", "eth0")
		lan.run(t, "-n", ns, "link", "set", "eth0", "up")
		lan.run(t, "-n", ns, "link", "set", "lo", "up")
		// mDNS multicast leaves through the LAN interface.
		lan.run(t, "-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0")
	}
	return lan
}

func (l *testLAN) addr(i int) string { return fmt.Sprintf("10.77.0.%d", i+1) }

func (l *testLAN) run(t testing.TB, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// remove deletes the namespaces (and with them the veths and the bridge).
func (l *testLAN) remove(t testing.TB) {
	for _, ns := range append(l.nodes, l.hub) {
		if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
			t.Logf("cleanup: ip netns del %s: %v: %s", ns, err, out)
		}
	}
}

// netnsFixture writes what the namespace nodes start from — a co-op of n
// members' roster, one shared agreement with body, and each member's key —
// into a new directory.
func netnsFixture(t testing.TB, coop string, n int, body string) string {
	t.Helper()
	dir := t.TempDir()
	ms := newCoopMembers(t, coop, n)
	shared := addAgreement(t, ms[0], "Minutes", body)
	writeFile(t, filepath.Join(dir, "roster"), mustDoc(t, ms[0].rep, ms[0].rep.Coop()).Save())
	writeFile(t, filepath.Join(dir, "doc"), mustDoc(t, ms[0].rep, shared).Save())
	for i, m := range ms {
		writeFile(t, filepath.Join(dir, "seed"+strconv.Itoa(i)), m.id.Seed())
	}
	return dir
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// netnsNode is a child process running one node in a namespace, driven by
// line commands on stdin ("edit TEXT", "state", "quit").
type netnsNode struct {
	idx    int
	peerID string
	stdin  io.WriteCloser
	lines  chan string
	stderr *lockedBuffer
}

// netnsState is what a child reports for "state".
type netnsState struct {
	Summary   string
	Body      string
	Connected int
	Direct    int      // members connected other than through a relay
	Peers     []string // infra: every peer ID connected to it
	Addrs     []string // the node's own addresses, as it announces them
	Routes    []Route  // how each connected member is reached
}

func startNetnsNode(t testing.TB, ns, addr, dir string, i int, env ...string) *netnsNode {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "ip", "netns", "exec", ns, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), netnsChildEnv+"=1", netnsDirEnv+"="+dir, netnsIndexEnv+"="+strconv.Itoa(i), netnsAddrEnv+"="+addr)
	cmd.Env = append(cmd.Env, env...)
	n := &netnsNode{idx: i, lines: make(chan string, 64), stderr: &lockedBuffer{}}
	cmd.Stderr = n.stderr
	if n.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(n.lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			n.lines <- sc.Text()
		}
	}()
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_, _ = io.WriteString(n.stdin, "quit\n")
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cancel() // kills the child
			<-done
		}
		cancel()
		if t.Failed() || os.Getenv("MUTUAL_NETNS_LOGS") != "" { // set it to read every node's log
			t.Logf("node %d log:\n%s", i, n.stderr.String())
		}
	})
	line := n.read(t, 20*time.Second)
	if !strings.HasPrefix(line, "ready") {
		t.Fatalf("node %d did not start: %q\n%s", i, line, n.stderr.String())
	}
	n.peerID = strings.TrimSpace(strings.TrimPrefix(line, "ready"))
	return n
}

func (n *netnsNode) read(t testing.TB, timeout time.Duration) string {
	t.Helper()
	select {
	case line, ok := <-n.lines:
		if !ok {
			t.Fatalf("node %d exited:\n%s", n.idx, n.stderr.String())
		}
		return line
	case <-time.After(timeout):
		t.Fatalf("node %d did not answer within %v:\n%s", n.idx, timeout, n.stderr.String())
	}
	return ""
}

// do sends a command and expects "ok".
func (n *netnsNode) do(t testing.TB, cmd string) {
	t.Helper()
	if _, err := io.WriteString(n.stdin, cmd+"\n"); err != nil {
		t.Fatal(err)
	}
	if line := n.read(t, 10*time.Second); line != "ok" {
		t.Fatalf("node %d: %s: %s", n.idx, cmd, line)
	}
}

func (n *netnsNode) state(t testing.TB) netnsState {
	t.Helper()
	if _, err := io.WriteString(n.stdin, "state\n"); err != nil {
		t.Fatal(err)
	}
	line := n.read(t, 10*time.Second)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "state "))
	var s netnsState
	if err == nil {
		err = json.Unmarshal(raw, &s)
	}
	if err != nil {
		t.Fatalf("node %d: bad state line %q: %v", n.idx, line, err)
	}
	return s
}

// await polls the node's state until cond holds or the deadline passes.
func (n *netnsNode) await(t testing.TB, deadline time.Time, what string, cond func(netnsState) bool) {
	t.Helper()
	for {
		s := n.state(t)
		if cond(s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last state %+v", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runNetnsChild is the node inside a namespace. It returns the exit code.
func runNetnsChild() int {
	child := netnsChild
	switch os.Getenv(netnsRoleEnv) {
	case "infra":
		child = netnsInfraChild
	}
	if err := child(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "netns child:", err)
		return 1
	}
	return 0
}

func netnsChild(in io.Reader, out io.Writer) error {
	dir, addr := os.Getenv(netnsDirEnv), os.Getenv(netnsAddrEnv)
	idx := os.Getenv(netnsIndexEnv)
	seed, err := os.ReadFile(filepath.Join(dir, "seed"+idx))
	if err != nil {
		return err
	}
	id, err := crdt.IdentityFromSeed(seed)
	if err != nil {
		return err
	}
	rosterBytes, err := os.ReadFile(filepath.Join(dir, "roster"))
	if err != nil {
		return err
	}
	docBytes, err := os.ReadFile(filepath.Join(dir, "doc"))
	if err != nil {
		return err
	}
	roster, err := crdt.LoadRoster(rosterBytes, id)
	if err != nil {
		return err
	}
	rep, err := protocol.NewMemReplica(roster)
	if err != nil {
		return err
	}
	doc, err := rep.AddSaved(docBytes)
	if err != nil {
		return err
	}
	log := slogToStderr()
	cfg := Config{
		Identity:          id,
		ListenAddrs:       []string{"/ip4/" + addr + "/tcp/0", "/ip4/" + addr + "/udp/0/quic-v1"},
		KV:                newMemKV(),
		IsNotFound:        func(err error) bool { return errors.Is(err, errKVNotFound) },
		MDNS:              true,
		ReconnectInterval: 200 * time.Millisecond,
		MaxBackoff:        time.Second,
		SyncReadTimeout:   5 * time.Second,
		Logger:            log,
	}
	if b := os.Getenv(netnsBootstrapEnv); b != "" { // the simulated internet
		cfg.MDNS = false
		cfg.Internet = os.Getenv(netnsInternetEnv) != "off"
		cfg.Bootstrap = []string{b}
		port := cmp.Or(os.Getenv(netnsPortEnv), "4001")
		cfg.ListenAddrs = []string{"/ip4/0.0.0.0/tcp/" + port, "/ip4/0.0.0.0/udp/" + port + "/quic-v1"}
		cfg.ServeRelay = os.Getenv(netnsServeRelayEnv) != ""
		if r := os.Getenv(netnsRelayEnv); r != "" {
			cfg.Relays = []string{r}
		}
	}
	cfg.dialAllowed = onlyTestNetworks
	n, err := New(cfg)
	if err != nil {
		return err
	}
	n.o.forcePrivate = os.Getenv(netnsBootstrapEnv) != ""
	defer n.Close()
	if err := n.AddCoop(rep); err != nil {
		return err
	}
	if err := n.Start(context.Background()); err != nil {
		return err
	}
	fmt.Fprintln(out, "ready", n.PeerID())
	m := &member{rep: rep}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		switch cmd {
		case "edit":
			if err := typeInto(m, doc.ID(), arg); err != nil {
				fmt.Fprintln(out, "err", err)
				continue
			}
			fmt.Fprintln(out, "ok")
		case "state":
			connected, direct := 0, 0
			var routes []Route
			for _, p := range n.Peers(rep.Coop()) {
				if !p.Connected {
					continue
				}
				connected++
				routes = append(routes, p.Route)
				pid, _ := PeerFromMember(p.Member)
				for _, c := range n.host.Network().ConnsToPeer(pid) {
					if !isRelayed(c) {
						direct++
						break
					}
				}
			}
			raw, _ := json.Marshal(netnsState{Summary: childState(rep), Body: body(m, doc.ID()), Connected: connected, Direct: direct, Addrs: addrStrings(n.host.Addrs()), Routes: routes})
			fmt.Fprintln(out, "state", base64.StdEncoding.EncodeToString(raw))
		case "quit":
			return nil
		default:
			fmt.Fprintln(out, "err unknown command", cmd)
		}
	}
	return sc.Err()
}

// onlyTestNetworks allows the addresses the namespace tests create (their
// LAN, homes and simulated public network) and loopback, nothing else.
func onlyTestNetworks(a ma.Multiaddr) bool {
	ip, err := manet.ToIP(firstIP(a))
	if err != nil {
		return false
	}
	for _, n := range []string{"127.0.0.0/8", "10.77.0.0/24", "192.168.0.0/16", inetPublicNet + ".0/24"} {
		if _, c, _ := net.ParseCIDR(n); c.Contains(ip) {
			return true
		}
	}
	return false
}

// childState is state() without a testing.TB.
func childState(r protocol.Replica) string {
	sum, err := r.Summary()
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, d := range sum {
		fmt.Fprintf(&b, "%s %s\n", d.ID, strings.Join(d.Heads, ","))
	}
	return b.String()
}
