package crdt

import (
	"github.com/automerge/automerge-go"
)

// ProposalJSON is the JSON export of a proposal. Its shape is stable and its
// encoding deterministic: every slice is sorted, every time is UTC.
type ProposalJSON struct {
	Header
	ProposalSettings
	Body     string    `json:"body"`
	Options  []Option  `json:"options"` // in order, removed ones flagged; consent: the fixed four
	Current  []Stance  `json:"current"` // each member's latest authentically signed stance, by member
	Stances  []Stance  `json:"stances"` // every stance ever cast, by member then time
	Outcome  *Outcome  `json:"outcome,omitempty"`
	Comments []Comment `json:"comments"` // threaded
}

// JSON exports the proposal with its stances and discussion. It does not
// include a tally, which depends on the roster and the clock: see Tally.
func (p *Proposal) JSON() (ProposalJSON, error) {
	var (
		st    *proposalState
		flat  []Comment
		inner error
	)
	err := p.read(func(root *automerge.Map) error {
		if st, inner = p.readProposal(root, nil); inner != nil {
			return inner
		}
		flat, inner = readComments(root)
		return inner
	})
	if err != nil {
		return ProposalJSON{}, err
	}
	out := ProposalJSON{
		Header: st.header, ProposalSettings: st.settings, Body: st.body,
		Options: append([]Option{}, st.options...), Comments: threadComments(flat),
	}
	out.Current, out.Stances = splitStances(p.ID(), st.stances)
	if out.Current == nil {
		out.Current = []Stance{}
	}
	if out.Stances == nil {
		out.Stances = []Stance{}
	}
	if out.Comments == nil {
		out.Comments = []Comment{}
	}
	if st.outcome.Statement != "" {
		o := st.outcome
		out.Outcome = &o
	}
	return out, nil
}
