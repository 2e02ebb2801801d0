package crdt

import (
	"fmt"
	"sort"
)

// Ratification is a ratification record with its signatures checked against
// the roster: Signers are the current members whose signatures verify;
// every other signature is listed in Rejected with the reason, so a forged
// or outsider's signature is visible rather than silently counted.
type Ratification struct {
	RatificationRecord
	Signers  []MemberID          `json:"signers"`
	Rejected []RejectedSignature `json:"rejected,omitempty"`
}

// RejectedSignature is a signature that does not count, and why.
type RejectedSignature struct {
	Member MemberID `json:"member"`
	Reason string   `json:"reason"`
}

// Ratifications lists the ratifications, oldest first, with signatures
// verified against the roster view v.
func (a *Agreement) Ratifications(v *RosterView) ([]Ratification, error) {
	if v == nil {
		return nil, fmt.Errorf("checking signatures needs the roster: %w", ErrInvalid)
	}
	if v.Coop != a.Coop() {
		return nil, fmt.Errorf("roster of co-op %s, agreement of %s: %w", v.Coop, a.Coop(), ErrInvalid)
	}
	recs, err := a.RatificationRecords()
	if err != nil {
		return nil, err
	}
	out := make([]Ratification, 0, len(recs))
	for _, rec := range recs {
		out = append(out, verifyRatification(a.ID(), rec, v))
	}
	return out, nil
}

func verifyRatification(docID string, rec RatificationRecord, v *RosterView) Ratification {
	rat := Ratification{RatificationRecord: rec, Signers: []MemberID{}}
	msg := ratificationMessage(docID, rec)
	for _, s := range rec.Signatures {
		reason := ""
		m, known := v.Member(s.Member)
		switch {
		case !s.Member.Verify(msg, s.Sig):
			reason = "signature does not verify"
		case !known:
			reason = "not a member of the co-op"
		case !m.Active():
			reason = "no longer a member of the co-op"
		}
		if reason != "" {
			rat.Rejected = append(rat.Rejected, RejectedSignature{Member: s.Member, Reason: reason})
			continue
		}
		rat.Signers = append(rat.Signers, s.Member)
	}
	sort.Slice(rat.Signers, func(i, j int) bool { return rat.Signers[i] < rat.Signers[j] })
	return rat
}

// RatifiedText is the text of a ratified version, reproduced from the heads
// the ratification pinned and checked against its SHA-256 (a mismatch is
// ErrMalformed). Later edits never change it.
func (a *Agreement) RatifiedText(versionID string) (string, error) {
	rec, err := a.ratification(versionID)
	if err != nil {
		return "", err
	}
	body, err := a.bodyAtHeads(rec.Heads)
	if err != nil {
		return "", fmt.Errorf("ratified version %q: %w", rec.VersionName, err)
	}
	if agreementSHA(body) != rec.SHA256 {
		return "", fmt.Errorf("ratified version %q: text at its heads does not match its SHA-256: %w", rec.VersionName, ErrMalformed)
	}
	return body, nil
}

// AgreementStatus says whether the current body is what the co-op ratified.
type AgreementStatus string

// Agreement statuses.
const (
	AgreementDraft    AgreementStatus = "draft"
	AgreementRatified AgreementStatus = "ratified"
	AgreementAmended  AgreementStatus = "amended since ratification"
)

// Status compares the current body with the latest ratification: draft when
// nothing was ratified, ratified when the body is byte for byte the ratified
// text, amended since ratification otherwise.
func (a *Agreement) Status() (AgreementStatus, error) {
	recs, err := a.RatificationRecords()
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return AgreementDraft, nil
	}
	body, err := a.Body()
	if err != nil {
		return "", err
	}
	if agreementSHA(body) == recs[len(recs)-1].SHA256 {
		return AgreementRatified, nil
	}
	return AgreementAmended, nil
}
