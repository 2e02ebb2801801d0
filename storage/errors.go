package storage

import "errors"

// Sentinel errors. Functions wrap them with context (key, directory, reason);
// test with errors.Is.
var (
	ErrNotFound        = errors.New("not found")
	ErrLocked          = errors.New("data directory is in use by another process")
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrCorrupt         = errors.New("stored value is corrupt")
	ErrInvalidArgument = errors.New("invalid argument")
	ErrClosed          = errors.New("store is closed")
	// ErrNoCompactor is returned by CompactNow when Options.Compact is nil.
	ErrNoCompactor = errors.New("compaction is disabled (Options.Compact is nil)")
)
