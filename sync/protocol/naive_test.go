package protocol

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// The naive baseline the benchmarks compare against: one stream, documents
// one after another, each run through the plain Automerge sync loop (one
// message each way per round trip) until neither side has anything to say.
// A document the responder lacks is bootstrapped from its first change
// (genesis), since Automerge sync needs a document to sync into.

type naiveStats struct {
	bytes      int64
	roundTrips int
	wall       time.Duration
}

// naivePeer frames messages as uvarint length + bytes over a buffered conn.
type naivePeer struct {
	r *bufio.Reader
	w *bufio.Writer
}

func newNaivePeer(c net.Conn) *naivePeer {
	return &naivePeer{r: bufio.NewReader(c), w: bufio.NewWriter(c)}
}

func (p *naivePeer) send(parts ...[]byte) error {
	for _, b := range parts {
		if _, err := p.w.Write(binary.AppendUvarint(nil, uint64(len(b)))); err != nil {
			return err
		}
		if _, err := p.w.Write(b); err != nil {
			return err
		}
	}
	return p.w.Flush()
}

func (p *naivePeer) recv() ([]byte, error) {
	n, err := binary.ReadUvarint(p.r)
	if err != nil {
		return nil, err
	}
	if n > DefaultMaxFrame {
		return nil, ErrFrameTooLarge
	}
	b := make([]byte, n)
	_, err = io.ReadFull(p.r, b)
	return b, err
}

func flag(ok bool) []byte {
	if ok {
		return []byte{1}
	}
	return []byte{0}
}

// naiveSend is the initiating side: it walks its documents in order.
func naiveSend(c net.Conn, r Replica, remote crdt.MemberID, genesis func(id string) []byte) (naiveStats, error) {
	p := newNaivePeer(c)
	var st naiveStats
	list, err := r.Summary()
	if err != nil {
		return st, err
	}
	for _, dh := range list {
		d, err := r.Doc(dh.ID)
		if err != nil {
			return st, err
		}
		ss := d.LoadSyncState(r.SyncState(remote, dh.ID))
		before := headsHash(d.Heads())
		msg, ok := ss.Generate()
		if err := p.send([]byte(dh.ID), flag(ok), msg); err != nil {
			return st, err
		}
		for round := 0; ; round++ {
			if round > 100 {
				return st, fmt.Errorf("naive sync of %s did not settle", dh.ID)
			}
			st.roundTrips++
			reply, err := p.recv()
			if err != nil {
				return st, err
			}
			if len(reply) == 1 && reply[0] == 'G' { // the peer lacks the document
				if err := p.send(genesis(dh.ID)); err != nil {
					return st, err
				}
				continue
			}
			theirs, err := p.recv()
			if err != nil {
				return st, err
			}
			if reply[0] == 1 {
				if err := ss.Receive(theirs); err != nil {
					return st, err
				}
			}
			msg, ok2 := ss.Generate()
			if !ok && reply[0] == 0 {
				break
			}
			ok = ok2
			if err := p.send(flag(ok), msg); err != nil {
				return st, err
			}
		}
		if headsHash(d.Heads()) != before {
			if err := r.Changed(dh.ID, d); err != nil {
				return st, err
			}
		}
		if err := r.SaveSyncState(remote, dh.ID, ss.Save()); err != nil {
			return st, err
		}
	}
	return st, p.send([]byte("END"))
}

// naiveReceive is the answering side.
func naiveReceive(c net.Conn, r Replica, remote crdt.MemberID, me *crdt.Identity) error {
	p := newNaivePeer(c)
	for {
		id, err := p.recv()
		if err != nil {
			return err
		}
		if string(id) == "END" {
			return nil
		}
		d, err := r.Doc(string(id))
		if errors.Is(err, ErrUnknownDoc) {
			// Read the pending message first, then ask for the genesis.
			f, _ := p.recv()
			m, _ := p.recv()
			if err := p.send([]byte{'G'}); err != nil {
				return err
			}
			g, err := p.recv()
			if err != nil {
				return err
			}
			if d, err = crdt.Load(g, me); err != nil {
				return err
			}
			if err := r.PutDoc(d); err != nil {
				return err
			}
			if err := naiveAnswer(p, r, remote, d, f, m); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		f, err := p.recv()
		if err != nil {
			return err
		}
		m, err := p.recv()
		if err != nil {
			return err
		}
		if err := naiveAnswer(p, r, remote, d, f, m); err != nil {
			return err
		}
	}
}

// naiveAnswer runs the loop for one document, starting with the
// initiator's first message.
func naiveAnswer(p *naivePeer, r Replica, remote crdt.MemberID, d *crdt.Doc, f, m []byte) error {
	ss := d.LoadSyncState(r.SyncState(remote, d.ID()))
	changed := false
	for round := 0; round < 100; round++ {
		theirOK := len(f) == 1 && f[0] == 1
		if theirOK {
			before := headsHash(d.Heads())
			if err := ss.Receive(m); err != nil {
				return err
			}
			changed = changed || headsHash(d.Heads()) != before
		}
		msg, ok := ss.Generate()
		if err := p.send(flag(ok), msg); err != nil {
			return err
		}
		if !ok && !theirOK {
			break
		}
		var err error
		if f, err = p.recv(); err != nil {
			return err
		}
		if m, err = p.recv(); err != nil {
			return err
		}
	}
	if changed {
		if err := r.Changed(d.ID(), d); err != nil {
			return err
		}
	}
	return r.SaveSyncState(remote, d.ID(), ss.Save())
}
