package workspace

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// ratificationCheck is a judged set of ratification records, kept per
// agreement with the key of everything the judgment read: the records
// themselves, the heads of the proposals they name and of the roster. Every
// save of an agreement (each burst of typing) asks for its status; with the
// check kept, that costs a hash of the body, not a tally per record.
type ratificationCheck struct {
	key     string
	good    *crdt.RatificationRecord
	refused []crdt.RefusedRatification
}

// AgreementStatusOf is an agreement's status with its ratifications checked
// when read (crdt.CheckRatifications): "ratified" only when a proposal that
// passed by its own signed tally put this very text to the vote. Records
// that do not count come back with the reason, for the window, `show` and
// `verify`.
func (c *Coop) AgreementStatusOf(a *crdt.Agreement) (AgreementStatus, []crdt.RefusedRatification, error) {
	recs, err := a.RatificationRecords()
	if err != nil {
		return "", nil, err
	}
	key, err := c.ratificationKey(recs)
	if err != nil {
		return "", nil, err
	}
	c.mu.Lock()
	check, ok := c.ratChecks[a.ID()]
	c.mu.Unlock()
	if !ok || check.key != key {
		good, refused := a.CheckRatifications(recs, c.ratifyingProposal)
		check = ratificationCheck{key: key, good: good, refused: refused}
		c.mu.Lock()
		if c.ratChecks == nil {
			c.ratChecks = map[string]ratificationCheck{}
		}
		c.ratChecks[a.ID()] = check
		c.mu.Unlock()
	}
	st, err := a.StatusAgainst(check.good)
	return st, check.refused, err
}

// ratificationKey names what a judgment of recs depends on: the records, and
// the heads and live status of the roster and of each proposal named (a
// deadline passing closes a proposal without changing its heads). Both come
// from the metadata index, so computing it loads no document.
func (c *Coop) ratificationKey(recs []crdt.RatificationRecord) (string, error) {
	if len(recs) == 0 {
		return "", nil
	}
	raw, err := json.Marshal(recs)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Write(raw)
	for _, id := range append([]string{c.id}, proposalsOf(recs)...) {
		b.WriteString("\n" + id + ":")
		if m, err := c.w.store.Meta(c.id, id); err == nil {
			b.WriteString(liveStatus(m, c.w.now()) + ":" + strings.Join(m.Heads, ","))
		}
	}
	// A proposal decided at a meeting is counted against that meeting's
	// attendance: a change to any meeting may change whether it passed.
	meetings, err := c.w.store.ListDocs(c.id, string(crdt.KindMeeting))
	if err != nil {
		return "", err
	}
	for _, m := range meetings {
		b.WriteString("\n" + m.ID + ":" + strings.Join(m.Heads, ","))
	}
	return b.String(), nil
}

func proposalsOf(recs []crdt.RatificationRecord) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.Proposal)
	}
	return out
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
