package storage

import (
	"fmt"
	"log/slog"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// DefaultCompactAfterBytes is used when Options.CompactAfterBytes is 0.
//
// 64 KiB is roughly 300 typical edits of ~200 bytes. Loading a document costs
// one parse per stored increment, so unbounded increments make opening a
// document slower every day; compacting costs one load+save of the whole
// document (milliseconds for co-op sized documents) and at this threshold runs
// at most once per few hundred edits. It also keeps the number of increment
// keys a compaction deletes far below what one Badger transaction can hold.
const DefaultCompactAfterBytes = 64 << 10

// EncryptionKeySize is the only key length accepted (AES-256).
const EncryptionKeySize = 32

// Options configures Open.
type Options struct {
	// Dir is the Badger data directory; it is created (0700) if missing.
	// Must be "" when InMemory is set.
	Dir string
	// InMemory keeps everything in memory (tests). Nothing is durable.
	InMemory bool
	// EncryptionKey enables Badger's AES encryption at rest when non-nil; it
	// must be EncryptionKeySize bytes (see DeriveKey).
	EncryptionKey []byte
	// Logger receives Badger's warnings and errors and the store's own
	// messages. nil means slog.Default().
	Logger *slog.Logger
	// Compact merges a snapshot and its increments into one new snapshot. The
	// snapshot is nil for a document that was only ever appended to. It runs
	// without store locks held but must not call back into the Store. nil
	// disables compaction.
	Compact func(snapshot []byte, increments [][]byte) ([]byte, error)
	// CompactAfterBytes is the total increment size of one document that
	// schedules a background compaction; 0 means DefaultCompactAfterBytes.
	CompactAfterBytes int
}

func (o *Options) validate() error {
	switch {
	case o.InMemory && o.Dir != "":
		return fmt.Errorf("storage: Options.Dir must be empty with InMemory: %w", ErrInvalidArgument)
	case !o.InMemory && o.Dir == "":
		return fmt.Errorf("storage: Options.Dir is required unless InMemory: %w", ErrInvalidArgument)
	case o.EncryptionKey != nil && len(o.EncryptionKey) != EncryptionKeySize:
		return fmt.Errorf("storage: encryption key must be %d bytes, got %d: %w",
			EncryptionKeySize, len(o.EncryptionKey), ErrInvalidArgument)
	case o.CompactAfterBytes < 0:
		return fmt.Errorf("storage: CompactAfterBytes must not be negative: %w", ErrInvalidArgument)
	}
	return nil
}

// Badger tuning. Badger's defaults target servers (64 MiB memtables x5,
// 256 MiB block cache, 1 GiB value-log files); a desktop app holding a few
// co-ops' documents needs a fraction of that, and the goal is an idle store
// with 10,000 documents under 150 MB RSS.
const (
	// Memtables are preallocated arenas: 2 x 8 MiB. Edits are a few hundred
	// bytes, so 8 MiB still absorbs tens of thousands of edits per flush.
	// Badger caps one transaction at 15% of this (1.2 MiB of inline data).
	memTableSize = 8 << 20
	numMemtables = 2
	// Only values of at least this size go to the value log. Increments,
	// metadata, KV entries and most snapshots stay inline in the LSM tree, so
	// an edit writes only the memtable WAL and listings never touch the value
	// log. Big
	// snapshots go to the value log so LSM compaction does not rewrite them at
	// every level; the periodic value-log GC (valuelog_gc.go) reclaims the
	// space of replaced ones.
	valueThreshold = 64 << 10
	// Value-log files are mmapped; 64 MiB files keep address space and GC
	// rewrite units small (only touched pages count toward RSS).
	valueLogFileSize = 64 << 20
	// Caches fill only as data is read. 8 MiB of blocks covers the metadata
	// index of ~10k documents plus recently opened documents; the index cache
	// (required by Badger when encrypting) holds every table index of a store
	// far larger than the 10k-document goal (~5% of table bytes).
	blockCacheSize = 8 << 20
	indexCacheSize = 8 << 20
	// Two compactors is Badger's minimum for a healthy LSM and matches the
	// 2-core machines this runs on.
	numCompactors = 2
)

func badgerOptions(o Options, log *slog.Logger) badger.Options {
	bo := badger.DefaultOptions(o.Dir).
		WithInMemory(o.InMemory).
		// Acknowledged means fsynced: Badger syncs the WAL before Commit
		// returns and groups concurrent commits into one write batch.
		WithSyncWrites(true).
		WithMemTableSize(memTableSize).
		WithNumMemtables(numMemtables).
		WithValueThreshold(valueThreshold).
		WithValueLogFileSize(valueLogFileSize).
		WithBlockCacheSize(blockCacheSize).
		WithIndexCacheSize(indexCacheSize).
		WithNumCompactors(numCompactors).
		// Badger uses NumGoroutines only for its Stream framework.
		WithNumGoroutines(2).
		// Expvar metrics cost CPU on every operation and nobody reads them.
		WithMetricsEnabled(false).
		// Snappy is cheap and compresses metadata and text-heavy values well.
		WithCompression(options.Snappy).
		WithLogger(badgerLogger{log: log})
	if o.InMemory {
		// In-memory Badger keeps every value in the LSM tree and rejects
		// values above the threshold, so allow the largest legal one
		// (it must stay below 15% of the memtable).
		bo = bo.WithValueThreshold(1 << 20)
	}
	if o.EncryptionKey != nil {
		bo = bo.WithEncryptionKey(o.EncryptionKey)
	}
	return bo
}
