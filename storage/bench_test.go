package storage

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Benchmarks: go test -run '^$' -bench . ./storage/

const (
	editsPerEditor = 200 // per benchmark iteration, so percentiles have samples even with -benchtime 1x
	fsyncSamples   = 100 // per iteration
	editBytes      = 200
)

// BenchmarkEditDurability measures how long AppendChange takes to return
// (the edit is then fsynced), for one editor and for 8 concurrent editors on
// different documents, with background compaction on. The baseline is a raw
// append+fsync of a small file in the same directory, measured in the same run.
func BenchmarkEditDurability(b *testing.B) {
	for _, editors := range []int{1, 8} {
		b.Run(fmt.Sprintf("editors=%d", editors), func(b *testing.B) {
			dir := b.TempDir()
			s := openTestStore(b, Options{Dir: dir, Compact: concatCompact})
			payload := randomBytes(rand.New(rand.NewPCG(1, 1)), editBytes)
			var mu sync.Mutex
			var lat, fsync []time.Duration
			var elapsed time.Duration
			b.ResetTimer()
			for range b.N {
				// Baseline samples in every iteration, so both see the
				// same machine load.
				b.StopTimer()
				fsync = append(fsync, measureFsync(b, dir, fsyncSamples)...)
				b.StartTimer()
				start := time.Now()
				var wg sync.WaitGroup
				for e := range editors {
					wg.Add(1)
					go func() {
						defer wg.Done()
						meta := testMeta("bench", fmt.Sprint("doc-", e))
						local := make([]time.Duration, 0, editsPerEditor)
						for range editsPerEditor {
							t0 := time.Now()
							if err := s.AppendChange(meta, payload); err != nil {
								b.Error(err)
								return
							}
							local = append(local, time.Since(t0))
						}
						mu.Lock()
						lat = append(lat, local...)
						mu.Unlock()
					}()
				}
				wg.Wait()
				elapsed += time.Since(start)
			}
			b.StopTimer()
			slices.Sort(lat)
			slices.Sort(fsync)
			b.ReportMetric(percentileMs(lat, 0.50), "p50-ms")
			b.ReportMetric(percentileMs(lat, 0.99), "p99-ms")
			b.ReportMetric(percentileMs(fsync, 0.50), "fsync-p50-ms")
			b.ReportMetric(percentileMs(fsync, 0.99), "fsync-p99-ms")
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "edits/s")
		})
	}
}

// measureFsync returns latencies of appending editBytes to a file and
// fsyncing it: the least any durable edit can cost on this disk.
func measureFsync(b *testing.B, dir string, n int) []time.Duration {
	b.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "fsync-baseline"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := randomBytes(rand.New(rand.NewPCG(2, 2)), editBytes)
	out := make([]time.Duration, 0, n)
	for range n {
		t0 := time.Now()
		if _, err := f.Write(buf); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		out = append(out, time.Since(t0))
	}
	return out
}

func percentileMs(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(max(int(math.Ceil(p*float64(len(sorted))))-1, 0), len(sorted)-1)
	return float64(sorted[i]) / float64(time.Millisecond)
}

func randomBytes(rng *rand.Rand, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(rng.UintN(256))
	}
	return out
}

// The 10k-document store, shaped like a busy co-op: 10,000 documents with a
// 2 KiB snapshot and 20 increments of 200 bytes each (random, so
// incompressible). Built once per process.
const (
	listCoop      = "bench"
	listDocs      = 10000
	listIncs      = 20
	listSnapBytes = 2048
)

var benchStore struct {
	once sync.Once
	dir  string
	err  error
}

func cleanupBenchStore() {
	if benchStore.dir != "" {
		os.RemoveAll(benchStore.dir)
	}
}

