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

// AgendaItem is one point of a meeting's agenda. Any member may add an
// item; only its author, whoever called the meeting, an admin, the chair or
// the note-taker may change or remove it.
type AgendaItem struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Kind  string    `json:"kind"`
	Ref   string    `json:"ref,omitempty"` // the proposal, agreement or meeting it is about
	Sub   string    `json:"sub,omitempty"` // the amendment, for AgendaAmendment
	Order float64   `json:"order"`
	By    MemberID  `json:"by"`
	At    time.Time `json:"at"`
}

// AgendaSpec is what an agenda item is added with. Kind "" is free text.
type AgendaSpec struct {
	Title string
	Kind  string
	Ref   string
	Sub   string
}

func (s AgendaSpec) check() (AgendaSpec, error) {
	s.Title = strings.TrimSpace(s.Title)
	if s.Kind == "" {
		s.Kind = AgendaText
	}
	switch {
	case s.Title == "" || !utf8.ValidString(s.Title) || utf8.RuneCountInString(s.Title) > maxItemRunes:
		return s, fmt.Errorf("an agenda item needs a title of 1 to %d characters: %w", maxItemRunes, ErrInvalid)
	case !agendaKinds[s.Kind]:
		return s, fmt.Errorf("unknown agenda item kind %q: %w", s.Kind, ErrInvalid)
	case (s.Kind == AgendaText || s.Kind == AgendaActions) && (s.Ref != "" || s.Sub != ""):
		return s, fmt.Errorf("a %s item links to nothing: %w", s.Kind, ErrInvalid)
	case s.Kind != AgendaText && s.Kind != AgendaActions && !ValidID(s.Ref):
		return s, fmt.Errorf("a %s item needs the ID of what it is about: %w", s.Kind, ErrInvalid)
	case (s.Kind == AgendaAmendment) != (s.Sub != "") || (s.Sub != "" && !ValidID(s.Sub)):
		return s, fmt.Errorf("only an amendment item names an amendment, and it must: %w", ErrInvalid)
	}
	return s, nil
}

