package crdt

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fixture has four voters: ada (admin), ben, cy and dee.
var propVoters = []string{"ada", "ben", "cy", "dee"}

func TestTallyConsentRules(t *testing.T) {
	cases := []struct {
		name   string
		rule   PassRule
		quorum float64
		votes  string // one position per voter, "-" for none: "agree agree disagree -"
		want   string
	}{
		{"consensus with a concern", PassConsensus, 0, "agree agree disagree -", ResultPassed},
		{"consensus blocked", PassConsensus, 0, "agree agree agree block", ResultBlocked},
		{"consensus all abstain", PassConsensus, 0, "abstain abstain - -", ResultFailed},
		{"consensus nobody voted", PassConsensus, 0, "- - - -", ResultFailed},
		{"majority", PassMajority, 0, "agree agree disagree -", ResultPassed},
		{"majority tie fails", PassMajority, 0, "agree disagree - -", ResultFailed},
		{"majority block counts against", PassMajority, 0, "agree agree disagree block", ResultFailed},
		{"majority abstentions excluded", PassMajority, 0, "agree abstain abstain -", ResultPassed},
		{"two thirds exactly", PassTwoThirds, 0, "agree agree disagree -", ResultPassed},
		{"two thirds short", PassTwoThirds, 0, "agree agree disagree block", ResultFailed},
		{"two thirds of nobody", PassTwoThirds, 0, "abstain - - -", ResultFailed},
		{"unanimity with abstention", PassUnanimity, 0, "agree agree abstain -", ResultPassed},
		{"unanimity broken", PassUnanimity, 0, "agree agree agree disagree", ResultFailed},
		{"unanimity blocked", PassUnanimity, 0, "agree agree agree block", ResultBlocked},
		{"quorum exactly at the threshold", PassConsensus, 0.5, "agree agree - -", ResultPassed},
		{"quorum one short", PassConsensus, 0.75, "agree agree - -", ResultNoQuorum},
		{"quorum of three quarters met", PassConsensus, 0.75, "agree agree abstain -", ResultPassed},
		{"quorum two thirds needs three of four", PassConsensus, 2.0 / 3, "agree agree - -", ResultNoQuorum},
		{"full quorum", PassUnanimity, 1, "agree agree agree agree", ResultPassed},
		{"no quorum outranks a block", PassConsensus, 1, "agree block - -", ResultNoQuorum},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			s := propSpec(ProcessConsent)
			s.PassRule, s.Quorum = c.rule, c.quorum
			p := f.propose(t, s)
			votes := strings.Fields(c.votes)
			n := 0
			for i, v := range votes {
				if v != "-" {
					f.vote(t, p, propVoters[i], propOne(v), "")
					n++
				}
			}
			open := f.tally(t, p)
			if open.Result != ResultOpen || open.Participated != n || open.Closed {
				t.Fatalf("while open: %+v", open)
			}
			f.now = s.ClosesAt
			res := f.tally(t, p)
			if res.Result != c.want {
				t.Fatalf("result %s, want %s (%+v)", res.Result, c.want, res.Options)
			}
			if res.Voters != 4 || res.Participated != n || len(res.NotVoted) != 4-n || !res.Closed {
				t.Fatalf("voters %d participated %d not voted %v closed %v", res.Voters, res.Participated, res.NotVoted, res.Closed)
			}
			if res.Participation != float64(n)/4 {
				t.Fatalf("participation %v", res.Participation)
			}
		})
	}
}

func TestTallyConsentCounts(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	f.vote(t, p, "ada", propOne(Agree), "")
	f.vote(t, p, "ben", propOne(Block), "no")
	f.vote(t, p, "cy", propOne(Agree), "")
	res := f.tally(t, p)
	got := map[string]int{}
	for _, o := range res.Options {
		got[o.ID] = o.Count
	}
	if got[Agree] != 2 || got[Block] != 1 || got[Abstain] != 0 || got[Disagree] != 0 || len(res.Options) != 4 {
		t.Fatalf("live counts %+v", res.Options)
	}
	if res.Result != ResultOpen || res.Status != ProposalOpen {
		t.Fatalf("open proposal: %s %s", res.Result, res.Status)
	}
	if len(res.NotVoted) != 1 || res.NotVoted[0] != f.member("dee") {
		t.Fatalf("not voted %v", res.NotVoted)
	}
	for i := 1; i < len(res.Counted); i++ {
		if res.Counted[i-1].Member >= res.Counted[i].Member {
			t.Fatal("counted stances are not sorted by member")
		}
	}
}

