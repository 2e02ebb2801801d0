package storage

import (
	"encoding/binary"
	"fmt"
	"strings"
)

const (
	prefixSnap = "snap/"
	prefixInc  = "inc/"
	prefixMeta = "meta/"
	prefixKV   = "kv/"

	// maxNameLen bounds co-op and document IDs so keys stay small.
	maxNameLen = 256
	// maxKVKeyLen keeps KV keys far below Badger's 65,000-byte key limit.
	maxKVKeyLen = 4096
)

// validateName checks a co-op or document ID. '/' separates key segments, so
// allowing it would let ("a", "b/c") and ("a/b", "c") collide.
func validateName(what, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("storage: %s is empty: %w", what, ErrInvalidArgument)
	case len(name) > maxNameLen:
		return fmt.Errorf("storage: %s is %d bytes, limit %d: %w", what, len(name), maxNameLen, ErrInvalidArgument)
	case strings.ContainsAny(name, "/\x00"):
		return fmt.Errorf("storage: %s %q contains '/' or NUL: %w", what, name, ErrInvalidArgument)
	}
	return nil
}

func validateDocRef(coop, id string) error {
	if err := validateName("co-op ID", coop); err != nil {
		return err
	}
	return validateName("document ID", id)
}

func validateKVKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("storage: key is empty: %w", ErrInvalidArgument)
	case len(key) > maxKVKeyLen:
		return fmt.Errorf("storage: key is %d bytes, limit %d: %w", len(key), maxKVKeyLen, ErrInvalidArgument)
	}
	return nil
}

func snapKey(coop, id string) []byte    { return []byte(prefixSnap + coop + "/" + id) }
func metaKey(coop, id string) []byte    { return []byte(prefixMeta + coop + "/" + id) }
func metaCoopPrefix(coop string) []byte { return []byte(prefixMeta + coop + "/") }
func incPrefix(coop, id string) []byte  { return []byte(prefixInc + coop + "/" + id + "/") }
func kvKey(key string) []byte           { return []byte(prefixKV + key) }

func incKey(coop, id string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(incPrefix(coop, id), seq)
}

// incSeq extracts the sequence number from an increment key whose prefix
// (of length prefixLen) is already known to match.
func incSeq(key []byte, prefixLen int) (uint64, bool) {
	if len(key) != prefixLen+8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(key[prefixLen:]), true
}
