package crdt

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/automerge/automerge-go"
)

// Kind is what a document is.
type Kind string

// The document kinds. Each is its own Automerge document.
const (
	KindRoster    Kind = "roster"
	KindProposal  Kind = "proposal"
	KindSchedule  Kind = "schedule"
	KindAgreement Kind = "agreement"
	KindMeeting   Kind = "meeting"
)

// Kinds lists every kind, in the order the app shows them.
var Kinds = []Kind{KindProposal, KindSchedule, KindAgreement, KindMeeting, KindRoster}

// ParseKind checks a kind named by a user or a peer.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown document kind %q (want proposal, schedule, agreement, meeting or roster): %w", s, ErrInvalid)
}

// SchemaVersion is the version of docs/SCHEMA.md this code writes. Documents
// with a higher version are refused rather than misread.
const SchemaVersion = 1

// Header is what every Mutual document carries at its root.
type Header struct {
	ID        string    `json:"id"`
	Coop      string    `json:"coop"`
	Kind      Kind      `json:"kind"`
	Schema    int       `json:"schema"`
	Title     string    `json:"title"`
	CreatedBy MemberID  `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

// Doc is one Mutual document: an Automerge document plus the identity that
// signs and authors local changes. Its methods are safe for concurrent use.
type Doc struct {
	mu sync.Mutex
	am *automerge.Doc
	me *Identity
	// now is written holding both mu and clockMu and read holding either,
	// so Now works inside a change callback, which holds mu.
	clockMu sync.Mutex
	now     func() time.Time
	// saved are the heads at the last Save or SaveIncremental (nil: none
	// yet); forked says a rollback replaced am since, so am's own idea of
	// what was saved is gone and the next increment is computed from saved.
	saved  []automerge.ChangeHash
	forked bool
	// received are the bytes a document received whole was loaded from,
	// kept until stored (TakeReceived) so they need not be saved again.
	received []byte
	// fromSaved computes increments from saved instead of automerge's own
	// record of what was saved, which after a load covers nothing (and
	// resetting it would serialise the whole history once more).
	fromSaved bool
	id        string
	kind      Kind
	coop      string
	// genesis is the actor of the first change (the creator), found once.
	genesis MemberID
	// restored lists records that merges removed and were put back.
	restored restoredLog
}

// newDoc creates a document of kind with a fresh ID, authored by me.
func newDoc(kind Kind, id, coop, title string, me *Identity, now time.Time) (*Doc, error) {
	if me == nil {
		return nil, ErrReadOnly
	}
	d := &Doc{am: automerge.New(), me: me, now: time.Now, id: id, kind: kind, coop: coop}
	if err := d.am.SetActorID(string(me.Member())); err != nil {
		return nil, fmt.Errorf("set actor: %w", err)
	}
	d.now = func() time.Time { return now }
	err := d.change("create "+string(kind), func(root *automerge.Map) error {
		for k, v := range map[string]any{
			"id": id, "coop": coop, "kind": string(kind), "schema": int64(SchemaVersion),
			"createdBy": string(me.Member()), "createdAt": now.UnixMilli(),
		} {
			if err := root.Set(k, v); err != nil {
				return err
			}
		}
		if err := setText(root, "title", title); err != nil {
			return err
		}
		// Every kind may hold comments. The map is made with the document:
		// two replicas that each made it for their first comment would hide
		// one another's.
		return initComments(root)
	})
	d.now = time.Now
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Load opens saved bytes (a standard Automerge document, optionally followed
// by incremental changes) as a Mutual document. me may be nil to open it
// read-only.
func Load(b []byte, me *Identity) (d *Doc, err error) {
	defer recoverInto(&err)
	am, err := automerge.Load(b)
	if err != nil {
		return nil, fmt.Errorf("%w: not an Automerge document: %v", ErrMalformed, err)
	}
	return wrapDoc(am, me)
}

func wrapDoc(am *automerge.Doc, me *Identity) (*Doc, error) {
	d := &Doc{am: am, me: me, now: time.Now, saved: am.Heads()}
	h, err := readHeader(am.RootMap())
	if err != nil {
		return nil, err
	}
	d.id, d.kind, d.coop = h.ID, h.Kind, h.Coop
	if me != nil {
		if err := am.SetActorID(string(me.Member())); err != nil {
			return nil, fmt.Errorf("set actor: %w", err)
		}
	}
	return d, nil
}

func readHeader(root *automerge.Map) (Header, error) {
	var r reader
	kind := r.str(root, "kind")
	h := Header{
		ID:        r.str(root, "id"),
		Coop:      r.str(root, "coop"),
		Kind:      Kind(kind),
		Schema:    int(r.int(root, "schema")),
		Title:     r.str(root, "title"),
		CreatedBy: MemberID(r.str(root, "createdBy")),
		CreatedAt: r.millis(root, "createdAt"),
	}
	if r.err != nil {
		return Header{}, fmt.Errorf("%w: %w", ErrNotMutual, r.err)
	}
	if h.ID == "" || kind == "" {
		return Header{}, fmt.Errorf("%w: no id or kind at the root", ErrNotMutual)
	}
	if !ValidID(h.ID) || !ValidID(h.Coop) {
		return Header{}, fmt.Errorf("%w: the document or co-op ID at the root is not a Mutual ID", ErrNotMutual)
	}
	if _, err := ParseKind(kind); err != nil {
		return Header{}, fmt.Errorf("%w: %w", ErrNotMutual, err)
	}
	if h.Schema > SchemaVersion {
		return Header{}, fmt.Errorf("schema %d: %w", h.Schema, ErrNewerSchema)
	}
	return h, nil
}

// recoverInto turns a panic inside automerge-go (it panics on some C errors)
// into ErrMalformed, so a hostile document cannot crash the app.
func recoverInto(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: automerge: %v", ErrMalformed, r)
	}
}

// ID is the document's stable ID.
func (d *Doc) ID() string { return d.id }

// Kind is the document's kind.
func (d *Doc) Kind() Kind { return d.kind }

// Coop is the ID of the co-op the document belongs to.
func (d *Doc) Coop() string { return d.coop }

// Me is the identity authoring local changes (nil when read-only).
func (d *Doc) Me() *Identity { return d.me }

// SetClock replaces the clock used for change and record times (tests, demo).
func (d *Doc) SetClock(now func() time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clockMu.Lock()
	defer d.clockMu.Unlock()
	d.now = now
}

// Now is the document's clock. It may be called inside a change.
func (d *Doc) Now() time.Time {
	d.clockMu.Lock()
	defer d.clockMu.Unlock()
	return d.now()
}

// Header reads the common root fields.
func (d *Doc) Header() (h Header, err error) {
	err = d.read(func(root *automerge.Map) error {
		h, err = readHeader(root)
		return err
	})
	return h, err
}

// Title is the document's current title.
func (d *Doc) Title() string {
	h, err := d.Header()
	if err != nil {
		return ""
	}
	return h.Title
}

// SetTitle renames the document.
func (d *Doc) SetTitle(title string) error {
	if title == "" {
		return fmt.Errorf("title is empty: %w", ErrInvalid)
	}
	return d.change("retitle", func(root *automerge.Map) error {
		return setText(root, "title", title)
	})
}

// read runs fn on the root under the lock, turning automerge panics into errors.
func (d *Doc) read(fn func(root *automerge.Map) error) (err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer recoverInto(&err)
	return fn(d.am.RootMap())
}

// change runs fn on the root and commits it as one change with msg. When fn
// fails, the document is put back at the heads it had (a fork at them):
// validation errors change nothing, and the next SaveIncremental still holds
// only what was not saved before.
func (d *Doc) change(msg string, fn func(root *automerge.Map) error) (err error) {
	if d.me == nil {
		return ErrReadOnly
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	before := d.am.Heads()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: automerge: %v", ErrMalformed, r)
		}
		if err != nil {
			d.rollback(before)
		}
	}()
	if err := fn(d.am.RootMap()); err != nil {
		return err
	}
	now := d.now()
	if _, err := d.am.Commit(msg, automerge.CommitOptions{Time: &now}); err != nil {
		if err.Error() == emptyCommit {
			return nil // setting a value to what it already is: nothing to record
		}
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// emptyCommit is how automerge-go refuses to commit a change without
// operations (it formats the error, so only the text identifies it).
const emptyCommit = "Commit is empty"

// rollback drops uncommitted operations by forking at the heads before them.
// Callers hold d.mu.
func (d *Doc) rollback(heads []automerge.ChangeHash) {
	forked, err := d.am.Fork(heads...)
	if err != nil {
		return
	}
	if d.me != nil {
		_ = forked.SetActorID(string(d.me.Member()))
	}
	// The fork counts everything as unsaved; the next increment is
	// computed from the heads last saved instead.
	_ = forked.SaveIncremental()
	d.am = forked
	d.forked = true
}

// Save returns the whole document, compacted: a standard Automerge file.
func (d *Doc) Save() (b []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer func() {
		if recover() != nil {
			b = nil
		}
	}()
	b = d.am.Save()
	d.saved, d.forked, d.fromSaved = d.am.Heads(), false, false
	return b
}

// SaveIncremental returns the changes made since the last Save or
// SaveIncremental; appended to saved bytes they load as the whole document.
func (d *Doc) SaveIncremental() (b []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer func() {
		if recover() != nil {
			b = nil
		}
	}()
	if d.forked || d.fromSaved {
		chs, err := d.am.Changes(d.saved...)
		if err != nil {
			return nil
		}
		if !d.fromSaved {
			_ = d.am.SaveIncremental()
		}
		b = automerge.SaveChanges(chs)
	} else {
		b = d.am.SaveIncremental()
	}
	d.saved, d.forked = d.am.Heads(), false
	return b
}

// Heads are the hashes of the document's latest changes, sorted.
func (d *Doc) Heads() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return headStrings(d.am.Heads())
}

func headStrings(hs []automerge.ChangeHash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.String()
	}
	sort.Strings(out)
	return out
}

func parseHeads(heads []string) ([]automerge.ChangeHash, error) {
	out := make([]automerge.ChangeHash, 0, len(heads))
	for _, s := range heads {
		h, err := automerge.NewChangeHash(s)
		if err != nil {
			return nil, fmt.Errorf("change hash %q: %w", s, ErrInvalid)
		}
		out = append(out, h)
	}
	return out, nil
}

// Clone returns an independent copy (same identity). Do not edit both the
// copy and the original: two writers with one actor ID cannot be merged. For
// another member's replica use CloneAs.
func (d *Doc) Clone() (*Doc, error) { return d.fork(nil) }

// CloneAs returns an independent copy that writes as another identity, as a
// second member's machine would hold it.
func (d *Doc) CloneAs(me *Identity) (*Doc, error) {
	c, err := Load(d.Save(), me)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	c.now = d.now
	d.mu.Unlock()
	return c, nil
}

// AtHeads returns a read-only copy of the document as it was at heads.
func (d *Doc) AtHeads(heads []string) (*Doc, error) {
	hs, err := parseHeads(heads)
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, fmt.Errorf("no heads given: %w", ErrInvalid)
	}
	c, err := d.fork(hs)
	if err != nil {
		return nil, err
	}
	c.me = nil
	return c, nil
}

func (d *Doc) fork(at []automerge.ChangeHash) (c *Doc, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer recoverInto(&err)
	am, err := d.am.Fork(at...)
	if err != nil {
		return nil, fmt.Errorf("version not in this document's history: %w: %v", ErrNotFound, err)
	}
	if d.me != nil {
		if err := am.SetActorID(string(d.me.Member())); err != nil {
			return nil, fmt.Errorf("set actor: %w", err)
		}
	}
	return &Doc{am: am, me: d.me, now: d.now, id: d.id, kind: d.kind, coop: d.coop, genesis: d.genesis}, nil
}

// Merge brings other's changes into d. Both must be the same document.
func (d *Doc) Merge(other *Doc) (err error) {
	if other.id != d.id {
		return fmt.Errorf("merge %s into %s: %w", other.id, d.id, ErrWrongKind)
	}
	o, err := other.Clone() // never hold both locks: merges may run both ways at once
	if err != nil {
		return err
	}
	return d.guardHeader(func() error {
		_, err := d.am.Merge(o.am)
		return err
	})
}

// LoadIncremental applies saved changes (as from SaveIncremental) to d.
func (d *Doc) LoadIncremental(b []byte) error {
	return d.guardHeader(func() error { return d.am.LoadIncremental(b) })
}

// guardHeader applies remote changes and refuses them — restoring the document
// — when they would change the document's identity (id, kind or co-op): a
// peer must not be able to turn one document into another.
func (d *Doc) guardHeader(apply func() error) (err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	before := d.am.Heads()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: automerge: %v", ErrMalformed, r)
		}
		if err != nil {
			d.rollback(before)
		}
	}()
	// What this device holds signed now is kept: a merge may not remove it.
	kept, err := d.heldRecordsLocked(d.am.RootMap())
	if err != nil {
		kept = nil // an unreadable document has nothing to protect yet
	}
	if err := apply(); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	actors, err := d.checkNewChanges(before)
	if err != nil {
		return err
	}
	h, err := readHeader(d.am.RootMap())
	if err != nil {
		return err
	}
	if h.ID != d.id || h.Kind != d.kind || h.Coop != d.coop {
		return fmt.Errorf("%w: remote changes alter the document's id, kind or co-op", ErrMalformed)
	}
	if len(actors) > 0 {
		put, err := d.restoreLocked(kept, actors)
		if err != nil {
			return err
		}
		d.restored.items = append(d.restored.items, put...)
	}
	return nil
}

// Compact loads a snapshot and the incremental changes saved after it and
// returns one compacted snapshot holding every change. storage/ calls it
// (through the workspace) so that it never needs to understand the bytes.
func Compact(snapshot []byte, increments [][]byte) (out []byte, err error) {
	defer recoverInto(&err)
	am, err := loadParts(snapshot, increments)
	if err != nil {
		return nil, err
	}
	return am.Save(), nil
}

// LoadParts opens a document saved as a snapshot plus incremental changes.
// The snapshot may be empty when the document was only ever appended to.
func LoadParts(snapshot []byte, increments [][]byte, me *Identity) (d *Doc, err error) {
	defer recoverInto(&err)
	am, err := loadParts(snapshot, increments)
	if err != nil {
		return nil, err
	}
	return wrapDoc(am, me)
}

func loadParts(snapshot []byte, increments [][]byte) (*automerge.Doc, error) {
	if len(snapshot) == 0 {
		if len(increments) == 0 {
			return nil, fmt.Errorf("%w: no bytes", ErrMalformed)
		}
		snapshot, increments = increments[0], increments[1:]
	}
	am, err := automerge.Load(snapshot)
	if err != nil {
		return nil, fmt.Errorf("%w: not an Automerge document: %v", ErrMalformed, err)
	}
	for i, inc := range increments {
		if err := am.LoadIncremental(inc); err != nil {
			return nil, fmt.Errorf("%w: increment %d: %v", ErrMalformed, i, err)
		}
	}
	return am, nil
}
