package crdt

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// idEncoding is lowercase base32 without padding: IDs are safe in file names,
// URLs and command lines, and short enough to type a prefix of.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random 128-bit identifier (26 characters).
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms (Go 1.24+ panics itself).
		panic(err)
	}
	return idEncoding.EncodeToString(b[:])
}

// ValidID reports whether s looks like an ID made by NewID or CoopID.
func ValidID(s string) bool {
	if len(s) != 26 {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz234567") == ""
}

// ShortID is the first 8 characters of an ID, for lists a person reads.
// Any string is safe: what another member's copy wrote is shown, not sliced
// past its end.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
