package crdt

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// Version is a named state of the body, pinned to the Automerge heads at
// which it was saved. The heads make it reproducible from history; the
// SHA-256 lets anyone check that what they reproduce is what was named.
type Version struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Heads  []string  `json:"heads"`
	At     time.Time `json:"at"`
	By     MemberID  `json:"by"`
	SHA256 string    `json:"sha256"`
}

// maxVersionName bounds a version's name (in code points): it is a label.
const maxVersionName = 200

// SaveVersion names the body as it is now and returns the version's ID.
func (a *Agreement) SaveVersion(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", fmt.Errorf("version name is empty: %w", ErrInvalid)
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxVersionName:
		return "", fmt.Errorf("version name must be valid text of at most %d characters: %w", maxVersionName, ErrInvalid)
	case a.Me() == nil:
		return "", ErrReadOnly
	}
	id, at := NewID(), agreementMillis(a.Now())
	err := a.change("save version "+name, func(root *automerge.Map) error {
		body, err := readAgreementBody(root)
		if err != nil {
			return err
		}
		versions, err := agreementMap(root, agreementVersionsKey)
		if err != nil {
			return err
		}
		// The heads before this change: the version names the body, not the
		// record that names it.
		heads := headStrings(a.am.Heads())
		return versions.Set(id, map[string]any{
			"name": name, "heads": heads, "at": at.UnixMilli(),
			"by": string(a.Me().Member()), "sha256": agreementSHA(body),
		})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// Versions lists the saved versions, oldest first.
func (a *Agreement) Versions() (out []Version, err error) {
	err = a.read(func(root *automerge.Map) error {
		out, err = readVersions(root)
		return err
	})
	return out, err
}

// Version looks one saved version up.
func (a *Agreement) Version(id string) (Version, error) {
	vs, err := a.Versions()
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.ID == id {
			return v, nil
		}
	}
	return Version{}, fmt.Errorf("version %q: %w", id, ErrNotFound)
}

// BodyAt is the body as it was when the version was saved, checked against
// the version's SHA-256 (a mismatch is ErrMalformed).
func (a *Agreement) BodyAt(versionID string) (string, error) {
	v, err := a.Version(versionID)
	if err != nil {
		return "", err
	}
	body, err := a.bodyAtHeads(v.Heads)
	if err != nil {
		return "", fmt.Errorf("version %q: %w", v.Name, err)
	}
	if agreementSHA(body) != v.SHA256 {
		return "", fmt.Errorf("version %q: text at its heads does not match its SHA-256: %w", v.Name, ErrMalformed)
	}
	return body, nil
}

func readVersions(root *automerge.Map) ([]Version, error) {
	var r reader
	vm := r.mapAt(root, agreementVersionsKey)
	out := []Version{}
	for _, id := range r.ids(vm) {
		m := r.mapAt(vm, id)
		out = append(out, Version{
			ID: id, Name: r.str(m, "name"), Heads: r.strs(m, "heads"),
			At: r.millis(m, "at"), By: MemberID(r.str(m, "by")), SHA256: r.str(m, "sha256"),
		})
	}
	if r.err != nil {
		return nil, fmt.Errorf("agreement versions: %w", r.err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
