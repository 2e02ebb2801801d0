package storage

import (
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"os"
	"strings"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// Store is a Badger-backed document and key-value store. All methods are safe
// for concurrent use.
type Store struct {
	db  *badger.DB
	log *slog.Logger

	compactFn    func(snapshot []byte, increments [][]byte) ([]byte, error)
	compactAfter uint64

	// docLocks serialise read-modify-write transactions on one document
	// (striped by hash), so they never hit Badger's conflict errors.
	docLocks [64]sync.Mutex
	seed     maphash.Seed

	// appends groups concurrent AppendChange calls into one commit.
	appends appendQueue
	// batchHook, if set (tests only, before use), sees each commit's batch size.
	batchHook func(size int)

	// compactMu allows one compaction at a time per store.
	compactMu sync.Mutex
	pendingMu sync.Mutex
	pending   []docRef
	queued    map[docRef]bool
	wake      chan struct{}

	// closeMu is held shared by every operation and exclusively by Close, so
	// Close waits for operations in flight and Badger is never used after
	// it is closed. Operations never take it twice (no nested RLock).
	closeMu   sync.RWMutex
	closed    bool
	stop      chan struct{}
	workers   sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

type docRef struct{ coop, id string }

// Open opens (creating if needed) the store described by opts. A directory
// held by another process (or another Store in this process) gives an error
// wrapping ErrLocked; a key that does not match the one the directory was
// created with gives one wrapping ErrWrongPassphrase.
func Open(opts Options) (*Store, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With("component", "storage")
	if !opts.InMemory {
		if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("storage: create data directory: %w", err)
		}
	}
	db, err := openBadger(badgerOptions(opts, log))
	if err != nil {
		return nil, classifyOpenError(opts.Dir, err)
	}
	s := &Store{
		db:           db,
		log:          log,
		compactFn:    opts.Compact,
		compactAfter: uint64(opts.CompactAfterBytes),
		seed:         maphash.MakeSeed(),
		queued:       make(map[docRef]bool),
		wake:         make(chan struct{}, 1),
		stop:         make(chan struct{}),
	}
	if s.compactAfter == 0 {
		s.compactAfter = DefaultCompactAfterBytes
	}
	if s.compactFn != nil {
		s.workers.Add(1)
		go s.compactionWorker()
	}
	if !opts.InMemory {
		s.workers.Add(1)
		go s.valueLogGCLoop()
	}
	return s, nil
}

// openBadger turns a panic inside Badger (it has some for damaged files)
// into an error.
func openBadger(bo badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: badger panicked while opening: %v", ErrCorrupt, r)
		}
	}()
	return badger.Open(bo)
}

// lockMessage is how Badger reports a held directory lock. It formats the
// underlying error with %v, so errors.Is cannot see it; TestOpenLocked*
// catch a change of wording on upgrade.
const lockMessage = "Cannot acquire directory lock"

func classifyOpenError(dir string, err error) error {
	switch {
	case strings.Contains(err.Error(), lockMessage):
		return fmt.Errorf("storage: open %s: %w", dir, ErrLocked)
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		return fmt.Errorf("storage: open %s: %w (the encryption key does not match this data)", dir, ErrWrongPassphrase)
	default:
		return fmt.Errorf("storage: open %s: %w", dir, err)
	}
}

// Close stops background work (waiting for a running compaction to finish),
// waits for operations in flight and closes Badger. Later calls return the
// first call's result; other methods then return ErrClosed.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		s.workers.Wait()
		s.closeMu.Lock()
		defer s.closeMu.Unlock()
		s.closed = true
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("storage: close: %w", err)
		}
	})
	return s.closeErr
}

// begin marks an operation in flight; call the returned function when done.
func (s *Store) begin() (func(), error) {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return nil, ErrClosed
	}
	return s.closeMu.RUnlock, nil
}

func (s *Store) lockDoc(coop, id string) func() {
	mu := &s.docLocks[s.stripe(coop, id)]
	mu.Lock()
	return mu.Unlock
}

func (s *Store) stripe(coop, id string) int {
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString(coop)
	h.WriteByte('/')
	h.WriteString(id)
	return int(h.Sum64() % uint64(len(s.docLocks)))
}
