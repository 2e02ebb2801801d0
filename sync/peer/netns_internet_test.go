package peer

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
)

// The simulated internet: a "public" namespace holding the test's own DHT
// bootstrap node and circuit relay (never the real public network), and
// homes, each behind a NAT router namespace of its own (iptables
// MASQUERADE), one of them behind a NAT that picks a random port for every
// connection (--random-fully), which defeats hole punching. The public
// addresses are from 60.60.0.0/24, which libp2p counts as public (it skips
// documentation and benchmark ranges); they exist only inside these
// namespaces, which have no route out.
const (
	inetPublicNet = "60.60.0"
	inetInfraAddr = inetPublicNet + ".1"
	inetHomes     = 3 // home 2 is behind the hostile NAT
	// inetExtraDHT more DHT servers, at .2, .3, …: a device trusts the
	// public address its NAT gives it only once four peers have seen it, as
	// on the real network, and only then tries hole punching.
	inetExtraDHT = 3
)

type simInternet struct {
	prefix string
	pub    string
	routers,
	homes []string
}

func newSimInternet(t testing.TB) *simInternet {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipped: the simulated internet needs root to create network namespaces (run `sudo go test -run TestSimulatedInternet ./sync/peer/`)")
	}
	for _, tool := range []string{"ip", "iptables"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("skipped: the simulated internet needs %s (apt-get install iproute2 iptables)", tool)
		}
	}
	s := &simInternet{prefix: fmt.Sprintf("msi%d%03d", os.Getpid()%10000, rand.IntN(1000))}
	s.pub = s.prefix + "p"
	if out, err := exec.Command("ip", "netns", "add", s.pub).CombinedOutput(); err != nil {
		t.Skipf("skipped: cannot create network namespaces here (%v: %s)", err, out)
	}
	t.Cleanup(func() { s.remove(t) })
	s.ip(t, "-n", s.pub, "link", "add", "br0", "type", "bridge")
	s.ip(t, "-n", s.pub, "addr", "add", inetInfraAddr+"/24", "dev", "br0")
	for i := range inetExtraDHT {
		s.ip(t, "-n", s.pub, "addr", "add", fmt.Sprintf("%s.%d/24", inetPublicNet, 2+i), "dev", "br0")
	}
	s.ip(t, "-n", s.pub, "link", "set", "br0", "up")
	s.ip(t, "-n", s.pub, "link", "set", "lo", "up")
	for i := range inetHomes {
		r, h := fmt.Sprintf("%sr%d", s.prefix, i), fmt.Sprintf("%sh%d", s.prefix, i)
		s.routers, s.homes = append(s.routers, r), append(s.homes, h)
		for _, ns := range []string{r, h} {
			s.ip(t, "netns", "add", ns)
			s.ip(t, "-n", ns, "link", "set", "lo", "up")
		}
		// The router's WAN side on the public bridge.
		s.ip(t, "-n", s.pub, "link", "add", fmt.Sprintf("vr%d", i), "type", "veth", "peer", "name", "wan", "netns", r)
		s.ip(t, "-n", s.pub, "link", "set", fmt.Sprintf("vr%d", i), "master", "br0", "up")
		s.ip(t, "-n", r, "addr", "add", fmt.Sprintf("%s.%d/24", inetPublicNet, 11+i), "dev", "wan")
		s.ip(t, "-n", r, "link", "set", "wan", "up")
		// The home behind it.
		s.ip(t, "-n", r, "link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", h)
		s.ip(t, "-n", r, "addr", "add", fmt.Sprintf("192.168.%d.1/24", i+1), "dev", "lan")
		s.ip(t, "-n", r, "link", "set", "lan", "up")
		s.ip(t, "-n", h, "addr", "add", fmt.Sprintf("192.168.%d.2/24", i+1), "dev", "eth0")
		s.ip(t, "-n", h, "link", "set", "eth0", "up")
		s.ip(t, "-n", h, "route", "add", "default", "via", fmt.Sprintf("192.168.%d.1", i+1))
		s.exec(t, r, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
		masq := []string{"iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE"}
		if i == inetHomes-1 {
			masq = append(masq, "--random-fully")
		}
		s.exec(t, r, masq...)
	}
	return s
}

