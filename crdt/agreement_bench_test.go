package crdt

import (
	"runtime"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// traceRounds is how many interleaved replays one benchmark iteration makes;
// the fastest counts, because the machine is shared and noisy.
const traceRounds = 3

// traceBlock is how many edits each path applies before the other takes its
// turn (well under a millisecond of work: bursts of load from other
// processes then fall on both paths alike).
const traceBlock = 100

// BenchmarkEditingTrace replays the standard editing trace (259,778 edits)
// through the agreement's editing API (Agreement.Edit / BodyEditor.Splice)
// and through raw automerge-go Text.Splice in the same run, each from an
// empty document and committing once at the end. The paths are interleaved
// block by block with alternating order (see replayTrace); each iteration
// makes traceRounds replays, starting with alternate paths, and keeps the
// fastest time of each path.
//
// Metrics: domain-ms and raw-ms (wall time to apply the whole trace), ratio
// (domain/raw; the goal is ≤ 1.10), cpu-ratio (the same ratio of the edit
// blocks' thread CPU time, Linux only: steady even when other processes
// crowd the cores), saved-bytes (the agreement saved with full history),
// load-ms (LoadAgreement of those bytes) and raw-load-ms (automerge.Load of
// the same bytes, its baseline).
//
//	go test ./crdt/ -run '^$' -bench EditingTrace -benchtime 1x
func BenchmarkEditingTrace(b *testing.B) {
	edits := loadEditingTrace(b)
	me, err := NewIdentity()
	if err != nil {
		b.Fatal(err)
	}
	coop := NewID()
	var domainBest, rawBest, domainCPU, rawCPU, loadBest, rawLoadBest time.Duration
	var saved []byte
	cpuOK := true
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for round := range traceRounds {
			traceSettleHeap()
			run, err := replayTrace(edits, me, coop, traceBlock, round%2 == 0)
			if err != nil {
				b.Fatal(err)
			}
			traceKeepMin(&domainBest, run.domain)
			traceKeepMin(&rawBest, run.raw)
			traceKeepMin(&domainCPU, run.domainCPU)
			traceKeepMin(&rawCPU, run.rawCPU)
			cpuOK = cpuOK && run.cpuOK
			traceCheckResult(b, run)
			saved = run.agreement.Save()
		}
	}
	b.StopTimer()

	for range 2 {
		traceSettleHeap()
		start := time.Now()
		a, err := LoadAgreement(saved, nil)
		traceKeepMin(&loadBest, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		body, err := a.Body()
		if err != nil || utf8.RuneCountInString(body) != traceFinalRunes {
			b.Fatalf("loaded agreement has %d characters (%v), want %d", utf8.RuneCountInString(body), err, traceFinalRunes)
		}
		traceSettleHeap()
		start = time.Now()
		if _, err := automerge.Load(saved); err != nil {
			b.Fatal(err)
		}
		traceKeepMin(&rawLoadBest, time.Since(start))
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(domainBest), "domain-ms")
	b.ReportMetric(ms(rawBest), "raw-ms")
	b.ReportMetric(float64(domainBest)/float64(rawBest), "ratio")
	if cpuOK {
		b.ReportMetric(float64(domainCPU)/float64(rawCPU), "cpu-ratio")
	}
	b.ReportMetric(float64(len(saved)), "saved-bytes")
	b.ReportMetric(ms(loadBest), "load-ms")
	b.ReportMetric(ms(rawLoadBest), "raw-load-ms")
}

// traceCheckResult fails unless both paths produced the trace's final text.
func traceCheckResult(b *testing.B, run traceRun) {
	b.Helper()
	body, err := run.agreement.Body()
	if err != nil {
		b.Fatal(err)
	}
	raw, err := run.rawText.Get()
	if err != nil {
		b.Fatal(err)
	}
	if n := utf8.RuneCountInString(body); n != traceFinalRunes || body != raw {
		b.Fatalf("domain replay left %d characters, raw %d; want %d and equal texts",
			n, utf8.RuneCountInString(raw), traceFinalRunes)
	}
}

func traceKeepMin(best *time.Duration, d time.Duration) {
	if *best == 0 || d < *best {
		*best = d
	}
}

// traceSettleHeap collects garbage and waits for finalizers to run: automerge-go
// frees a document's C memory in finalizers, and freeing the previous
// replay's documents must not be charged to the next one.
func traceSettleHeap() {
	for range 2 {
		done := make(chan struct{})
		// Big enough and holding a pointer, so it is not a tiny allocation
		// (those may never be finalized).
		runtime.SetFinalizer(&traceHeapSentinel{}, func(*traceHeapSentinel) { close(done) })
		runtime.GC()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}
}

type traceHeapSentinel struct {
	p   *byte
	pad [64]byte
}
