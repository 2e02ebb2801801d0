// Package storage keeps Mutual's data on the member's own disk, in Badger v4.
//
// It stores opaque bytes plus metadata and knows nothing of Automerge, Fyne or
// libp2p. Two areas share one Badger database:
//
//   - Documents: a full snapshot, the incremental changes appended since that
//     snapshot, and a small metadata record used for listings. Compaction folds
//     increments back into the snapshot with a caller-supplied function.
//   - A small key-value area (identity key, settings, per-peer sync state ...).
//
// Key layout (all keys are ASCII prefixes followed by caller names):
//
//	snap/<coop>/<id>                 snapshot bytes
//	inc/<coop>/<id>/<seq uint64 BE>  one increment; big-endian so keys sort in append order
//	meta/<coop>/<id>                 metadata record (listings read only this prefix)
//	kv/<key>                         key-value area
//
// Every value carries a 5-byte header (format version + CRC-32C of the payload)
// so that a damaged value is reported as ErrCorrupt naming its key instead of
// being handed to the caller, or crashing a decoder.
//
// Every write returns only once it is fsynced (Badger SyncWrites), so an
// acknowledged write survives kill -9 and power loss. Concurrent AppendChange
// calls share one transaction and one sync (see appends.go).
//
// Each metadata record holds the live increment range [FirstSeq, NextSeq).
// Replacing a snapshot or compacting moves FirstSeq forward in the same
// transaction that writes the new snapshot, so the change is atomic however
// many increment keys must be physically deleted; keys below FirstSeq are
// never read and are swept in follow-up transactions if one transaction cannot
// hold all the deletions.
package storage
