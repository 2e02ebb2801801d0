package crdt

import (
	"testing"
	"time"
)

// BenchmarkMergeOneVote merges one new vote into a proposal holding 36
// stances of 12 members, the way every remote change arrives (LoadIncremental
// through the guard that refuses foreign histories and puts back removed
// records). x-raw is that cost as a multiple of the bare Automerge load of
// the same change, measured in the same run: what the guard adds.
func BenchmarkMergeOneVote(b *testing.B) {
	p, _ := tallyBenchProposal(b, 12)
	base := p.Save()
	voter, err := p.CloneAs(p.Me())
	if err != nil {
		b.Fatal(err)
	}
	vp, err := AsProposal(voter)
	if err != nil {
		b.Fatal(err)
	}
	vp.SetClock(func() time.Time { return propT0.Add(time.Hour) })
	opts, err := vp.Options()
	if err != nil {
		b.Fatal(err)
	}
	vp.SaveIncremental()
	if err := vp.Vote([]Choice{{Option: opts[0].ID, Value: 1}}, ""); err != nil {
		b.Fatal(err)
	}
	inc := vp.SaveIncremental()
	fresh := func() *Doc {
		d, err := Load(base, p.Me())
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	measure := func(apply func(d *Doc) error) time.Duration {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			d := fresh()
			start := time.Now()
			if err := apply(d); err != nil {
				b.Fatal(err)
			}
			total += time.Since(start)
		}
		return total
	}
	b.ResetTimer()
	raw := measure(func(d *Doc) error { return d.am.LoadIncremental(inc) })
	guarded := measure(func(d *Doc) error { return d.LoadIncremental(inc) })
	b.StopTimer()
	b.ReportMetric(float64(guarded.Nanoseconds())/float64(b.N), "ns/merge")
	b.ReportMetric(float64(guarded)/float64(raw), "x-raw")
}
