package crdt

import (
	"fmt"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// benchRankedProposal builds a co-op of n voters and a ranked poll of five
// options in which each voter has changed their ranking twice (3 stances).
func tallyBenchProposal(b *testing.B, n int) (*Proposal, *RosterView) {
	b.Helper()
	admin, err := NewIdentity()
	if err != nil {
		b.Fatal(err)
	}
	r, err := NewRoster("Bench", "Admin", admin, propT0.Add(-time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	voters := []*Identity{admin}
	for i := 1; i < n; i++ {
		id, err := NewIdentity()
		if err != nil {
			b.Fatal(err)
		}
		if err := r.AddMember(id.Member(), fmt.Sprintf("m%d", i), RoleMember); err != nil {
			b.Fatal(err)
		}
		voters = append(voters, id)
	}
	v, err := r.View()
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewProposal(r.ID(), propSpec(ProcessRanked, "A", "B", "C", "D", "E"), admin, propT0)
	if err != nil {
		b.Fatal(err)
	}
	opts, err := p.Options()
	if err != nil {
		b.Fatal(err)
	}
	err = p.change("bench stances", func(root *automerge.Map) error {
		for i, id := range voters {
			for k := 0; k < 3; k++ {
				var cs []Choice
				for rank := 0; rank < 3; rank++ {
					cs = append(cs, Choice{Option: opts[(i+k+rank*2)%len(opts)].ID, Value: rank + 1})
				}
				s := propSignAs(p.ID(), id.Member(), id, cs, "", propT0.Add(time.Duration(k+1)*time.Minute))
				if err := appendStance(root, s); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return p, v
}

// BenchmarkTally reports the tally's cost per call and, as x-verify, that
// cost as a multiple of just verifying every stance's signature once,
// measured in the same run: the floor any honest tally must pay.
func BenchmarkTally(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("voters=%d", n), func(b *testing.B) {
			p, v := tallyBenchProposal(b, n)
			st, err := p.state(nil)
			if err != nil {
				b.Fatal(err)
			}
			const reps = 20
			start := time.Now()
			for range reps {
				for _, rec := range st.stances {
					if !rec.verify(p.ID()) {
						b.Fatal("bench stance does not verify")
					}
				}
			}
			verify := time.Since(start) / reps
			closed := propT0.Add(8 * 24 * time.Hour)
			b.ResetTimer()
			for b.Loop() {
				res, err := Tally(p, v, closed)
				if err != nil || res.Participated != n {
					b.Fatalf("tally: %v, %d participated", err, res.Participated)
				}
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(verify), "x-verify")
			b.ReportMetric(float64(len(st.stances)), "stances")
		})
	}
}
