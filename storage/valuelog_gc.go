package storage

import (
	"errors"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Badger never reclaims value-log space by itself. Only snapshots of at
// least valueThreshold bytes live there, and each compaction or PutDoc makes
// the previous one garbage, so a slow periodic pass is enough.
const (
	valueLogGCInterval = 10 * time.Minute
	// valueLogGCRatio: rewrite a file once half of it is garbage.
	valueLogGCRatio = 0.5
	// valueLogGCMaxFiles bounds one pass (each call rewrites at most one file).
	valueLogGCMaxFiles = 8
)

func (s *Store) valueLogGCLoop() {
	defer s.workers.Done()
	t := time.NewTicker(valueLogGCInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.collectValueLog()
		}
	}
}

func (s *Store) collectValueLog() {
	done, err := s.begin()
	if err != nil {
		return
	}
	defer done()
	for range valueLogGCMaxFiles {
		select {
		case <-s.stop:
			return
		default:
		}
		if err := s.db.RunValueLogGC(valueLogGCRatio); err != nil {
			if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
				s.log.Warn("value log garbage collection failed", "err", err)
			}
			return
		}
	}
}
