package crdt

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// recordCoopNode is the type of the roster record that registers (or, with
// Active false, retires) one of the co-op's always-on nodes.
const recordCoopNode = "coop-node"

// maxNodeAddrs and maxNodeAddrLen bound what one registration can make every
// member's device dial.
const (
	maxNodeAddrs   = 8
	maxNodeAddrLen = 256
)

// CoopNode is an always-on device of a member (a small home server or a
// rented machine running `mutual serve --relay`) that an admin registered so
// every member's device syncs with it and reaches others through it. Addrs
// are multiaddrs without the /p2p/ part.
type CoopNode struct {
	Member MemberID  `json:"member"`
	Addrs  []string  `json:"addrs"`
	By     MemberID  `json:"by"`
	At     time.Time `json:"at"`
}

type coopNodeBody struct {
	Member MemberID `json:"member"`
	Addrs  []string `json:"addrs,omitempty"`
	Active bool     `json:"active"`
}

func (b coopNodeBody) check() error {
	if len(b.Addrs) > maxNodeAddrs {
		return fmt.Errorf("at most %d addresses per node: %w", maxNodeAddrs, ErrInvalid)
	}
	for _, a := range b.Addrs {
		if a == "" || len(a) > maxNodeAddrLen || !strings.HasPrefix(a, "/") || strings.Contains(a, "/p2p/") {
			return fmt.Errorf("node address %q is not a multiaddr without /p2p/: %w", a, ErrInvalid)
		}
	}
	if b.Active && len(b.Addrs) == 0 {
		return fmt.Errorf("a node needs at least one address: %w", ErrInvalid)
	}
	return nil
}

// RegisterNode registers (or updates the addresses of) member's always-on
// node (admins only). The node's device must be an active member of the
// roster, so that every member's device admits it.
func (r *Roster) RegisterNode(member MemberID, addrs []string) error {
	addrs = slices.Compact(slices.Sorted(slices.Values(addrs)))
	return r.signNode(coopNodeBody{Member: member, Addrs: addrs, Active: true}, "register the always-on node of ")
}

// UnregisterNode stops using member's node (admins only).
func (r *Roster) UnregisterNode(member MemberID) error {
	nodes, err := r.Nodes()
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(nodes, func(n CoopNode) bool { return n.Member == member }) {
		return fmt.Errorf("no always-on node of %s is registered: %w", member.Short(), ErrNotFound)
	}
	return r.signNode(coopNodeBody{Member: member, Active: false}, "stop using the always-on node of ")
}

func (r *Roster) signNode(b coopNodeBody, msg string) error {
	me := r.Me()
	if me == nil {
		return ErrReadOnly
	}
	if err := b.check(); err != nil {
		return err
	}
	v, err := r.View()
	if err != nil {
		return err
	}
	// Records are replayed in claimed-time order: never sign one that would
	// sort before the last one seen (a skewed clock).
	at := r.Now().UnixMilli()
	if err := r.read(func(root *automerge.Map) error {
		at = max(at, lastRecordAt(root, r.ID(), recordCoopNode)+1)
		return nil
	}); err != nil {
		return err
	}
	// The same rule Nodes applies when reading.
	if !v.wasAdminAt(me.Member(), time.UnixMilli(at)) {
		return fmt.Errorf("only admins may register the co-op's nodes: %w", ErrNotAllowed)
	}
	if b.Active && !v.IsActive(b.Member) {
		return fmt.Errorf("the node's device is not an active member: add it to the roster first (as an observer): %w", ErrInvalid)
	}
	return r.change(msg+v.NameOf(b.Member), func(root *automerge.Map) error {
		rec, err := sealRecord(recordCoopNode, r.ID(), me, at, b)
		if err != nil {
			return err
		}
		return putRecord(root, rec)
	})
}

// lastRecordAt is the latest claimed time among the document's records of
// type typ (0 when there are none).
func lastRecordAt(root *automerge.Map, doc, typ string) int64 {
	recs, err := readRecords(root, doc)
	if err != nil {
		return 0
	}
	var last int64
	for _, rec := range recs {
		if rec.err == nil && rec.env.Type == typ {
			last = max(last, rec.env.At)
		}
	}
	return last
}

// Nodes are the co-op's registered always-on nodes, read from the signed
// registration records only: each counts if its signer was an admin when
// they signed it and its device is still an active member. A record written
// by anyone else, or whose body breaks the rules, is ignored.
func (r *Roster) Nodes() ([]CoopNode, error) {
	v, err := r.View()
	if err != nil {
		return nil, err
	}
	var recs []rawRecord
	err = r.read(func(root *automerge.Map) error {
		recs, err = readRecords(root, r.ID())
		return err
	})
	if err != nil {
		return nil, err
	}
	latest := map[MemberID]CoopNode{}
	for _, rec := range recs { // in claimed-time order: the last one wins
		if rec.err != nil || rec.env.Type != recordCoopNode {
			continue
		}
		at := time.UnixMilli(rec.env.At).UTC()
		if !v.wasAdminAt(rec.env.Member, at) {
			continue
		}
		var b coopNodeBody
		if json.Unmarshal(rec.env.Body, &b) != nil || b.check() != nil {
			continue
		}
		if !b.Active {
			delete(latest, b.Member)
			continue
		}
		latest[b.Member] = CoopNode{Member: b.Member, Addrs: b.Addrs, By: rec.env.Member, At: at}
	}
	out := make([]CoopNode, 0, len(latest))
	for id, n := range latest {
		if v.IsActive(id) {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Member < out[j].Member })
	return out, nil
}
