package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncryptedDataDirectory: init --encrypt takes the passphrase from a
// file; later commands need it, and a wrong one is a clear error.
func TestEncryptedDataDirectory(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join(t.TempDir(), "pass")
	wrong := filepath.Join(t.TempDir(), "wrong")
	if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wrong, []byte("tr0ub4dor&3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "--data", dir, "--passphrase-file", pass, "init", "--name", "Ana", "--coop", "Secret Co", "--encrypt")
	id := ok(t, "--data", dir, "--passphrase-file", pass, "new", "agreement", "--title", "Confidential bylaws")

	msg := fails(t, "--data", dir, "--passphrase-file", wrong, "list")
	if !strings.Contains(msg, "wrong passphrase") {
		t.Fatalf("wrong passphrase error: %q", msg)
	}
	msg = fails(t, "--data", dir, "list") // no passphrase anywhere, no terminal
	if !strings.Contains(msg, "encrypted") {
		t.Fatalf("missing passphrase error: %q", msg)
	}
	if got := ok(t, "--data", dir, "--passphrase-file", pass, "list", "--json"); !strings.Contains(got, id) {
		t.Fatalf("list after reopening: %s", got)
	}
	// The title must not be readable on disk.
	out, _ := exec.Command("grep", "-r", "-l", "Confidential bylaws", dir).Output()
	if len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("plaintext found on disk in %s", out)
	}
}
