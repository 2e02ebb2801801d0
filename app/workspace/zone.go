package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LocalZone is this computer's IANA time zone name ("" when it cannot be
// named): Go's time.Local is called just "Local", and events saved with it
// would not keep their wall-clock time on other members' machines. The one
// detector the window, the command line and the demo use.
func LocalZone() string { return localZoneAt(os.Getenv("TZ"), "/") }

// localZoneAt looks, in order, at $TZ, the /etc/localtime link (Linux,
// macOS, the BSDs: it points into a zoneinfo directory) and /etc/timezone
// (Debian), under root (a temporary directory in tests).
func localZoneAt(tz, root string) string {
	if name := strings.TrimPrefix(tz, ":"); name != "" && !filepath.IsAbs(name) {
		if _, err := time.LoadLocation(name); err == nil {
			return name
		}
	}
	if target, err := filepath.EvalSymlinks(filepath.Join(root, "etc", "localtime")); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, "etc", "timezone")); err == nil {
		name := strings.TrimSpace(string(b))
		if _, err := time.LoadLocation(name); err == nil && name != "" {
			return name
		}
	}
	return ""
}
