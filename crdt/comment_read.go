package crdt

import (
	"fmt"
	"log/slog"
	"sort"

	"github.com/automerge/automerge-go"
)

func readComment(id string, m *automerge.Map) (Comment, error) {
	var r reader
	c := Comment{
		ID: id, Author: MemberID(r.str(m, "author")), Parent: r.str(m, "parent"), Body: r.str(m, "body"),
		At: r.millis(m, "at"), Edited: r.millis(m, "edited"), Deleted: r.bool(m, "deleted"),
	}
	if r.err != nil {
		return Comment{}, fmt.Errorf("comment %s: %w", id, r.err)
	}
	if c.Deleted {
		c.Body = "" // a concurrent edit may have typed into a deleted comment
	}
	return c, nil
}

// readComments reads every comment, flat. A comment whose values have the
// wrong types is skipped and logged rather than hiding the whole discussion.
func readComments(root *automerge.Map) ([]Comment, error) {
	var r reader
	all := r.mapAt(root, "comments")
	ids := r.ids(all)
	if r.err != nil {
		return nil, fmt.Errorf("comments: %w", r.err)
	}
	out := make([]Comment, 0, len(ids))
	for _, id := range ids {
		var cr reader
		m := cr.mapAt(all, id)
		if cr.err != nil {
			slog.Warn("skipping malformed comment", "comment", id, "err", cr.err)
			continue
		}
		c, err := readComment(id, m)
		if err != nil {
			slog.Warn("skipping malformed comment", "comment", id, "err", err)
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// Comments returns the discussion as a tree: threads (and their replies)
// sorted by time, then ID. Replies to stances are top-level threads whose
// Parent names the stance. A reply whose parent is missing (or a cycle of
// parents, which only a hostile peer can write) is shown as a thread of its
// own, so nothing said disappears.
func (d *Doc) Comments() (out []Comment, err error) {
	var flat []Comment
	err = d.read(func(root *automerge.Map) error {
		flat, err = readComments(root)
		return err
	})
	if err != nil {
		return nil, err
	}
	return threadComments(flat), nil
}

func threadComments(flat []Comment) []Comment {
	sort.Slice(flat, func(i, j int) bool {
		if !flat[i].At.Equal(flat[j].At) {
			return flat[i].At.Before(flat[j].At)
		}
		return flat[i].ID < flat[j].ID
	})
	byID := map[string]bool{}
	for _, c := range flat {
		byID[c.ID] = true
	}
	children := map[string][]Comment{}
	var roots []Comment
	for _, c := range flat {
		if c.Parent != "" && byID[c.Parent] && c.Parent != c.ID {
			children[c.Parent] = append(children[c.Parent], c)
		} else {
			roots = append(roots, c)
		}
	}
	placed := map[string]bool{}
	var build func(c Comment) Comment
	build = func(c Comment) Comment {
		placed[c.ID] = true
		c.Replies = nil
		for _, k := range children[c.ID] {
			if !placed[k.ID] {
				c.Replies = append(c.Replies, build(k))
			}
		}
		return c
	}
	out := make([]Comment, 0, len(roots))
	for _, c := range roots {
		out = append(out, build(c))
	}
	// Comments in a cycle of parents are reachable from no root: the earliest
	// of each cycle becomes a thread.
	for _, c := range flat {
		if !placed[c.ID] {
			out = append(out, build(c))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	return out
}
