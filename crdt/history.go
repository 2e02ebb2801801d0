package crdt

import (
	"fmt"
	"time"
)

// Change is one entry of a document's history.
type Change struct {
	Hash    string    `json:"hash"`
	Author  MemberID  `json:"author"`
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Message string    `json:"message"`
}

// History lists every change in causal order. Author is the change's actor
// ID, which Mutual sets to the author's member ID; resolve names with the
// roster (a change from an actor the roster does not know is shown as such).
func (d *Doc) History() (out []Change, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer recoverInto(&err)
	chs, err := d.am.Changes()
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	out = make([]Change, 0, len(chs))
	for _, c := range chs {
		out = append(out, Change{
			Hash:    c.Hash().String(),
			Author:  MemberID(c.ActorID()),
			Seq:     c.ActorSeq(),
			Time:    c.Timestamp().UTC(),
			Message: c.Message(),
		})
	}
	return out, nil
}
