package workspace

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLocalZone(t *testing.T) {
	// An empty root: nothing to find.
	empty := t.TempDir()
	if got := localZoneAt("", empty); got != "" {
		t.Errorf("nothing set: %q", got)
	}
	if got := localZoneAt("Europe/Berlin", empty); got != "Europe/Berlin" {
		t.Errorf("TZ set: %q", got)
	}
	if got := localZoneAt(":America/New_York", empty); got != "America/New_York" {
		t.Errorf("TZ with a colon: %q", got)
	}
	// A symlinked /etc/localtime, as on macOS and Fedora (no /etc/timezone).
	root := t.TempDir()
	zi := filepath.Join(root, "usr", "share", "zoneinfo", "Asia")
	if err := os.MkdirAll(zi, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(zi, "Tokyo"), []byte("TZif"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(zi, "Tokyo"), filepath.Join(root, "etc", "localtime")); err != nil {
		t.Fatal(err)
	}
	if got := localZoneAt("", root); got != "Asia/Tokyo" {
		t.Errorf("symlinked /etc/localtime: %q", got)
	}
	if got := localZoneAt("Europe/Lisbon", root); got != "Europe/Lisbon" {
		t.Errorf("TZ wins over /etc/localtime: %q", got)
	}
	// A bad TZ falls back to the link.
	if got := localZoneAt("Not/AZone", root); got != "Asia/Tokyo" {
		t.Errorf("bad TZ: %q", got)
	}
	// Debian's /etc/timezone.
	deb := t.TempDir()
	if err := os.MkdirAll(filepath.Join(deb, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(deb, "etc", "timezone"), []byte("Europe/Paris\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := localZoneAt("", deb); got != "Europe/Paris" {
		t.Errorf("/etc/timezone: %q", got)
	}
}
