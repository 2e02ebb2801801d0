package crdt

import (
	"fmt"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// DiffUnit is the granularity of a diff: whole lines (for reviewing a long
// agreement) or words (for reading what an amendment changed in a sentence).
type DiffUnit int

// Diff units.
const (
	ByLine DiffUnit = iota
	ByWord
)

// String names the unit as the command line spells it.
func (u DiffUnit) String() string {
	switch u {
	case ByLine:
		return "line"
	case ByWord:
		return "word"
	}
	return fmt.Sprintf("DiffUnit(%d)", int(u))
}

// ParseDiffUnit reads "line" or "word".
func ParseDiffUnit(s string) (DiffUnit, error) {
	switch s {
	case "line", "lines":
		return ByLine, nil
	case "word", "words":
		return ByWord, nil
	}
	return 0, fmt.Errorf("unknown diff unit %q (want line or word): %w", s, ErrInvalid)
}

// Diff operations.
const (
	DiffEqual  = "equal"
	DiffInsert = "insert"
	DiffDelete = "delete"
)

// DiffOp is one run of a diff: text both sides share, or text only the new
// side (insert) or only the old side (delete) has. Concatenating the equal
// and delete runs gives the old text; equal and insert runs give the new.
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// diffTimeout bounds the diff of two very different long texts; past it the
// diff is still correct, only less minimal. Diffs are for people to read.
const diffTimeout = 2 * time.Second

// diffMaxLines stays below the number of distinct lines DiffLinesToChars can
// encode (it panics past about 1,112,000).
const diffMaxLines = 1_000_000

// DiffText compares a (old) and b (new) by whole lines or by words. Each unit
// is mapped to one rune so the diff runs over units, never splitting a line
// or a word. An unknown unit compares by line.
func DiffText(a, b string, unit DiffUnit) []DiffOp {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	var diffs []diffmatchpatch.Diff
	switch {
	case unit == ByWord:
		ra, rb, tokens, ok := diffWordsToRunes(a, b)
		if !ok {
			diffs = dmp.DiffMain(a, b, false) // more distinct words than runes: by character
			break
		}
		diffs = diffTokensToText(dmp.DiffMainRunes(ra, rb, false), tokens)
	case strings.Count(a, "\n")+strings.Count(b, "\n")+2 <= diffMaxLines:
		ca, cb, lines := dmp.DiffLinesToChars(a, b)
		diffs = dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
	default:
		diffs = dmp.DiffMain(a, b, false) // more lines than the library can number
	}
	return toDiffOps(diffs)
}

// toDiffOps converts and merges neighbouring runs of the same operation.
func toDiffOps(diffs []diffmatchpatch.Diff) []DiffOp {
	out := []DiffOp{}
	for _, d := range diffs {
		if d.Text == "" {
			continue
		}
		op := DiffEqual
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = DiffInsert
		case diffmatchpatch.DiffDelete:
			op = DiffDelete
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += d.Text
			continue
		}
		out = append(out, DiffOp{Op: op, Text: d.Text})
	}
	return out
}
