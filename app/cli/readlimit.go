package cli

import (
	"fmt"
	"io"
	"os"
)

// Files the command line reads are bounded, so `--body-file /dev/zero` or a
// huge file fails at once with the limit named instead of filling memory.
const (
	maxBodyBytes   = 4 << 20  // a body: bylaws of a few hundred pages fit many times over
	maxImportBytes = 64 << 20 // an exported document or calendar, history included
)

// readLimited reads at most limit bytes of what, refusing anything larger.
func readLimited(rd io.Reader, limit int64, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if int64(len(b)) > limit {
		return nil, usagef("%s is larger than the limit of %d MiB", what, limit>>20)
	}
	return b, nil
}

// readFileLimited is readLimited on a named file.
func readFileLimited(path string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer f.Close()
	return readLimited(f, limit, what)
}
