package workspace

import (
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/storage"
)

// Aliases of crdt's view types, so front ends use them through this facade.
type (
	MemberID   = crdt.MemberID
	Member     = crdt.Member
	RosterView = crdt.RosterView
	Role       = crdt.Role
	Kind       = crdt.Kind
	Change     = crdt.Change
)

// DocSummary is one row of a document list, read from the metadata index.
type DocSummary struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	Updated  time.Time `json:"updated"`
	Deadline time.Time `json:"deadline,omitzero"`
	Author   string    `json:"author"`
}

func summaryOf(m storage.DocMeta) DocSummary {
	return DocSummary{ID: m.ID, Kind: m.Kind, Title: m.Title, Status: m.Status, Updated: m.Updated.UTC(), Deadline: m.Deadline, Author: m.Author}
}

// HistoryEntry is a change with its author's display name.
type HistoryEntry struct {
	crdt.Change
	AuthorName string `json:"authorName"`
}

// describe derives the metadata index entry of a document.
func (c *Coop) describe(d *crdt.Doc) storage.DocMeta {
	h, _ := d.Header()
	status, deadline := c.statusOf(d)
	return storage.DocMeta{
		Coop:     c.id,
		ID:       d.ID(),
		Kind:     string(d.Kind()),
		Title:    h.Title,
		Status:   status,
		Deadline: deadline,
		Updated:  c.w.now().UTC(),
		Author:   string(h.CreatedBy),
		Heads:    d.Heads(),
	}
}
