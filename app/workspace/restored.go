package workspace

import (
	"fmt"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// reportRestored tells the member, and the log, about signed records that a
// remote change removed and this device put back (crdt's Restore): a vote,
// a roster entry, a proposal's settings. The document already holds them
// again; this is so that nobody's deletion goes unseen.
func (c *Coop) reportRestored(d *crdt.Doc) {
	put := d.TakeRestored()
	if len(put) == 0 {
		return
	}
	v, _ := c.Members()
	name := func(m crdt.MemberID) string {
		if v != nil {
			if n := v.NameOf(m); n != "" {
				return n
			}
		}
		return "a member"
	}
	title := d.Title()
	for _, r := range put {
		by := "Another member's copy"
		if len(r.RemovedBy) > 0 {
			names := make([]string, len(r.RemovedBy))
			for i, m := range r.RemovedBy {
				names[i] = name(m)
			}
			by = strings.Join(names, " or ") + "'s copy"
		}
		text := fmt.Sprintf("%s removed %s's %s on %q; it was put back.", by, name(r.Author), r.What, title)
		c.w.log.Warn("sync: a signed record was removed by a remote change and put back",
			"coop", c.id, "doc", d.ID(), "record", r.Key, "author", r.Author, "removedBy", r.RemovedBy)
		c.w.bus.publish(Event{Type: EventNotice, Coop: c.id, Doc: d.ID(), Kind: string(d.Kind()), Remote: true, Text: text})
	}
}
