package workspace

import (
	"fmt"

	"github.com/mutual-coop/mutual/crdt"
)

// AgreementStatusOf is an agreement's status with its ratifications checked
// when read (crdt.CheckedStatus): "ratified" only when a proposal that passed
// by its own signed tally put this very text to the vote. Ratification
// records that do not count come back with the reason, for the window, `show`
// and `verify`.
func (c *Coop) AgreementStatusOf(a *crdt.Agreement) (AgreementStatus, []crdt.RefusedRatification, error) {
	return a.CheckedStatus(c.ratifyingProposal)
}

// ratifyingProposal reads what a ratification's proposal says, from its
// signed records, as the tally does.
func (c *Coop) ratifyingProposal(id string) (crdt.RatifyingProposal, error) {
	pv, err := c.Proposal(id)
	if err != nil {
		return crdt.RatifyingProposal{}, err
	}
	return crdt.RatifyingProposal{
		Passed: pv.Tally.Closed && pv.Tally.Result == crdt.ResultPassed,
		Link:   pv.Ratifies,
	}, nil
}

// versionSHA is the hash of a version's text, checked against the text
// reproduced at its heads.
func (c *Coop) versionSHA(agreement, versionID string) (string, error) {
	a, err := c.Agreement(agreement)
	if err != nil {
		return "", err
	}
	v, err := a.Version(versionID)
	if err != nil {
		return "", err
	}
	if _, err := a.BodyAt(versionID); err != nil {
		return "", fmt.Errorf("version %q: %w", v.Name, err)
	}
	return v.SHA256, nil
}
