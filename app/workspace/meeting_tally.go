package workspace

import (
	"github.com/mutual-coop/mutual/crdt"
)

// tallyAtMeeting counts a proposal against the co-op's roster and, when
// its own signed record says it is decided at a meeting, against that
// meeting's attendance. Without a roster (a document imported on its own)
// every stance is reported as unverifiable rather than counted. A meeting
// this computer does not hold (yet) is reported as a problem, and the
// proposal counted as any other until it arrives.
func (c *Coop) tallyAtMeeting(p *crdt.Proposal) (crdt.TallyResult, *crdt.MeetingCount, error) {
	v, err := c.Members()
	if err != nil {
		v = &crdt.RosterView{Coop: c.id}
	}
	meeting, err := p.DecidedAt(v)
	if err != nil {
		return crdt.TallyResult{}, nil, err
	}
	if meeting == "" {
		t, err := crdt.Tally(p, v, c.w.now())
		return t, nil, err
	}
	m, err := c.meetingDoc(meeting)
	if err != nil {
		t, terr := crdt.Tally(p, v, c.w.now())
		t.Problems = append(t.Problems, crdt.Problem{Doc: meeting,
			Reason: "it is decided at a meeting this computer does not have yet; counted without its attendance"})
		return t, nil, terr
	}
	t, mc, err := crdt.TallyAtMeeting(p, v, m, c.w.now())
	if err != nil {
		return crdt.TallyResult{}, nil, err
	}
	return t, &mc, nil
}