// AddAgendaItem adds an item at the end of the agenda, and a section for
// it at the end of the minutes, and returns its ID.
func (m *Meeting) AddAgendaItem(v *RosterView, spec AgendaSpec) (string, error) {
	if _, err := m.checkRoster(v, "add to the agenda"); err != nil {
		return "", err
	}
	spec, err := spec.check()
	if err != nil {
		return "", err
	}
	id := NewID()
	err = m.change("add "+spec.Title+" to the agenda", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if !st.closedAt.IsZero() {
			return fmt.Errorf("the meeting has closed: %w", ErrClosed)
		}
		order := 1.0
		if n := len(st.agenda); n > 0 {
			order = st.agenda[n-1].Order + 1
		}
		rec := agendaRec{ID: id, Title: spec.Title, Kind: spec.Kind, Ref: spec.Ref, Sub: spec.Sub, Order: order}
		if err := m.seal(root, recAgendaItem, rec); err != nil {
			return err
		}
		return appendMinutesSection(root, st.minutes, spec.Title)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// appendMinutesSection adds "## title" at the end of the minutes, so the
// note-taker writes each item's notes under its own heading.
func appendMinutesSection(root *automerge.Map, minutes, title string) error {
	sep := ""
	switch {
	case minutes == "":
	case strings.HasSuffix(minutes, "\n\n"):
	case strings.HasSuffix(minutes, "\n"):
		sep = "\n"
	default:
		sep = "\n\n"
	}
	heading := sep + "## " + strings.ReplaceAll(title, "\n", " ") + "\n\n"
	return spliceText(root, meetingMinutesKey, utf8.RuneCountInString(minutes), 0, heading)
}

// RemoveAgendaItem takes an item off the agenda (its minutes stay).
func (m *Meeting) RemoveAgendaItem(v *RosterView, id string) error {
	return m.changeItem(v, id, "take an item off the agenda", func(rec *agendaRec, _ []AgendaItem) { rec.Removed = true })
}

// MoveAgendaItem puts an item at position pos (1 = first) of the agenda.
func (m *Meeting) MoveAgendaItem(v *RosterView, id string, pos int) error {
	return m.changeItem(v, id, "move an agenda item", func(rec *agendaRec, items []AgendaItem) {
		var others []AgendaItem
		for _, it := range items {
			if it.ID != id {
				others = append(others, it)
			}
		}
		pos = min(max(pos, 1), len(others)+1)
		switch {
		case len(others) == 0:
			rec.Order = 1
		case pos == 1:
			rec.Order = others[0].Order - 1
		case pos > len(others):
			rec.Order = others[len(others)-1].Order + 1
		default:
			rec.Order = (others[pos-2].Order + others[pos-1].Order) / 2
		}
	})
}

// changeItem signs a new record for an existing item after edit.
func (m *Meeting) changeItem(v *RosterView, id, what string, edit func(rec *agendaRec, items []AgendaItem)) error {
	me, err := m.checkRoster(v, what)
	if err != nil {
		return err
	}
	return m.change(what, func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if !st.closedAt.IsZero() {
			return fmt.Errorf("the meeting has closed: %w", ErrClosed)
		}
		it, ok := st.item(id)
		if !ok {
			return fmt.Errorf("agenda item %q: %w", id, ErrNotFound)
		}
		if !st.mayEditItem(me, it.By, m.now(), v) {
			return fmt.Errorf("only the item's author, the chair, the note-taker, whoever called the meeting or an admin may %s: %w", what, ErrNotAllowed)
		}
		rec := agendaRec{ID: it.ID, Title: it.Title, Kind: it.Kind, Ref: it.Ref, Sub: it.Sub, Order: it.Order}
		edit(&rec, st.agenda)
		return m.sealAfter(root, recAgendaItem, rec, st.lastAt[id])
	})
}

func (st *meetingState) mayEditItem(by, author MemberID, at time.Time, v *RosterView) bool {
	s := st.settingsIn(at)
	return by == author || by == s.Chair || by == s.NoteTaker || st.organiserAt(by, at, v)
}

// item finds a live agenda item.
func (st *meetingState) item(id string) (AgendaItem, bool) {
	for _, it := range st.agenda {
		if it.ID == id {
			return it, true
		}
	}
	return AgendaItem{}, false
}

// judgeAgenda applies an agenda record: the first for an ID makes the
// item, later ones change it when their signer may.
func (st *meetingState) judgeAgenda(rec rawRecord, v *RosterView, items map[string]*judged[AgendaItem]) {
	by, at := rec.env.Member, recAt(rec)
	var b agendaRec
	if json.Unmarshal(rec.env.Body, &b) != nil || !ValidID(b.ID) {
		st.refuse(rec, by, RefuseUnreadable)
		return
	}
	spec, err := AgendaSpec{Title: b.Title, Kind: b.Kind, Ref: b.Ref, Sub: b.Sub}.check()
	if err != nil {
		st.refuse(rec, by, RefuseBadValue)
		return
	}
	cur := items[b.ID]
	switch {
	case !memberAt(v, by, at):
		st.refuse(rec, by, RefuseRemoved)
		return
	case cur != nil && !st.mayEditItem(by, cur.author, at, v):
		st.refuse(rec, by, RefuseNoRight)
		return
	}
	if cur == nil {
		cur = &judged[AgendaItem]{author: by, first: at}
		items[b.ID] = cur
	}
	st.lastAt[b.ID] = at
	cur.val = AgendaItem{ID: b.ID, Title: spec.Title, Kind: spec.Kind, Ref: spec.Ref, Sub: spec.Sub, Order: b.Order, By: cur.author, At: cur.first}
	cur.gone = b.Removed
}

func sortedAgenda(items map[string]*judged[AgendaItem]) []AgendaItem {
	out := []AgendaItem{}
	for _, j := range items {
		if !j.gone {
			out = append(out, j.val)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.ID < b.ID
	})
	return out
}
