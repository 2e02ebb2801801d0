package peer

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// The meeting's roll call over a real LAN: each member's node runs in a
// network namespace (see netns_test.go) with the meeting, a proposal
// decided there and an agreement for the baseline. The chair opens the roll
// call; the members' nodes receive it by ordinary sync and confirm.
const netnsMeetingEnv = "MUTUAL_NETNS_MEETING" // set: the child runs meetingChild

// meetingFiles writes what every node starts with: the roster, a meeting
// chaired by member 0, a consent proposal by member 0 decided at it
// (majority, quorum q), an agreement, and each member's seed.
func meetingFiles(t testing.TB, n int, quorum float64) (dir string, ms []*member) {
	t.Helper()
	dir = t.TempDir()
	ms = newCoopMembers(t, "Meeting room co-op", n)
	v, err := ms[0].rep.Roster()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	m, err := crdt.NewMeeting(ms[0].rep.Coop(), crdt.MeetingSpec{Title: "March meeting", Start: now, MaxProxies: 2}, v, ms[0].id, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := crdt.NewProposal(ms[0].rep.Coop(), crdt.ProposalSpec{Title: "Buy a second oven", Process: crdt.ProcessConsent,
		PassRule: crdt.PassMajority, Quorum: quorum, ClosesAt: now.Add(24 * time.Hour)}, ms[0].id, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.DecideAtMeeting(v, m.ID()); err != nil {
		t.Fatal(err)
	}
	a, err := crdt.NewAgreement(ms[0].rep.Coop(), "Pings", "", ms[0].id, now)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "roster"), mustDoc(t, ms[0].rep, ms[0].rep.Coop()).Save())
	for name, d := range map[string]*crdt.Doc{"meeting": m.Doc, "proposal": p.Doc, "agreement": a.Doc} {
		writeFile(t, filepath.Join(dir, name), d.Save())
	}
	for i, mem := range ms {
		writeFile(t, filepath.Join(dir, "seed"+strconv.Itoa(i)), mem.id.Seed())
	}
	return dir, ms
}

// TestMeetingRollCallInNamespaces: four members' nodes on one LAN bridge
// and a fifth outside it. The roll call records exactly the four present;
// the proposal decided at the meeting counts that quorum (4 of 5 meets
// 0.8); once the fifth is on the LAN, all five converge on the same
// documents and the same result.
func TestMeetingRollCallInNamespaces(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("skipped: creating network namespaces needs root (run `sudo go test -run TestMeetingRollCallInNamespaces ./sync/peer/`)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("skipped: the `ip` command (iproute2) is not installed")
	}
	const n = 5
	deadline := time.Now().Add(90 * time.Second)
	lan := newTestLAN(t, n)
	// The fifth is off the LAN: its cable is not in the bridge.
	lan.run(t, "-n", lan.hub, "link", "set", "vh4", "nomaster")
	dir, ms := meetingFiles(t, n, 0.8)
	t.Setenv(netnsMeetingEnv, "1")
	nodes := make([]*netnsNode, n)
	for i := range nodes {
		nodes[i] = startNetnsNode(t, lan.nodes[i], lan.addr(i), dir, i)
	}
	for i, nd := range nodes[:4] {
		awaitMeeting(t, nd, deadline, fmt.Sprintf("node %d to find the three others on the LAN", i), func(s meetingNodeState) bool { return s.Connected == 3 })
	}

	nodes[0].do(t, "start")
	for i, nd := range nodes[1:4] {
		awaitMeeting(t, nd, deadline, fmt.Sprintf("node %d to receive the roll call", i+1), func(s meetingNodeState) bool { return s.Started })
		nd.do(t, "confirm") // the member's one click
	}
	nodes[0].do(t, "confirm")
	awaitMeeting(t, nodes[0], deadline, "the chair to see four present", func(s meetingNodeState) bool { return len(s.Present) == 4 })
	if s := meetingStateOf(t, nodes[4]); s.Started || s.Connected != 0 {
		t.Fatalf("the node off the LAN heard of the meeting: %+v", s)
	}
	want := map[crdt.MemberID]bool{}
	for _, m := range ms[:4] {
		want[m.ID()] = true
	}
	for _, p := range meetingStateOf(t, nodes[0]).Present {
		if !want[p] {
			t.Fatalf("%s recorded present: not one of the four in the room", p.Short())
		}
	}

	for _, nd := range nodes[:4] {
		nd.do(t, "vote agree")
	}
	awaitMeeting(t, nodes[0], deadline, "the chair to count four votes", func(s meetingNodeState) bool { return s.Counted == 4 })
	nodes[0].do(t, "closevote")
	nodes[0].do(t, "closemeeting")
	s0 := meetingStateOf(t, nodes[0])
	if s0.Result != crdt.ResultPassed || s0.Participated != 4 || s0.PresentVoters != 4 {
		t.Fatalf("the tally at the meeting: %+v", s0)
	}

	// The fifth joins the LAN afterwards: everyone converges.
	lan.run(t, "-n", lan.hub, "link", "set", "vh4", "master", "br0", "up")
	awaitMeeting(t, nodes[4], deadline, "node 4 to receive the meeting", func(s meetingNodeState) bool {
		return s.Summary == meetingStateOf(t, nodes[0]).Summary
	})
	for i, nd := range nodes {
		s := meetingStateOf(t, nd)
		if s.Summary != s0.Summary || s.Result != crdt.ResultPassed || len(s.Present) != 4 {
			t.Fatalf("node %d after converging: %+v, want %+v", i, s, s0)
		}
	}
}

