package protocol

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Session is one peer session: the initial sync, then (if both sides asked
// for it) live pushes. It is driven by a single goroutine; per-document work
// fans out to a pool.
type Session struct {
	r         Replica
	opts      Options
	log       *slog.Logger
	coop      string
	local     crdt.MemberID
	remote    crdt.MemberID
	initiator bool
	me        *crdt.Identity
	c         *conn
	pool      *pool

	sum      *summary
	peer     helloMsg
	phase    phase
	bits     uint8
	table    []string // the ref table: the initiator's LIST entries, in order
	tableIdx map[string]int
	peerList []listEntry // responder: the initiator's LIST entries

	docs    map[string]*docState
	peerHas map[string]bool // documents the peer holds (live: push whole otherwise)

	mu        sync.Mutex // guards what workers record
	sentDocs  map[string]bool
	recvDocs  map[string]bool
	docsDone  int
	docsTotal int

	paySent, payRecv   int64
	legsSent, legsRecv int
	roundTrips         int
	rosterHeads        [8]byte
	lastProgress       time.Time
}

type phase int

const (
	phaseHello phase = iota // awaiting the peer's HELLO
	phaseList               // responder: awaiting DIFF and LIST
	phaseSync               // Automerge messages, whole documents, wants
)

// RunSession runs one peer session over s until the initial sync is done
// (Options.Live false, or the peer does not want live), ctx ends, or the
// stream fails. initiator is the dialing side. The caller has checked that
// remote is an active member; RunSession checks again, from the replica's
// roster, and returns ErrNotMember before sending anything. It closes s.
//
// A context ending during the live phase is a normal end (nil error); during
// the initial sync it returns the context's error.
func RunSession(ctx context.Context, s Stream, r Replica, local crdt.MemberID, remote crdt.MemberID, initiator bool, opts Options) (Stats, error) {
	opts = opts.withDefaults()
	sess := &Session{
		r: r, opts: opts, coop: r.Coop(), local: local, remote: remote, initiator: initiator,
		me:       opts.Identity,
		pool:     newPool(),
		tableIdx: map[string]int{},
		docs:     map[string]*docState{},
		peerHas:  map[string]bool{},
		sentDocs: map[string]bool{},
		recvDocs: map[string]bool{},
	}
	sess.log = opts.Logger.With("coop", shortID(sess.coop), "peer", remote.Short(), "initiator", initiator)
	if sess.me == nil {
		if src, ok := r.(IdentitySource); ok {
			sess.me = src.Identity()
		}
	}
	start := time.Now()
	err := sess.run(ctx, s)
	st := sess.stats()
	st.Duration = time.Since(start)
	if err != nil {
		sess.log.Warn("sync session ended", "err", err, "sent", st.BytesSent, "received", st.BytesReceived)
	} else {
		sess.log.Debug("sync session done", "docsSent", st.DocsSent, "docsReceived", st.DocsReceived,
			"roundTrips", st.RoundTrips, "duration", st.Duration)
	}
	return st, err
}

func (s *Session) run(ctx context.Context, st Stream) error {
	if err := ctx.Err(); err != nil {
		_ = st.Close()
		return err
	}
	// Defence in depth: the caller's gate may have used an older roster.
	// Nothing, not even a HELLO, is sent to a non-member.
	if err := s.checkMember(); err != nil {
		_ = st.Close()
		return err
	}
	changes, cancel := s.r.Subscribe() // before Summary: no change falls between
	defer cancel()
	list, err := s.r.Summary()
	if err != nil {
		_ = st.Close()
		return fmt.Errorf("read summary: %w", err)
	}
	s.sum = newSummary(list)
	s.c = newConn(st, s.opts.MaxFrame, s.opts.ReadTimeout)
	// Ending ctx during the initial sync tears the stream down; the live
	// phase watches ctx itself and closes cleanly.
	stop := context.AfterFunc(ctx, s.c.abort)
	err = s.initial()
	aborted := !stop()
	s.saveStates()
	if err != nil || aborted {
		s.c.abort()
		if ctx.Err() != nil {
			return fmt.Errorf("initial sync interrupted: %w", ctx.Err())
		}
		return err
	}
	s.progress(true)
	if !s.opts.Live || !s.peer.live {
		return s.c.finish()
	}
	err = s.live(ctx, changes)
	s.saveStates()
	if err != nil {
		s.c.abort()
		return err
	}
	return s.c.finish()
}

// checkMember re-reads the roster: the remote must be an active member.
func (s *Session) checkMember() error {
	v, err := s.r.Roster()
	if err != nil {
		return fmt.Errorf("read roster: %w", err)
	}
	if !v.IsActive(s.remote) {
		return fmt.Errorf("member %s: %w", s.remote.Short(), ErrNotMember)
	}
	if d, err := s.r.Doc(s.coop); err == nil {
		s.rosterHeads = headsHash(d.Heads())
	}
	return nil
}

// stillMember re-checks membership when the roster changed since the last
// check (cheap otherwise): a member removed mid-session gets nothing more.
func (s *Session) stillMember() error {
	d, err := s.r.Doc(s.coop)
	if err != nil {
		return fmt.Errorf("read roster: %w", err)
	}
	if headsHash(d.Heads()) == s.rosterHeads {
		return nil
	}
	return s.checkMember()
}

func (s *Session) stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{DocsSent: len(s.sentDocs), DocsReceived: len(s.recvDocs), RoundTrips: s.roundTrips,
		PayloadBytesSent: s.paySent, PayloadBytesReceived: s.payRecv}
	if s.c != nil {
		st.BytesSent, st.BytesReceived = s.c.sent.Load(), s.c.recv.Load()
	}
	return st
}

// progress emits a Progress event, at most every ProgressEvery unless final.
func (s *Session) progress(final bool) {
	if s.opts.Progress == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(s.lastProgress) < s.opts.ProgressEvery {
		return
	}
	s.lastProgress = now
	s.mu.Lock()
	p := Progress{Coop: s.coop, Peer: s.remote, DocsDone: s.docsDone, DocsTotal: max(s.docsTotal, s.docsDone), Done: final}
	s.mu.Unlock()
	if s.c != nil {
		p.BytesSent, p.BytesReceived = s.c.sent.Load(), s.c.recv.Load()
	}
	s.opts.Progress(p)
}

func (s *Session) noteSent(id string, payload int) {
	s.mu.Lock()
	s.paySent += int64(payload)
	s.sentDocs[id] = true
	s.mu.Unlock()
}

func (s *Session) noteReceived(id string, done bool) {
	s.mu.Lock()
	s.recvDocs[id] = true
	if done {
		s.docsDone++
	}
	s.mu.Unlock()
}

func (s *Session) notePayload(n int) {
	s.mu.Lock()
	s.payRecv += int64(n)
	s.mu.Unlock()
}

func (s *Session) addTotal(n int) {
	s.mu.Lock()
	s.docsTotal += n
	s.mu.Unlock()
}

func (s *Session) addDone(n int) {
	s.mu.Lock()
	s.docsDone += n
	s.mu.Unlock()
}

// logErrs logs per-document failures: a document that fails (a hostile or
// broken peer's) is skipped, the session goes on.
func (s *Session) logErrs(errs []error) {
	for _, err := range errs {
		if errors.Is(err, ErrRefusedDoc) {
			s.log.Error("refused a document from peer", "err", err)
		} else {
			s.log.Warn("document not synced", "err", err)
		}
	}
}

func shortID(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}
