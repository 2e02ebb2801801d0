package ui

import (
	"sort"
	"sync"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

// Facts the metadata index does not hold — whether you voted, whether you
// are on a shift — come from reading documents. Only the documents that can
// matter are read (open proposals, schedules), at most maxFactDocs of each,
// nearest deadline or newest first, and each only again when it changed.
const maxFactDocs = 300

// coopFacts is what the list filters, the sidebar badges and the
// notifications need to know about this member's part in the co-op.
type coopFacts struct {
	waiting     map[string]bool                  // open proposals waiting for my vote
	results     map[string]workspace.TallyResult // closed proposals: how each ended (result and process only)
	closingSoon []workspace.DocSummary
	myShifts    map[string]bool // schedules with a shift of mine still to come
	standIns    []standInAsk    // colleagues on my shifts asking for a stand-in
	// attention: meetings whose roll call waits for my "I'm here", and my
	// actions not done.
	attention []workspace.Attention
}

// standInAsk is a request for a stand-in on a shift this member is also on.
type standInAsk struct {
	schedule, title, shift, role string
	start                        time.Time
	requester                    workspace.MemberID
	note                         string
}

// key identifies the request for "tell me once".
func (a standInAsk) key() string { return a.schedule + "/" + a.shift + "/" + string(a.requester) }

// factCache keeps what was read from each document, keyed by its ID and the
// index's update time. Safe for use from several goroutines.
type factCache struct {
	mu        sync.Mutex
	proposals map[string]proposalFact
	schedules map[string]scheduleFact
}

type proposalFact struct {
	updated  time.Time
	status   string // the index's status it was read at: a deadline closes a proposal without changing it
	notVoted bool
	result   workspace.TallyResult // of a closed proposal: only Result and Process are kept
}

type scheduleFact struct {
	updated time.Time
	mine    []time.Time // ends of my shifts
	asks    []standInAsk
}

func newFactCache() *factCache {
	return &factCache{proposals: map[string]proposalFact{}, schedules: map[string]scheduleFact{}}
}

// forget drops everything (the roster changed: who may vote changed).
func (fc *factCache) forget() {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	fc.proposals, fc.schedules = map[string]proposalFact{}, map[string]scheduleFact{}
}

// scanFacts reads the facts of a co-op. It runs off the UI goroutine.
func scanFacts(c *workspace.Coop, me workspace.MemberID, now time.Time, fc *factCache) (coopFacts, error) {
	f := coopFacts{waiting: map[string]bool{}, results: map[string]workspace.TallyResult{}, myShifts: map[string]bool{}}
	props, err := c.List("proposal")
	if err != nil {
		return f, err
	}
	var open, closed []workspace.DocSummary
	for _, d := range props {
		switch d.Status {
		case "open":
			open = append(open, d)
		case "closed":
			closed = append(closed, d)
		}
	}
	sort.Slice(closed, func(i, j int) bool { return closed[i].Updated.After(closed[j].Updated) })
	for _, d := range closed[:min(len(closed), maxFactDocs)] {
		if r := fc.proposal(c, d, me).result; r.Result != "" {
			f.results[d.ID] = r
		}
	}
	sort.Slice(open, func(i, j int) bool { return open[i].Deadline.Before(open[j].Deadline) })
	for _, d := range open[:min(len(open), maxFactDocs)] {
		if fc.proposal(c, d, me).notVoted {
			f.waiting[d.ID] = true
			if !d.Deadline.IsZero() && d.Deadline.Sub(now) <= 24*time.Hour {
				f.closingSoon = append(f.closingSoon, d)
			}
		}
	}
	if f.attention, err = c.NeedsAttention(); err != nil {
		return f, err
	}
	scheds, err := c.List("schedule")
	if err != nil {
		return f, err
	}
	for _, d := range scheds[:min(len(scheds), maxFactDocs)] {
		sf := fc.schedule(c, d, me)
		for _, end := range sf.mine {
			if end.After(now) {
				f.myShifts[d.ID] = true
				break
			}
		}
		for _, a := range sf.asks {
			if a.start.After(now) {
				f.standIns = append(f.standIns, a)
			}
		}
	}
	return f, nil
}

func (fc *factCache) proposal(c *workspace.Coop, d workspace.DocSummary, me workspace.MemberID) proposalFact {
	fc.mu.Lock()
	pf, ok := fc.proposals[d.ID]
	fc.mu.Unlock()
	if ok && pf.updated.Equal(d.Updated) && pf.status == d.Status {
		return pf
	}
	pv, err := c.Proposal(d.ID)
	if err != nil {
		return proposalFact{}
	}
	pf = proposalFact{updated: d.Updated, status: d.Status}
	if pv.Tally.Closed {
		pf.result = workspace.TallyResult{Result: pv.Tally.Result, Process: pv.Tally.Process}
	}
	for _, id := range pv.Tally.NotVoted {
		if id == me {
			pf.notVoted = true
		}
	}
	fc.mu.Lock()
	fc.proposals[d.ID] = pf
	fc.mu.Unlock()
	return pf
}

func (fc *factCache) schedule(c *workspace.Coop, d workspace.DocSummary, me workspace.MemberID) scheduleFact {
	fc.mu.Lock()
	sf, ok := fc.schedules[d.ID]
	fc.mu.Unlock()
	if ok && sf.updated.Equal(d.Updated) {
		return sf
	}
	sf = scheduleFact{updated: d.Updated}
	s, err := c.Schedule(d.ID)
	if err != nil {
		return sf
	}
	shifts, err := s.Shifts()
	if err != nil {
		return sf
	}
	for _, sh := range shifts {
		if !sh.Has(me) {
			continue
		}
		sf.mine = append(sf.mine, sh.End)
		for _, si := range sh.StandIns {
			if si.Open() && si.Requester != me {
				sf.asks = append(sf.asks, standInAsk{schedule: d.ID, title: d.Title, shift: sh.ID, role: sh.Role,
					start: sh.Start, requester: si.Requester, note: si.Note})
			}
		}
	}
	fc.mu.Lock()
	fc.schedules[d.ID] = sf
	fc.mu.Unlock()
	return sf
}