// BenchmarkRollCall30Devices: thirty members' nodes on one LAN bridge;
// from the chair opening the roll call to every presence recorded on the
// chair's machine, each node confirming as soon as the roll call arrives.
// The baseline, measured in the same run on the same nodes, is the same
// round of messages with unsigned text: the chair writes "ping", every
// node answers with a line in an agreement. Run with -benchtime=1x (each
// iteration is a new meeting).
func BenchmarkRollCall30Devices(b *testing.B) {
	if os.Geteuid() != 0 {
		b.Skip("skipped: creating network namespaces needs root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		b.Skip("skipped: the `ip` command (iproute2) is not installed")
	}
	const n = 30
	deadline := time.Now().Add(5 * time.Minute)
	lan := newTestLAN(b, n)
	dir, _ := meetingFiles(b, n, 0.5)
	b.Setenv(netnsMeetingEnv, "1")
	b.Setenv(netnsAutoEnv, "1")
	nodes := make([]*netnsNode, n)
	for i := range nodes {
		nodes[i] = startNetnsNode(b, lan.nodes[i], lan.addr(i), dir, i)
	}
	for i, nd := range nodes {
		awaitMeeting(b, nd, deadline, fmt.Sprintf("node %d to connect", i), func(s meetingNodeState) bool { return s.Connected >= 3 })
	}
	var rollcall, baseline time.Duration
	for i := 0; b.Loop(); i++ {
		baseline += time.Duration(askMillis(b, nodes[0], fmt.Sprintf("ping %d %d", i, n-1))) * time.Millisecond
		rollcall += time.Duration(askMillis(b, nodes[0], fmt.Sprintf("rollcall %d", n))) * time.Millisecond
	}
	b.ReportMetric(rollcall.Seconds()/float64(b.N), "s/rollcall")
	b.ReportMetric(baseline.Seconds()/float64(b.N), "s/ping-baseline")
}

// netnsAutoEnv makes a child answer by itself: confirm every roll call and
// every ping as soon as it arrives.
const netnsAutoEnv = "MUTUAL_NETNS_AUTO"

// meetingNodeState is what a meeting child reports for "state".
type meetingNodeState struct {
	Summary       string
	Connected     int
	Started       bool
	Present       []crdt.MemberID
	PresentVoters int
	Counted       int
	Participated  int
	Result        string
}

func meetingStateOf(t testing.TB, n *netnsNode) meetingNodeState {
	t.Helper()
	if _, err := io.WriteString(n.stdin, "state\n"); err != nil {
		t.Fatal(err)
	}
	line := n.read(t, 10*time.Second)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "state "))
	var s meetingNodeState
	if err == nil {
		err = json.Unmarshal(raw, &s)
	}
	if err != nil {
		t.Fatalf("node %d: bad state line %q: %v", n.idx, line, err)
	}
	return s
}