func TestTallyPolls(t *testing.T) {
	slot := func(h int) OptionSpec {
		return OptionSpec{Start: propT0.Add(time.Duration(h) * time.Hour), End: propT0.Add(time.Duration(h+1) * time.Hour)}
	}
	type ballot map[string]int // option index (as "0", "1"…) → value
	cases := []struct {
		name    string
		process Process
		options int
		ballots []ballot
		result  string
		winners string // option indexes
		counts  string // per option "count/score/yes/maybe/no"
	}{
		{"choose_one winner", ProcessChooseOne, 3, []ballot{{"0": 1}, {"1": 1}, {"1": 1}}, ResultPassed, "1", "1/0/0/0/0 2/0/0/0/0 0/0/0/0/0"},
		{"choose_one tie", ProcessChooseOne, 3, []ballot{{"0": 1}, {"1": 1}}, ResultTied, "0,1", "1/0/0/0/0 1/0/0/0/0 0/0/0/0/0"},
		{"choose_one no votes", ProcessChooseOne, 2, nil, ResultFailed, "", "0/0/0/0/0 0/0/0/0/0"},
		{"choose_many", ProcessChooseMany, 3, []ballot{{"0": 1, "2": 1}, {"2": 1}, {"1": 1, "2": 1}}, ResultPassed, "2", "1/0/0/0/0 1/0/0/0/0 3/0/0/0/0"},
		{"score", ProcessScore, 3, []ballot{{"0": 5, "1": 2}, {"0": 1, "1": 3, "2": 5}}, ResultPassed, "0", "2/6/0/0/0 2/5/0/0/0 1/5/0/0/0"},
		{"score tie", ProcessScore, 2, []ballot{{"0": 4, "1": 1}, {"0": 1, "1": 4}}, ResultTied, "0,1", "2/5/0/0/0 2/5/0/0/0"},
		{"score all zero", ProcessScore, 2, []ballot{{"0": 0, "1": 0}}, ResultFailed, "", "1/0/0/0/0 1/0/0/0/0"},
		{"meeting most yes", ProcessMeetingTime, 3, []ballot{{"0": 2, "1": 2, "2": 0}, {"0": 2, "1": 1}, {"1": 2, "2": 2}},
			ResultPassed, "1", "2/4/2/0/0 3/5/2/1/0 2/2/1/0/1"},
		{"meeting maybe breaks a yes tie", ProcessMeetingTime, 2, []ballot{{"0": 2, "1": 2}, {"0": 1, "1": 0}},
			ResultPassed, "0", "2/3/1/1/0 2/2/1/0/1"},
		{"meeting tie", ProcessMeetingTime, 2, []ballot{{"0": 2, "1": 1}, {"0": 1, "1": 2}}, ResultTied, "0,1", "2/3/1/1/0 2/3/1/1/0"},
		{"meeting nobody can", ProcessMeetingTime, 2, []ballot{{"0": 0, "1": 0}}, ResultFailed, "", "1/0/0/0/1 1/0/0/0/1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			s := propSpec(c.process)
			for i := 0; i < c.options; i++ {
				if c.process == ProcessMeetingTime {
					s.Options = append(s.Options, slot(24*(i+1)))
				} else {
					s.Options = append(s.Options, OptionSpec{Label: string(rune('A' + i))})
				}
			}
			p := f.propose(t, s)
			ids := propOptionIDs(t, p)
			for i, b := range c.ballots {
				var cs []Choice
				for k, v := range b {
					cs = append(cs, Choice{Option: ids[int(k[0]-'0')], Value: v})
				}
				f.vote(t, p, propVoters[i], cs, "")
			}
			open := f.tally(t, p)
			f.now = s.ClosesAt.Add(time.Minute)
			res := f.tally(t, p)
			if res.Result != c.result || open.Result != ResultOpen {
				t.Fatalf("result %s (open: %s), want %s", res.Result, open.Result, c.result)
			}
			var winners []string
			for _, w := range res.Winners {
				for i, id := range ids {
					if id == w {
						winners = append(winners, string(rune('0'+i)))
					}
				}
			}
			if got := strings.Join(winners, ","); got != c.winners {
				t.Fatalf("winners %s, want %s", got, c.winners)
			}
			if strings.Join(open.Winners, ",") != strings.Join(res.Winners, ",") {
				t.Fatalf("leaders while open %v, winners when closed %v", open.Winners, res.Winners)
			}
			var counts []string
			for _, o := range res.Options {
				counts = append(counts, strings.Join([]string{strconv.Itoa(o.Count), strconv.Itoa(o.Score), strconv.Itoa(o.Yes), strconv.Itoa(o.Maybe), strconv.Itoa(o.No)}, "/"))
			}
			if got := strings.Join(counts, " "); got != c.counts {
				t.Fatalf("counts %s, want %s", got, c.counts)
			}
		})
	}
}

