package storage

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for DeriveKey. RFC 9106's second recommended option is
// t=3 with 64 MiB; 2 lanes match the 2-core machines Mutual targets. On such a
// machine this takes roughly a tenth of a second, paid once per unlock, while
// each guess of an offline attacker costs the same 64 MiB and time.
const (
	argonTime      = 3
	argonMemoryKiB = 64 * 1024
	argonThreads   = 2
)

// SaltSize is the length of the salt LoadOrCreateSalt keeps.
const SaltSize = 16

// SaltFileName is the plaintext file in the data directory holding the salt
// (hex). It is not secret, but losing it makes the passphrase useless.
const SaltFileName = "keysalt"

// DeriveKey turns a passphrase into an EncryptionKeySize-byte key with
// Argon2id.
func DeriveKey(passphrase []byte, salt []byte) []byte {
	return argon2.IDKey(passphrase, salt, argonTime, argonMemoryKiB, argonThreads, EncryptionKeySize)
}

// LoadOrCreateSalt returns the salt stored in dir/keysalt, creating dir and
// the file with a new random salt if the file does not exist. A damaged file
// gives an error wrapping ErrCorrupt (it is never silently replaced: a new
// salt would lock the user out of existing data).
func LoadOrCreateSalt(dir string) ([]byte, error) {
	if dir == "" {
		return nil, fmt.Errorf("storage: salt directory is empty: %w", ErrInvalidArgument)
	}
	path := filepath.Join(dir, SaltFileName)
	data, err := os.ReadFile(path)
	if err == nil {
		return parseSalt(path, data)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("storage: read salt: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("storage: create data directory: %w", err)
	}
	salt := make([]byte, SaltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("storage: generate salt: %w", err)
	}
	if err := writeFileAtomic(path, []byte(hex.EncodeToString(salt)+"\n")); err != nil {
		return nil, fmt.Errorf("storage: write salt: %w", err)
	}
	return salt, nil
}

func parseSalt(path string, data []byte) ([]byte, error) {
	salt, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(salt) != SaltSize {
		return nil, fmt.Errorf("storage: salt file %s: %w: want %d hex-encoded bytes", path, ErrCorrupt, SaltSize)
	}
	return salt, nil
}

// writeFileAtomic writes via a synced temporary file and a rename, so a
// crash leaves either no file or the complete one.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Persist the directory entry; not every platform can sync a directory.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
