package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// listPane is the middle column: search, filter, New, and the documents of
// the section. It reads only the metadata index, so a co-op of ten thousand
// documents lists as fast as one of ten; what the index does not know
// (whether you voted) is filled in afterwards (marks.go).
type listPane struct {
	s   *shell
	sec section

	search *widget.Entry
	filter *widget.Select
	newBtn *widget.Button
	count  *widget.Label
	list   *widget.List

	all      []workspace.DocSummary
	shown    []workspace.DocSummary
	rows     []string // what each shown row was drawn with
	selected string   // the open document's ID
	want     string   // a document to open as soon as it is listed
	gen      int
	// found are the documents whose text (not only the title) holds every
	// word of foundFor, from the facade's search, which reads documents and
	// so runs off the UI goroutine.
	found     map[string]bool
	foundFor  string
	searchGen int
	box       fyne.CanvasObject
}

func newListPane(s *shell) *listPane {
	p := &listPane{s: s}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search (Ctrl+F)")
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.search.OnChanged = func(string) { p.apply(); p.searchText() }
	p.filter = widget.NewSelect(nil, func(string) { p.apply() })
	p.newBtn = button("New", theme.ContentAddIcon(), widget.HighImportance, func() { p.s.newItem() })
	p.count = note("")
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("Title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			st := widget.NewLabel("Status")
			sub := widget.NewLabel("detail")
			sub.SizeName = theme.SizeNameCaptionText
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, container.NewBorder(nil, nil, st, nil, sub))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.shown) {
				return
			}
			d := p.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(d.Title)
			line := box.Objects[1].(*fyne.Container)
			text, imp := statusText(d, p.s.u.facts.waiting[d.ID], p.s.u.facts.results[d.ID])
			setChip(line.Objects[1].(*widget.Label), text, imp)
			line.Objects[0].(*widget.Label).SetText(rowDetail(d, p.s.u.now()))
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.shown) {
			p.selected = p.shown[i].ID
			p.s.openDoc(p.shown[i])
		}
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, p.newBtn, p.search),
		container.NewBorder(nil, nil, widget.NewLabel("Show"), nil, p.filter),
		p.count)
	p.box = container.NewBorder(top, nil, nil, nil, p.list)
	return p
}

func (p *listPane) object() fyne.CanvasObject { return p.box }

// setSection lists another kind of document.
func (p *listPane) setSection(sec section) {
	p.sec = sec
	p.all, p.shown, p.selected = nil, nil, ""
	p.filter.Options = sectionFilters[sec]
	p.filter.SetSelected(filterAll)
	p.newBtn.SetText("New " + sectionInfo[sec].noun)
	p.count.SetText("Loading…")
	p.list.UnselectAll()
	p.list.Refresh()
	p.reload()
}

// reload re-reads the index off the UI goroutine.
func (p *listPane) reload() {
	c, kind := p.s.u.coop, sectionInfo[p.sec].kind
	fetch(p.s.u, &p.gen, func() ([]workspace.DocSummary, error) {
		return c.List(kind)
	}, func(docs []workspace.DocSummary, err error) {
		if err != nil {
			p.count.SetText("Could not read the list: " + friendly(err))
			return
		}
		sortDocs(docs, p.s.u.now())
		p.all = docs
		p.apply()
		p.searchText()
	})
}

// foundIn is the text search's result when it was for this query.
func (p *listPane) foundIn(query string) map[string]bool {
	if strings.TrimSpace(query) != p.foundFor {
		return nil
	}
	return p.found
}

// searchText looks for the search words in the documents' text, then
// redraws with what it found. Titles match at once, without it.
func (p *listPane) searchText() {
	q := strings.TrimSpace(p.search.Text)
	if q == "" || p.s.u.coop == nil {
		p.found, p.foundFor = nil, ""
		return
	}
	c, kind := p.s.u.coop, sectionInfo[p.sec].kind
	fetch(p.s.u, &p.searchGen, func() (map[string]bool, error) {
		return c.Search(kind, q)
	}, func(found map[string]bool, err error) {
		if err != nil {
			p.s.u.log.Warn("search failed", "err", err)
			return
		}
		p.found, p.foundFor = found, q
		p.apply()
	})
}

// apply filters and redraws, keeping the open document selected.
func (p *listPane) apply() {
	if p.s.u.coop == nil {
		return
	}
	f := p.s.u.facts
	p.shown = filterDocs(p.all, p.search.Text, p.filter.Selected, listMarks{waiting: f.waiting, myShifts: f.myShifts, found: p.foundIn(p.search.Text)})
	p.redraw()
	p.updateCount()
	open := p.selected
	if p.want != "" {
		open = p.want
	}
	idx := p.indexOf(open)
	switch {
	case idx >= 0:
		p.want = ""
		p.selected = open
		p.list.Select(idx)
		p.s.openDoc(p.shown[idx])
	case p.selected == "" && p.want == "" && len(p.shown) > 0 && p.s.view == nil:
		p.list.Select(0) // nothing is open: open the first document
	default:
		p.list.UnselectAll()
	}
}

// redraw refreshes only the rows whose text changed when the order is the
// same (the common case when a colleague's edit arrives), so a burst of
// remote changes does not re-typeset the whole visible list each time.
func (p *listPane) redraw() {
	now := p.s.u.now()
	keys := make([]string, len(p.shown))
	for i, d := range p.shown {
		text, _ := statusText(d, p.s.u.facts.waiting[d.ID], p.s.u.facts.results[d.ID])
		keys[i] = d.ID + "\x00" + d.Title + "\x00" + text + "\x00" + rowDetail(d, now)
	}
	if len(keys) != len(p.rows) {
		p.rows = keys
		p.list.Refresh()
		return
	}
	sameOrder := true
	for i := range keys {
		if idOf(keys[i]) != idOf(p.rows[i]) {
			sameOrder = false
			break
		}
	}
	old := p.rows
	p.rows = keys
	if !sameOrder {
		p.list.Refresh()
		return
	}
	for i := range keys {
		if keys[i] != old[i] {
			p.list.RefreshItem(i)
		}
	}
}

func idOf(key string) string {
	id, _, _ := strings.Cut(key, "\x00")
	return id
}

func (p *listPane) updateCount() {
	noun := sectionInfo[p.sec].noun
	switch {
	case len(p.all) == 0:
		p.count.SetText("No " + noun + "s yet. Press New to start one.")
	case len(p.shown) == 0:
		p.count.SetText("No " + noun + " matches.")
	case len(p.shown) == len(p.all):
		p.count.SetText(plural(len(p.all), noun))
	default:
		p.count.SetText(fmt.Sprintf("%d of %s", len(p.shown), plural(len(p.all), noun)))
	}
}

func (p *listPane) indexOf(id string) int {
	if id == "" {
		return -1
	}
	for i, d := range p.shown {
		if d.ID == id {
			return i
		}
	}
	return -1
}

// open selects a document once it is listed (just created, or named by a
// link such as a ratifying proposal).
func (p *listPane) open(id string) {
	p.want = id
	p.apply()
}

// move selects the next (1) or previous (-1) document.
func (p *listPane) move(delta int) {
	if len(p.shown) == 0 {
		return
	}
	i := p.indexOf(p.selected) + delta
	if p.indexOf(p.selected) < 0 {
		i = 0
	}
	i = max(0, min(i, len(p.shown)-1))
	p.list.Select(i)
	p.list.ScrollTo(i)
}
