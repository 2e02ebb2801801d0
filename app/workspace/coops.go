package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/storage"
)

// CoopInfo describes a co-op this member belongs to.
type CoopInfo struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Joined time.Time `json:"joined"`
}

// CreateCoop founds a co-op with this member as its first admin. The identity
// is created when the data directory has none.
func (w *Workspace) CreateCoop(coopName, myName string) (*Coop, error) {
	coopName, myName = strings.TrimSpace(coopName), strings.TrimSpace(myName)
	if coopName == "" || myName == "" {
		return nil, fmt.Errorf("a co-op name and your name are both required: %w", crdt.ErrInvalid)
	}
	me, err := w.EnsureIdentity(myName)
	if err != nil {
		return nil, err
	}
	for _, c := range w.Coops() {
		if strings.EqualFold(c.Name, coopName) {
			return nil, fmt.Errorf("co-op %q: %w", coopName, ErrExists)
		}
	}
	roster, err := crdt.NewRoster(coopName, myName, me, w.now())
	if err != nil {
		return nil, err
	}
	c := w.coopHandle(roster.ID())
	if err := c.storeNew(roster.Doc); err != nil {
		return nil, err
	}
	if err := w.registerCoop(CoopInfo{ID: roster.ID(), Name: coopName, Joined: w.now().UTC()}); err != nil {
		return nil, err
	}
	return c, nil
}

// AddJoinedCoop registers a co-op this member is joining: its documents,
// the roster first, arrive by sync.
func (w *Workspace) AddJoinedCoop(coopID, name string) (*Coop, error) {
	if !crdt.ValidID(coopID) {
		return nil, fmt.Errorf("co-op ID %q: %w", coopID, crdt.ErrInvalid)
	}
	if err := w.registerCoop(CoopInfo{ID: coopID, Name: name, Joined: w.now().UTC()}); err != nil {
		return nil, err
	}
	return w.coopHandle(coopID), nil
}

func (w *Workspace) registerCoop(info CoopInfo) error {
	b, err := json.Marshal(info)
	if err != nil {
		return err
	}
	if err := w.store.Put(coopKeyPrefix+info.ID, b); err != nil {
		return fmt.Errorf("save co-op: %w", err)
	}
	w.bus.publish(Event{Type: EventCoopChanged, Coop: info.ID})
	return nil
}

// Coops lists the co-ops in this data directory, by name.
func (w *Workspace) Coops() []CoopInfo {
	var out []CoopInfo
	err := w.store.Scan(coopKeyPrefix, func(_ string, v []byte) error {
		var c CoopInfo
		if err := json.Unmarshal(v, &c); err != nil {
			w.log.Warn("skipping unreadable co-op record", "err", err)
			return nil
		}
		if r, err := w.coopHandle(c.ID).Roster(); err == nil {
			c.Name = r.Name() // the roster's name wins: it may have been renamed
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		w.log.Warn("list co-ops", "err", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Coop selects a co-op by ID, ID prefix or name; "" selects the only one.
func (w *Workspace) Coop(sel string) (*Coop, error) {
	coops := w.Coops()
	if len(coops) == 0 {
		return nil, fmt.Errorf("%w: this data directory has none yet (run `mutual init` or `mutual join`)", ErrNoCoop)
	}
	if sel == "" {
		if len(coops) > 1 {
			names := make([]string, len(coops))
			for i, c := range coops {
				names[i] = c.Name
			}
			return nil, fmt.Errorf("%w chosen: this data directory holds several (%s); pick one with --coop", ErrNoCoop, strings.Join(names, ", "))
		}
		return w.coopHandle(coops[0].ID), nil
	}
	var match []CoopInfo
	for _, c := range coops {
		if c.ID == sel || strings.EqualFold(c.Name, sel) {
			return w.coopHandle(c.ID), nil
		}
		if strings.HasPrefix(c.ID, sel) {
			match = append(match, c)
		}
	}
	if len(match) == 1 {
		return w.coopHandle(match[0].ID), nil
	}
	return nil, fmt.Errorf("%w: %q", ErrNoCoop, sel)
}

// HasCoop reports whether the co-op is registered here.
func (w *Workspace) HasCoop(id string) bool {
	_, err := w.store.Get(coopKeyPrefix + id)
	return err == nil
}

func (w *Workspace) coopHandle(id string) *Coop {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c, ok := w.coops[id]; ok {
		return c
	}
	c := &Coop{w: w, id: id, docs: map[string]*crdt.Doc{}}
	w.coops[id] = c
	return c
}

func isNotFound(err error) bool { return errors.Is(err, storage.ErrNotFound) }
