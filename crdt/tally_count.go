package crdt

// countConsent counts agree/abstain/disagree/block and applies the pass rule
// once the proposal has closed with quorum. Abstentions are participation,
// never for or against. The rules, with A agree, D disagree, B block:
//
//   - majority: A > D+B (a tie fails; a block counts as a disagree)
//   - two_thirds: A >= 2/3 of A+D+B, and A > 0
//   - unanimity: any block → blocked; passes when A > 0 and D = 0. This is
//     unanimity of the votes cast; set Quorum 1 to require every voter.
//   - consensus: any block → blocked; otherwise passes when A > 0 (disagree
//     is a concern recorded, not a veto; nobody agreeing is not consent).
func countConsent(res *TallyResult, s ProposalSettings) {
	n := consentCounts(res)
	a, d, b := n[Agree], n[Disagree], n[Block]
	consentResult(res, s, passesAmong(s.PassRule, a, b, a+d+b), b)
}

// consentCounts counts the counted consent stances, into res.Options too.
func consentCounts(res *TallyResult) map[string]int {
	n := map[string]int{}
	for _, c := range res.Counted {
		n[c.Choices[0].Option]++
	}
	for _, o := range consentOptions {
		res.Options = append(res.Options, OptionCount{ID: o.ID, Label: o.Label, Count: n[o.ID]})
	}
	return n
}

// consentResult is the outcome of a consent proposal: open, no quorum,
// blocked (a block under consensus or unanimity), passed or failed.
func consentResult(res *TallyResult, s ProposalSettings, pass bool, blocks int) {
	switch {
	case !res.Closed:
		res.Result = ResultOpen
	case !res.QuorumMet:
		res.Result = ResultNoQuorum
	case (s.PassRule == PassConsensus || s.PassRule == PassUnanimity) && blocks > 0:
		res.Result = ResultBlocked
	case pass:
		res.Result = ResultPassed
	default:
		res.Result = ResultFailed
	}
}

// passesAmong applies a pass rule to a agrees and b blocks among total
// members taking part: those who voted, or at a meeting those present.
func passesAmong(rule PassRule, a, b, total int) bool {
	switch rule {
	case PassMajority:
		return 2*a > total
	case PassTwoThirds:
		return a > 0 && 3*a >= 2*total
	case PassUnanimity:
		return a > 0 && a == total
	case PassConsensus:
		return a > 0 && b == 0
	}
	return false
}

// countPoll counts a poll and finds its winners: the options with the most
// votes (choose_one, choose_many), the highest total score (score), the most
// yes answers then the most maybes (meeting_time), or the instant-runoff
// winner (ranked). An option needs at least one vote (score, yes or maybe) to
// win. Several winners sharing the top place make the result ResultTied; no
// winner makes it ResultFailed. While the poll is open, Winners are the
// current leaders and Result is ResultOpen.
func countPoll(res *TallyResult, options []Option) {
	var live []Option
	for _, o := range options {
		if !o.Removed {
			live = append(live, o)
		}
	}
	if res.Process == ProcessRanked {
		res.Options, res.Rounds, res.Winners = countRanked(live, res.Counted)
	} else {
		res.Options = countChoices(res.Process, live, res.Counted)
		res.Winners = leaders(res.Process, res.Options)
	}
	switch {
	case !res.Closed:
		res.Result = ResultOpen
	case !res.QuorumMet:
		res.Result = ResultNoQuorum
	case len(res.Winners) == 0:
		res.Result = ResultFailed
	case len(res.Winners) > 1:
		res.Result = ResultTied
	default:
		res.Result = ResultPassed
	}
}

func countChoices(p Process, live []Option, counted []Stance) []OptionCount {
	out := make([]OptionCount, len(live))
	at := map[string]int{}
	for i, o := range live {
		out[i] = OptionCount{ID: o.ID, Label: o.Describe()}
		at[o.ID] = i
	}
	for _, s := range counted {
		for _, c := range s.Choices {
			i, ok := at[c.Option]
			if !ok {
				continue // unreachable: counted stances name only live options
			}
			oc := &out[i]
			oc.Count++
			switch p {
			case ProcessScore:
				oc.Score += c.Value
			case ProcessMeetingTime:
				oc.Score += c.Value // yes is 2, maybe 1, no 0
				switch c.Value {
				case SlotYes:
					oc.Yes++
				case SlotMaybe:
					oc.Maybe++
				default:
					oc.No++
				}
			}
		}
	}
	return out
}

// leaders returns the IDs of the options sharing the top place, in option
// order; an option with nothing in its favour never leads.
func leaders(p Process, counts []OptionCount) []string {
	key := func(c OptionCount) [2]int {
		switch p {
		case ProcessScore:
			return [2]int{c.Score, 0}
		case ProcessMeetingTime:
			return [2]int{c.Yes, c.Maybe}
		}
		return [2]int{c.Count, 0}
	}
	var best [2]int
	var out []string
	for _, c := range counts {
		k := key(c)
		switch {
		case k == [2]int{}:
		case k[0] > best[0] || (k[0] == best[0] && k[1] > best[1]):
			best, out = k, []string{c.ID}
		case k == best:
			out = append(out, c.ID)
		}
	}
	return out
}
