package crdt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffWords cuts s into tokens whose concatenation is s: runs of letters and
// digits (a word, with inner apostrophes and hyphens: "don't", "co-op"), runs
// of white space, and single other characters (punctuation).
func diffWords(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case diffIsWordRune(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if diffIsWordRune(r2) {
					j += n2
					continue
				}
				// An apostrophe or hyphen joins two word runs.
				if r2 == '\'' || r2 == '’' || r2 == '-' {
					if r3, n3 := utf8.DecodeRuneInString(s[j+n2:]); j+n2 < len(s) && diffIsWordRune(r3) {
						j += n2 + n3
						continue
					}
				}
				break
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func diffIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// Token numbers are encoded as runes skipping the surrogate range, so that
// runs of them survive the string round trip inside diffmatchpatch.
const (
	diffSurrogateStart = 0xD800
	diffSurrogateSize  = 0x800
	diffMaxTokens      = utf8.MaxRune + 1 - diffSurrogateSize
)

func diffTokenRune(i int) rune {
	if i >= diffSurrogateStart {
		return rune(i + diffSurrogateSize)
	}
	return rune(i)
}

func diffRuneToken(r rune) int {
	if r >= diffSurrogateStart+diffSurrogateSize {
		return int(r) - diffSurrogateSize
	}
	return int(r)
}

// diffWordsToRunes maps each distinct word of a and b to one rune. ok is false
// when there are more distinct words than runes to number them.
func diffWordsToRunes(a, b string) (ra, rb []rune, tokens []string, ok bool) {
	index := map[string]int{}
	encode := func(s string) []rune {
		words := diffWords(s)
		out := make([]rune, 0, len(words))
		for _, w := range words {
			i, seen := index[w]
			if !seen {
				i = len(tokens)
				index[w] = i
				tokens = append(tokens, w)
			}
			out = append(out, diffTokenRune(i))
		}
		return out
	}
	ra, rb = encode(a), encode(b)
	return ra, rb, tokens, len(tokens) <= diffMaxTokens
}

// diffTokensToText replaces each diff's runes by the words they stand for.
func diffTokensToText(diffs []diffmatchpatch.Diff, tokens []string) []diffmatchpatch.Diff {
	for i := range diffs {
		var b strings.Builder
		for _, r := range diffs[i].Text {
			b.WriteString(tokens[diffRuneToken(r)])
		}
		diffs[i].Text = b.String()
	}
	return diffs
}
