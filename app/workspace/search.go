package workspace

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/storage"
)

// searchKey holds a document's searchable text, lower-cased, with the heads
// it was read at. It lives beside the metadata index rather than in it: the
// list must stay small to read, and the text is only wanted while someone
// searches.
func searchKey(coop, id string) string { return "search/" + coop + "/" + id }

type searchEntry struct {
	Heads []string `json:"heads"`
	Text  string   `json:"text"`
}

// Search returns the IDs of the co-op's documents of kind ("" for
// proposals, schedules and agreements) whose title, text, options, outcome,
// events, shifts or comments contain every word of query, in any case.
// Each document's text is read once and kept until the document changes, so
// searching a large co-op again costs a scan of small records, not a load of
// every document.
func (c *Coop) Search(kind, query string) (map[string]bool, error) {
	words := strings.Fields(strings.ToLower(query))
	metas, err := c.w.store.ListDocs(c.id, kind)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, m := range metas {
		if m.Kind == string(crdt.KindRoster) {
			continue
		}
		text, err := c.searchText(m)
		if err != nil {
			c.w.log.Warn("search: skipping unreadable document", "doc", m.ID, "err", err)
			continue
		}
		if containsAll(text, words) {
			out[m.ID] = true
		}
	}
	return out, nil
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// searchText is the document's text, from the kept record when it was read
// at the document's current heads, else read now and kept.
func (c *Coop) searchText(m storage.DocMeta) (string, error) {
	key := searchKey(c.id, m.ID)
	if raw, err := c.w.store.Get(key); err == nil {
		var e searchEntry
		if json.Unmarshal(raw, &e) == nil && len(m.Heads) > 0 && slices.Equal(e.Heads, m.Heads) {
			return e.Text, nil
		}
	} else if !errors.Is(err, storage.ErrNotFound) {
		return "", err
	}
	d, err := c.Doc(m.ID)
	if err != nil {
		return "", err
	}
	text := strings.ToLower(documentText(d))
	if raw, err := json.Marshal(searchEntry{Heads: d.Heads(), Text: text}); err == nil {
		if err := c.w.store.Put(key, raw); err != nil {
			c.w.log.Warn("search: could not keep a document's text", "doc", m.ID, "err", err)
		}
	}
	return text, nil
}

// documentText gathers everything a member may search for in a document.
// Parts that cannot be read are left out rather than failing the search.
func documentText(d *crdt.Doc) string {
	var b strings.Builder
	add := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
			b.WriteByte('\n')
		}
	}
	add(d.Title())
	switch d.Kind() {
	case crdt.KindProposal:
		if p, err := crdt.AsProposal(d); err == nil {
			if body, err := p.Body(); err == nil {
				add(body)
			}
			if opts, err := p.Options(); err == nil {
				for _, o := range opts {
					add(o.Label)
				}
			}
			if o, ok, err := p.Outcome(); err == nil && ok {
				add(o.Statement)
			}
		}
	case crdt.KindAgreement:
		if a, err := crdt.AsAgreement(d); err == nil {
			if body, err := a.Body(); err == nil {
				add(body)
			}
		}
	case crdt.KindMeeting:
		if m, err := crdt.AsMeeting(d); err == nil {
			add(m.SearchText())
		}
	case crdt.KindSchedule:
		if s, err := crdt.AsSchedule(d); err == nil {
			if evs, err := s.Events(); err == nil {
				for _, e := range evs {
					if !e.Deleted {
						add(e.Title, e.Location, e.Description)
					}
				}
			}
			if shs, err := s.Shifts(); err == nil {
				for _, sh := range shs {
					if !sh.Deleted {
						add(sh.Role, sh.Notes)
					}
				}
			}
		}
	}
	if cs, err := d.Comments(); err == nil {
		addComments(add, cs)
	}
	return b.String()
}

func addComments(add func(...string), cs []crdt.Comment) {
	for _, c := range cs {
		if !c.Deleted {
			add(c.Body)
		}
		addComments(add, c.Replies)
	}
}
