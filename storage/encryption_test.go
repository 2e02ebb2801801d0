package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestEncryptionRoundTripAndWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	salt, err := LoadOrCreateSalt(dir)
	if err != nil {
		t.Fatal(err)
	}
	key := DeriveKey([]byte("correct horse battery staple"), salt)
	marker := []byte("PLAINTEXT-MARKER-visible-only-if-unencrypted")

	s, err := Open(Options{Dir: dir, EncryptionKey: key, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutDoc(testMeta("c", "d"), marker); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendChange(testMeta("c", "d"), marker); err != nil {
		t.Fatal(err)
	}
	if err := s.Put("identity", marker); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	assertNotInFiles(t, dir, marker)

	// The salt survives, so the same passphrase derives the same key.
	salt2, err := LoadOrCreateSalt(dir)
	if err != nil || !bytes.Equal(salt, salt2) {
		t.Fatalf("salt changed on reload: %x vs %x (%v)", salt, salt2, err)
	}
	s, err = Open(Options{Dir: dir, EncryptionKey: DeriveKey([]byte("correct horse battery staple"), salt2), Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if !bytes.Equal(snap, marker) || len(incs) != 1 || !bytes.Equal(incs[0], marker) {
		t.Fatalf("decrypted doc = %q, %q", snap, incs)
	}
	if v, err := s.Get("identity"); err != nil || !bytes.Equal(v, marker) {
		t.Fatalf("decrypted KV = %q, %v", v, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	wrong := DeriveKey([]byte("Correct horse battery staple"), salt)
	for name, k := range map[string][]byte{"wrong passphrase": wrong, "no key": nil} {
		s, err := Open(Options{Dir: dir, EncryptionKey: k, Logger: quietLogger()})
		if err == nil {
			s.Close()
			t.Fatalf("%s: Open succeeded", name)
		}
		wantErr(t, err, ErrWrongPassphrase)
	}
}

func TestKeyOnUnencryptedStoreIsWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(Options{Dir: dir, EncryptionKey: bytes.Repeat([]byte{7}, EncryptionKeySize), Logger: quietLogger()})
	wantErr(t, err, ErrWrongPassphrase)
}

func assertNotInFiles(t *testing.T, dir string, needle []byte) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, needle) {
			t.Errorf("plaintext found in %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSaltFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	salt, err := LoadOrCreateSalt(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(salt) != SaltSize {
		t.Fatalf("salt is %d bytes", len(salt))
	}
	again, err := LoadOrCreateSalt(dir)
	if err != nil || !bytes.Equal(salt, again) {
		t.Fatalf("second load = %x, %v; want %x", again, err, salt)
	}
	other, err := LoadOrCreateSalt(t.TempDir())
	if err != nil || bytes.Equal(salt, other) {
		t.Fatalf("two directories got the same salt %x (%v)", salt, err)
	}
	if err := os.WriteFile(filepath.Join(dir, SaltFileName), []byte("zz-not-hex"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadOrCreateSalt(dir)
	wantErr(t, err, ErrCorrupt)
	_, err = LoadOrCreateSalt("")
	wantErr(t, err, ErrInvalidArgument)
}

func TestDeriveKey(t *testing.T) {
	salt := bytes.Repeat([]byte{1}, SaltSize)
	a := DeriveKey([]byte("pass"), salt)
	if len(a) != EncryptionKeySize {
		t.Fatalf("key is %d bytes", len(a))
	}
	if !bytes.Equal(a, DeriveKey([]byte("pass"), salt)) {
		t.Fatal("DeriveKey is not deterministic")
	}
	if bytes.Equal(a, DeriveKey([]byte("pass"), bytes.Repeat([]byte{2}, SaltSize))) {
		t.Fatal("different salts gave the same key")
	}
}
