package workspace

import "github.com/mutual-coop/mutual/crdt"

// Comment is a threaded comment, re-exported for front ends.
type Comment = crdt.Comment

// Comments returns a document's comment threads.
func (c *Coop) Comments(id string) ([]Comment, error) {
	d, err := c.Doc(id)
	if err != nil {
		return nil, err
	}
	return d.Comments()
}

// AddComment comments on a document; parent is "" (top level), a comment ID,
// or "stance:MEMBER" to answer a member's vote reason.
func (c *Coop) AddComment(id, parent, body string) (string, error) {
	var cid string
	err := c.edit(id, func(d *crdt.Doc) (err error) {
		cid, err = d.AddComment(parent, body)
		return err
	})
	return cid, err
}

// EditComment changes one of this member's comments.
func (c *Coop) EditComment(id, commentID, body string) error {
	return c.edit(id, func(d *crdt.Doc) error { return d.EditComment(commentID, body) })
}

// DeleteComment withdraws one of this member's comments (replies stay).
func (c *Coop) DeleteComment(id, commentID string) error {
	return c.edit(id, func(d *crdt.Doc) error { return d.DeleteComment(commentID) })
}
