package localapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Handler runs one forwarded command line and returns its exit code.
type Handler func(args []string, cwd string, stdout, stderr io.Writer) int

// Server answers forwarded command lines on a Unix socket.
type Server struct {
	ln      net.Listener
	path    string
	handle  Handler
	log     *slog.Logger
	wg      sync.WaitGroup
	closing chan struct{}
	once    sync.Once
}

// Listen creates the socket at path. A socket file left by a crashed process
// is replaced: the caller holds the data directory's lock, so no live
// process can be listening on it.
func Listen(path string, h Handler, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket %s: %w", path, err)
	}
	s := &Server{ln: ln, path: path, handle: h, log: log, closing: make(chan struct{})}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.closing:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			s.log.Warn("control socket accept", "err", err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveConn(conn)
		}()
	}
}

func (s *Server) serveConn(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	if err := checkPeer(conn); err != nil {
		s.log.Warn("control socket: refused a connection", "err", err)
		return
	}
	var req request
	if err := json.NewDecoder(io.LimitReader(conn, maxRequest)).Decode(&req); err != nil {
		s.log.Warn("control socket: bad request", "err", err)
		return
	}
	var out, errOut bytes.Buffer
	code := s.run(req.Args, req.Cwd, &out, &errOut)
	_ = json.NewEncoder(conn).Encode(response{Stdout: out.String(), Stderr: errOut.String(), Code: code})
}

// run runs one forwarded command. A command that panics fails alone: the
// caller gets an error and exit code 1, the log gets the panic and its
// stack, and the process holding the window goes on.
func (s *Server) run(args []string, cwd string, out, errOut *bytes.Buffer) (code int) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("control socket: forwarded command panicked", "args", args, "panic", v, "stack", string(debug.Stack()))
			fmt.Fprintf(errOut, "mutual: internal error: this command failed (%v); the details are in the log of the running Mutual\n", v)
			code = 1
		}
	}()
	return s.handle(args, cwd, out, errOut)
}

// Close stops listening, waits for requests in flight and removes the socket.
func (s *Server) Close() error {
	s.once.Do(func() {
		close(s.closing)
		s.ln.Close()
		s.wg.Wait()
		_ = os.Remove(s.path)
	})
	return nil
}

// Forward sends a command line to the process listening at path, copies its
// output to stdout and stderr, and returns its exit code.
func Forward(ctx context.Context, path string, args []string, cwd string, stdout, stderr io.Writer) (int, error) {
	d := net.Dialer{Timeout: 3 * time.Second}
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	}
	if err := json.NewEncoder(conn).Encode(request{Args: args, Cwd: cwd}); err != nil {
		return 0, err
	}
	var resp response
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		return 0, fmt.Errorf("no answer: %w", err)
	}
	io.WriteString(stdout, resp.Stdout)
	io.WriteString(stderr, resp.Stderr)
	return resp.Code, nil
}
