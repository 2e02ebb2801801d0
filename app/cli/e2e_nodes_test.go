package cli

import (
	"strings"
	"testing"
)

// An always-on node is registered from the command serve prints, listed,
// refused when it is not a member or its address is wrong, and removed.
func TestRegisterAlwaysOnNode(t *testing.T) {
	a, srv := t.TempDir(), t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	ok(t, "--data", srv, "init", "--name", "Bakery server", "--coop", "Scratch")
	s := serve(t, srv, "--relay", "--announce", "/dns4/coop.example.org/tcp/4001")
	register, _ := s.info["register"].(string)
	peerID, _ := s.info["peerId"].(string)
	member, _ := s.info["member"].(string)
	want := "mutual node add " + peerID + " --addr /dns4/coop.example.org/tcp/4001"
	if register != want {
		t.Fatalf("serve --announce printed %q, want %q", register, want)
	}
	s.stop(t)
	words := strings.Fields(register)[1:] // without "mutual"

	msg := fails(t, append([]string{"--data", a}, words...)...)
	if !strings.Contains(msg, "not an active member") {
		t.Fatalf("registering a device that is not a member: %q", msg)
	}
	ok(t, "--data", a, "member", "add", member, "--name", "Bakery server", "--role", "observer")
	for _, bad := range []string{"coop.example.org:4001", "/ip4/203.0.113.7/tcp/4001/p2p/" + peerID} {
		fails(t, "--data", a, "node", "add", peerID, "--addr", bad)
	}
	fails(t, "--data", a, "node", "add", "not-a-peer-id", "--addr", "/dns4/coop.example.org/tcp/4001")
	if list := ok(t, "--data", a, "node", "list"); !strings.Contains(list, "No always-on node") {
		t.Fatalf("a refused registration is listed: %q", list)
	}

	out := ok(t, append([]string{"--data", a}, words...)...)
	if !strings.Contains(out, "Bakery server") {
		t.Fatalf("node add said %q", out)
	}
	var rows []map[string]any
	jsonOf(t, ok(t, "--data", a, "node", "list", "--json"), &rows)
	if len(rows) != 1 || rows[0]["peerId"] != peerID || rows[0]["name"] != "Bakery server" || rows[0]["registeredBy"] != "Ana" {
		t.Fatalf("node list: %v", rows)
	}
	ok(t, "--data", a, "node", "remove", "Bakery server")
	jsonOf(t, ok(t, "--data", a, "node", "list", "--json"), &rows)
	if len(rows) != 0 {
		t.Fatalf("after remove: %v", rows)
	}
	fails(t, "--data", a, "node", "remove", peerID)
}

func TestInternetDiscoverySetting(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	var s map[string]any
	jsonOf(t, ok(t, "--data", a, "settings", "--json"), &s)
	if s["internetDiscovery"] != true {
		t.Fatalf("a new co-op's settings: %v", s)
	}
	if out := ok(t, "--data", a, "settings", "--internet", "off"); !strings.Contains(out, "Internet discovery: off") {
		t.Fatalf("settings --internet off said %q", out)
	}
	jsonOf(t, ok(t, "--data", a, "settings", "--json"), &s)
	if s["internetDiscovery"] != false {
		t.Fatalf("after turning it off: %v", s)
	}
	fails(t, "--data", a, "settings", "--internet", "maybe")
}
