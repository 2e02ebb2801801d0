package crdt

import (
	"fmt"

	"github.com/automerge/automerge-go"
)

// setText makes the Text at key read s with the smallest splice (common
// prefix and suffix kept), so a concurrent edit elsewhere in the same text
// survives the merge. A plain string left by another implementation is
// replaced by a Text.
func setText(m *automerge.Map, key, s string) error {
	v, err := m.Get(key)
	if err != nil {
		return fmt.Errorf("read %q: %w", key, err)
	}
	if v.Kind() != automerge.KindText {
		if err := m.Set(key, automerge.NewText(s)); err != nil {
			return fmt.Errorf("set %q: %w", key, err)
		}
		return nil
	}
	t := v.Text()
	old, err := t.Get()
	if err != nil {
		return fmt.Errorf("read %q: %w", key, err)
	}
	pos, del, ins := minimalSplice(old, s)
	if del == 0 && ins == "" {
		return nil
	}
	if err := t.Splice(pos, del, ins); err != nil {
		return fmt.Errorf("edit %q: %w", key, err)
	}
	return nil
}

// minimalSplice returns the splice (in code points, Automerge's text index)
// that turns old into new.
func minimalSplice(old, new string) (pos, del int, ins string) {
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
	return p, ea - p, string(b[p:eb])
}
