package cli

import (
	"os"
	"path/filepath"
	"strings"
)

// localZoneName finds the IANA name of the system time zone ($TZ, or the
// /etc/localtime link), since Go's time.Local is named just "Local".
func localZoneName() string {
	if tz := os.Getenv("TZ"); tz != "" {
		return strings.TrimPrefix(tz, ":")
	}
	target, err := filepath.EvalSymlinks("/etc/localtime")
	if err != nil {
		return ""
	}
	if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
		return name
	}
	return ""
}
