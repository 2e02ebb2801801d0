package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTransformOffset(t *testing.T) {
	for _, c := range []struct {
		name      string
		old, new  string
		pos, want int
	}{
		{"insert before", "hello world", "oh hello world", 6, 9},
		{"insert after", "hello world", "hello world!", 5, 5},
		{"insert at the cursor stays before it", "ab", "aXb", 1, 1},
		{"delete before", "hello big world", "hello world", 12, 8},
		{"delete around the cursor", "hello big world", "hello world", 8, 6},
		{"replace around the cursor", "one two three", "one 2 three", 5, 5},
		{"no change", "same", "same", 2, 2},
		{"runes, not bytes", "héllo wörld", "¡héllo wörld", 7, 8},
		{"cursor at the end, text appended", "abc", "abcdef", 3, 3},
		{"cursor at the end, text prepended", "abc", "xyzabc", 3, 6},
	} {
		if got := transformOffset(c.old, c.new, c.pos); got != c.want {
			t.Errorf("%s: transformOffset(%q, %q, %d) = %d, want %d", c.name, c.old, c.new, c.pos, got, c.want)
		}
	}
}

func TestSetCursorOffset(t *testing.T) {
	test.NewTempApp(t)
	for _, wrap := range []fyne.TextWrap{fyne.TextWrapOff, fyne.TextWrapWord} {
		e := widget.NewMultiLineEntry()
		e.Wrapping = wrap
		w := test.NewWindow(e)
		w.Resize(fyne.NewSize(160, 400)) // narrow: long lines wrap
		text := "First line.\n\nA much longer third line that wraps at this width.\nLast ünïcode line."
		e.SetText(text)
		n := len([]rune(text))
		for pos := 0; pos <= n; pos++ {
			setCursorOffset(e, pos)
			if got := e.CursorTextOffset(); got != pos {
				t.Fatalf("wrap %v: set %d, entry reports %d (row %d col %d)", wrap, pos, got, e.CursorRow, e.CursorColumn)
			}
		}
		// Typing lands at the cursor set.
		at := strings.Index(text, "Last")
		setCursorOffset(e, len([]rune(text[:at])))
		test.Type(e, ">")
		if !strings.Contains(e.Text, "\n>Last") {
			t.Fatalf("wrap %v: typed at the wrong place: %q", wrap, e.Text)
		}
		w.Close()
	}
}
