package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// The architecture's import rules, checked on every test run in the spirit of
// Tailscale's tstest/deptest: a rule broken in a hurry fails CI instead of
// quietly eroding the layering.
//
// Each rule names a directory (prefix), imports its non-test files must not
// have (forbidden prefixes), and optionally the only imports they may have
// besides the standard library (allowed prefixes).
type importRule struct {
	dir       string
	forbidden []string
	only      []string // nil: anything not forbidden
	why       string
}

const module = "github.com/mutual-coop/mutual/"

// automergeGo is spelled in two parts so that a grep for the import line
// finds only real imports.
const automergeGo = "github.com/automerge/" + "automerge-go"

var importRules = []importRule{
	{dir: "crdt", forbidden: []string{module, "fyne.io/", "github.com/libp2p/", "github.com/dgraph-io/", "os", "net", "os/exec", "net/http"},
		why: "crdt/ holds the documents and rules: no I/O, no other layer"},
	{dir: "storage", forbidden: []string{module, "fyne.io/", "github.com/libp2p/", "github.com/automerge/"},
		why: "storage/ stores bytes and metadata only"},
	{dir: "sync", forbidden: []string{module + "app", module + "storage", "fyne.io/", "github.com/dgraph-io/", "github.com/automerge/"},
		why: "sync/ is the network layer: no window, no Badger, documents only through crdt/"},
	{dir: "app/workspace", forbidden: []string{"fyne.io/", "github.com/automerge/", module + "app/ui", module + "app/cli"},
		why: "the workspace facade is Fyne-free and reaches documents through crdt/"},
	{dir: "app/cli", forbidden: []string{"fyne.io/", "github.com/automerge/", "github.com/dgraph-io/", module + "app/ui"},
		why: "the command line uses the facade, never the window"},
	{dir: "app/localapi", forbidden: []string{"fyne.io/", "github.com/automerge/", "github.com/dgraph-io/", "github.com/libp2p/", module},
		why: "the control socket only moves command lines"},
	{dir: "app/ui", only: []string{"fyne.io/", module + "app/workspace"},
		why: "window code imports only the workspace facade and Fyne"},
	{dir: ".", only: []string{module + "app/"},
		why: "main.go only wires app/ together"},
}

func TestImportRules(t *testing.T) {
	imports := collectImports(t)
	if len(imports) < 5 {
		t.Fatalf("found only %d packages: the walk is broken", len(imports))
	}
	for _, rule := range importRules {
		checked := 0
		for dir, imps := range imports {
			if !inDir(dir, rule.dir) {
				continue
			}
			checked++
			for imp, file := range imps {
				if reason := rule.violation(imp); reason != "" {
					t.Errorf("%s imports %q (%s): %s", file, imp, reason, rule.why)
				}
			}
		}
		if checked == 0 && rule.dir != "app/ui" {
			t.Errorf("rule for %s matched no package", rule.dir)
		}
	}
}

func TestImportRulesCatchViolations(t *testing.T) {
	for _, c := range []struct {
		rule importRule
		imp  string
		bad  bool
	}{
		{importRules[0], automergeGo, false},
		{importRules[0], "os", true},
		{importRules[0], module + "storage", true},
		{importRules[1], automergeGo, true},
		{importRules[2], "fyne.io/fyne/v2/widget", true},
		{importRules[6], "github.com/libp2p/go-libp2p", true},
		{importRules[6], "fyne.io/fyne/v2/widget", false},
		{importRules[6], "strings", false},
		{importRules[7], module + "crdt", true},
	} {
		if got := c.rule.violation(c.imp) != ""; got != c.bad {
			t.Errorf("rule %s, import %s: violation=%v, want %v", c.rule.dir, c.imp, got, c.bad)
		}
	}
}

func (r importRule) violation(imp string) string {
	for _, f := range r.forbidden {
		if imp == f || strings.HasPrefix(imp, strings.TrimSuffix(f, "/")+"/") {
			return "forbidden"
		}
	}
	if r.only == nil || isStdlib(imp) {
		return ""
	}
	for _, a := range r.only {
		if strings.HasPrefix(imp, a) {
			return ""
		}
	}
	return "not allowed"
}

func isStdlib(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

func inDir(dir, ruleDir string) bool {
	if ruleDir == "." {
		return dir == "."
	}
	return dir == ruleDir || strings.HasPrefix(dir, ruleDir+"/")
}

// collectImports maps each package directory to its non-test imports (and a
// file that has each).
func collectImports(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bin") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if out[dir] == nil {
			out[dir] = map[string]string{}
		}
		for _, imp := range f.Imports {
			out[dir][strings.Trim(imp.Path.Value, `"`)] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
