package cli

import (
	"reflect"
	"testing"
)

// The data directory and passphrase file are found wherever they stand,
// because the workspace opens before the command parses its own flags.
func TestParseInvocationFindsGlobalsAnywhere(t *testing.T) {
	cases := []struct {
		args             []string
		data, pass, coop string
		encrypt          bool
		cmd              string
	}{
		{args: []string{"--data", "D", "list"}, data: "D", cmd: "list"},
		{args: []string{"list", "--data", "D"}, data: "D", cmd: "list"},
		{args: []string{"list", "--kind", "proposal", "--data=D"}, data: "D", cmd: "list"},
		{args: []string{"--coop", "C", "vote", "P", "agree", "--reason", "x", "--passphrase-file", "F"}, pass: "F", coop: "C", cmd: "vote"},
		{args: []string{"init", "--name", "Ana", "--encrypt", "--data", "D"}, data: "D", encrypt: true, cmd: "init"},
		{args: []string{"comment", "P", "--", "--data", "D"}, cmd: "comment"},
	}
	for _, c := range cases {
		inv, err := parseInvocation(c.args)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if inv.g.data != c.data || inv.g.passphraseFile != c.pass || inv.g.coop != c.coop || inv.encrypt != c.encrypt || inv.cmd.name != c.cmd {
			t.Errorf("%v: got data %q pass %q coop %q encrypt %v cmd %q", c.args, inv.g.data, inv.g.passphraseFile, inv.g.coop, inv.encrypt, inv.cmd.name)
		}
	}
	if _, err := parseInvocation([]string{"--bogus", "list"}); err == nil {
		t.Error("an unknown flag before the command was accepted")
	}
	if _, err := parseInvocation([]string{"frobnicate"}); err == nil {
		t.Error("an unknown command was accepted")
	}
	if inv, err := parseInvocation([]string{"help", "vote"}); err != nil || !reflect.DeepEqual(inv.help, []string{"vote"}) {
		t.Errorf("help vote: %v %v", inv.help, err)
	}
}

// A command's flags, the global flags and positional arguments mix in any
// order; `--` ends the flags.
func TestRunParseMixesFlagsAndArguments(t *testing.T) {
	r := &run{}
	fs := newFlags("vote")
	reason := fs.String("reason", "", "")
	pos, err := r.parse(fs, []string{"P", "--json", "agree", "--reason", "because", "--coop=C", "--data", "D", "--", "--not-a-flag"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pos, []string{"P", "agree", "--not-a-flag"}) || *reason != "because" || !r.json || r.coopSel != "C" {
		t.Fatalf("pos %v reason %q json %v coop %q", pos, *reason, r.json, r.coopSel)
	}
	if _, err := r.parse(newFlags("vote"), []string{"--bogus"}); err == nil {
		t.Fatal("an unknown flag was accepted")
	}
	// Commands without flags of their own still take the global ones.
	r = &run{}
	args := []string{"ID", "--json"}
	if err := r.need(&args, 1, "show ID"); err != nil || !r.json || args[0] != "ID" {
		t.Fatalf("need: %v %v %v", err, r.json, args)
	}
}
