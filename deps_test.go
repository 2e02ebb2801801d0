package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The import rules again, on everything each package reaches (its
// transitive, non-test dependencies as `go list -deps` sees them), in the
// spirit of Tailscale's tstest/deptest: a layer that reaches a forbidden one
// through a third package breaks the architecture as surely as a direct
// import. imports_test.go checks the direct imports, which can be stricter
// (crdt may not import os or net itself, though a library it uses does).
type depRule struct {
	pkg       string // package path below the module, "" for main
	forbidden []string
	why       string
}

var depRules = []depRule{
	{pkg: "crdt", forbidden: []string{module, "fyne.io/", "github.com/libp2p/", "github.com/dgraph-io/"},
		why: "the documents and rules reach no storage, network or window"},
	{pkg: "storage", forbidden: []string{module, "fyne.io/", "github.com/libp2p/", "github.com/automerge/"},
		why: "storage holds bytes: no documents, network or window"},
	{pkg: "sync", forbidden: []string{module + "app", module + "storage", "fyne.io/", "github.com/dgraph-io/"},
		why: "the network layer reaches documents only through crdt, never storage or the app"},
	{pkg: "app/workspace", forbidden: []string{"fyne.io/", "github.com/libp2p/", module + "app/", module + "sync/peer", module + "sync/invite"},
		why: "the facade is Fyne-free and network-free: the sync node is plugged in from app/node"},
	{pkg: "app/localapi", forbidden: []string{module, "fyne.io/", "github.com/automerge/", "github.com/dgraph-io/", "github.com/libp2p/"},
		why: "the control socket only moves command lines"},
	{pkg: "app/clocale", forbidden: []string{module, "fyne.io/", "github.com/automerge/", "github.com/dgraph-io/", "github.com/libp2p/"},
		why: "the locale fix runs before Fyne initialises and needs nothing else"},
	{pkg: "app/node", forbidden: []string{"fyne.io/", module + "app/ui", module + "app/cli", module + "app/daemon", module + "app/localapi"},
		why: "the sync node serves a workspace; it knows no front end"},
	{pkg: "app/daemon", forbidden: []string{"fyne.io/", module + "app/ui", module + "app/cli"},
		why: "the daemon starts the services; front ends are handed to it"},
	{pkg: "app/cli", forbidden: []string{"fyne.io/", module + "app/ui"},
		why: "the command line never reaches the window (main.go hands it in)"},
	{pkg: "app/ui", forbidden: []string{"github.com/libp2p/", module + "sync/peer", module + "sync/invite", module + "app/node", module + "app/daemon", module + "app/cli", module + "app/localapi"},
		why: "the window reaches the network and the command line only through the facade"},
}

// depsOf maps each of the module's packages to everything it reaches.
func depsOf(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		deps[strings.TrimPrefix(strings.TrimPrefix(f[0], strings.TrimSuffix(module, "/")), "/")] = f[1:]
	}
	return deps
}

func TestTransitiveImportRules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: cannot list dependencies")
	}
	deps := depsOf(t)
	for _, rule := range depRules {
		checked := 0
		for pkg, reached := range deps {
			if pkg != rule.pkg && !strings.HasPrefix(pkg, rule.pkg+"/") {
				continue
			}
			checked++
			for _, d := range rule.violations(pkg, reached) {
				t.Errorf("%s reaches %s: %s", pkg, d, rule.why)
			}
		}
		if checked == 0 {
			t.Errorf("rule for %s matched no package", rule.pkg)
		}
	}
}

// violations are the forbidden packages among reached; a package may
// always reach its own sub-packages.
func (r depRule) violations(pkg string, reached []string) []string {
	var bad []string
	for _, d := range reached {
		if strings.HasPrefix(d, module+pkg+"/") {
			continue
		}
		for _, f := range r.forbidden {
			f = strings.TrimSuffix(f, "/")
			if d == f || strings.HasPrefix(d, f+"/") {
				bad = append(bad, d)
				break
			}
		}
	}
	return bad
}

func TestTransitiveRulesCatchViolations(t *testing.T) {
	rule := func(pkg string) depRule {
		for _, r := range depRules {
			if pkg == r.pkg || strings.HasPrefix(pkg, r.pkg+"/") {
				return r
			}
		}
		t.Fatalf("no rule for %s", pkg)
		return depRule{}
	}
	for _, c := range []struct {
		pkg, reached string
		bad          bool
	}{
		{"crdt", "github.com/automerge/automerge-go", false},
		{"crdt", module + "storage", true},
		{"app/ui", module + "app/workspace", false},
		{"app/ui", "github.com/libp2p/go-libp2p/core/peer", true},
		{"app/ui", module + "sync/peer", true},
		{"app/workspace", module + "sync/protocol", false},
		{"app/workspace", module + "sync/peer", true},
		{"app/cli", module + "app/ui", true},
		{"app/node", "fyne.io/fyne/v2", true},
		{"app/localapi", "net", false},
		{"sync/peer", module + "sync/protocol", false},
		{"sync/peer", module + "storage", true},
	} {
		r := rule(c.pkg)
		if got := len(r.violations(c.pkg, []string{c.reached})) > 0; got != c.bad {
			t.Errorf("%s reaching %s: violation=%v, want %v", c.pkg, c.reached, got, c.bad)
		}
	}
}
