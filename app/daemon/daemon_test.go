package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/mutual-coop/mutual/app/localapi"
	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/workspace"
)

func openWorkspace(t *testing.T) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(workspace.Options{Dir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if _, err := ws.EnsureIdentity("Ana"); err != nil {
		t.Fatal(err)
	}
	return ws
}

// echo answers a forwarded command line with its words.
func echo(args []string, _ string, stdout, _ io.Writer) int {
	fmt.Fprint(stdout, args)
	return 0
}

func forward(ws *workspace.Workspace, args ...string) (string, error) {
	var out, errOut bytes.Buffer
	_, err := localapi.Forward(context.Background(), ws.SocketPath(), args, "/", &out, &errOut)
	return out.String(), err
}

var loopback = node.Options{Listen: []string{"/ip4/127.0.0.1/tcp/0"}}

func TestRunStartsSocketAndNodeAndStopsThemAfterTheFrontEnd(t *testing.T) {
	ws := openWorkspace(t)
	ran := false
	err := Run(context.Background(), ws, Config{Node: loopback, Control: echo}, func(ctx context.Context, s *Services) error {
		ran = true
		if s.Sync == nil || s.Sync.PeerID() == "" {
			t.Fatal("the front end runs without the sync node")
		}
		if ws.Sync() == nil {
			t.Error("the node is not the workspace's sync service while the front end runs")
		}
		out, err := forward(ws, "list", "--json")
		if err != nil || out != "[list --json]" {
			t.Errorf("forwarded command: %q, %v", out, err)
		}
		return nil
	})
	if err != nil || !ran {
		t.Fatalf("Run: %v (front end ran: %v)", err, ran)
	}
	if ws.Sync() != nil {
		t.Error("the sync node is still the workspace's sync service after Run returned")
	}
	if _, err := forward(ws, "list"); err == nil {
		t.Error("the control socket still answers after Run returned")
	}
}

func TestRunReturnsTheFrontEndsError(t *testing.T) {
	ws := openWorkspace(t)
	boom := errors.New("boom")
	err := Run(context.Background(), ws, Config{Node: loopback}, func(context.Context, *Services) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Run = %v, want the front end's error", err)
	}
}

func TestNodeThatCannotStart(t *testing.T) {
	broken := node.Options{Listen: []string{"not a multiaddr"}}
	t.Run("offline allowed: the front end runs without sync", func(t *testing.T) {
		ws := openWorkspace(t)
		ran := false
		err := Run(context.Background(), ws, Config{Node: broken, Control: echo, OfflineOK: true}, func(_ context.Context, s *Services) error {
			ran = true
			if s.Sync != nil {
				t.Error("a sync node is reported although it could not start")
			}
			if _, err := forward(ws, "list"); err != nil {
				t.Errorf("the control socket does not answer while offline: %v", err)
			}
			return nil
		})
		if err != nil || !ran {
			t.Fatalf("Run: %v (front end ran: %v)", err, ran)
		}
	})
	t.Run("offline not allowed: an error, no front end, no socket left", func(t *testing.T) {
		ws := openWorkspace(t)
		err := Run(context.Background(), ws, Config{Node: broken, Control: echo}, func(context.Context, *Services) error {
			t.Error("the front end ran without its sync node")
			return nil
		})
		if err == nil {
			t.Fatal("Run succeeded with a node that cannot start")
		}
		if _, err := forward(ws, "list"); err == nil {
			t.Error("the control socket answers after a failed start")
		}
	})
}

func TestRunWithoutFrontEnd(t *testing.T) {
	if err := Run(context.Background(), openWorkspace(t), Config{}, nil); !errors.Is(err, ErrNoFrontEnd) {
		t.Fatalf("Run(nil) = %v", err)
	}
}

func TestEnvironmentTurnsDiscoveryOff(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, c := range []struct {
		name         string
		in           node.Options
		kv           map[string]string
		mdns, portOK bool
		fails        bool
	}{
		{"nothing set keeps the front end's choice", node.Options{MDNS: true}, nil, true, false, false},
		{"MUTUAL_MDNS=off", node.Options{MDNS: true}, map[string]string{envMDNS: "off"}, false, false, false},
		{"MUTUAL_MDNS=on never turns on what the command keeps off", node.Options{}, map[string]string{envMDNS: "on"}, false, false, false},
		{"MUTUAL_PORTMAP=on", node.Options{}, map[string]string{envPortMap: "on"}, false, true, false},
		{"a typo is an error", node.Options{MDNS: true}, map[string]string{envMDNS: "of"}, false, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := applyEnv(c.in, env(c.kv))
			if (err != nil) != c.fails {
				t.Fatalf("applyEnv error = %v, want failure %v", err, c.fails)
			}
			if err == nil && (got.MDNS != c.mdns || got.PortMap != c.portOK) {
				t.Fatalf("applyEnv = %+v", got)
			}
		})
	}
}

func TestEnvironmentInternetAndBootstrap(t *testing.T) {
	get := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	on := node.Options{Internet: true}
	if got, _ := applyEnv(on, get(map[string]string{envInternet: "off"})); got.Internet {
		t.Error("MUTUAL_INTERNET=off left internet discovery on")
	}
	if got, _ := applyEnv(node.Options{}, get(map[string]string{envInternet: "on"})); got.Internet {
		t.Error("MUTUAL_INTERNET=on turned on what the command keeps off (join, sync --once)")
	}
	got, err := applyEnv(on, get(map[string]string{envBootstrap: " /ip4/10.0.0.1/tcp/1/p2p/A , /ip4/10.0.0.2/tcp/1/p2p/B,"}))
	if err != nil || len(got.Bootstrap) != 2 || got.Bootstrap[1] != "/ip4/10.0.0.2/tcp/1/p2p/B" {
		t.Errorf("MUTUAL_BOOTSTRAP: %v, %v", got.Bootstrap, err)
	}
}
