package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2/widget"
)

// Keeping a member's cursor in place while a colleague's edit changes the
// text around it: positions are counted in runes (what Entry and Automerge
// count), and a position moves only when text is inserted or removed before
// it.

// setCursorOffset puts the entry's cursor at rune offset pos. Entry exposes
// the cursor as a (row, column) pair of its displayed rows, which with word
// wrapping are not the text's lines, so the row is found by a binary search
// over CursorTextOffset, the one public mapping from rows to offsets.
func setCursorOffset(e *widget.Entry, pos int) {
	n := utf8.RuneCountInString(e.Text)
	pos = max(0, min(pos, n))
	rowStart := func(r int) int {
		e.CursorRow, e.CursorColumn = r, 0
		return e.CursorTextOffset()
	}
	// Rows past the last start at offset 0, as does row 0: the row wanted is
	// the last one starting after 0 and at or before pos (else row 0).
	lo, hi := 0, n
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s := rowStart(mid); s > 0 && s <= pos {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := rowStart(lo)
	e.CursorRow, e.CursorColumn = lo, pos-start
	e.Refresh()
}

// transformOffset maps a position in old to the same place in new, through
// the single change (common prefix and suffix kept) that turns old into
// new. A position inside replaced text moves to the end of its replacement;
// one exactly where text was inserted stays before it, so a colleague typing
// right at the cursor does not push the member's cursor along.
func transformOffset(old, new string, pos int) int {
	a, b := []rune(old), []rune(new)
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	ea, eb := len(a), len(b)
	for ea > p && eb > p && a[ea-1] == b[eb-1] {
		ea--
		eb--
	}
	switch {
	case pos <= p:
		return pos
	case pos >= ea:
		return pos + (eb - ea)
	}
	return eb
}
