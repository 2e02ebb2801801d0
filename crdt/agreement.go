package crdt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// Agreement is a shared co-op text (house rules, a lease, a policy) written in
// Markdown. Its body is one Automerge Text, so members typing in the same
// paragraph at once both keep their words. Around the body it keeps named
// versions pinned to Automerge heads, proposed amendments, and ratifications
// signed by members. Schema: docs/schema/agreement.md.
type Agreement struct{ *Doc }

// Root keys of an agreement (beyond the common header).
const (
	agreementBodyKey          = "body"
	agreementVersionsKey      = "versions"
	agreementAmendmentsKey    = "amendments"
	agreementRatificationsKey = "ratifications"
)

// NewAgreement starts an agreement in co-op coop with a first body.
func NewAgreement(coop, title, body string, me *Identity, now time.Time) (*Agreement, error) {
	title = strings.TrimSpace(title)
	switch {
	case me == nil:
		return nil, ErrReadOnly
	case !ValidID(coop):
		return nil, fmt.Errorf("co-op ID %q: %w", coop, ErrInvalid)
	case title == "":
		return nil, fmt.Errorf("agreement title is empty: %w", ErrInvalid)
	case !utf8.ValidString(title) || !utf8.ValidString(body):
		return nil, fmt.Errorf("agreement title or body is not valid UTF-8: %w", ErrInvalid)
	}
	d, err := newDoc(KindAgreement, NewID(), coop, title, me, now)
	if err != nil {
		return nil, err
	}
	d.SetClock(func() time.Time { return now })
	// The container maps are created once, here, so that every replica adds
	// to the same Automerge objects: two replicas each creating "versions"
	// lazily would conflict and one replica's versions would be hidden.
	err = d.change("write agreement", func(root *automerge.Map) error {
		if err := root.Set(agreementBodyKey, automerge.NewText(body)); err != nil {
			return err
		}
		for _, k := range []string{agreementVersionsKey, agreementAmendmentsKey, agreementRatificationsKey} {
			if err := root.Set(k, automerge.NewMap()); err != nil {
				return err
			}
		}
		return nil
	})
	d.SetClock(time.Now)
	if err != nil {
		return nil, err
	}
	return &Agreement{d}, nil
}

// AsAgreement checks that d is an agreement.
func AsAgreement(d *Doc) (*Agreement, error) {
	if d == nil {
		return nil, fmt.Errorf("no document: %w", ErrInvalid)
	}
	if d.Kind() != KindAgreement {
		return nil, fmt.Errorf("%s is a %s: %w", d.ID(), d.Kind(), ErrWrongKind)
	}
	return &Agreement{d}, nil
}

// LoadAgreement opens saved bytes as an agreement; me may be nil (read-only).
func LoadAgreement(b []byte, me *Identity) (*Agreement, error) {
	d, err := Load(b, me)
	if err != nil {
		return nil, err
	}
	return AsAgreement(d)
}

// Body is the current Markdown text.
func (a *Agreement) Body() (body string, err error) {
	err = a.read(func(root *automerge.Map) error {
		body, err = readAgreementBody(root)
		return err
	})
	return body, err
}

// SetBody replaces the body with markdown using the smallest splice (common
// prefix and suffix kept), so concurrent edits elsewhere survive the merge.
// Setting the text it already has is a no-op and records no change.
func (a *Agreement) SetBody(markdown string) error {
	if !utf8.ValidString(markdown) {
		return fmt.Errorf("agreement body is not valid UTF-8: %w", ErrInvalid)
	}
	cur, err := a.Body()
	if err != nil {
		return err
	}
	if cur == markdown {
		return nil
	}
	return a.change("edit body", func(root *automerge.Map) error {
		return setText(root, agreementBodyKey, markdown)
	})
}

func readAgreementBody(root *automerge.Map) (string, error) {
	var r reader
	s := r.str(root, agreementBodyKey)
	if r.err != nil {
		return "", fmt.Errorf("agreement body: %w", r.err)
	}
	return s, nil
}

// bodyAtHeads is the body as it was at heads (read from a fork, so the live
// document is untouched).
func (a *Agreement) bodyAtHeads(heads []string) (string, error) {
	if len(heads) == 0 {
		return "", fmt.Errorf("record has no heads: %w", ErrMalformed)
	}
	past, err := a.AtHeads(heads)
	if err != nil {
		return "", err
	}
	return (&Agreement{past}).Body()
}

// agreementSHA is the hex SHA-256 of a body's UTF-8 bytes: what versions and
// ratifications pin, and what members sign.
func agreementSHA(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// agreementMap returns the container map at key, creating it only when a
// document written elsewhere lacks it (NewAgreement always creates it).
func agreementMap(root *automerge.Map, key string) (*automerge.Map, error) {
	var r reader
	m := r.mapAt(root, key)
	if r.err != nil {
		return nil, r.err
	}
	if m != nil {
		return m, nil
	}
	if err := root.Set(key, automerge.NewMap()); err != nil {
		return nil, err
	}
	if m = r.mapAt(root, key); r.err != nil || m == nil {
		return nil, fmt.Errorf("create %q: %w", key, ErrMalformed)
	}
	return m, nil
}

// agreementMillis is now truncated to what a record stores and signs.
func agreementMillis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
