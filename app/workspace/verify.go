package workspace

import (
	"fmt"

	"github.com/mutual-coop/mutual/crdt"
)

// VerifyReport is the result of checking a co-op's minute book offline:
// the roster chain, every proposal's tally from signed records, and every
// ratification. Problems are what no honest copy writes (a refused roster
// entry, a forged or altered stance, a settings value nobody with the right
// signed, a ratification that does not check out); Notes are refusals an
// honest member can cause (a vote cast after the deadline, an observer's
// vote) and do not fail the check.
type VerifyReport struct {
	Coop      string          `json:"coop"`
	Documents int             `json:"documents"`
	Decisions int             `json:"decisions"` // closed proposals and ratifications checked
	Problems  []VerifyFinding `json:"problems"`
	Notes     []VerifyFinding `json:"notes"`
}

// VerifyFinding names the document, the member concerned where known, and
// the reason, in words.
type VerifyFinding struct {
	Doc    string   `json:"doc"`
	Title  string   `json:"title"`
	Member MemberID `json:"member,omitempty"`
	Name   string   `json:"name,omitempty"`
	Reason string   `json:"reason"`
}

// OK is true when nothing is wrong.
func (r VerifyReport) OK() bool { return len(r.Problems) == 0 }

// honestRefusals are stance refusals an honest member's machine can cause.
var honestRefusals = map[string]bool{
	crdt.RejectLate: true, crdt.RejectEarly: true, crdt.RejectObserver: true,
	crdt.RejectRemovedMember: true, crdt.RejectRemovedOption: true,
}

// Verify checks the co-op's documents as held on this computer. It reads
// every document once and changes nothing.
func (c *Coop) Verify() (VerifyReport, error) {
	rep := VerifyReport{Coop: c.id, Problems: []VerifyFinding{}, Notes: []VerifyFinding{}}
	v, err := c.Members()
	if err != nil {
		return rep, fmt.Errorf("the roster cannot be read: %w", err)
	}
	name := func(m MemberID) string {
		if n := v.NameOf(m); n != "" {
			return n
		}
		return "someone outside the co-op"
	}
	rep.Documents++
	for _, e := range v.Rejected {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: c.id, Title: "Members", Member: e.Entry.By, Name: name(e.Entry.By),
			Reason: "roster entry refused: " + e.Reason})
	}
	docs, err := c.List("")
	if err != nil {
		return rep, err
	}
	for _, d := range docs {
		rep.Documents++
		switch d.Kind {
		case string(crdt.KindProposal):
			c.verifyProposal(&rep, d, name)
		case string(crdt.KindAgreement):
			c.verifyAgreement(&rep, d)
		case string(crdt.KindMeeting):
			c.verifyMeeting(&rep, d, name)
		}
	}
	return rep, nil
}

func (c *Coop) verifyProposal(rep *VerifyReport, d DocSummary, name func(MemberID) string) {
	pv, err := c.Proposal(d.ID)
	if err != nil {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: d.ID, Title: d.Title, Reason: "cannot be read: " + err.Error()})
		return
	}
	t := pv.Tally
	if t.Closed {
		rep.Decisions++
	}
	for _, r := range t.Rejected {
		f := VerifyFinding{Doc: d.ID, Title: d.Title, Member: r.Stance.Member, Name: name(r.Stance.Member), Reason: "vote not counted: " + r.Reason}
		if honestRefusals[r.Reason] {
			rep.Notes = append(rep.Notes, f)
		} else {
			rep.Problems = append(rep.Problems, f)
		}
	}
	for _, p := range t.Problems {
		f := VerifyFinding{Doc: d.ID, Title: d.Title, Member: p.Member, Reason: p.Reason}
		if p.Member != "" {
			f.Name = name(p.Member)
		}
		rep.Problems = append(rep.Problems, f)
	}
}

func (c *Coop) verifyAgreement(rep *VerifyReport, d DocSummary) {
	a, err := c.Agreement(d.ID)
	if err != nil {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: d.ID, Title: d.Title, Reason: "cannot be read: " + err.Error()})
		return
	}
	recs, err := a.RatificationRecords()
	if err != nil {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: d.ID, Title: d.Title, Reason: "ratifications cannot be read: " + err.Error()})
		return
	}
	_, refused, err := c.AgreementStatusOf(a)
	if err != nil {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: d.ID, Title: d.Title, Reason: "status cannot be read: " + err.Error()})
		return
	}
	rep.Decisions += len(recs)
	for _, r := range refused {
		rep.Problems = append(rep.Problems, VerifyFinding{Doc: d.ID, Title: d.Title, Reason: fmt.Sprintf("ratification of %q does not count: %s", r.VersionName, r.Reason)})
	}
}
