package protocol

import (
	"net"
	"sync"
	"time"
)

// delayedConn delivers each write after a fixed one-way delay, in order,
// without limiting bandwidth: a loopback connection made to behave like a
// LAN or Wi-Fi link for the benchmarks.
type delayedConn struct {
	net.Conn
	delay time.Duration

	mu    sync.Mutex
	queue []delayed
	wake  chan struct{}
	done  chan struct{}
	once  sync.Once
}

type delayed struct {
	at         time.Time
	data       []byte
	closeWrite bool
}

func withDelay(c net.Conn, oneWay time.Duration) net.Conn {
	if oneWay <= 0 {
		return c
	}
	d := &delayedConn{Conn: c, delay: oneWay, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *delayedConn) enqueue(item delayed) {
	d.mu.Lock()
	d.queue = append(d.queue, item)
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *delayedConn) Write(p []byte) (int, error) {
	d.enqueue(delayed{at: time.Now().Add(d.delay), data: append([]byte(nil), p...)})
	return len(p), nil
}

func (d *delayedConn) CloseWrite() error {
	d.enqueue(delayed{at: time.Now().Add(d.delay), closeWrite: true})
	return nil
}

func (d *delayedConn) Close() error {
	d.once.Do(func() { close(d.done) })
	return d.Conn.Close()
}

func (d *delayedConn) run() {
	for {
		d.mu.Lock()
		var item *delayed
		if len(d.queue) > 0 {
			item = &d.queue[0]
		}
		d.mu.Unlock()
		if item == nil {
			select {
			case <-d.wake:
				continue
			case <-d.done:
				return
			}
		}
		if wait := time.Until(item.at); wait > 0 {
			select {
			case <-time.After(wait):
			case <-d.done:
				return
			}
		}
		if item.closeWrite {
			if cw, ok := d.Conn.(interface{ CloseWrite() error }); ok {
				_ = cw.CloseWrite()
			}
		} else if _, err := d.Conn.Write(item.data); err != nil {
			return
		}
		d.mu.Lock()
		d.queue = d.queue[1:]
		d.mu.Unlock()
	}
}
