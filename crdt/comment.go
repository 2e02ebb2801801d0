package crdt

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// Comment is one message in a document's discussion. A deleted comment stays
// as a tombstone (without its text) so that its replies keep their place.
type Comment struct {
	ID      string    `json:"id"`
	Author  MemberID  `json:"author"`
	Parent  string    `json:"parent,omitempty"`
	Body    string    `json:"body"`
	At      time.Time `json:"at"`
	Edited  time.Time `json:"edited,omitzero"`
	Deleted bool      `json:"deleted,omitempty"`
	Replies []Comment `json:"replies,omitempty"`
}

// stancePrefix marks a comment replying to a member's stance (their reason)
// on a proposal: its Parent is "stance:" followed by the member ID.
const stancePrefix = "stance:"

// StanceParent is the Parent for a reply to member's stance.
func StanceParent(member MemberID) string { return stancePrefix + string(member) }

// StanceOf returns the member whose stance a comment replies to, if it does.
func (c Comment) StanceOf() (MemberID, bool) {
	m, ok := strings.CutPrefix(c.Parent, stancePrefix)
	return MemberID(m), ok
}

const maxCommentRunes = 20000

// errNoChange tells changeIfAny that fn found nothing to write: Automerge
// refuses to commit an empty change, and an edit to the same value is no error.
var errNoChange = errors.New("no change")

func (d *Doc) changeIfAny(msg string, fn func(root *automerge.Map) error) error {
	if err := d.change(msg, fn); err != nil && !errors.Is(err, errNoChange) {
		return err
	}
	return nil
}

// initComments creates the comments map. A document kind calls it when the
// document is created: two replicas that each created the map for their
// first comment would hide one another's.
func initComments(root *automerge.Map) error {
	_, err := mapAtRoot(root, "comments")
	return err
}

func checkCommentBody(body string) error {
	if strings.TrimSpace(body) == "" {
		return fmt.Errorf("the comment is empty: %w", ErrInvalid)
	}
	if utf8.RuneCountInString(body) > maxCommentRunes {
		return fmt.Errorf("the comment is longer than %d characters: %w", maxCommentRunes, ErrInvalid)
	}
	return nil
}

// AddComment adds a comment by the local member and returns its ID. parent
// is "" for a new thread, the ID of a comment to reply to, or
// StanceParent(member) to reply to a member's stance on a proposal.
func (d *Doc) AddComment(parent, body string) (string, error) {
	me := d.Me()
	if me == nil {
		return "", ErrReadOnly
	}
	if err := checkCommentBody(body); err != nil {
		return "", err
	}
	msg := "comment"
	if m, ok := strings.CutPrefix(parent, stancePrefix); ok {
		msg = "reply to " + MemberID(m).Short() + "'s stance"
	} else if parent != "" {
		msg = "reply to a comment"
	}
	id := NewID()
	err := d.change(msg, func(root *automerge.Map) error {
		if err := checkParent(root, d.kind, parent); err != nil {
			return err
		}
		all, err := mapAtRoot(root, "comments")
		if err != nil {
			return err
		}
		m := automerge.NewMap()
		if err := all.Set(id, m); err != nil {
			return fmt.Errorf("add comment: %w", err)
		}
		for k, v := range map[string]any{"author": string(me.Member()), "parent": parent, "at": d.now().UnixMilli()} {
			if err := m.Set(k, v); err != nil {
				return err
			}
		}
		return setText(m, "body", body)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// checkParent checks that a reply has something to reply to.
func checkParent(root *automerge.Map, kind Kind, parent string) error {
	if parent == "" {
		return nil
	}
	var r reader
	if m, ok := strings.CutPrefix(parent, stancePrefix); ok {
		if kind != KindProposal {
			return fmt.Errorf("only proposals have stances to reply to: %w", ErrInvalid)
		}
		stances := r.listAt(r.mapAt(root, "stances"), m)
		if r.err != nil {
			return r.err
		}
		if stances == nil || stances.Len() == 0 {
			return fmt.Errorf("no stance by %s to reply to: %w", MemberID(m).Short(), ErrNotFound)
		}
		return nil
	}
	c, err := commentAt(root, parent)
	if err != nil {
		return err
	}
	if c.Deleted {
		return fmt.Errorf("comment %s was deleted: %w", parent, ErrInvalid)
	}
	return nil
}

// EditComment replaces the text of one of the local member's comments.
func (d *Doc) EditComment(id, body string) error {
	if err := checkCommentBody(body); err != nil {
		return err
	}
	return d.changeIfAny("edit comment", func(root *automerge.Map) error {
		m, err := ownComment(root, d.me, id, "edit")
		if err != nil {
			return err
		}
		if err := setText(m, "body", body); err != nil {
			return err
		}
		return m.Set("edited", d.now().UnixMilli())
	})
}

// DeleteComment withdraws one of the local member's comments: its text is
// cleared and it is marked deleted, but it stays so replies keep their thread
// (the document's history still holds what it said).
func (d *Doc) DeleteComment(id string) error {
	return d.changeIfAny("delete comment", func(root *automerge.Map) error {
		m, err := ownComment(root, d.me, id, "delete")
		if errors.Is(err, errDeleted) {
			return errNoChange
		}
		if err != nil {
			return err
		}
		if err := setText(m, "body", ""); err != nil {
			return err
		}
		return m.Set("deleted", true)
	})
}

var errDeleted = fmt.Errorf("the comment was deleted: %w", ErrInvalid)

// ownComment returns the map of a live comment written by me.
func ownComment(root *automerge.Map, me *Identity, id, verb string) (*automerge.Map, error) {
	if me == nil {
		return nil, ErrReadOnly
	}
	c, err := commentAt(root, id)
	if err != nil {
		return nil, err
	}
	if c.Author != me.Member() {
		return nil, fmt.Errorf("only its author may %s a comment: %w", verb, ErrNotAllowed)
	}
	if c.Deleted {
		return nil, errDeleted
	}
	var r reader
	m := r.mapAt(r.mapAt(root, "comments"), id)
	return m, r.err
}

// commentAt reads one comment (without replies).
func commentAt(root *automerge.Map, id string) (Comment, error) {
	var r reader
	m := r.mapAt(r.mapAt(root, "comments"), id)
	if r.err != nil {
		return Comment{}, fmt.Errorf("comment %s: %w", id, r.err)
	}
	if m == nil {
		return Comment{}, fmt.Errorf("comment %q: %w", id, ErrNotFound)
	}
	return readComment(id, m)
}
