package crdt

import (
	"fmt"
	"runtime"
	"time"

	"github.com/automerge/automerge-go"
)

// traceRun is one replay of edits through both paths: the agreement's
// editing API and raw automerge-go, with the time each path took.
type traceRun struct {
	agreement   *Agreement
	rawText     *automerge.Text
	domain, raw time.Duration // wall time
	// domainCPU and rawCPU are the thread CPU time of the edit blocks
	// (cpuOK false where the platform does not measure it).
	domainCPU, rawCPU time.Duration
	cpuOK             bool
}

// replayTrace applies edits, from empty documents, both through
// Agreement.Edit / BodyEditor.Splice and through Text.Splice on a plain
// automerge-go document, each committing once at the end.
//
// The two paths are interleaved in blocks of block edits, alternating which
// goes first (domainFirst sets the first block's order), and each path's
// time is the sum of its own blocks plus its setup and commit. On a shared,
// noisy machine a burst of load then hits both paths alike, which timing two
// whole replays one after the other cannot promise. The blocks' thread CPU
// time is summed too: it leaves out the time spent waiting for a core.
func replayTrace(edits []traceEdit, me *Identity, coop string, block int, domainFirst bool) (run traceRun, err error) {
	runtime.LockOSThread() // so the thread's CPU clock is this goroutine's
	defer runtime.UnlockOSThread()
	_, run.cpuOK = threadCPU()
	// Setup: an agreement on one side, a document with an empty Text on the other.
	t0 := time.Now()
	if run.agreement, err = NewAgreement(coop, "Editing trace", "", me, t0); err != nil {
		return run, err
	}
	t1 := time.Now()
	run.domain += t1.Sub(t0)
	doc := automerge.New()
	root := doc.RootMap()
	if err := root.Set("body", automerge.NewText("")); err != nil {
		return run, err
	}
	v, err := root.Get("body")
	if err != nil {
		return run, err
	}
	run.rawText = v.Text()
	editStart := time.Now()
	run.raw += editStart.Sub(t1)

	var fnEnd time.Time
	err = run.agreement.Edit(func(e *BodyEditor) error {
		run.domain += time.Since(editStart) // taking the lock, opening the editor
		domainBlock := func(lo int, chunk []traceEdit) error {
			start, cpu := time.Now(), traceCPU()
			for i, ed := range chunk {
				if err := e.Splice(ed.pos, ed.del, ed.ins); err != nil {
					return fmt.Errorf("domain edit %d: %w", lo+i, err)
				}
			}
			run.domainCPU += traceCPU() - cpu
			run.domain += time.Since(start)
			return nil
		}
		rawBlock := func(lo int, chunk []traceEdit) error {
			start, cpu := time.Now(), traceCPU()
			for i, ed := range chunk {
				if err := run.rawText.Splice(ed.pos, ed.del, ed.ins); err != nil {
					return fmt.Errorf("raw edit %d: %w", lo+i, err)
				}
			}
			run.rawCPU += traceCPU() - cpu
			run.raw += time.Since(start)
			return nil
		}
		for lo := 0; lo < len(edits); lo += block {
			chunk := edits[lo:min(lo+block, len(edits))]
			first, second := domainBlock, rawBlock
			if domainFirst != ((lo/block)%2 == 0) {
				first, second = rawBlock, domainBlock
			}
			if err := first(lo, chunk); err != nil {
				return err
			}
			if err := second(lo, chunk); err != nil {
				return err
			}
		}
		fnEnd = time.Now()
		return nil
	})
	if err != nil {
		return run, err
	}
	run.domain += time.Since(fnEnd) // the commit
	start := time.Now()
	if _, err := doc.Commit("edit body"); err != nil {
		return run, err
	}
	run.raw += time.Since(start)
	return run, nil
}

func traceCPU() time.Duration {
	d, _ := threadCPU()
	return d
}
