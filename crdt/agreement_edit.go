package crdt

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// errNoEdits aborts an Edit that made no splice: Automerge refuses to commit
// an empty change, and an edit session that typed nothing is not history.
var errNoEdits = errors.New("no edits")

// SpliceBody is the editing API: at code point pos, delete del code points
// and insert ins, as one Automerge splice committed as one change. A range
// outside the body is an error and changes nothing. For many edits in a row
// (typing), use Edit, which commits them together.
func (a *Agreement) SpliceBody(pos, del int, ins string) error {
	if err := agreementCheckSplice(pos, del, ins); err != nil {
		return err
	}
	if del == 0 && ins == "" {
		return nil
	}
	return a.Edit(func(e *BodyEditor) error { return e.Splice(pos, del, ins) })
}

// Edit runs fn with an editor over the body and commits every splice fn made
// as one change ("edit body"). If fn returns an error, none of its splices
// are kept. The document stays locked while fn runs, so fn must not call the
// agreement's other methods (read through the editor instead), and the
// editor must not be used after fn returns. A session with no splice records
// nothing.
func (a *Agreement) Edit(fn func(e *BodyEditor) error) error {
	var e *BodyEditor
	err := a.change("edit body", func(root *automerge.Map) error {
		var err error
		if e, err = openBodyEditor(root); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
		if e.edits == 0 {
			return errNoEdits
		}
		return nil
	})
	if e != nil {
		e.closed = true // the Text must not be written outside the lock
	}
	if errors.Is(err, errNoEdits) {
		return nil
	}
	return err
}

// BodyEditor edits the body inside Agreement.Edit. It tracks the body's
// length itself, so validating a splice costs no call into Automerge and
// every edit is exactly one Automerge splice.
type BodyEditor struct {
	text   *automerge.Text
	plain  *string // set when the body is still a plain string (see Splice)
	root   *automerge.Map
	n      int // length in code points
	edits  int
	closed bool
}

func openBodyEditor(root *automerge.Map) (*BodyEditor, error) {
	v, err := root.Get(agreementBodyKey)
	if err != nil {
		return nil, fmt.Errorf("read body: %w: %v", ErrMalformed, err)
	}
	e := &BodyEditor{root: root}
	switch v.Kind() {
	case automerge.KindText:
		e.text = v.Text()
		e.n = e.text.Len()
	case automerge.KindStr, automerge.KindVoid, automerge.KindNull:
		// Another implementation may have written a plain string (or none):
		// it becomes a Text at the first splice, never before validation.
		s := ""
		if v.Kind() == automerge.KindStr {
			s = v.Str()
		}
		e.plain, e.n = &s, utf8.RuneCountInString(s)
	default:
		return nil, fmt.Errorf("%q is %s, want text: %w", agreementBodyKey, v.Kind(), ErrMalformed)
	}
	return e, nil
}

// Len is the body's current length in code points.
func (e *BodyEditor) Len() int { return e.n }

// Text is the body as the session has edited it so far.
func (e *BodyEditor) Text() (string, error) {
	switch {
	case e.closed:
		return "", fmt.Errorf("body editor used outside Edit: %w", ErrInvalid)
	case e.text == nil:
		return *e.plain, nil
	}
	s, err := e.text.Get()
	if err != nil {
		return "", fmt.Errorf("read body: %w: %v", ErrMalformed, err)
	}
	return s, nil
}

// Splice deletes del code points at pos and inserts ins. A range outside the
// body, or ins not valid UTF-8, is an error and changes nothing.
func (e *BodyEditor) Splice(pos, del int, ins string) error {
	if e.closed {
		return fmt.Errorf("body editor used outside Edit: %w", ErrInvalid)
	}
	if pos < 0 || del < 0 || pos > e.n || del > e.n-pos {
		return fmt.Errorf("splice at %d deleting %d is outside the body (%d characters): %w", pos, del, e.n, ErrInvalid)
	}
	if !utf8.ValidString(ins) {
		return fmt.Errorf("inserted text is not valid UTF-8: %w", ErrInvalid)
	}
	if e.text == nil {
		if err := e.materialise(); err != nil {
			return err
		}
	}
	if err := e.text.Splice(pos, del, ins); err != nil {
		return fmt.Errorf("splice body: %w: %v", ErrMalformed, err)
	}
	e.n += utf8.RuneCountInString(ins) - del
	e.edits++
	return nil
}

// materialise turns a plain-string body into a Text with the same content.
func (e *BodyEditor) materialise() error {
	if err := e.root.Set(agreementBodyKey, automerge.NewText(*e.plain)); err != nil {
		return fmt.Errorf("convert body to text: %w", err)
	}
	v, err := e.root.Get(agreementBodyKey)
	if err != nil || v.Kind() != automerge.KindText {
		return fmt.Errorf("convert body to text: %w", ErrMalformed)
	}
	e.text, e.plain = v.Text(), nil
	return nil
}

func agreementCheckSplice(pos, del int, ins string) error {
	if pos < 0 || del < 0 {
		return fmt.Errorf("splice at %d deleting %d: negative: %w", pos, del, ErrInvalid)
	}
	if !utf8.ValidString(ins) {
		return fmt.Errorf("inserted text is not valid UTF-8: %w", ErrInvalid)
	}
	return nil
}
