package localapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestForwardRunsTheCommandThere(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "control.sock")
	var gotArgs []string
	var gotCwd string
	srv, err := Listen(sock, func(args []string, cwd string, stdout, stderr io.Writer) int {
		gotArgs, gotCwd = args, cwd
		fmt.Fprintln(stdout, "out:"+strings.Join(args, ","))
		fmt.Fprintln(stderr, "err line")
		return 3
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, want owner-only", st.Mode().Perm())
	}
	var out, errOut bytes.Buffer
	code, err := Forward(context.Background(), sock, []string{"new", "schedule"}, "/somewhere", &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 || out.String() != "out:new,schedule\n" || errOut.String() != "err line\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	if strings.Join(gotArgs, " ") != "new schedule" || gotCwd != "/somewhere" {
		t.Fatalf("handler saw %v in %q", gotArgs, gotCwd)
	}
}

func TestForwardWithoutServerFails(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "control.sock")
	if _, err := Forward(context.Background(), sock, []string{"list"}, "", io.Discard, io.Discard); err == nil {
		t.Fatal("forward to a missing socket succeeded")
	}
}

func TestCloseRemovesSocketAndGarbageIsIgnored(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "control.sock")
	srv, err := Listen(sock, func([]string, string, io.Writer, io.Writer) int { return 0 }, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A client that sends garbage gets no answer and does not stop the server.
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("{not json at all"))
	conn.(*net.UnixConn).CloseWrite()
	if b, _ := io.ReadAll(conn); len(b) != 0 {
		t.Fatalf("garbage got an answer: %q", b)
	}
	conn.Close()
	if code, err := Forward(context.Background(), sock, []string{"list"}, "", io.Discard, io.Discard); err != nil || code != 0 {
		t.Fatalf("after garbage: code %d, %v", code, err)
	}
	srv.Close()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatalf("socket left behind: %v", err)
	}
}

// A forwarded command that panics fails alone: the caller gets an error and
// exit code 1, the log a line, and the server answers the next command.
func TestPanickingCommandFailsAlone(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "control.sock")
	logBuf := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logBuf, nil))
	srv, err := Listen(sock, func(args []string, _ string, stdout, _ io.Writer) int {
		if args[0] == "boom" {
			var m map[string]int
			m["x"] = 1 // assignment to a nil map panics
		}
		fmt.Fprintln(stdout, "fine")
		return 0
	}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var out, errOut bytes.Buffer
	code, err := Forward(context.Background(), sock, []string{"boom"}, "", &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 || !strings.Contains(errOut.String(), "internal error") {
		t.Fatalf("code %d, stderr %q", code, errOut.String())
	}
	if !strings.Contains(logBuf.String(), "panicked") {
		t.Fatalf("no log line for the panic: %q", logBuf.String())
	}
	out.Reset()
	code, err = Forward(context.Background(), sock, []string{"ok"}, "", &out, io.Discard)
	if err != nil || code != 0 || out.String() != "fine\n" {
		t.Fatalf("after a panic: code %d, %v, %q", code, err, out.String())
	}
}

// lockedBuffer is written by the server's goroutine and read by the test.
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
