package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serving is a `mutual serve` process under test.
type serving struct {
	cmd   *exec.Cmd
	info  map[string]any
	done  chan error
	lines chan string
}

// serve starts `mutual serve` on loopback (no mDNS), with extra flags, and
// waits for its JSON line.
func serve(t *testing.T, dir string, extra ...string) *serving {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"--data", dir, "serve", "--listen", "/ip4/127.0.0.1/tcp/0", "--no-mdns"}, extra...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &serving{cmd: cmd, done: make(chan error, 1), lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case s.lines <- sc.Text():
			default:
			}
		}
		close(s.lines)
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() { s.stop(t) })
	select {
	case line, ok := <-s.lines:
		if !ok {
			t.Fatal("serve exited before printing its address")
		}
		if err := json.Unmarshal([]byte(line), &s.info); err != nil {
			t.Fatalf("serve's first line is not JSON: %q", line)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve printed nothing in 60 s")
	}
	return s
}

// addr is the serve node's first loopback address.
func (s *serving) addr(t *testing.T) string {
	t.Helper()
	addrs, _ := s.info["addrs"].([]any)
	for _, a := range addrs {
		if str, _ := a.(string); strings.Contains(str, "/127.0.0.1/") {
			return str
		}
	}
	t.Fatalf("serve has no loopback address: %v", s.info)
	return ""
}

// stop sends SIGTERM and expects a clean exit.
func (s *serving) stop(t *testing.T) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve did not stop cleanly: %v", err)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Error("serve ignored SIGTERM for 30 s")
	}
}

func TestCommandsReachRunningServe(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	s := serve(t, a)
	if s.info["peerId"] == "" || s.info["member"] == "" {
		t.Fatalf("serve line lacks peerId/member: %v", s.info)
	}
	id := ok(t, "--data", a, "new", "schedule", "--title", "Rota")
	var list []map[string]any
	jsonOf(t, ok(t, "--data", a, "list", "--json"), &list)
	if len(list) != 1 || list[0]["id"] != id {
		t.Fatalf("forwarded new did not land: %v", list)
	}
	msg := fails(t, "--data", a, "show", "nosuch")
	if !strings.Contains(msg, "no such document") {
		t.Fatalf("forwarded error: %q", msg)
	}
	fails(t, "--data", a, "serve")
	s.stop(t)
	// After serve stops, the directory opens directly again.
	jsonOf(t, ok(t, "--data", a, "list", "--json"), &list)
	if len(list) != 1 {
		t.Fatalf("after serve: %v", list)
	}
}