func (s *simInternet) ip(t testing.TB, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func (s *simInternet) exec(t testing.TB, ns string, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", append([]string{"netns", "exec", ns}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("in %s: %s: %v: %s", ns, strings.Join(args, " "), err, out)
	}
}

func (s *simInternet) remove(t testing.TB) {
	for _, ns := range append(append(append([]string{}, s.homes...), s.routers...), s.pub) {
		if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
			t.Logf("cleanup: ip netns del %s: %v: %s", ns, err, out)
		}
	}
}

// TestSimulatedInternet: three members at home behind NATs, configured only
// with the test's bootstrap node, find each other with no address given and
// sync; a vote (an edit) made in one home reaches every home within 30 s,
// also the one behind the hostile NAT (through the relay); a fourth member
// whose internet discovery is off never dials the bootstrap node.
func TestSimulatedInternet(t *testing.T) {
	s := newSimInternet(t)
	dir := netnsFixture(t, "Home workers co-op", inetHomes+1, "")
	infra := startNetnsNode(t, s.pub, inetInfraAddr, dir, 0, netnsRoleEnv+"=infra")
	bootstrap := "/ip4/" + inetInfraAddr + "/tcp/4001/p2p/" + infra.peerID
	homes := make([]*netnsNode, inetHomes)
	for i := range homes {
		homes[i] = startNetnsNode(t, s.homes[i], fmt.Sprintf("192.168.%d.2", i+1), dir, i, netnsBootstrapEnv+"="+bootstrap)
	}
	// The fourth member shares home 0's router but has internet discovery off.
	off := startNetnsNode(t, s.homes[0], "192.168.1.2", dir, inetHomes, netnsBootstrapEnv+"="+bootstrap, netnsInternetEnv+"=off")

	deadline := time.Now().Add(60 * time.Second)
	for i, h := range homes {
		h.await(t, deadline, fmt.Sprintf("home %d to connect to both other homes", i), func(st netnsState) bool { return st.Connected >= inetHomes-1 })
	}
	homes[1].do(t, "edit [vote from home 1]")
	voteBy := time.Now().Add(30 * time.Second)
	for i, h := range homes {
		h.await(t, voteBy, fmt.Sprintf("home %d to receive the vote within 30 s", i), func(st netnsState) bool {
			return strings.Contains(st.Body, "[vote from home 1]")
		})
	}
	for i, h := range homes {
		st := h.state(t)
		t.Logf("home %d: %d members connected, %d of them directly (hole punched); routes %v", i, st.Connected, st.Direct, st.Routes)
		for _, r := range st.Routes {
			if r != RoutePublicRelay && r != RouteDirect {
				t.Errorf("home %d reaches a member %q: between homes it is a public relay or a direct link", i, r)
			}
		}
	}
	for _, p := range infra.state(t).Peers {
		if p == off.peerID {
			t.Fatal("a member with internet discovery off connected to the bootstrap node")
		}
	}
}

// netnsInfraChild is the public namespace's infrastructure: a DHT server
// (the bootstrap node) that is also a circuit relay with the public
// network's default limits. It answers "state" with the peers connected to
// it.
func netnsInfraChild(in io.Reader, out io.Writer) error {
	addr := os.Getenv(netnsAddrEnv)
	h, err := libp2p.New(
		libp2p.ListenAddrStrings("/ip4/"+addr+"/tcp/4001", "/ip4/"+addr+"/udp/4001/quic-v1"),
		libp2p.DisableMetrics(), libp2p.EnableNATService(), libp2p.ForceReachabilityPublic())
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := relay.New(h); err != nil {
		return err
	}
	d, err := dht.New(h, dht.Mode(dht.ModeServer))
	if err != nil {
		return err
	}
	defer d.Close()
	for i := range inetExtraDHT {
		eh, err := libp2p.New(libp2p.ListenAddrStrings(fmt.Sprintf("/ip4/%s.%d/tcp/4001", inetPublicNet, 2+i), fmt.Sprintf("/ip4/%s.%d/udp/4001/quic-v1", inetPublicNet, 2+i)),
			libp2p.DisableMetrics(), libp2p.ForceReachabilityPublic())
		if err != nil {
			return err
		}
		defer eh.Close()
		ed, err := dht.New(eh, dht.Mode(dht.ModeServer), dht.BootstrapPeers(peer.AddrInfo{ID: h.ID(), Addrs: h.Addrs()}))
		if err != nil {
			return err
		}
		defer ed.Close()
		if err := eh.Connect(context.Background(), peer.AddrInfo{ID: h.ID(), Addrs: h.Addrs()}); err != nil {
			return err
		}
		<-ed.RefreshRoutingTable()
	}
	fmt.Fprintln(out, "ready", h.ID())
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		switch sc.Text() {
		case "state":
			var st netnsState
			for _, p := range h.Network().Peers() {
				st.Peers = append(st.Peers, p.String())
			}
			raw, _ := json.Marshal(st)
			fmt.Fprintln(out, "state", base64.StdEncoding.EncodeToString(raw))
		case "quit":
			return nil
		}
	}
	return sc.Err()
}

