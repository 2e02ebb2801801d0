package workspace

import (
	"fmt"

	"github.com/mutual-coop/mutual/crdt"
)

// Agreement types, re-exported for front ends.
type (
	AmendmentSpec = crdt.AmendmentSpec
	Amendment     = crdt.Amendment
	Version       = crdt.Version
	DiffOp        = crdt.DiffOp
	DiffUnit      = crdt.DiffUnit
)

// NewAgreement creates an agreement with an initial Markdown body.
func (c *Coop) NewAgreement(title, body string) (string, error) {
	me, err := c.w.Identity()
	if err != nil {
		return "", err
	}
	a, err := crdt.NewAgreement(c.id, title, body, me, c.w.now())
	if err != nil {
		return "", err
	}
	if err := c.storeNew(a.Doc); err != nil {
		return "", err
	}
	return a.ID(), nil
}

// Agreement returns an agreement for reading.
func (c *Coop) Agreement(id string) (*crdt.Agreement, error) {
	d, err := c.Doc(id)
	if err != nil {
		return nil, err
	}
	return crdt.AsAgreement(d)
}

func (c *Coop) editAgreement(id string, fn func(a *crdt.Agreement) error) error {
	return c.edit(id, func(d *crdt.Doc) error {
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return err
		}
		return fn(a)
	})
}

// SetAgreementBody replaces the body with the smallest splice, so concurrent
// typing elsewhere in the text survives.
func (c *Coop) SetAgreementBody(id, markdown string) error {
	return c.editAgreement(id, func(a *crdt.Agreement) error { return a.SetBody(markdown) })
}

// SpliceAgreement applies one edit (positions in characters).
func (c *Coop) SpliceAgreement(id string, pos, del int, ins string) error {
	return c.editAgreement(id, func(a *crdt.Agreement) error { return a.SpliceBody(pos, del, ins) })
}

// SaveVersion names the current text.
func (c *Coop) SaveVersion(id, name string) (string, error) {
	var vid string
	err := c.editAgreement(id, func(a *crdt.Agreement) (err error) {
		vid, err = a.SaveVersion(name)
		return err
	})
	return vid, err
}

// Diff compares two versions ("" as to means the current text).
func (c *Coop) Diff(id, from, to string, unit DiffUnit) ([]DiffOp, error) {
	a, err := c.Agreement(id)
	if err != nil {
		return nil, err
	}
	return a.Diff(from, to, unit)
}

// ProposeAmendment proposes replacement text.
func (c *Coop) ProposeAmendment(id string, spec AmendmentSpec) (string, error) {
	var aid string
	err := c.editAgreement(id, func(a *crdt.Agreement) (err error) {
		aid, err = a.ProposeAmendment(spec)
		return err
	})
	return aid, err
}

// DecideAmendment accepts (applying its text) or rejects an amendment.
func (c *Coop) DecideAmendment(id, amendmentID string, accept bool, reason string) error {
	v, err := c.Members()
	if err != nil {
		return err
	}
	return c.editAgreement(id, func(a *crdt.Agreement) error {
		if accept {
			return a.AcceptAmendment(amendmentID, v)
		}
		return a.RejectAmendment(amendmentID, reason, v)
	})
}

// Ratify records that a passed proposal ratified an agreement version. The
// proposal must link to this agreement and version and its tally must say
// passed.
func (c *Coop) Ratify(id, versionID, proposalID string) error {
	pv, err := c.Proposal(proposalID)
	if err != nil {
		return err
	}
	link := pv.Ratifies
	if link == nil || link.Agreement != id || link.Version != versionID {
		return fmt.Errorf("proposal %s does not ratify this version: %w", proposalID, crdt.ErrInvalid)
	}
	if pv.Tally.Result != crdt.ResultPassed {
		return fmt.Errorf("proposal %s has not passed (%s): %w", proposalID, pv.Tally.Result, crdt.ErrNotAllowed)
	}
	return c.editAgreement(id, func(a *crdt.Agreement) error { return a.RecordRatification(versionID, proposalID) })
}

// SignRatification adds this member's signature to a ratified version.
func (c *Coop) SignRatification(id, versionID string) error {
	return c.editAgreement(id, func(a *crdt.Agreement) error { return a.SignRatification(versionID) })
}

// ResolveVersion finds a version by ID, name or unique ID prefix.
func (c *Coop) ResolveVersion(id, sel string) (string, error) {
	a, err := c.Agreement(id)
	if err != nil {
		return "", err
	}
	vs, err := a.Versions()
	if err != nil {
		return "", err
	}
	v, err := pick(vs, sel, "version", func(v Version) string { return v.ID }, func(v Version) []string { return []string{v.Name} })
	return v.ID, err
}

// ResolveAmendment finds an amendment by ID or unique ID prefix.
func (c *Coop) ResolveAmendment(id, sel string) (string, error) {
	a, err := c.Agreement(id)
	if err != nil {
		return "", err
	}
	ams, err := a.Amendments()
	if err != nil {
		return "", err
	}
	am, err := pick(ams, sel, "amendment", func(a Amendment) string { return a.ID }, noNames[Amendment])
	return am.ID, err
}
