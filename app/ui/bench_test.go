package ui

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/crdt"
)

// Desktop app benchmarks (docs/BENCHMARKS.md, "Desktop app"):
//
//   - BenchmarkStartup: from process start to the first frame showing the
//     list, and resident memory, for a co-op of 10,000 documents against a
//     baseline co-op of 10 in the same run. Each start is a fresh process
//     (this test binary re-executed), so nothing is warm but the OS cache.
//   - BenchmarkRemoteChanges: the longest stall of the UI goroutine while
//     100 remote changes a second arrive for the list and the open
//     document, against the same measurement with no changes.

// TestMain lets the startup benchmark re-execute this binary as the app.
func TestMain(m *testing.M) {
	if dir := os.Getenv("MUTUAL_UI_BENCH_CHILD"); dir != "" {
		os.Exit(startupChild(dir))
	}
	code := m.Run()
	removeBenchStore()
	os.Exit(code)
}

// loopRunner plays the UI goroutine: one goroutine runs posted work in
// order, as Fyne's event loop does.
type loopRunner struct{ q chan func() }

func newLoopRunner() *loopRunner {
	l := &loopRunner{q: make(chan func(), 100000)}
	go func() {
		for fn := range l.q {
			fn()
		}
	}()
	return l
}

func (l *loopRunner) ui(fn func()) { l.q <- fn }
func (l *loopRunner) bg(fn func()) { go fn() }
func (l *loopRunner) after(d time.Duration, fn func()) func() {
	t := time.AfterFunc(d, func() { l.q <- fn })
	return func() { t.Stop() }
}

// wait runs fn on the loop and waits for it.
func (l *loopRunner) wait(fn func()) {
	done := make(chan struct{})
	l.ui(func() { fn(); close(done) })
	<-done
}

// startupResult is what a child reports.
type startupResult struct {
	FirstFrameMs float64 `json:"firstFrameMs"`
	Listed       int     `json:"listed"`
	RSSMB        float64 `json:"rssMB"`
	PeakMB       float64 `json:"peakMB"`
}

// startupChild opens the window on dir and reports when the list was first
// drawn. t0 is the parent's clock just before it started this process.
func startupChild(dir string) int {
	t0n, _ := strconv.ParseInt(os.Getenv("MUTUAL_UI_BENCH_T0"), 10, 64)
	t0 := time.Unix(0, t0n)
	ws, err := workspace.Open(workspace.Options{Dir: dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer ws.Close()
	l := newLoopRunner()
	var u *UI
	var w fyne.Window
	l.wait(func() {
		a := test.NewApp()
		w = a.NewWindow("Mutual")
		w.Resize(fyne.NewSize(1180, 760))
		u = newUI(a, w, ws, l, Options{})
		u.notify = func(string, string) {}
		u.start(true)
	})
	var res startupResult
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		drawn := false
		l.wait(func() {
			if u.shell == nil || len(u.shell.list.all) == 0 {
				return
			}
			w.Canvas().(test.WindowlessCanvas).Capture() // paint the frame
			res.FirstFrameMs = float64(time.Since(t0).Microseconds()) / 1000
			res.Listed = len(u.shell.list.shown)
			drawn = true
		})
		if drawn {
			break
		}
	}
	res.RSSMB = procStatusMB("VmRSS")
	time.Sleep(3 * time.Second) // let the background reads (votes owed, shifts) finish
	res.PeakMB = procStatusMB("VmHWM")
	l.wait(func() { u.close() })
	json.NewEncoder(os.Stdout).Encode(res)
	return 0
}

// procStatusMB reads a memory line of /proc/self/status in megabytes.
func procStatusMB(key string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), key+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// runStartup starts a child on dir and returns its report.
func runStartup(b *testing.B, dir string) startupResult {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	t0 := time.Now()
	cmd.Env = append(os.Environ(), "MUTUAL_UI_BENCH_CHILD="+dir, "MUTUAL_UI_BENCH_T0="+strconv.FormatInt(t0.UnixNano(), 10))
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("child: %v", err)
	}
	var r startupResult
	if err := json.Unmarshal(out[strings.LastIndex(strings.TrimSpace(string(out)), "\n")+1:], &r); err != nil {
		b.Fatalf("child said %q: %v", out, err)
	}
	if r.FirstFrameMs == 0 {
		b.Fatal("the child never drew the list")
	}
	return r
}

func BenchmarkStartup(b *testing.B) {
	big := benchStoreDir(b)
	small := b.TempDir()
	if err := buildCoop(small, 10); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var sum10k, sum10, rss, peak, rssSmall float64
	for i := 0; i < b.N; i++ {
		s := runStartup(b, small)
		r := runStartup(b, big)
		if r.Listed < benchDocs-benchSchedules-benchAgreements {
			b.Fatalf("listed %d proposals", r.Listed)
		}
		sum10, sum10k = sum10+s.FirstFrameMs, sum10k+r.FirstFrameMs
		rss, peak, rssSmall = max(rss, r.RSSMB), max(peak, r.PeakMB), max(rssSmall, s.RSSMB)
	}
	n := float64(b.N)
	b.ReportMetric(sum10k/n, "ms-first-frame-10k")
	b.ReportMetric(sum10/n, "ms-first-frame-10")
	b.ReportMetric(rss, "MB-rss-10k")
	b.ReportMetric(peak, "MB-peak-10k")
	b.ReportMetric(rssSmall, "MB-rss-10")
}

