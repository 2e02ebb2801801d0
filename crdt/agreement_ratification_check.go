package crdt

import "fmt"

// RatifyingProposal is what a ratification's linked proposal says, read
// from its signed records by whoever holds it: whether its own tally passed
// (closed and passed) and which agreement version it put to the vote.
type RatifyingProposal struct {
	Passed bool
	Link   *RatifyLink
}

// ProposalLookup finds a proposal for a ratification check; an error means
// the proposal is not held here (not yet synced, or never existed).
type ProposalLookup func(id string) (RatifyingProposal, error)

// RefusedRatification is a ratification record that does not count, and why.
type RefusedRatification struct {
	VersionName string `json:"versionName"`
	Reason      string `json:"reason"`
}

// CheckedStatus is Status with every ratification verified when read,
// because any member's copy can write a ratification record (or rewrite its
// hash and heads together with the text): a record counts only when the
// text at its heads hashes to its SHA-256, and the proposal it names passed
// by its own signed tally, ratifying this agreement, this version and (for
// proposals that pinned it) this very text. The latest record that counts
// decides; the others that do not are returned with the reason.
func (a *Agreement) CheckedStatus(lookup ProposalLookup) (AgreementStatus, []RefusedRatification, error) {
	recs, err := a.RatificationRecords()
	if err != nil {
		return "", nil, err
	}
	good, refused := a.CheckRatifications(recs, lookup)
	st, err := a.StatusAgainst(good)
	return st, refused, err
}

// CheckRatifications judges the records (as RatificationRecords returns
// them): the latest that counts, or nil, and those that do not with the
// reason. Its result depends only on the records and on the proposals they
// name, not on the current body, so a caller may keep it while only the
// text changes.
func (a *Agreement) CheckRatifications(recs []RatificationRecord, lookup ProposalLookup) (*RatificationRecord, []RefusedRatification) {
	var refused []RefusedRatification
	var good *RatificationRecord
	for i := len(recs) - 1; i >= 0; i-- {
		if reason := a.ratificationProblem(recs[i], lookup); reason != "" {
			refused = append(refused, RefusedRatification{VersionName: recs[i].VersionName, Reason: reason})
			continue
		}
		if good == nil {
			good = &recs[i]
		}
	}
	return good, refused
}

// StatusAgainst compares the current body with the ratification that
// counts (nil: none does).
func (a *Agreement) StatusAgainst(good *RatificationRecord) (AgreementStatus, error) {
	if good == nil {
		return AgreementDraft, nil
	}
	body, err := a.Body()
	if err != nil {
		return "", err
	}
	if agreementSHA(body) == good.SHA256 {
		return AgreementRatified, nil
	}
	return AgreementAmended, nil
}

// ratificationProblem says why a record does not count ("" when it does).
func (a *Agreement) ratificationProblem(rec RatificationRecord, lookup ProposalLookup) string {
	body, err := a.bodyAtHeads(rec.Heads)
	if err != nil {
		return fmt.Sprintf("the text it names cannot be reproduced: %v", err)
	}
	if agreementSHA(body) != rec.SHA256 {
		return "the text at the heads it names does not match its hash"
	}
	if lookup == nil {
		return "its proposal could not be checked"
	}
	if !ValidID(rec.Proposal) {
		return "it names no valid proposal"
	}
	p, err := lookup(rec.Proposal)
	if err != nil {
		return "the proposal it names is not on this computer"
	}
	if !p.Passed {
		return "the proposal it names did not pass"
	}
	if p.Link == nil || p.Link.Agreement != a.ID() || p.Link.Version != rec.VersionID {
		return "the proposal it names did not put this version to the vote"
	}
	if p.Link.SHA256 != "" && p.Link.SHA256 != rec.SHA256 {
		return "the text is not the one the proposal put to the vote"
	}
	return ""
}
