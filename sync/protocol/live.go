package protocol

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// live keeps the session open after the initial sync: local changes are
// pushed as Automerge messages (or whole, for documents the peer lacks), the
// peer's are applied as they come. It returns nil when ctx ends or the peer
// closes the stream.
func (s *Session) live(ctx context.Context, changes <-chan string) error {
	for _, d := range s.sum.docs {
		s.peerHas[d.id] = true // in step after the initial sync
	}
	for id := range s.recvDocs {
		s.peerHas[id] = true
	}
	s.restartStates()
	keepalive := time.NewTicker(s.opts.ReadTimeout / 3)
	defer keepalive.Stop()
	persist := time.NewTicker(time.Second)
	defer persist.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.c.stop:
			return s.c.err() // torn down: a failed write, or the stream was reset
		case in, ok := <-s.c.in:
			if !ok {
				return errClosed
			}
			if in.err != nil {
				if ctx.Err() != nil || errors.Is(in.err, io.EOF) {
					return nil
				}
				return in.err
			}
			if err := s.liveMessage(in.msg); err != nil {
				return err
			}
		case id, ok := <-changes:
			if !ok {
				changes = nil
				continue
			}
			if err := s.push(id); err != nil {
				return err
			}
		case <-keepalive.C:
			if time.Since(time.Unix(0, s.c.lastWrite.Load())) >= s.opts.ReadTimeout/3 {
				s.c.send(pingMsg{})
			}
		case <-persist.C:
			s.saveStates()
		case <-s.c.stop:
			if err := s.c.err(); err != nil {
				return err
			}
			return nil
		}
	}
}

// liveMessage handles one frame from the peer during the live phase.
func (s *Session) liveMessage(m message) error {
	switch m := m.(type) {
	case syncMsg:
		id, err := s.resolve(m.ref)
		if err != nil {
			return err
		}
		s.notePayload(len(m.data))
		ds, err := s.state(id)
		if errors.Is(err, ErrUnknownDoc) {
			if err := s.stillMember(); err != nil {
				return err
			}
			s.c.send(wantMsg{refs: []ref{{index: -1, id: id}}})
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.applySync(ds, m); err != nil {
			s.log.Warn("document not synced", "err", err)
			return nil
		}
		return s.answer(ds)
	case docMsg:
		id, err := s.resolve(m.ref)
		if err != nil {
			return err
		}
		s.peerHas[id] = true
		s.notePayload(len(m.data))
		if _, err := s.acceptWhole(id, m.data); err != nil {
			s.logErrs([]error{err})
			return nil
		}
		s.noteReceived(id, true)
		if ds, ok := s.docs[id]; ok {
			return s.answer(ds) // we held it: the peer may lack our side
		}
		return nil
	case wantMsg:
		if err := s.stillMember(); err != nil {
			return err
		}
		ids := make([]string, 0, len(m.refs))
		for _, r := range m.refs {
			id, err := s.resolve(r)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		s.sendWhole(ids)
		return nil
	case pingMsg, announceMsg:
		return nil
	default:
		return fmt.Errorf("%w: unexpected %s in a live session", ErrMalformed, m.kind())
	}
}

// push sends a local change of document id to the peer.
func (s *Session) push(id string) error {
	if !s.peerHas[id] {
		if err := s.stillMember(); err != nil {
			return err
		}
		if _, err := s.r.Doc(id); err != nil {
			return nil // gone again, or never ours to send
		}
		s.sendWhole([]string{id})
		return nil
	}
	ds, err := s.state(id)
	if err != nil {
		return nil
	}
	return s.answer(ds)
}

// answer sends ds's next Automerge message, if any, after re-checking the
// peer is still a member (the change may be its removal).
func (s *Session) answer(ds *docState) error {
	if err := s.stillMember(); err != nil {
		return err
	}
	s.generate(ds, false)
	s.sendSync(ds)
	return nil
}
