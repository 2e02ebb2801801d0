package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"

	"golang.org/x/term"
)

// readPassphrase takes the passphrase from --passphrase-file, then the
// MUTUAL_PASSPHRASE environment variable, then asks on the terminal.
func readPassphrase(file string, env *Env) ([]byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read passphrase file: %w", err)
		}
		return bytes.TrimRight(b, "\r\n"), nil
	}
	if p := os.Getenv("MUTUAL_PASSPHRASE"); p != "" {
		return []byte(p), nil
	}
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Passphrase: ")
		p, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return nil, fmt.Errorf("read passphrase: %w", err)
		}
		return p, nil
	}
	if env.Stdin != nil {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if len(line) > 0 {
			return bytes.TrimRight([]byte(line), "\r\n"), nil
		}
		if err != nil {
			return nil, fmt.Errorf("this data directory is encrypted: give --passphrase-file or MUTUAL_PASSPHRASE")
		}
	}
	return nil, fmt.Errorf("this data directory is encrypted: give --passphrase-file or MUTUAL_PASSPHRASE")
}
