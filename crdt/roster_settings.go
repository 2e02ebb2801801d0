package crdt

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// recordCoopSettings is the type of the roster record holding the co-op's
// own settings, signed by an admin.
const recordCoopSettings = "coop-settings"

// CoopSettings are the co-op-wide settings admins decide.
type CoopSettings struct {
	// InternetDiscovery lets members' devices find each other over the
	// public libp2p network between meetings. On unless an admin turned it
	// off.
	InternetDiscovery bool `json:"internetDiscovery"`
}

// DefaultCoopSettings are a new co-op's settings.
var DefaultCoopSettings = CoopSettings{InternetDiscovery: true}

// Settings are the co-op's settings, read from the latest settings record
// signed by someone who was an admin when they signed it; a record by
// anyone else is ignored, and without one the defaults hold.
func (r *Roster) Settings() (CoopSettings, error) {
	v, err := r.View()
	if err != nil {
		return DefaultCoopSettings, err
	}
	var recs []rawRecord
	if err := r.read(func(root *automerge.Map) error {
		recs, err = readRecords(root, r.ID())
		return err
	}); err != nil {
		return DefaultCoopSettings, err
	}
	s := DefaultCoopSettings
	for _, rec := range recs { // claimed-time order: the last valid one wins
		if rec.err != nil || rec.env.Type != recordCoopSettings || !v.wasAdminAt(rec.env.Member, time.UnixMilli(rec.env.At)) {
			continue
		}
		var b CoopSettings
		if json.Unmarshal(rec.env.Body, &b) == nil {
			s = b
		}
	}
	return s, nil
}

// SetSettings signs new co-op settings (admins only).
func (r *Roster) SetSettings(s CoopSettings) error {
	me := r.Me()
	if me == nil {
		return ErrReadOnly
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	at := r.Now().UnixMilli()
	if err := r.read(func(root *automerge.Map) error {
		at = max(at, lastRecordAt(root, r.ID(), recordCoopSettings)+1)
		return nil
	}); err != nil {
		return err
	}
	if !v.wasAdminAt(me.Member(), time.UnixMilli(at)) {
		return fmt.Errorf("only admins may change the co-op's settings: %w", ErrNotAllowed)
	}
	return r.change("change the co-op's settings", func(root *automerge.Map) error {
		rec, err := sealRecord(recordCoopSettings, r.ID(), me, at, s)
		if err != nil {
			return err
		}
		return putRecord(root, rec)
	})
}
