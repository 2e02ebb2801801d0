package workspace

import (
	"fmt"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// minPrefix is the shortest ID prefix accepted in place of a whole ID.
const minPrefix = 4

// pick selects what a person named: the item whose ID is sel; else the one
// whose name is sel (any case); else the one whose ID starts with sel. Two
// equally good matches are ambiguous rather than a guess.
func pick[T any](items []T, sel, what string, id func(T) string, names func(T) []string) (T, error) {
	var zero T
	for _, x := range items {
		if id(x) == sel {
			return x, nil
		}
	}
	var byName, byPrefix []T
	for _, x := range items {
		for _, n := range names(x) {
			if n != "" && strings.EqualFold(n, sel) {
				byName = append(byName, x)
				break
			}
		}
		if len(sel) >= minPrefix && strings.HasPrefix(id(x), sel) {
			byPrefix = append(byPrefix, x)
		}
	}
	for _, found := range [][]T{byName, byPrefix} {
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		return zero, fmt.Errorf("%w: %s %q matches %d", ErrAmbiguous, what, sel, len(found))
	}
	return zero, fmt.Errorf("no %s %q: %w", what, sel, crdt.ErrNotFound)
}

// noNames is for things chosen by ID only.
func noNames[T any](T) []string { return nil }
