package crdt

import (
	"fmt"
	"strings"
	"testing"
)

// rankedBallots builds stances from ballots written as "A>B>C".
func tallyBallots(ballots ...string) []Stance {
	var out []Stance
	for i, b := range ballots {
		s := Stance{Member: MemberID(fmt.Sprintf("m%02d", i))}
		for rank, o := range strings.Split(b, ">") {
			s.Choices = append(s.Choices, Choice{Option: o, Value: rank + 1})
		}
		out = append(out, s)
	}
	return out
}

func tallyOptions(ids ...string) []Option {
	out := make([]Option, len(ids))
	for i, id := range ids {
		out[i] = Option{ID: id, Label: id}
	}
	return out
}

// describeRounds renders rounds as "A3 B2 -B | A5" for compact expectations.
func tallyRounds(rounds []Round) string {
	var parts []string
	for _, r := range rounds {
		var cs []string
		for _, c := range r.Counts {
			cs = append(cs, fmt.Sprintf("%s%d", c.ID, c.Count))
		}
		for _, e := range r.Eliminated {
			cs = append(cs, "-"+e)
		}
		if r.Exhausted > 0 {
			cs = append(cs, fmt.Sprintf("x%d", r.Exhausted))
		}
		parts = append(parts, strings.Join(cs, " "))
	}
	return strings.Join(parts, " | ")
}

func TestTallyRankedRunoff(t *testing.T) {
	cases := []struct {
		name    string
		options []string
		ballots []string
		rounds  string
		winners string
	}{
		{"first-round majority", []string{"A", "B"}, []string{"A", "A", "A", "B"}, "A3 B1", "A"},
		{"transfer decides", []string{"A", "B", "C"},
			[]string{"A", "A", "A", "A", "B>C", "B>C", "B>C", "C>B", "C>B"},
			"A4 B3 C2 -C | A4 B5", "B"},
		{"exhausted ballots leave the count", []string{"A", "B", "C"}, []string{"A", "A", "B", "C"},
			"A2 B1 C1 -B -C | A2 x2", "A"},
		{"complete tie", []string{"A", "B"}, []string{"A", "B"}, "A1 B1", "A,B"},
		{"tie between two with transfers", []string{"A", "B", "C"}, []string{"A>C", "B>C", "C>A", "C>B"},
			"A1 B1 C2 -A -B | C4", "C"},
		{"options without votes go out together", []string{"A", "B", "C", "D", "E"},
			[]string{"A", "A", "B", "B", "C>A"},
			"A2 B2 C1 D0 E0 -D -E | A2 B2 C1 -C | A3 B2", "A"},
		{"earlier round breaks a tie", []string{"A", "B", "C"}, []string{"A>B", "B>A", "C>B", "A>C"},
			"A2 B1 C1 -C | A2 B2 -B | A3 x1", "A"},
		{"preference points break a first-round tie", []string{"A", "B", "C"}, []string{"A", "A", "A", "B>C", "C>B", "B>C", "C"},
			"A3 B2 C2 -B | A3 C4", "C"},
		{"no ballots", []string{"A", "B"}, nil, "A0 B0", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts, rounds, winners := countRanked(tallyOptions(c.options...), tallyBallots(c.ballots...))
			if got := tallyRounds(rounds); got != c.rounds {
				t.Errorf("rounds %q, want %q", got, c.rounds)
			}
			if got := strings.Join(winners, ","); got != c.winners {
				t.Errorf("winners %q, want %q", got, c.winners)
			}
			if len(opts) != len(c.options) {
				t.Errorf("first-round options %+v", opts)
			}
			if len(rounds) > len(c.options) {
				t.Errorf("%d rounds for %d options", len(rounds), len(c.options))
			}
		})
	}
}

func TestTallyRankedPoints(t *testing.T) {
	opts, _, _ := countRanked(tallyOptions("A", "B", "C"), tallyBallots("A>B>C", "B>A", "C"))
	got := map[string]int{}
	for _, o := range opts {
		got[o.ID] = o.Score
	}
	if got["A"] != 3+2 || got["B"] != 2+3 || got["C"] != 1+3 {
		t.Fatalf("points %v", got)
	}
}
