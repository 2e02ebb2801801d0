package storage

import (
	"fmt"
	"log/slog"
	"strings"
)

// badgerLogger routes Badger's log lines to slog. Info and debug lines are
// dropped: Badger prints several per flush and compaction, which is noise for
// a desktop app; warnings and errors are kept.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(format string, args ...any) {
	msg := strings.TrimSpace(fmt.Sprintf(format, args...))
	if strings.HasSuffix(msg, "Cleaning up...") {
		// Badger logs why Open failed before returning that same error,
		// which Open hands to the caller: logging it too would show the
		// user the same failure twice.
		l.log.Debug(msg, "component", "badger")
		return
	}
	l.log.Error(msg, "component", "badger")
}

func (l badgerLogger) Warningf(format string, args ...any) {
	l.log.Warn(strings.TrimSpace(fmt.Sprintf(format, args...)), "component", "badger")
}

func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}
