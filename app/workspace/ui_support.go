package workspace

import (
	"github.com/mutual-coop/mutual/crdt"
)

// What the desktop window (app/ui) needs beyond the rest of the facade: the
// names of crdt's view types and constants it reads, a few schedule edits
// the command line does not offer, and the three-way text merge that lets a
// member keep typing in an agreement while a colleague's edits arrive.

// View types of documents, re-exported for the window.
type (
	Schedule        = crdt.Schedule
	Agreement       = crdt.Agreement
	Option          = crdt.Option
	Stance          = crdt.Stance
	OptionCount     = crdt.OptionCount
	RatifyLink      = crdt.RatifyLink
	ReasonMode      = crdt.ReasonMode
	PassRule        = crdt.PassRule
	Ratification    = crdt.Ratification
	AgreementStatus = crdt.AgreementStatus
	// RefusedRatification is a ratification record that does not count, and why.
	RefusedRatification = crdt.RefusedRatification
)

// Processes, in the order the window offers them.
const (
	ProcessConsent     = crdt.ProcessConsent
	ProcessChooseOne   = crdt.ProcessChooseOne
	ProcessChooseMany  = crdt.ProcessChooseMany
	ProcessScore       = crdt.ProcessScore
	ProcessRanked      = crdt.ProcessRanked
	ProcessMeetingTime = crdt.ProcessMeetingTime
)

// Consent positions, meeting-time answers, pass rules and reason modes.
const (
	ConsentAgree    = crdt.Agree
	ConsentAbstain  = crdt.Abstain
	ConsentDisagree = crdt.Disagree
	ConsentBlock    = crdt.Block

	SlotYes   = crdt.SlotYes
	SlotMaybe = crdt.SlotMaybe
	SlotNo    = crdt.SlotNo

	PassConsensus = crdt.PassConsensus
	PassMajority  = crdt.PassMajority
	PassTwoThirds = crdt.PassTwoThirds
	PassUnanimity = crdt.PassUnanimity

	ReasonOptional     = crdt.ReasonOptional
	ReasonRequired     = crdt.ReasonRequired
	ReasonForObjection = crdt.ReasonForObjection
	ReasonOff          = crdt.ReasonOff
)

// Statuses and results.
const (
	ProposalOpen   = crdt.ProposalOpen
	ProposalClosed = crdt.ProposalClosed
	ProposalDraft  = crdt.ProposalDraft

	ResultOpen     = crdt.ResultOpen
	ResultPassed   = crdt.ResultPassed
	ResultFailed   = crdt.ResultFailed
	ResultBlocked  = crdt.ResultBlocked
	ResultNoQuorum = crdt.ResultNoQuorum
	ResultTied     = crdt.ResultTied

	AmendmentProposed = crdt.AmendmentProposed
	AmendmentAccepted = crdt.AmendmentAccepted
	AmendmentRejected = crdt.AmendmentRejected

	AgreementDraft    = crdt.AgreementDraft
	AgreementRatified = crdt.AgreementRatified
	AgreementAmended  = crdt.AgreementAmended

	ConflictOverCapacity = crdt.ConflictOverCapacity
	ConflictOverlap      = crdt.ConflictOverlap
)

// Roles.
const (
	RoleAdmin    = crdt.RoleAdmin
	RoleMember   = crdt.RoleMember
	RoleObserver = crdt.RoleObserver
)

// Diff units and operations.
const (
	DiffByLine = crdt.ByLine
	DiffByWord = crdt.ByWord
	DiffEqual  = crdt.DiffEqual
	DiffInsert = crdt.DiffInsert
	DiffDelete = crdt.DiffDelete
)

// StanceParent is the comment parent that answers member's vote reason.
func StanceParent(member MemberID) string { return crdt.StanceParent(member) }

// DiffText compares two texts for display.
func DiffText(a, b string, unit DiffUnit) []DiffOp { return crdt.DiffText(a, b, unit) }

// RemoveSignUp takes member off a shift: how an organiser resolves an
// over-capacity conflict (members may always withdraw themselves).
func (c *Coop) RemoveSignUp(id, shiftID string, member MemberID) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.RemoveSignUp(shiftID, member) })
}

// CancelStandIn withdraws this member's open stand-in request.
func (c *Coop) CancelStandIn(id, shiftID string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.CancelStandIn(shiftID) })
}

// CommitAgreementText saves what a member typed in an agreement editor.
// base is the body the editor last showed as saved and mine the editor's
// text now; the body may meanwhile hold other members' edits, which must
// survive, so the member's change (base→mine) is merged into the current
// body rather than replacing it. It returns the body as saved, which the
// editor shows next.
func (c *Coop) CommitAgreementText(id, base, mine string) (string, error) {
	var saved string
	err := c.editAgreement(id, func(a *crdt.Agreement) error {
		cur, err := a.Body()
		if err != nil {
			return err
		}
		saved = MergeText(base, mine, cur)
		return a.SetBody(saved)
	})
	if err != nil {
		return "", err
	}
	return saved, nil
}

// splice is one replacement in a text, in code points: del runes from pos
// are replaced by ins.
type splice struct {
	pos, del int
	ins      []rune
}

// spliceBetween is the single splice turning a into b (common prefix and
// suffix kept).
func spliceBetween(a, b []rune) splice {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	ea, eb := len(a), len(b)
	for ea > p && eb > p && a[ea-1] == b[eb-1] {
		ea--
		eb--
	}
	return splice{pos: p, del: ea - p, ins: b[p:eb]}
}

// MergeText merges two edits of the same base text: mine's change is
// replayed onto theirs. Each side's change is taken as one splice (its common
// prefix and suffix with base). Where the changes touch different places
// both survive; where they overlap, text either side deleted is gone and
// both insertions are kept, so no one's new words are lost. Two insertions
// at the same place keep theirs first.
func MergeText(base, mine, theirs string) string {
	if mine == base {
		return theirs
	}
	if theirs == base || theirs == mine {
		return mine
	}
	b := []rune(base)
	l := spliceBetween(b, []rune(mine))
	r := spliceBetween(b, []rune(theirs))
	out := []rune(theirs)
	shift := len(r.ins) - r.del
	rEnd := r.pos + r.del
	lEnd := l.pos + l.del

	// The parts of mine's deletion that theirs did not already delete, in
	// theirs' coordinates: before theirs' change, and after it.
	var cuts [][2]int
	if l.pos < r.pos {
		cuts = append(cuts, [2]int{l.pos, min(lEnd, r.pos)})
	}
	if lEnd > rEnd {
		cuts = append(cuts, [2]int{max(l.pos, rEnd) + shift, lEnd + shift})
	}
	insAt := l.pos
	switch {
	case l.pos >= rEnd:
		insAt = l.pos + shift
	case l.pos >= r.pos:
		insAt = r.pos + len(r.ins)
	}
	// Delete from the end first so earlier positions stay valid.
	for i := len(cuts) - 1; i >= 0; i-- {
		from, to := cuts[i][0], cuts[i][1]
		if from >= to {
			continue
		}
		out = append(out[:from:from], out[to:]...)
		if insAt >= to {
			insAt -= to - from
		} else if insAt > from {
			insAt = from
		}
	}
	insAt = min(max(insAt, 0), len(out))
	res := make([]rune, 0, len(out)+len(l.ins))
	res = append(res, out[:insAt]...)
	res = append(res, l.ins...)
	res = append(res, out[insAt:]...)
	return string(res)
}
