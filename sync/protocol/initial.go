package protocol

import (
	"errors"
	"fmt"
	"io"
)

// leg is what the peer sent in one turn of the initial sync. Whole documents
// and Automerge messages are applied as they arrive (on the pool), so a long
// transfer is loaded while it is still streaming.
type leg struct {
	hello   *helloMsg
	buckets *bucketsMsg
	diff    *diffMsg
	listed  int      // LIST entries received in this leg
	wants   []string // documents the peer asked for whole
	unknown []string // documents the peer sent messages for that we lack
	done    bool
}

// initial runs the initial sync: legs alternate between the peers (the
// initiator sends first) until one side ends its leg with "done".
func (s *Session) initial() error {
	if s.initiator {
		s.sendHello()
		s.endLeg(false)
	}
	for {
		lg, err := s.receiveLeg()
		if err != nil {
			return err
		}
		if s.legsRecv > maxLegs {
			return fmt.Errorf("%w after %d legs", ErrTooManyRounds, s.legsRecv)
		}
		if err := s.stillMember(); err != nil {
			return err
		}
		if lg.done {
			return nil
		}
		finished, err := s.respond(lg)
		if err != nil || finished {
			return err
		}
	}
}

func (s *Session) sendHello() {
	s.c.send(helloMsg{version: Version, coop: s.coop, digest: s.sum.digest, count: uint64(len(s.sum.docs)), live: s.opts.Live})
}

// endLeg ends our turn; done tells the peer not to answer.
func (s *Session) endLeg(done bool) {
	s.log.Debug("leg sent", "leg", s.legsSent+1, "done", done, "phase", s.phase, "bytesSent", s.c.sent.Load())
	s.c.send(turnMsg{done: done})
	s.legsSent++
	s.progress(false)
}

// receiveLeg reads the peer's frames up to its TURN.
func (s *Session) receiveLeg() (*leg, error) {
	lg := &leg{}
	first := true
	for {
		var in inbound
		var ok bool
		select {
		case in, ok = <-s.c.in:
		case <-s.c.stop:
			// Torn down (cancelled, or a write failed): the reader may have
			// given up without delivering, so do not wait on it.
			if err := s.c.err(); err != nil {
				return nil, err
			}
			return nil, errClosed
		}
		if !ok {
			return nil, errClosed
		}
		if in.err != nil {
			s.logErrs(s.pool.wait())
			if errors.Is(in.err, io.EOF) {
				return nil, fmt.Errorf("peer closed the stream mid-sync: %w", io.ErrUnexpectedEOF)
			}
			return nil, in.err
		}
		if err := s.take(lg, in.msg, first); err != nil {
			s.pool.wait()
			return nil, err
		}
		first = false
		if t, ok := in.msg.(turnMsg); ok {
			s.logErrs(s.pool.wait())
			s.legsRecv++
			if s.legsSent > 0 {
				s.mu.Lock()
				s.roundTrips++
				s.mu.Unlock()
			}
			lg.done = t.done
			return lg, nil
		}
		s.progress(false)
	}
}

// take handles one frame of the peer's leg.
func (s *Session) take(lg *leg, m message, first bool) error {
	if first && s.phase == phaseHello {
		h, ok := m.(helloMsg)
		if !ok {
			return fmt.Errorf("%w: expected HELLO, got %s", ErrMalformed, m.kind())
		}
		switch {
		case h.version != Version:
			return fmt.Errorf("%w: peer speaks version %d, we speak %d", ErrVersion, h.version, Version)
		case h.coop != s.coop:
			return fmt.Errorf("%w: peer syncs %s, we sync %s", ErrWrongCoop, h.coop, s.coop)
		}
		s.peer, lg.hello = h, &h
		return nil
	}
	switch m := m.(type) {
	case bucketsMsg:
		if !s.initiator || s.legsRecv != 0 || lg.buckets != nil {
			return fmt.Errorf("%w: unexpected BUCKETS", ErrMalformed)
		}
		lg.buckets = &m
	case diffMsg:
		if s.initiator || s.phase != phaseList || lg.diff != nil || m.bits != s.bits {
			return fmt.Errorf("%w: unexpected DIFF", ErrMalformed)
		}
		lg.diff = &m
	case listMsg:
		if s.initiator || s.phase != phaseList || lg.diff == nil {
			return fmt.Errorf("%w: unexpected LIST", ErrMalformed)
		}
		for _, e := range m.entries {
			if _, dup := s.tableIdx[e.id]; dup {
				return fmt.Errorf("%w: %s listed twice", ErrMalformed, e.id)
			}
			s.tableIdx[e.id] = len(s.table)
			s.table = append(s.table, e.id)
			s.peerList = append(s.peerList, e)
		}
		lg.listed += len(m.entries)
	case announceMsg:
		if m.docs > 1<<31 {
			return fmt.Errorf("%w: announces %d documents", ErrMalformed, m.docs)
		}
		s.addTotal(int(m.docs))
	case docMsg:
		id, err := s.resolve(m.ref)
		if err != nil {
			return err
		}
		s.peerHas[id] = true
		s.notePayload(len(m.data))
		s.pool.run(func() error {
			if _, err := s.acceptWhole(id, m.data); err != nil {
				s.addDone(1)
				return err
			}
			s.noteReceived(id, true)
			return nil
		})
	case syncMsg:
		id, err := s.resolve(m.ref)
		if err != nil {
			return err
		}
		ds, err := s.state(id)
		if errors.Is(err, ErrUnknownDoc) {
			lg.unknown = append(lg.unknown, id)
			return nil
		}
		if err != nil {
			return err
		}
		if ds.gotLast {
			return fmt.Errorf("%w: two messages for %s in one leg", ErrMalformed, id)
		}
		ds.gotLast = true
		s.notePayload(len(m.data))
		if !ds.counted {
			ds.counted = true
			s.addTotal(1)
		}
		s.pool.run(func() error { return s.applySync(ds, m) })
	case wantMsg:
		for _, r := range m.refs {
			id, err := s.resolve(r)
			if err != nil {
				return err
			}
			lg.wants = append(lg.wants, id)
		}
	case turnMsg:
	case pingMsg:
	default:
		return fmt.Errorf("%w: unexpected %s during the initial sync", ErrMalformed, m.kind())
	}
	return nil
}
