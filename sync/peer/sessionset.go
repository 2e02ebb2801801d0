package peer

import (
	"context"
	"sync"

	"github.com/mutual-coop/mutual/crdt"
)

// sessionKey names the sessions with one member about one co-op.
type sessionKey struct {
	coop string
	peer crdt.MemberID
}

// sessionSet tracks running sessions so that a membership change can end
// those with a member who was just removed, and so that only one automatic
// live session per (co-op, peer) is kept going from this side.
type sessionSet struct {
	mu      sync.Mutex
	next    uint64
	running map[sessionKey]map[uint64]context.CancelFunc
	loops   map[sessionKey]bool
	oneOff  map[sessionKey]int // one-off sessions (sync --once, join) about to run
}

func newSessionSet() *sessionSet {
	return &sessionSet{
		running: map[sessionKey]map[uint64]context.CancelFunc{},
		loops:   map[sessionKey]bool{},
		oneOff:  map[sessionKey]int{},
	}
}

// holdForOneOff marks that a one-off session for k is about to run, from
// before its connection opens, so the live loop waits for it instead of
// syncing everything a second time from the same empty state; the returned
// func clears the mark.
func (s *sessionSet) holdForOneOff(k sessionKey) (release func()) {
	s.mu.Lock()
	s.oneOff[k]++
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.oneOff[k]--; s.oneOff[k] <= 0 {
			delete(s.oneOff, k)
		}
	}
}

// busy reports whether a session for k runs (either direction) or a
// one-off one is about to.
func (s *sessionSet) busy(k sessionKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.running[k]) > 0 || s.oneOff[k] > 0
}

// add registers a running session; the returned func unregisters it.
func (s *sessionSet) add(k sessionKey, cancel context.CancelFunc) (remove func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	id := s.next
	if s.running[k] == nil {
		s.running[k] = map[uint64]context.CancelFunc{}
	}
	s.running[k][id] = cancel
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.running[k], id)
		if len(s.running[k]) == 0 {
			delete(s.running, k)
		}
	}
}

// cancelIf cancels every session whose key matches drop.
func (s *sessionSet) cancelIf(drop func(sessionKey) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, m := range s.running {
		if !drop(k) {
			continue
		}
		for _, cancel := range m {
			cancel()
			n++
		}
	}
	return n
}

// count is the number of running sessions for k.
func (s *sessionSet) count(k sessionKey) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.running[k])
}

// claimLoop marks that this side runs the automatic session loop for k;
// false if one already runs.
func (s *sessionSet) claimLoop(k sessionKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loops[k] {
		return false
	}
	s.loops[k] = true
	return true
}

func (s *sessionSet) releaseLoop(k sessionKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.loops, k)
}