func openListStoreDir(b *testing.B) string {
	b.Helper()
	benchStore.once.Do(func() {
		benchStore.dir, benchStore.err = os.MkdirTemp("", "mutual-storage-bench-")
		if benchStore.err == nil {
			benchStore.err = buildOpenListStore(benchStore.dir)
		}
	})
	if benchStore.err != nil {
		b.Fatal(benchStore.err)
	}
	return benchStore.dir
}

// buildOpenListStore writes the documents with a Badger WriteBatch (far
// faster than one transaction per write) in exactly the store's format.
func buildOpenListStore(dir string) error {
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		return err
	}
	defer s.Close()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	rng := rand.New(rand.NewPCG(3, 3))
	kinds := []string{"proposal", "schedule", "agreement", "roster"}
	base := time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range listDocs {
		id := fmt.Sprintf("doc-%05d", d)
		rec := metaRecord{
			DocMeta: DocMeta{
				Coop: listCoop, ID: id, Kind: kinds[d%len(kinds)], Status: "open", Author: "member-" + strconv.Itoa(d%12),
				Title:   fmt.Sprintf("Document %d: rota for the shared workshop", d),
				Updated: base.Add(time.Duration(rng.IntN(1e6)) * time.Second),
			},
			Epoch: newEpoch(), NextSeq: listIncs, SnapBytes: listSnapBytes, IncBytes: listIncs * editBytes,
		}
		if err := wb.Set(snapKey(listCoop, id), encodeValue(randomBytes(rng, listSnapBytes))); err != nil {
			return err
		}
		for seq := range uint64(listIncs) {
			if err := wb.Set(incKey(listCoop, id, seq), encodeValue(randomBytes(rng, editBytes))); err != nil {
				return err
			}
		}
		payload, err := encodeMeta(rec)
		if err != nil {
			return err
		}
		if err := wb.Set(metaKey(listCoop, id), encodeValue(payload)); err != nil {
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	return s.Close()
}

// BenchmarkOpenList10k opens the 10k-document store and lists every
// document, in a child process so that the resident memory reported is the
// store's and not the benchmark harness's.
func BenchmarkOpenList10k(b *testing.B) {
	dir := openListStoreDir(b)
	sums := map[string]float64{}
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=openlist", childDirEnv+"="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v; stderr: %s", err, stderr.String())
		}
		for _, field := range strings.Fields(string(out)) {
			name, value, ok := strings.Cut(field, "=")
			v, err := strconv.ParseFloat(value, 64)
			if !ok || err != nil {
				b.Fatalf("bad child output %q", out)
			}
			sums[name] += v
		}
	}
	b.StopTimer()
	for name, sum := range sums {
		b.ReportMetric(sum/float64(b.N), name)
	}
}

// openListChild opens dir, lists all documents twice (cold, then warm as on
// a UI refresh) and prints timings and memory as name=value pairs.
func openListChild(dir string) int {
	baseRSS := procStatusMB("VmRSS")
	t0 := time.Now()
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	openDur := time.Since(t0)
	t1 := time.Now()
	docs, err := s.ListDocs(listCoop, "")
	listDur := time.Since(t1)
	if err != nil || len(docs) != listDocs {
		fmt.Fprintf(os.Stderr, "list: %d docs, %v\n", len(docs), err)
		return 1
	}
	t2 := time.Now()
	if _, err := s.ListDocs(listCoop, ""); err != nil {
		fmt.Fprintln(os.Stderr, "list:", err)
		return 1
	}
	warmDur := time.Since(t2)
	fmt.Printf("open-ms=%.2f list-ms=%.2f warm-list-ms=%.2f rss-mb=%.1f peak-rss-mb=%.1f base-rss-mb=%.1f\n",
		ms(openDur), ms(listDur), ms(warmDur), procStatusMB("VmRSS"), procStatusMB("VmHWM"), baseRSS)
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		return 1
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// procStatusMB reads a "Name:  N kB" line of /proc/self/status in MB (0
// where /proc is missing).
func procStatusMB(name string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}