func TestTallyRankedEndToEnd(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessRanked, "A", "B", "C"))
	ids := propOptionIDs(t, p)
	rank := func(order ...int) []Choice {
		var cs []Choice
		for r, i := range order {
			cs = append(cs, Choice{Option: ids[i], Value: r + 1})
		}
		return cs
	}
	f.vote(t, p, "ada", rank(0, 1), "") // A>B
	f.vote(t, p, "ben", rank(1, 0), "") // B>A
	f.vote(t, p, "cy", rank(2, 1), "")  // C>B
	f.vote(t, p, "dee", rank(0, 2), "") // A>C
	f.now = propT0.Add(8 * 24 * time.Hour)
	res := f.tally(t, p)
	if res.Result != ResultPassed || len(res.Winners) != 1 || res.Winners[0] != ids[0] {
		t.Fatalf("result %s winners %v", res.Result, res.Winners)
	}
	if len(res.Rounds) != 3 {
		t.Fatalf("%d rounds: %+v", len(res.Rounds), res.Rounds)
	}
	if e := res.Rounds[0].Eliminated; len(e) != 1 || e[0] != ids[2] {
		t.Fatalf("round 1 eliminated %v, want C", e)
	}
	if e := res.Rounds[1].Eliminated; len(e) != 1 || e[0] != ids[1] {
		t.Fatalf("round 2 eliminated %v, want B (fewer votes in round 1)", e)
	}
	if res.Options[0].Label != "A" || res.Options[0].Count != 2 {
		t.Fatalf("first preferences %+v", res.Options)
	}
}

func TestTallyRankedSurvivesRemoval(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessRanked, "A", "B", "C"))
	ids := propOptionIDs(t, p)
	f.vote(t, p, "ben", []Choice{{ids[1], 3}, {ids[2], 1}}, "") // C first, B third, A unranked
	if err := p.RemoveOption(f.view(t), ids[0]); err != nil {
		t.Fatal(err)
	}
	res := f.tally(t, p)
	if res.Participated != 1 || len(res.Rejected) != 0 || len(res.Winners) != 1 || res.Winners[0] != ids[2] {
		t.Fatalf("ballot after removing an option it did not rank: %+v", res)
	}
}

func TestTallyArguments(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	if _, err := Tally(p, nil, propT0); err == nil {
		t.Fatal("tally without a roster")
	}
	if _, err := Tally(nil, f.view(t), propT0); err == nil {
		t.Fatal("tally without a proposal")
	}
	other, err := NewRoster("Other", "Ada", f.ids["ada"], propT0)
	if err != nil {
		t.Fatal(err)
	}
	ov, _ := other.View()
	if _, err := Tally(p, ov, propT0); err == nil {
		t.Fatal("tally against another co-op's roster")
	}
}
