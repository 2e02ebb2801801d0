package localapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
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
