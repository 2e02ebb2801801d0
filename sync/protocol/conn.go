package protocol

import (
	"bufio"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// inbound is one decoded frame, or the error that ended reading.
type inbound struct {
	msg message
	err error
}

type outFrame struct {
	typ        frameType
	head, body []byte
}

// conn frames a Stream. A reader goroutine decodes frames into in; a writer
// goroutine drains an unbounded queue, so the session's goroutine never
// blocks on a write: two peers sending their legs at once cannot deadlock
// however full the pipes are.
type conn struct {
	s        Stream
	maxFrame int
	timeout  time.Duration

	in   chan inbound
	stop chan struct{} // closed when the connection is torn down

	sent, recv atomic.Int64
	lastWrite  atomic.Int64 // unix nanos of the last frame queued

	mu       sync.Mutex
	queue    []outFrame
	closing  bool
	writeErr error
	wake     chan struct{}

	writerDone chan struct{}
	readerDone chan struct{}
	stopOnce   sync.Once
}

func newConn(s Stream, maxFrame int, timeout time.Duration) *conn {
	c := &conn{
		s: s, maxFrame: maxFrame, timeout: timeout,
		in:         make(chan inbound, 64),
		stop:       make(chan struct{}),
		wake:       make(chan struct{}, 1),
		writerDone: make(chan struct{}),
		readerDone: make(chan struct{}),
	}
	c.lastWrite.Store(time.Now().UnixNano())
	go c.readLoop()
	go c.writeLoop()
	return c
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *conn) readLoop() {
	defer close(c.readerDone)
	br := bufio.NewReaderSize(countingReader{c.s, &c.recv}, 64<<10)
	for {
		if err := c.s.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
			c.deliver(inbound{err: err})
			return
		}
		f, _, err := readFrame(br, c.maxFrame)
		if err != nil {
			c.deliver(inbound{err: err})
			return
		}
		m, err := decode(f)
		if !c.deliver(inbound{msg: m, err: err}) || err != nil {
			return
		}
	}
}

func (c *conn) deliver(in inbound) bool {
	select {
	case c.in <- in:
		return true
	case <-c.stop:
		return false
	}
}

// send queues a message; it never blocks.
func (c *conn) send(m message) {
	head, body := encode(m)
	c.mu.Lock()
	if !c.closing {
		c.queue = append(c.queue, outFrame{typ: m.kind(), head: head, body: body})
	}
	c.mu.Unlock()
	c.lastWrite.Store(time.Now().UnixNano())
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// err is the error that stopped the writer, if any.
func (c *conn) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writeErr
}

func (c *conn) writeLoop() {
	defer close(c.writerDone)
	bw := bufio.NewWriterSize(countingWriter{c.s, &c.sent}, 64<<10)
	var hdr []byte
	for {
		c.mu.Lock()
		batch, closing := c.queue, c.closing
		c.queue = nil
		c.mu.Unlock()
		for _, f := range batch {
			if err := c.s.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
				c.failWrite(err)
				return
			}
			hdr = frameHeader(hdr[:0], f.typ, len(f.head)+len(f.body))
			if _, err := bw.Write(hdr); err != nil {
				c.failWrite(err)
				return
			}
			if _, err := bw.Write(f.head); err != nil {
				c.failWrite(err)
				return
			}
			if _, err := bw.Write(f.body); err != nil {
				c.failWrite(err)
				return
			}
		}
		if len(batch) > 0 || closing {
			if err := c.s.SetWriteDeadline(time.Now().Add(c.timeout)); err == nil {
				err = bw.Flush()
				if err != nil {
					c.failWrite(err)
					return
				}
			}
		}
		if closing && len(batch) == 0 {
			return
		}
		if len(batch) > 0 {
			continue
		}
		select {
		case <-c.wake:
		case <-c.stop:
			return
		}
	}
}

func (c *conn) failWrite(err error) {
	c.mu.Lock()
	if c.writeErr == nil {
		c.writeErr = err
	}
	c.mu.Unlock()
	c.abort()
}

// abort tears the connection down at once (errors, hostile peers).
func (c *conn) abort() {
	c.stopOnce.Do(func() {
		close(c.stop)
		_ = c.s.Close()
	})
}

// finish flushes what is queued, half-closes the stream where it can, waits
// (bounded) for the peer to close its side, then closes. Waiting for the
// peer's EOF matters over TCP: closing with unread input makes the kernel
// send a reset that may destroy our own last frames in flight.
func (c *conn) finish() error {
	select {
	case <-c.stop:
		return c.err()
	default:
	}
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	select {
	case <-c.writerDone:
	case <-timer.C:
	}
	werr := c.err()
	if cw, ok := c.s.(interface{ CloseWrite() error }); ok && werr == nil {
		_ = cw.CloseWrite()
		drain := time.NewTimer(min(c.timeout, 5*time.Second))
		defer drain.Stop()
	wait:
		for {
			select {
			case in := <-c.in:
				if in.err != nil {
					break wait
				}
			case <-c.stop:
				break wait
			case <-c.readerDone:
				break wait
			case <-drain.C:
				break wait
			}
		}
	}
	c.abort()
	return werr
}

var errClosed = errors.New("sync stream closed")
