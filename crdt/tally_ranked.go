package crdt

import "sort"

// countRanked runs an instant runoff. Each round, every ballot counts for its
// highest-ranked option still standing (a ballot with none left is
// exhausted). An option with more than half of the ballots not exhausted
// wins. Otherwise the option with the fewest votes is eliminated; ties for
// fewest are broken deterministically, with no coin toss:
//
//  1. options with no votes at all are eliminated together (together they
//     hold nothing, so removing them at once cannot change the order);
//  2. otherwise, among those tied, the one(s) with fewest votes in the
//     previous round, then the round before, and so on;
//  3. then the one(s) with fewest preference points (n points for a ballot's
//     first choice of n live options, n-1 for its second, …);
//  4. still tied: all of them are eliminated together — unless they are
//     every option left, in which case they are the tied winners.
//
// options are the first-round counts of every live option (Score: points).
func countRanked(live []Option, counted []Stance) (options []OptionCount, rounds []Round, winners []string) {
	n := len(live)
	points := map[string]int{}
	ballots := make([][]string, 0, len(counted))
	for _, s := range counted {
		cs := append([]Choice(nil), s.Choices...)
		sort.Slice(cs, func(i, j int) bool { return cs[i].Value < cs[j].Value })
		b := make([]string, len(cs))
		for i, c := range cs {
			b[i] = c.Option
			points[c.Option] += n - i
		}
		ballots = append(ballots, b)
	}
	standing := map[string]bool{}
	for _, o := range live {
		standing[o.ID] = true
	}
	var history []map[string]int
	for len(rounds) < n {
		counts, exhausted := firstPreferences(ballots, standing)
		history = append(history, counts)
		r := Round{Exhausted: exhausted}
		for _, o := range live {
			if standing[o.ID] {
				r.Counts = append(r.Counts, OptionCount{ID: o.ID, Label: o.Describe(), Count: counts[o.ID], Score: points[o.ID]})
			}
		}
		if len(rounds) == 0 {
			options = r.Counts
		}
		active := len(ballots) - exhausted
		if active == 0 {
			return options, append(rounds, r), nil
		}
		for _, c := range r.Counts {
			if 2*c.Count > active {
				return options, append(rounds, r), []string{c.ID}
			}
		}
		out := eliminate(r.Counts, history, points)
		if len(out) == len(r.Counts) {
			return options, append(rounds, r), out
		}
		r.Eliminated = out
		for _, id := range out {
			delete(standing, id)
		}
		rounds = append(rounds, r)
	}
	return options, rounds, nil // unreachable: the last option standing has every active ballot
}

func firstPreferences(ballots [][]string, standing map[string]bool) (map[string]int, int) {
	counts := map[string]int{}
	exhausted := 0
	for _, b := range ballots {
		top := ""
		for _, o := range b {
			if standing[o] {
				top = o
				break
			}
		}
		if top == "" {
			exhausted++
		} else {
			counts[top]++
		}
	}
	return counts, exhausted
}

// eliminate picks who goes out this round (see countRanked), in option order.
func eliminate(counts []OptionCount, history []map[string]int, points map[string]int) []string {
	low := make([]string, 0, len(counts))
	for _, c := range counts {
		low = append(low, c.ID)
	}
	cur := history[len(history)-1]
	low = fewest(low, func(id string) int { return cur[id] })
	if cur[low[0]] == 0 {
		return low
	}
	for r := len(history) - 2; r >= 0 && len(low) > 1; r-- {
		low = fewest(low, func(id string) int { return history[r][id] })
	}
	if len(low) > 1 {
		low = fewest(low, func(id string) int { return points[id] })
	}
	return low
}

// fewest keeps the ids with the smallest value, in their order.
func fewest(ids []string, value func(string) int) []string {
	var out []string
	least := 0
	for _, id := range ids {
		switch v := value(id); {
		case out == nil || v < least:
			out, least = []string{id}, v
		case v == least:
			out = append(out, id)
		}
	}
	return out
}