func awaitMeeting(t testing.TB, n *netnsNode, deadline time.Time, what string, cond func(meetingNodeState) bool) {
	t.Helper()
	for {
		s := meetingStateOf(t, n)
		if cond(s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last state %+v", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// askMillis sends a command answered by "ok MILLIS".
func askMillis(t testing.TB, n *netnsNode, cmd string) int64 {
	t.Helper()
	if _, err := io.WriteString(n.stdin, cmd+"\n"); err != nil {
		t.Fatal(err)
	}
	line := n.read(t, 2*time.Minute)
	ms, err := strconv.ParseInt(strings.TrimPrefix(line, "ok "), 10, 64)
	if err != nil {
		t.Fatalf("node %d: %s: %s", n.idx, cmd, line)
	}
	return ms
}

// runMeetingChild is a member's node inside a namespace, holding the
// meeting. It returns the exit code.
func runMeetingChild() int {
	if err := meetingChild(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "meeting child:", err)
		return 1
	}
	return 0
}

// meetingNodeCtx is one child's documents.
type meetingNodeCtx struct {
	rep                       *protocol.MemReplica
	me                        crdt.MemberID
	meeting, proposal, agreem string
	mu                        sync.Mutex // serialises this node's own edits
}

func (c *meetingNodeCtx) roster() *crdt.RosterView {
	v, _ := c.rep.Roster()
	return v
}

func (c *meetingNodeCtx) editMeeting(id string, fn func(m *crdt.Meeting, v *crdt.RosterView) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.roster()
	return c.rep.Edit(id, func(d *crdt.Doc) error {
		m, err := crdt.AsMeeting(d)
		if err != nil {
			return err
		}
		return fn(m, v)
	})
}

func (c *meetingNodeCtx) editProposal(fn func(p *crdt.Proposal, v *crdt.RosterView) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.roster()
	return c.rep.Edit(c.proposal, func(d *crdt.Doc) error {
		p, err := crdt.AsProposal(d)
		if err != nil {
			return err
		}
		return fn(p, v)
	})
}

// meetings lists the meetings held, the fixture's first.
func (c *meetingNodeCtx) meetings() []*crdt.Meeting {
	var out []*crdt.Meeting
	for _, id := range c.rep.IDs() {
		if d, err := c.rep.Doc(id); err == nil {
			if m, err := crdt.AsMeeting(d); err == nil {
				out = append(out, m)
			}
		}
	}
	return out
}

func meetingChild(in io.Reader, out io.Writer) error {
	dir, addr, idx := os.Getenv(netnsDirEnv), os.Getenv(netnsAddrEnv), os.Getenv(netnsIndexEnv)
	read := func(name string) []byte {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return b
	}
	id, err := crdt.IdentityFromSeed(read("seed" + idx))
	if err != nil {
		return err
	}
	roster, err := crdt.LoadRoster(read("roster"), id)
	if err != nil {
		return err
	}
	rep, err := protocol.NewMemReplica(roster)
	if err != nil {
		return err
	}
	c := &meetingNodeCtx{rep: rep, me: id.Member()}
	for name, dst := range map[string]*string{"meeting": &c.meeting, "proposal": &c.proposal, "agreement": &c.agreem} {
		d, err := rep.AddSaved(read(name))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		*dst = d.ID()
	}
	nd, err := New(Config{
		Identity:    id,
		ListenAddrs: []string{"/ip4/" + addr + "/tcp/0"},
		KV:          newMemKV(), IsNotFound: func(err error) bool { return errors.Is(err, errKVNotFound) },
		MDNS: true, ReconnectInterval: 200 * time.Millisecond, MaxBackoff: time.Second, SyncReadTimeout: 5 * time.Second,
		Logger: slogToStderr(),
	})
	if err != nil {
		return err
	}
	defer nd.Close()
	if err := nd.AddCoop(rep); err != nil {
		return err
	}
	if err := nd.Start(context.Background()); err != nil {
		return err
	}
	if os.Getenv(netnsAutoEnv) != "" && idx != "0" {
		stop := c.answerAutomatically(idx)
		defer stop()
	}
	fmt.Fprintln(out, "ready", nd.PeerID())
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		if cmd == "quit" {
			return nil
		}
		if cmd == "state" {
			raw, _ := json.Marshal(c.state(nd))
			fmt.Fprintln(out, "state", base64.StdEncoding.EncodeToString(raw))
			continue
		}
		reply, err := c.command(cmd, arg)
		if err != nil {
			fmt.Fprintln(out, "err", err)
			continue
		}
		fmt.Fprintln(out, reply)
	}
	return sc.Err()
}

// command runs one line command and returns the reply.
func (c *meetingNodeCtx) command(cmd, arg string) (string, error) {
	switch cmd {
	case "start":
		return "ok", c.editMeeting(c.meeting, func(m *crdt.Meeting, v *crdt.RosterView) error { return m.Start(v) })
	case "confirm":
		return "ok", c.editMeeting(c.meeting, func(m *crdt.Meeting, v *crdt.RosterView) error { return m.ConfirmPresence(v) })
	case "vote":
		return "ok", c.editProposal(func(p *crdt.Proposal, _ *crdt.RosterView) error {
			return p.Vote([]crdt.Choice{{Option: arg, Value: 1}}, "")
		})
	case "closevote":
		return "ok", c.editProposal(func(p *crdt.Proposal, v *crdt.RosterView) error { return p.Close(v) })
	case "closemeeting":
		return "ok", c.editMeeting(c.meeting, func(m *crdt.Meeting, v *crdt.RosterView) error { return m.Close(v) })
	case "rollcall": // a new meeting, opened now; wait for N presences
		return c.timedRollCall(arg)
	case "ping": // ping K N: write "ping K", wait for N answers
		return c.timedPing(arg)
	}
	return "", fmt.Errorf("unknown command %q", cmd)
}

// timedRollCall creates and opens a new meeting and waits until want
// members are present on this node; it answers the milliseconds taken from
// the opening.
func (c *meetingNodeCtx) timedRollCall(arg string) (string, error) {
	want, err := strconv.Atoi(arg)
	if err != nil {
		return "", err
	}
	v := c.roster()
	m, err := crdt.NewMeeting(c.rep.Coop(), crdt.MeetingSpec{Title: "Roll call", Start: time.Now()}, v, c.rep.Identity(), time.Now())
	if err != nil {
		return "", err
	}
	if err := m.Start(v); err != nil {
		return "", err
	}
	if err := m.ConfirmPresence(v); err != nil { // the chair is here too
		return "", err
	}
	began := time.Now()
	if err := c.rep.Add(m.Doc); err != nil {
		return "", err
	}
	changes, cancel := c.rep.Subscribe()
	defer cancel()
	for time.Since(began) < 2*time.Minute {
		if mv, err := m.View(c.roster()); err == nil && len(mv.Present) >= want {
			return fmt.Sprintf("ok %d", time.Since(began).Milliseconds()), nil
		}
		select {
		case <-changes:
		case <-time.After(50 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("the roll call did not complete in 2 minutes")
}

// timedPing writes "ping K" into the agreement and waits for want lines
// "pong K" from the others.
func (c *meetingNodeCtx) timedPing(arg string) (string, error) {
	k, n, _ := strings.Cut(arg, " ")
	want, err := strconv.Atoi(n)
	if err != nil {
		return "", err
	}
	changes, cancel := c.rep.Subscribe()
	defer cancel()
	began := time.Now()
	if err := c.appendLine("ping " + k); err != nil {
		return "", err
	}
	for time.Since(began) < 2*time.Minute {
		if strings.Count(c.agreementText(), "pong "+k+" ") >= want {
			return fmt.Sprintf("ok %d", time.Since(began).Milliseconds()), nil
		}
		select {
		case <-changes:
		case <-time.After(50 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("the pings were not all answered in 2 minutes")
}

func (c *meetingNodeCtx) appendLine(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rep.Edit(c.agreem, func(d *crdt.Doc) error {
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return err
		}
		return a.SpliceBody(0, 0, s+"\n")
	})
}

func (c *meetingNodeCtx) agreementText() string {
	d, err := c.rep.Doc(c.agreem)
	if err != nil {
		return ""
	}
	a, err := crdt.AsAgreement(d)
	if err != nil {
		return ""
	}
	s, _ := a.Body()
	return s
}

// answerAutomatically confirms every open roll call and answers every
// ping as soon as they arrive, until stopped.
func (c *meetingNodeCtx) answerAutomatically(idx string) func() {
	changes, cancel := c.rep.Subscribe()
	done := make(chan struct{})
	answered := map[string]bool{}
	go func() {
		for {
			select {
			case <-done:
				return
			case <-changes:
			case <-time.After(200 * time.Millisecond):
			}
			for _, m := range c.meetings() {
				mv, err := m.View(c.roster())
				if err == nil && mv.Phase == crdt.MeetingStarted && !mv.IsPresent(c.me) {
					_ = c.editMeeting(m.ID(), func(m *crdt.Meeting, v *crdt.RosterView) error { return m.ConfirmPresence(v) })
				}
			}
			for _, line := range strings.Split(c.agreementText(), "\n") {
				if k, ok := strings.CutPrefix(line, "ping "); ok && !answered[k] {
					answered[k] = true
					_ = c.appendLine("pong " + k + " " + idx)
				}
			}
		}
	}()
	return func() { close(done); cancel() }
}

func (c *meetingNodeCtx) state(nd *Node) meetingNodeState {
	s := meetingNodeState{Summary: childState(c.rep)}
	for _, p := range nd.Peers(c.rep.Coop()) {
		if p.Connected {
			s.Connected++
		}
	}
	v := c.roster()
	d, err := c.rep.Doc(c.meeting)
	if err != nil {
		return s
	}
	m, _ := crdt.AsMeeting(d)
	mv, err := m.View(v)
	if err != nil {
		return s
	}
	s.Started = mv.Phase != crdt.MeetingPlanned
	for _, p := range mv.Present {
		s.Present = append(s.Present, p.Member)
	}
	pd, err := c.rep.Doc(c.proposal)
	if err != nil {
		return s
	}
	p, _ := crdt.AsProposal(pd)
	res, mc, err := crdt.TallyAtMeeting(p, v, m, time.Now())
	if err != nil {
		return s
	}
	s.Counted, s.Participated, s.Result, s.PresentVoters = len(res.Counted), res.Participated, res.Result, mc.Present
	return s
}
