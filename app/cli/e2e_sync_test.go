package cli

import (
	"encoding/json"
	"testing"
)

// TestTwoMachinesInviteJoinVote drives two data directories as two members'
// machines on loopback: Ana founds a co-op and serves it, invites Ben, Ben
// joins, Ana makes a proposal, Ben syncs and votes, syncs again, and both
// machines show the same tally.
func TestTwoMachinesInviteJoinVote(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	s := serve(t, a)
	addr := s.addr(t)

	code := ok(t, "--data", a, "invite")
	if len(code) < 20 {
		t.Fatalf("invite printed %q", code)
	}
	ok(t, "--data", b, "join", code, "--name", "Ben", "--listen", "/ip4/127.0.0.1/tcp/0")
	fails(t, "--data", t.TempDir(), "join", code, "--name", "Eve", "--listen", "/ip4/127.0.0.1/tcp/0") // single use
	fails(t, "--data", t.TempDir(), "join", "mutual1:garbage", "--name", "Eve")

	var members []map[string]any
	var roster map[string]any
	jsonOf(t, ok(t, "--data", b, "member", "list", "--json"), &roster)
	members, _ = asMaps(roster["members"])
	if len(members) != 2 {
		t.Fatalf("Ben's roster after joining: %v", roster)
	}

	pid := ok(t, "--data", a, "new", "proposal", "--title", "Buy a second oven", "--quorum", "1")
	var summary map[string]any
	jsonOf(t, ok(t, "--data", b, "sync", "--peer", addr, "--once"), &summary)
	if summary["docsReceived"].(float64) < 1 {
		t.Fatalf("Ben received nothing: %v", summary)
	}
	ok(t, "--data", b, "vote", pid, "agree", "--reason", "busy Saturdays")
	jsonOf(t, ok(t, "--data", b, "sync", "--peer", addr, "--once"), &summary)

	tallyA := tallyOf(t, ok(t, "--data", a, "show", pid, "--json"))
	tallyB := tallyOf(t, ok(t, "--data", b, "show", pid, "--json"))
	if tallyA != tallyB {
		t.Fatalf("tallies differ:\nAna: %s\nBen: %s", tallyA, tallyB)
	}
	var tally map[string]any
	jsonOf(t, tallyA, &tally)
	if tally["participated"].(float64) != 1 || tally["voters"].(float64) != 2 {
		t.Fatalf("tally: %s", tallyA)
	}

	var peers []map[string]any
	jsonOf(t, ok(t, "--data", a, "peers", "--json"), &peers)
	if len(peers) != 1 || peers[0]["name"] != "Ben" {
		t.Fatalf("Ana's peers: %v", peers)
	}
}

func tallyOf(t *testing.T, show string) string {
	t.Helper()
	var doc map[string]json.RawMessage
	jsonOf(t, show, &doc)
	return string(doc["tally"])
}

func asMaps(v any) ([]map[string]any, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	var out []map[string]any
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out, true
}
