package ui

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

// The benchmarks' co-op: 10,000 documents made through the workspace facade
// as members would make them — mostly proposals long closed, some open, a
// few dozen schedules and a hundred agreements. Built once per test binary
// run, in a temporary directory removed when the binary exits.

const (
	benchDocs       = 10000
	benchOpen       = 60
	benchSchedules  = 40
	benchAgreements = 100
)

var benchStore struct {
	once sync.Once
	dir  string
	err  error
}

// benchStoreDir returns the directory of the 10k-document co-op.
func benchStoreDir(b *testing.B) string {
	b.Helper()
	benchStore.once.Do(func() {
		dir, err := os.MkdirTemp("", "mutual-ui-bench-")
		if err != nil {
			benchStore.err = err
			return
		}
		benchStore.dir = dir
		benchStore.err = buildCoop(dir, benchDocs)
	})
	if benchStore.err != nil {
		b.Fatal(benchStore.err)
	}
	return benchStore.dir
}

// buildCoop writes a co-op of n documents into dir.
func buildCoop(dir string, n int) error {
	ws, err := workspace.Open(workspace.Options{Dir: dir})
	if err != nil {
		return err
	}
	defer ws.Close()
	c, err := ws.CreateCoop("Benchmark Bakery", "Ana")
	if err != nil {
		return err
	}
	open := min(benchOpen, n/10)
	scheds := min(benchSchedules, n/10)
	agrs := min(benchAgreements, n/10)
	for i := 0; i < n; i++ {
		switch {
		case i < scheds:
			_, err = c.NewSchedule(fmt.Sprintf("Rota %d", i))
		case i < scheds+agrs:
			_, err = c.NewAgreement(fmt.Sprintf("Policy %d", i), "# Policy\n\nText of the policy.\n")
		case i < scheds+agrs+open:
			_, err = c.NewProposal(workspace.ProposalSpec{Title: fmt.Sprintf("Open question %d", i), Body: "Shall we?",
				Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(7 * 24 * time.Hour)})
		default:
			// Closes a second after it is made: by the time the store is
			// built these are the co-op's long history of closed decisions.
			_, err = c.NewProposal(workspace.ProposalSpec{Title: fmt.Sprintf("Decision %d about the bakery", i), Body: "Shall we?",
				Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(time.Second)})
		}
		if err != nil {
			return err
		}
	}
	time.Sleep(time.Second)
	return nil
}

// removeBenchStore deletes the store when the test binary ends.
func removeBenchStore() {
	if benchStore.dir != "" {
		os.RemoveAll(benchStore.dir)
	}
}
