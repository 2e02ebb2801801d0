package workspace

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/storage"
)

// Coop is one co-op's documents in this data directory.
type Coop struct {
	w  *Workspace
	id string

	mu   sync.Mutex
	docs map[string]*crdt.Doc
	// locks serialise edit-then-persist per document, so an edit is only
	// acknowledged once its own change is on disk.
	locks   sync.Map // doc ID -> *sync.Mutex
	replica *Replica
	// ratChecks keeps each agreement's judged ratifications (under mu).
	ratChecks map[string]ratificationCheck
	members   keptRoster // under mu
}

// ID is the co-op ID.
func (c *Coop) ID() string { return c.id }

// Workspace is the workspace the co-op lives in.
func (c *Coop) Workspace() *Workspace { return c.w }

// Name is the co-op's name from its roster.
func (c *Coop) Name() string {
	r, err := c.Roster()
	if err != nil {
		return c.id
	}
	return r.Name()
}

func (c *Coop) lockDoc(id string) func() {
	m, _ := c.locks.LoadOrStore(id, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// Doc returns the live document with this exact ID.
func (c *Coop) Doc(id string) (*crdt.Doc, error) {
	c.mu.Lock()
	d, ok := c.docs[id]
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	snap, incs, err := c.w.store.LoadDoc(c.id, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrUnknownDoc, id)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	me, _ := c.w.Identity()
	d, err = crdt.LoadParts(snap, incs, me)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	d.SetClock(c.w.now)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cached, ok := c.docs[id]; ok {
		return cached, nil // loaded concurrently: keep one live copy
	}
	c.docs[id] = d
	return d, nil
}

// Resolve turns an ID or a unique prefix of one (at least 4 characters) into
// a document ID.
func (c *Coop) Resolve(sel string) (string, error) {
	sel = strings.TrimSpace(sel)
	if sel == "" {
		return "", fmt.Errorf("%w: no ID given", ErrUnknownDoc)
	}
	if _, err := c.w.store.Meta(c.id, sel); err == nil {
		return sel, nil
	}
	if len(sel) < 4 {
		return "", fmt.Errorf("%w: %q (give at least 4 characters of the ID)", ErrUnknownDoc, sel)
	}
	metas, err := c.w.store.ListDocs(c.id, "")
	if err != nil {
		return "", err
	}
	var found []string
	for _, m := range metas {
		if strings.HasPrefix(m.ID, sel) {
			found = append(found, m.ID)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%w: %q", ErrUnknownDoc, sel)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%w: %q matches %d documents", ErrAmbiguous, sel, len(found))
}

// storeNew persists a document created here.
func (c *Coop) storeNew(d *crdt.Doc) error { return c.storeDoc(d, false) }

// storeNewRemote persists a document received whole from a peer.
func (c *Coop) storeNewRemote(d *crdt.Doc) error { return c.storeDoc(d, true) }

func (c *Coop) storeDoc(d *crdt.Doc, remote bool) error {
	if d.Coop() != c.id {
		return fmt.Errorf("document %s belongs to co-op %s, not %s: %w", d.ID(), d.Coop(), c.id, crdt.ErrInvalid)
	}
	unlock := c.lockDoc(d.ID())
	defer unlock()
	if _, err := c.w.store.Meta(c.id, d.ID()); err == nil {
		return fmt.Errorf("document %s: %w", d.ID(), ErrExists)
	}
	// A document received whole is stored as the bytes that arrived (they
	// loaded, so they are valid); anything else is saved now.
	snap := d.TakeReceived()
	if snap == nil {
		if snap = d.Save(); snap == nil {
			return fmt.Errorf("save %s: %w", d.ID(), crdt.ErrMalformed)
		}
		d.SaveIncremental() // mark everything as saved, so the next increment holds only new changes
	}
	if err := c.w.store.PutDoc(c.describe(d), snap); err != nil {
		return fmt.Errorf("save %s: %w", d.ID(), err)
	}
	d.SetClock(c.w.now)
	c.mu.Lock()
	c.docs[d.ID()] = d
	c.mu.Unlock()
	c.w.bus.publish(Event{Type: EventDocChanged, Coop: c.id, Doc: d.ID(), Kind: string(d.Kind()), Remote: remote})
	if remote {
		c.reportRestored(d)
	}
	return nil
}

// edit applies fn to a document and returns once the change is durable.
// When fn fails nothing is written; when the write fails the in-memory copy
// is dropped so that memory never runs ahead of the disk.
func (c *Coop) edit(id string, fn func(d *crdt.Doc) error) error {
	unlock := c.lockDoc(id)
	defer unlock()
	d, err := c.Doc(id)
	if err != nil {
		return err
	}
	if err := fn(d); err != nil {
		return err
	}
	return c.persistLocked(d, false)
}

// persistLocked appends d's unsaved changes. Callers hold the doc's lock.
func (c *Coop) persistLocked(d *crdt.Doc, remote bool) error {
	inc := d.SaveIncremental()
	if len(inc) == 0 {
		return nil
	}
	if err := c.w.store.AppendChange(c.describe(d), inc); err != nil {
		c.mu.Lock()
		delete(c.docs, d.ID())
		c.mu.Unlock()
		return fmt.Errorf("save %s: %w", d.ID(), err)
	}
	c.w.bus.publish(Event{Type: EventDocChanged, Coop: c.id, Doc: d.ID(), Kind: string(d.Kind()), Remote: remote})
	if remote {
		c.reportRestored(d)
	}
	return nil
}

// Roster is the co-op's roster document.
func (c *Coop) Roster() (*crdt.Roster, error) {
	d, err := c.Doc(c.id)
	if err != nil {
		return nil, fmt.Errorf("roster of %s: %w", c.id, err)
	}
	return crdt.AsRoster(d)
}

// Members is the roster as its valid entries establish it.
//
// The view is kept until the roster's heads move: every tally, every list
// status and every permission check asks for it, and evaluating it verifies
// every entry's signature. Callers only read it.
func (c *Coop) Members() (*RosterView, error) {
	r, err := c.Roster()
	if err != nil {
		return nil, err
	}
	heads := strings.Join(r.Heads(), ",")
	c.mu.Lock()
	kept := c.members
	c.mu.Unlock()
	if kept.view != nil && kept.heads == heads {
		return kept.view, nil
	}
	v, err := r.View()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.members = keptRoster{heads: heads, view: v}
	c.mu.Unlock()
	return v, nil
}

// keptRoster is the roster view at the heads it was evaluated at.
type keptRoster struct {
	heads string
	view  *RosterView
}

// List reads the metadata index (never a document): kind "" lists proposals,
// schedules and agreements; "roster" lists the roster.
func (c *Coop) List(kind string) ([]DocSummary, error) {
	if kind != "" {
		if _, err := crdt.ParseKind(kind); err != nil {
			return nil, err
		}
	}
	metas, err := c.w.store.ListDocs(c.id, kind)
	if err != nil {
		return nil, err
	}
	out := make([]DocSummary, 0, len(metas))
	for _, m := range metas {
		if kind == "" && m.Kind == string(crdt.KindRoster) {
			continue
		}
		s := summaryOf(m)
		s.Status = liveStatus(m, c.w.now())
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	return out, nil
}

// History lists a document's changes with their authors' names.
func (c *Coop) History(id string) ([]HistoryEntry, error) {
	d, err := c.Doc(id)
	if err != nil {
		return nil, err
	}
	chs, err := d.History()
	if err != nil {
		return nil, err
	}
	v, _ := c.Members()
	out := make([]HistoryEntry, len(chs))
	for i, ch := range chs {
		name := ch.Author.Short()
		if v != nil {
			name = v.NameOf(ch.Author)
		}
		out[i] = HistoryEntry{Change: ch, AuthorName: name}
	}
	return out, nil
}

// Summary reads one document's index entry.
func (c *Coop) Summary(id string) (DocSummary, error) {
	m, err := c.w.store.Meta(c.id, id)
	if errors.Is(err, storage.ErrNotFound) {
		return DocSummary{}, fmt.Errorf("%w: %s", ErrUnknownDoc, id)
	}
	if err != nil {
		return DocSummary{}, err
	}
	s := summaryOf(m)
	s.Status = liveStatus(m, c.w.now())
	return s, nil
}
