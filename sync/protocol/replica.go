package protocol

import "github.com/mutual-coop/mutual/crdt"

// DocHeads is one document's ID with its heads, sorted.
type DocHeads struct {
	ID    string
	Heads []string
}

// Replica is one co-op's documents as seen by sync. The workspace implements
// it over storage; MemReplica implements it in memory. Every method must be
// safe for concurrent use: several sessions (one per peer) share a replica.
type Replica interface {
	// Coop is the co-op ID; the roster document has this ID.
	Coop() string
	// Roster is the current membership. The roster document is itself
	// synced like any other, so the answer can change during a session.
	Roster() (*crdt.RosterView, error)
	// Summary lists every document ID with its sorted heads. It should be
	// cheap (from an index, without loading documents): every session
	// starts with it.
	Summary() ([]DocHeads, error)
	// Doc is the live document; an error wrapping ErrUnknownDoc when absent.
	// It must return the same *crdt.Doc for the same ID while the document
	// is held, since sync states are bound to it.
	Doc(id string) (*crdt.Doc, error)
	// PutDoc stores a document received whole that the replica did not
	// hold. The protocol has validated it (loads, same co-op, ID as
	// announced); when the replica already holds the ID the protocol merges
	// into the held document and calls Changed instead.
	PutDoc(d *crdt.Doc) error
	// Changed is called after remote sync messages (or a merged whole copy)
	// changed d: persist it (e.g. SaveIncremental) and notify the UI.
	Changed(id string, d *crdt.Doc) error
	// SyncState is the saved Automerge sync state for (peer, doc), or nil.
	SyncState(peer crdt.MemberID, id string) []byte
	// SaveSyncState keeps the Automerge sync state for (peer, doc).
	SaveSyncState(peer crdt.MemberID, id string, b []byte) error
	// Subscribe delivers IDs of documents changed in this replica — by the
	// user, or by another session's Changed/PutDoc, so that an always-on
	// node passes edits on between members — for live push. The channel is
	// buffered; an implementation may drop IDs only if a later resync
	// repairs it. cancel stops delivery and must be called once.
	Subscribe() (changes <-chan string, cancel func())
}

// DocBytesSource is optionally implemented by a Replica that keeps documents'
// saved bytes (storage does): whole-document transfers then send those bytes
// rather than paying for a fresh Automerge Save of each document.
type DocBytesSource interface {
	// DocBytes returns bytes that crdt.Load opens as the document (a
	// snapshot, optionally followed by incremental changes).
	DocBytes(id string) ([]byte, error)
}

// IdentitySource is optionally implemented by a Replica that knows the local
// device's identity; documents received whole are then opened with it so the
// user can edit them. Options.Identity takes precedence.
type IdentitySource interface {
	Identity() *crdt.Identity
}
