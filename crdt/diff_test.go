package crdt

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// diffSides rebuilds the old and new texts from a diff.
func diffSides(ops []DiffOp) (old, new string) {
	var o, n strings.Builder
	for _, op := range ops {
		switch op.Op {
		case DiffEqual:
			o.WriteString(op.Text)
			n.WriteString(op.Text)
		case DiffDelete:
			o.WriteString(op.Text)
		case DiffInsert:
			n.WriteString(op.Text)
		}
	}
	return o.String(), n.String()
}

func TestDiffText(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		unit DiffUnit
		want []DiffOp
	}{
		{"equal", "same\n", "same\n", ByLine, []DiffOp{{DiffEqual, "same\n"}}},
		{"both empty", "", "", ByWord, []DiffOp{}},
		{"line added", "a\nb\n", "a\nx\nb\n", ByLine, []DiffOp{{DiffEqual, "a\n"}, {DiffInsert, "x\n"}, {DiffEqual, "b\n"}}},
		{"line changed is whole line", "We meet Monday.\nEnd\n", "We meet Tuesday.\nEnd\n", ByLine,
			[]DiffOp{{DiffDelete, "We meet Monday.\n"}, {DiffInsert, "We meet Tuesday.\n"}, {DiffEqual, "End\n"}}},
		{"last line without newline", "a\nb", "a\nc", ByLine, []DiffOp{{DiffEqual, "a\n"}, {DiffDelete, "b"}, {DiffInsert, "c"}}},
		{"word changed is whole word", "We meet Monday.", "We meet Tuesday.", ByWord,
			[]DiffOp{{DiffEqual, "We meet "}, {DiffDelete, "Monday"}, {DiffInsert, "Tuesday"}, {DiffEqual, "."}}},
		{"word sharing a prefix is not split", "the cooperative", "the cooperation", ByWord,
			[]DiffOp{{DiffEqual, "the "}, {DiffDelete, "cooperative"}, {DiffInsert, "cooperation"}}},
		{"words inserted", "Clean the kitchen.", "Clean the kitchen and the oven.", ByWord,
			[]DiffOp{{DiffEqual, "Clean the kitchen"}, {DiffInsert, " and the oven"}, {DiffEqual, "."}}},
		{"contraction and hyphen are one word", "don't co-op", "won't co-op", ByWord,
			[]DiffOp{{DiffDelete, "don't"}, {DiffInsert, "won't"}, {DiffEqual, " co-op"}}},
		{"unicode words", "Café ouvert 😀", "Café fermé 😀", ByWord,
			[]DiffOp{{DiffEqual, "Café "}, {DiffDelete, "ouvert"}, {DiffInsert, "fermé"}, {DiffEqual, " 😀"}}},
		{"all deleted", "gone\n", "", ByLine, []DiffOp{{DiffDelete, "gone\n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiffText(tt.a, tt.b, tt.unit)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("DiffText = %+v\nwant %+v", got, tt.want)
			}
			if o, n := diffSides(got); o != tt.a || n != tt.b {
				t.Fatalf("diff rebuilds %q → %q, want %q → %q", o, n, tt.a, tt.b)
			}
		})
	}
}

// TestDiffTextRebuildsBothSides checks the invariant on larger inputs,
// including more distinct lines than fit in the Basic Multilingual Plane
// below the surrogates.
func TestDiffTextRebuildsBothSides(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 60000; i++ {
		line := "line " + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + " " + strconv.Itoa(i) + "\n"
		a.WriteString(line)
		if i%1000 != 0 {
			b.WriteString(line)
		} else {
			b.WriteString("changed " + strconv.Itoa(i) + "\n")
		}
	}
	for _, unit := range []DiffUnit{ByLine, ByWord} {
		ops := DiffText(a.String(), b.String(), unit)
		if o, n := diffSides(ops); o != a.String() || n != b.String() {
			t.Fatalf("%s diff does not rebuild its inputs", unit)
		}
		for i := 1; i < len(ops); i++ {
			if ops[i].Op == ops[i-1].Op {
				t.Fatalf("%s diff has two %s runs in a row", unit, ops[i].Op)
			}
		}
	}
}

func TestDiffWordTokens(t *testing.T) {
	got := diffWords("Hi, co-op's  members—don't\n\n go!")
	want := []string{"Hi", ",", " ", "co-op's", "  ", "members", "—", "don't", "\n\n ", "go", "!"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diffWords = %q\nwant %q", got, want)
	}
	for _, i := range []int{0, 1, diffSurrogateStart - 1, diffSurrogateStart, diffMaxTokens - 1} {
		r := diffTokenRune(i)
		if r >= diffSurrogateStart && r < diffSurrogateStart+diffSurrogateSize || r > 0x10FFFF {
			t.Fatalf("token %d encodes as invalid rune %U", i, r)
		}
		if diffRuneToken(r) != i {
			t.Fatalf("token %d round trips to %d", i, diffRuneToken(r))
		}
	}
}

func TestParseDiffUnit(t *testing.T) {
	for s, want := range map[string]DiffUnit{"line": ByLine, "lines": ByLine, "word": ByWord, "words": ByWord} {
		if got, err := ParseDiffUnit(s); err != nil || got != want {
			t.Fatalf("ParseDiffUnit(%q) = %v, %v", s, got, err)
		}
		if got, _ := ParseDiffUnit(s); got.String() != strings.TrimSuffix(s, "s") {
			t.Fatalf("%v.String() = %q", got, got.String())
		}
	}
	if _, err := ParseDiffUnit("char"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("ParseDiffUnit(char) = %v", err)
	}
}
