package crdt

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// RosterEntry is one signed statement about a member: "as of At, Member is
// called Name, has Role and Status", signed by By. The roster is the
// append-only list of these; a member's state is their latest valid entry.
type RosterEntry struct {
	Member MemberID  `json:"member"`
	Name   string    `json:"name"`
	Role   Role      `json:"role"`
	Status Status    `json:"status"`
	At     time.Time `json:"at"`
	By     MemberID  `json:"by"`
	Sig    []byte    `json:"sig"`
}

// signedBytes is the canonical text an entry's signature covers. It names the
// co-op so an entry cannot be replayed into another co-op's roster.
func (e RosterEntry) signedBytes(coop string) []byte {
	return []byte(strings.Join([]string{
		"mutual-roster-v1", coop, string(e.Member), e.Name, string(e.Role), string(e.Status),
		strconv.FormatInt(e.At.UnixMilli(), 10), string(e.By),
	}, "\n"))
}

func appendEntry(root *automerge.Map, e RosterEntry) error {
	v, err := root.Get("entries")
	if err != nil {
		return err
	}
	if v.Kind() != automerge.KindList {
		if err := root.Set("entries", automerge.NewList()); err != nil {
			return err
		}
		if v, err = root.Get("entries"); err != nil {
			return err
		}
	}
	m := automerge.NewMap()
	if err := v.List().Append(m); err != nil {
		return err
	}
	for k, val := range map[string]any{
		"member": string(e.Member), "name": e.Name, "role": string(e.Role), "status": string(e.Status),
		"at": e.At.UnixMilli(), "by": string(e.By), "sig": e.Sig,
	} {
		if err := m.Set(k, val); err != nil {
			return err
		}
	}
	return nil
}

func readEntries(root *automerge.Map) ([]RosterEntry, error) {
	var r reader
	list := r.listAt(root, "entries")
	var out []RosterEntry
	for _, m := range r.maps(list, "entries") {
		out = append(out, RosterEntry{
			Member: MemberID(r.str(m, "member")),
			Name:   r.str(m, "name"),
			Role:   Role(r.str(m, "role")),
			Status: Status(r.str(m, "status")),
			At:     r.millis(m, "at"),
			By:     MemberID(r.str(m, "by")),
			Sig:    r.bytes(m, "sig"),
		})
	}
	if r.err != nil {
		return nil, fmt.Errorf("roster entries: %w", r.err)
	}
	return out, nil
}