// BenchmarkSimulatedInternet: the time from two members' devices starting
// to the first document arriving, knowing only the bootstrap node — both at
// home behind NAT (through the rendezvous and the public relay), and, as the
// baseline measured in the same run, both on the public network itself.
func BenchmarkSimulatedInternet(b *testing.B) {
	var natTotal, pubTotal, nodeTotal time.Duration
	for range b.N {
		natTotal += firstSync(b, viaDiscovery)
		pubTotal += firstSync(b, onPublicNetwork)
		nodeTotal += firstSync(b, viaCoopNode)
	}
	n := float64(b.N)
	b.ReportMetric(natTotal.Seconds()/n, "s-first-sync-behind-NAT")
	b.ReportMetric(nodeTotal.Seconds()/n, "s-first-sync-via-coop-node")
	b.ReportMetric(pubTotal.Seconds()/n, "s-first-sync-public")
	b.ReportMetric(natTotal.Seconds()/pubTotal.Seconds(), "NAT/public")
}

// How the two members of firstSync reach each other.
type simRoute int

const (
	viaDiscovery    simRoute = iota // at home behind NAT, knowing the bootstrap node only
	onPublicNetwork                 // both on the public network, the same
	viaCoopNode                     // at home, internet discovery off, the co-op's node registered
)

// firstSync starts two members' devices, makes an edit on the first at
// once, and measures from the start until the edit is on the second.
func firstSync(b *testing.B, route simRoute) time.Duration {
	b.Helper()
	s := newSimInternet(b)
	dir := netnsFixture(b, "Bench co-op", 3, "first sync")
	infra := startNetnsNode(b, s.pub, inetInfraAddr, dir, 0, netnsRoleEnv+"=infra")
	bootstrap := netnsBootstrapEnv + "=/ip4/" + inetInfraAddr + "/tcp/4001/p2p/" + infra.peerID
	var env []string
	if route == viaCoopNode {
		// Member 2 is the co-op's always-on node, on the public network.
		coopNode := startNetnsNode(b, s.pub, "", dir, 2, bootstrap, netnsPortEnv+"=4010", netnsServeRelayEnv+"=1", netnsInternetEnv+"=off")
		env = []string{netnsInternetEnv + "=off", netnsRelayEnv + "=/ip4/" + inetInfraAddr + "/tcp/4010/p2p/" + coopNode.peerID}
	}
	began := time.Now()
	var nodes []*netnsNode
	for i := range 2 {
		ns, port := s.homes[i], "4001"
		if route == onPublicNetwork {
			ns, port = s.pub, strconv.Itoa(4002+i)
		}
		nodes = append(nodes, startNetnsNode(b, ns, "", dir, i, append([]string{bootstrap, netnsPortEnv + "=" + port}, env...)...))
	}
	nodes[0].do(b, "edit [first]")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if st := nodes[1].state(b); strings.Contains(st.Body, "[first]") {
			return time.Since(began)
		}
		if time.Now().After(deadline) {
			b.Fatalf("no first sync within 60 s (route %d)", route)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