// stallMeter measures how late work posted to the UI goroutine runs: a
// ticker posts a probe every 5 ms and each probe records its lateness.
type stallMeter struct {
	max     atomic.Int64 // nanoseconds
	samples atomic.Int64
	stop    chan struct{}
	wg      sync.WaitGroup
}

func startStallMeter(l *loopRunner) *stallMeter {
	m := &stallMeter{stop: make(chan struct{})}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				posted := time.Now()
				l.ui(func() {
					late := int64(time.Since(posted))
					m.samples.Add(1)
					for {
						cur := m.max.Load()
						if late <= cur || m.max.CompareAndSwap(cur, late) {
							break
						}
					}
				})
			}
		}
	}()
	return m
}

func (m *stallMeter) finish(l *loopRunner) (maxMs float64, samples int64) {
	close(m.stop)
	m.wg.Wait()
	l.wait(func() {})
	return float64(m.max.Load()) / 1e6, m.samples.Load()
}

func BenchmarkRemoteChanges(b *testing.B) {
	const (
		rate   = 100 // changes per second
		window = 5 * time.Second
	)
	dir := b.TempDir()
	if err := buildCoop(dir, 2000); err != nil {
		b.Fatal(err)
	}
	ws, err := workspace.Open(workspace.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	c, err := ws.Coop("")
	if err != nil {
		b.Fatal(err)
	}
	// A colleague with a copy of an open proposal in memory, voting and
	// commenting; each change reaches this workspace as sync delivers it.
	colID, err := crdt.NewIdentity()
	if err != nil {
		b.Fatal(err)
	}
	if err := c.AddMember(colID.Member(), "Bo", "member"); err != nil {
		b.Fatal(err)
	}
	pid, err := c.NewProposal(workspace.ProposalSpec{Title: "Busy question", Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(48 * time.Hour)})
	if err != nil {
		b.Fatal(err)
	}
	live, err := c.Doc(pid)
	if err != nil {
		b.Fatal(err)
	}
	colDoc, err := crdt.Load(live.Save(), colID)
	if err != nil {
		b.Fatal(err)
	}
	colProp, err := crdt.AsProposal(colDoc)
	if err != nil {
		b.Fatal(err)
	}

	l := newLoopRunner()
	var u *UI
	l.wait(func() {
		a := test.NewApp()
		w := a.NewWindow("Mutual")
		w.Resize(fyne.NewSize(1180, 760))
		u = newUI(a, w, ws, l, Options{})
		u.notify = func(string, string) {}
		u.start(true)
	})
	for ready := false; !ready; time.Sleep(10 * time.Millisecond) {
		l.wait(func() {
			if ready = u.shell != nil; ready {
				u.shell.list.open(pid)
			}
		})
	}
	time.Sleep(2 * time.Second) // first load done

	// measure runs the stall meter for one window, with the colleague
	// making rate changes a second or not. Changes are made on the
	// colleague's copy at that rate and delivered as sync does: whenever
	// the previous delivery is done, everything new in one merge.
	measure := func(changes bool) (maxMs float64, made, delivered int) {
		m := startStallMeter(l)
		pending := make(chan struct{}, 1)
		done := make(chan struct{})
		var deliveries int
		go func() {
			defer close(done)
			for range pending {
				if err := c.Replica().PutDoc(colDoc); err != nil {
					b.Error(err)
					return
				}
				deliveries++
			}
		}()
		start := time.Now()
		total := int(window.Seconds() * rate)
		for i := 0; i < total; i++ {
			// Change i is due at start + i/rate; a late one is made at
			// once, so the rate holds over the window.
			time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / rate)))
			if !changes {
				continue
			}
			var err error
			if made%2 == 0 {
				pos := []string{crdt.Agree, crdt.Disagree, crdt.Abstain}[made/2%3]
				err = colProp.Vote([]crdt.Choice{{Option: pos, Value: 1}}, fmt.Sprintf("thought %d", made))
			} else {
				_, err = colDoc.AddComment("", fmt.Sprintf("comment %d", made))
			}
			if err != nil {
				b.Fatal(err)
			}
			made++
			select {
			case pending <- struct{}{}:
			default: // a delivery is queued: it will carry this change too
			}
		}
		close(pending)
		<-done
		maxMs, _ = m.finish(l)
		return maxMs, made, deliveries
	}
	b.ResetTimer()
	var idle, busy float64
	var made, delivered int
	for i := 0; i < b.N; i++ {
		idleMax, _, _ := measure(false)
		busyMax, n, d := measure(true)
		idle, busy, made, delivered = max(idle, idleMax), max(busy, busyMax), made+n, delivered+d
	}
	b.StopTimer()
	time.Sleep(time.Second)
	var shownVotes string
	l.wait(func() {
		if v, ok := u.shell.view.(*proposalView); ok && v.data != nil {
			shownVotes = fmt.Sprint(len(v.data.pv.Stances))
		}
		u.close()
	})
	if shownVotes == "" {
		b.Fatal("the open proposal was not shown after the changes")
	}
	b.ReportMetric(busy, "ms-max-stall")
	b.ReportMetric(idle, "ms-max-stall-idle")
	secs := window.Seconds() * float64(b.N)
	b.ReportMetric(float64(made)/secs, "changes/s")
	b.ReportMetric(float64(delivered)/secs, "merges/s")
}
