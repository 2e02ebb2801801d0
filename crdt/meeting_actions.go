package crdt

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// ActionItem is something a meeting decided someone will do: what, who,
// by when, and whether it is done. Any member may add one; it may be
// changed or marked done by its author, the member it is for, the chair or
// an admin. Actions are signed records, so ticking one off on a vandal's
// copy (or deleting it) changes nothing on anyone else's.
type ActionItem struct {
	ID      string    `json:"id"`
	Meeting string    `json:"meeting"`
	What    string    `json:"what"`
	Who     MemberID  `json:"who"`
	Due     time.Time `json:"due,omitzero"`
	Item    string    `json:"item,omitempty"` // the agenda item it came from
	Done    bool      `json:"done"`
	DoneAt  time.Time `json:"doneAt,omitzero"`
	By      MemberID  `json:"by"`
	At      time.Time `json:"at"`
}

// Overdue reports whether the action is not done and its date has passed.
func (a ActionItem) Overdue(now time.Time) bool {
	return !a.Done && !a.Due.IsZero() && !now.Before(a.Due)
}

// ActionSpec is what an action is added with.
type ActionSpec struct {
	What string
	Who  MemberID
	Due  time.Time // optional
	Item string    // optional agenda item ID
}

// AddAction adds an action for member spec.Who and returns its ID.
func (m *Meeting) AddAction(v *RosterView, spec ActionSpec) (string, error) {
	if _, err := m.checkRoster(v, "add an action"); err != nil {
		return "", err
	}
	spec.What = strings.TrimSpace(spec.What)
	switch {
	case spec.What == "" || !utf8.ValidString(spec.What) || utf8.RuneCountInString(spec.What) > maxActionRunes:
		return "", fmt.Errorf("an action needs a description of 1 to %d characters: %w", maxActionRunes, ErrInvalid)
	case !v.IsActive(spec.Who):
		return "", fmt.Errorf("an action is for an active member: %w", ErrInvalid)
	}
	id := NewID()
	err := m.change("action for "+v.NameOf(spec.Who)+": "+spec.What, func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if spec.Item != "" {
			if _, ok := st.item(spec.Item); !ok {
				return fmt.Errorf("agenda item %q: %w", spec.Item, ErrNotFound)
			}
		}
		rec := actionRec{ID: id, What: spec.What, Who: spec.Who, Item: spec.Item}
		if !spec.Due.IsZero() {
			rec.Due = spec.Due.UTC().UnixMilli()
		}
		return m.seal(root, recAction, rec)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// SetActionDone marks an action done (or not done again).
func (m *Meeting) SetActionDone(v *RosterView, id string, done bool) error {
	me, err := m.checkRoster(v, "mark an action done")
	if err != nil {
		return err
	}
	return m.change("mark an action done", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		a, ok := st.action(id)
		if !ok {
			return fmt.Errorf("action %q: %w", id, ErrNotFound)
		}
		if !st.mayEditAction(me, a, m.now(), v) {
			return fmt.Errorf("only the member it is for, its author, the chair or an admin may mark an action done: %w", ErrNotAllowed)
		}
		if a.Done == done {
			return nil
		}
		rec := actionRec{ID: a.ID, What: a.What, Who: a.Who, Item: a.Item, Done: done}
		if !a.Due.IsZero() {
			rec.Due = a.Due.UnixMilli()
		}
		return m.sealAfter(root, recAction, rec, st.lastAt[id])
	})
}

func (st *meetingState) action(id string) (ActionItem, bool) {
	for _, a := range st.actions {
		if a.ID == id {
			return a, true
		}
	}
	return ActionItem{}, false
}

func (st *meetingState) mayEditAction(by MemberID, a ActionItem, at time.Time, v *RosterView) bool {
	return by == a.By || by == a.Who || by == st.chairAt(at) || v.wasAdminAt(by, at)
}

// judgeAction applies an action record.
func (st *meetingState) judgeAction(rec rawRecord, v *RosterView, all map[string]*judged[ActionItem]) {
	by, at := rec.env.Member, recAt(rec)
	var b actionRec
	if json.Unmarshal(rec.env.Body, &b) != nil || !ValidID(b.ID) {
		st.refuse(rec, by, RefuseUnreadable)
		return
	}
	if strings.TrimSpace(b.What) == "" || b.Who == "" {
		st.refuse(rec, by, RefuseBadValue)
		return
	}
	cur := all[b.ID]
	switch {
	case !memberAt(v, by, at):
		st.refuse(rec, by, RefuseRemoved)
		return
	case cur != nil && !st.mayEditAction(by, cur.val, at, v):
		st.refuse(rec, by, RefuseNoRight)
		return
	}
	if cur == nil {
		cur = &judged[ActionItem]{author: by, first: at}
		all[b.ID] = cur
	}
	st.lastAt[b.ID] = at
	a := ActionItem{ID: b.ID, What: b.What, Who: b.Who, Item: b.Item, Done: b.Done, By: cur.author, At: cur.first}
	if b.Due != 0 {
		a.Due = msTime(b.Due)
	}
	if a.Done {
		a.DoneAt = cur.val.DoneAt
		if !cur.val.Done {
			a.DoneAt = at
		}
	}
	cur.val = a
}

func sortedActions(all map[string]*judged[ActionItem], meeting string) []ActionItem {
	out := []ActionItem{}
	for _, j := range all {
		a := j.val
		a.Meeting = meeting
		out = append(out, a)
	}
	SortActions(out)
	return out
}

// SortActions orders actions by due date (undated last), then by when they
// were added.
func SortActions(out []ActionItem) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.ID < b.ID
	})
}
