package crdt

import (
	"fmt"

	"github.com/automerge/automerge-go"
)

// SyncState is the Automerge sync protocol's state for one document and one
// peer. sync/ keeps it in storage between sessions so a reconnect only
// exchanges what changed.
type SyncState struct {
	d  *Doc
	ss *automerge.SyncState
}

// NewSyncState starts a fresh sync with a peer.
func (d *Doc) NewSyncState() *SyncState {
	return &SyncState{d: d, ss: automerge.NewSyncState(d.am)}
}

// LoadSyncState resumes a saved sync state; a corrupt one starts afresh,
// since the protocol recovers from any state at the cost of a round trip.
func (d *Doc) LoadSyncState(b []byte) *SyncState {
	ss, err := automerge.LoadSyncState(d.am, b)
	if err != nil {
		return d.NewSyncState()
	}
	return &SyncState{d: d, ss: ss}
}

// Generate returns the next message for the peer, or ok=false when there is
// nothing to send.
func (s *SyncState) Generate() (msg []byte, ok bool) {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	defer func() {
		if recover() != nil {
			msg, ok = nil, false
		}
	}()
	s.ss.Doc = s.d.am // a rollback may have replaced the document
	m, valid := s.ss.GenerateMessage()
	if !valid {
		return nil, false
	}
	return m.Bytes(), true
}

// Receive applies a message from the peer. Changes that would alter the
// document's identity are refused and the document is left as it was.
func (s *SyncState) Receive(msg []byte) error {
	err := s.d.guardHeader(func() error {
		s.ss.Doc = s.d.am
		_, err := s.ss.ReceiveMessage(msg)
		return err
	})
	if err != nil {
		// The state may now believe it holds the refused changes: start over.
		s.ss = automerge.NewSyncState(s.d.am)
		return fmt.Errorf("sync message for %s: %w", s.d.id, err)
	}
	return nil
}

// Save encodes the state to keep between sessions.
func (s *SyncState) Save() (b []byte) {
	defer func() {
		if recover() != nil {
			b = nil
		}
	}()
	return s.ss.Save()
}
