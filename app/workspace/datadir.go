package workspace

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is the operating system's per-user application data folder:
// $XDG_DATA_HOME/mutual (~/.local/share/mutual) on Linux and BSD,
// ~/Library/Application Support/Mutual on macOS, %AppData%\Mutual on Windows.
func DefaultDataDir() string {
	switch runtime.GOOS {
	case "windows", "darwin":
		if dir, err := os.UserConfigDir(); err == nil {
			return filepath.Join(dir, "Mutual")
		}
	default:
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			return filepath.Join(x, "mutual")
		}
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "mutual")
		}
	}
	return "mutual-data"
}
