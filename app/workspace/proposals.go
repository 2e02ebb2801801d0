package workspace

import (
	"fmt"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Proposal types, re-exported for front ends.
type (
	ProposalSpec = crdt.ProposalSpec
	OptionSpec   = crdt.OptionSpec
	Choice       = crdt.Choice
	Process      = crdt.Process
	TallyResult  = crdt.TallyResult
)

// NewProposal creates a proposal and returns its ID.
func (c *Coop) NewProposal(spec ProposalSpec) (string, error) {
	me, err := c.w.Identity()
	if err != nil {
		return "", err
	}
	if spec.Ratifies != nil {
		// The link names the version by ID, resolved now: a name ("v3")
		// stored as typed would not match the version when the proposal
		// has passed, and the co-op would have to vote again.
		link := *spec.Ratifies
		if link.Version, err = c.ResolveVersion(link.Agreement, link.Version); err != nil {
			return "", fmt.Errorf("the version to ratify: %w", err)
		}
		// The signed proposal pins the version's text by its hash, so a
		// copy that rewrites the version later cannot borrow this vote.
		if link.SHA256, err = c.versionSHA(link.Agreement, link.Version); err != nil {
			return "", fmt.Errorf("the version to ratify: %w", err)
		}
		spec.Ratifies = &link
	}
	p, err := crdt.NewProposal(c.id, spec, me, c.w.now())
	if err != nil {
		return "", err
	}
	if err := c.storeNew(p.Doc); err != nil {
		return "", err
	}
	return p.ID(), nil
}

// Proposal returns a proposal with its live tally.
func (c *Coop) Proposal(id string) (ProposalView, error) {
	d, err := c.Doc(id)
	if err != nil {
		return ProposalView{}, err
	}
	return c.proposalView(d)
}

// editProposal runs fn on a proposal with the current roster view.
func (c *Coop) editProposal(id string, fn func(p *crdt.Proposal, v *RosterView) error) error {
	v, err := c.Members()
	if err != nil {
		return err
	}
	return c.edit(id, func(d *crdt.Doc) error {
		p, err := crdt.AsProposal(d)
		if err != nil {
			return err
		}
		return fn(p, v)
	})
}

// Vote casts (or changes) this member's stance.
func (c *Coop) Vote(id string, choices []Choice, reason string) error {
	return c.editProposal(id, func(p *crdt.Proposal, _ *RosterView) error { return p.Vote(choices, reason) })
}

// VoteWords casts a stance given as words, as typed on the command line.
func (c *Coop) VoteWords(id string, words []string, reason string) error {
	return c.editProposal(id, func(p *crdt.Proposal, _ *RosterView) error {
		choices, err := ParseChoices(p, words)
		if err != nil {
			return err
		}
		return p.Vote(choices, reason)
	})
}

// CloseProposal closes a proposal early.
func (c *Coop) CloseProposal(id string) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error { return p.Close(v) })
}

// ExtendProposal moves the deadline.
func (c *Coop) ExtendProposal(id string, deadline time.Time) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error { return p.Extend(v, deadline) })
}

// ReopenProposal reopens a closed proposal until deadline.
func (c *Coop) ReopenProposal(id string, deadline time.Time) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error { return p.Reopen(v, deadline) })
}

// SetOutcome records the outcome statement of a closed proposal.
func (c *Coop) SetOutcome(id, statement string, reviewAt time.Time) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error { return p.SetOutcome(v, statement, reviewAt) })
}

// SetProposalBody replaces the proposal's Markdown body (minimal splice).
func (c *Coop) SetProposalBody(id, markdown string) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error { return p.SetBody(v, markdown) })
}

// AddOption adds an option (or a time slot) to an open proposal.
func (c *Coop) AddOption(id string, o OptionSpec) (string, error) {
	var optID string
	err := c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error {
		var err error
		optID, err = p.AddOption(v, o)
		return err
	})
	return optID, err
}

// RenameOption relabels an option of an open proposal.
func (c *Coop) RenameOption(id, optionSel, label string) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error {
		opt, err := findOption(p, optionSel)
		if err != nil {
			return err
		}
		return p.RenameOption(v, opt.ID, label)
	})
}

// RemoveOption withdraws an option of an open proposal.
func (c *Coop) RemoveOption(id, optionSel string) error {
	return c.editProposal(id, func(p *crdt.Proposal, v *RosterView) error {
		opt, err := findOption(p, optionSel)
		if err != nil {
			return err
		}
		return p.RemoveOption(v, opt.ID)
	})
}
