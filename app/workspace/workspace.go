package workspace

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/storage"
)

// Options says which data directory to open and how.
type Options struct {
	// Dir is the data directory; "" means DefaultDataDir().
	Dir string
	// Passphrase unlocks an encrypted data directory, or encrypts a new one
	// when Encrypt is set. nil for an unencrypted directory.
	Passphrase []byte
	// Encrypt asks for encryption at rest when the directory is new.
	Encrypt bool
	// Logger; nil means slog.Default().
	Logger *slog.Logger
	// Clock; nil means time.Now. Tests and the demo set it.
	Clock func() time.Time
	// CompactAfterBytes overrides the store's compaction threshold (tests).
	CompactAfterBytes int
}

// File names inside a data directory.
const (
	storeDirName  = "store"
	saltFileName  = storage.SaltFileName
	socketName    = "control.sock"
	identityKey   = "identity/seed"
	profileKey    = "identity/name"
	coopKeyPrefix = "coop/"
)

var (
	// ErrPassphraseNeeded means the data directory is encrypted and no passphrase was given.
	ErrPassphraseNeeded = errors.New("this data directory is encrypted: a passphrase is needed")
	// ErrLocked means another process (a Mutual window or `mutual serve`) holds the directory.
	ErrLocked = storage.ErrLocked
	// ErrWrongPassphrase means the passphrase does not unlock the directory.
	ErrWrongPassphrase = storage.ErrWrongPassphrase
)

// Workspace is an open data directory. Its methods are safe for concurrent use.
type Workspace struct {
	dir   string
	store *storage.Store
	log   *slog.Logger
	now   func() time.Time
	bus   bus

	mu    sync.Mutex
	me    *crdt.Identity
	coops map[string]*Coop
	sync  SyncService
}

// Encrypted reports whether dir holds an encrypted store.
func Encrypted(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, saltFileName))
	return err == nil
}

// Open opens (creating if needed) a data directory.
func Open(opts Options) (*Workspace, error) {
	dir := opts.Dir
	if dir == "" {
		dir = DefaultDataDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	key, err := encryptionKey(dir, opts)
	if err != nil {
		return nil, err
	}
	st, err := storage.Open(storage.Options{
		Dir:               filepath.Join(dir, storeDirName),
		EncryptionKey:     key,
		Logger:            log,
		Compact:           crdt.Compact,
		CompactAfterBytes: opts.CompactAfterBytes,
	})
	if err != nil {
		return nil, fmt.Errorf("open data directory %s: %w", dir, err)
	}
	w := &Workspace{dir: dir, store: st, log: log, now: opts.Clock, coops: map[string]*Coop{}}
	if w.now == nil {
		w.now = time.Now
	}
	if err := w.loadIdentity(); err != nil {
		st.Close()
		return nil, err
	}
	return w, nil
}

func encryptionKey(dir string, opts Options) ([]byte, error) {
	if !Encrypted(dir) && !opts.Encrypt {
		return nil, nil
	}
	if len(opts.Passphrase) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, ErrPassphraseNeeded)
	}
	if !Encrypted(dir) {
		if entries, _ := os.ReadDir(filepath.Join(dir, storeDirName)); len(entries) > 0 {
			return nil, fmt.Errorf("%s already holds unencrypted data; encryption can only be chosen for a new directory", dir)
		}
	}
	salt, err := storage.LoadOrCreateSalt(dir)
	if err != nil {
		return nil, fmt.Errorf("read key salt in %s: %w", dir, err)
	}
	return storage.DeriveKey(opts.Passphrase, salt), nil
}

// Close flushes and closes the data directory.
func (w *Workspace) Close() error { return w.store.Close() }

// Dir is the data directory.
func (w *Workspace) Dir() string { return w.dir }

// SocketPath is where a running Mutual listens for command-line requests.
func (w *Workspace) SocketPath() string { return SocketPath(w.dir) }

// SocketPath is the control socket of the data directory dir.
func SocketPath(dir string) string { return filepath.Join(dir, socketName) }

// Store exposes the store to wiring code (sync keeps peer state in it).
func (w *Workspace) Store() *storage.Store { return w.store }

// Logger is the workspace's logger.
func (w *Workspace) Logger() *slog.Logger { return w.log }

// Now is the workspace clock.
func (w *Workspace) Now() time.Time { return w.now() }

func (w *Workspace) loadIdentity() error {
	seed, err := w.store.Get(identityKey)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read identity: %w", err)
	}
	id, err := crdt.IdentityFromSeed(seed)
	if err != nil {
		return fmt.Errorf("read identity: %w", err)
	}
	w.me = id
	return nil
}

// Identity is this device's identity, or ErrNoIdentity before init.
func (w *Workspace) Identity() (*crdt.Identity, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.me == nil {
		return nil, ErrNoIdentity
	}
	return w.me, nil
}

// Me is this member's ID ("" before init).
func (w *Workspace) Me() MemberID {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.me == nil {
		return ""
	}
	return w.me.Member()
}

// MyName is the display name chosen at init or join.
func (w *Workspace) MyName() string {
	b, err := w.store.Get(profileKey)
	if err != nil {
		return ""
	}
	return string(b)
}

// EnsureIdentity creates the device identity on first use and records the
// member's display name.
func (w *Workspace) EnsureIdentity(name string) (*crdt.Identity, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if name != "" {
		if err := w.store.Put(profileKey, []byte(name)); err != nil {
			return nil, fmt.Errorf("save name: %w", err)
		}
	}
	if w.me != nil {
		return w.me, nil
	}
	id, err := crdt.NewIdentity()
	if err != nil {
		return nil, err
	}
	if err := w.store.Put(identityKey, id.Seed()); err != nil {
		return nil, fmt.Errorf("save identity: %w", err)
	}
	w.me = id
	return id, nil
}
