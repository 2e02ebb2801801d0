package crdt

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/automerge/automerge-go"
)

// RatificationRecord is a version of the agreement that a co-op proposal
// ratified, pinned by heads and SHA-256, with the members' signatures as
// stored (not yet verified; see Ratifications).
type RatificationRecord struct {
	VersionID   string                  `json:"versionId"`
	VersionName string                  `json:"versionName"`
	Heads       []string                `json:"heads"`
	SHA256      string                  `json:"sha256"`
	Proposal    string                  `json:"proposal"`
	At          time.Time               `json:"at"`
	By          MemberID                `json:"by"`
	Signatures  []RatificationSignature `json:"signatures"`
}

// RatificationSignature is one member's signature over a ratification.
type RatificationSignature struct {
	Member MemberID  `json:"member"`
	Sig    []byte    `json:"sig"`
	At     time.Time `json:"at"`
}

// RecordRatification records that proposal proposalID, which the caller has
// checked passed, ratified the version versionID. A version is ratified once.
// The version's text is checked against its SHA-256 first, so nobody
// ratifies a version whose pinned text cannot be reproduced.
func (a *Agreement) RecordRatification(versionID, proposalID string) error {
	if !ValidID(proposalID) {
		return fmt.Errorf("proposal ID %q: %w", proposalID, ErrInvalid)
	}
	if a.Me() == nil {
		return ErrReadOnly
	}
	v, err := a.Version(versionID)
	if err != nil {
		return err
	}
	if _, err := a.BodyAt(versionID); err != nil {
		return err
	}
	at := agreementMillis(a.Now())
	return a.change("ratify version "+v.Name, func(root *automerge.Map) error {
		rm, err := agreementMap(root, agreementRatificationsKey)
		if err != nil {
			return err
		}
		var r reader
		if existing := r.mapAt(rm, versionID); existing != nil || r.err != nil {
			return fmt.Errorf("version %q is already ratified: %w", v.Name, ErrInvalid)
		}
		return rm.Set(versionID, map[string]any{
			"version": versionID, "heads": v.Heads, "sha256": v.SHA256, "proposal": proposalID,
			"at": at.UnixMilli(), "by": string(a.Me().Member()), "signatures": map[string]any{},
		})
	})
}

// SignRatification adds the local member's signature to a ratification,
// after checking that the text at its heads still has its SHA-256: a member
// signs text they can reproduce, never just a hash someone wrote.
func (a *Agreement) SignRatification(versionID string) error {
	me := a.Me()
	if me == nil {
		return ErrReadOnly
	}
	rec, err := a.ratification(versionID)
	if err != nil {
		return err
	}
	for _, s := range rec.Signatures {
		if s.Member == me.Member() && me.Member().Verify(ratificationMessage(a.ID(), rec), s.Sig) {
			return fmt.Errorf("you have already signed the ratification of %q: %w", rec.VersionName, ErrInvalid)
		}
	}
	if _, err := a.RatifiedText(versionID); err != nil {
		return err
	}
	sig := me.Sign(ratificationMessage(a.ID(), rec))
	at := agreementMillis(a.Now())
	return a.change("sign ratification of "+rec.VersionName, func(root *automerge.Map) error {
		var r reader
		rm := r.mapAt(r.mapAt(root, agreementRatificationsKey), versionID)
		if r.err != nil || rm == nil {
			return fmt.Errorf("ratification of %q: %w", versionID, ErrNotFound)
		}
		sigs, err := agreementMap(rm, "signatures")
		if err != nil {
			return err
		}
		return sigs.Set(string(me.Member()), map[string]any{"sig": sig, "at": at.UnixMilli()})
	})
}

// ratificationMessage is the canonical text a member signs. It names the
// document, so a signature cannot be replayed onto another agreement, and the
// record's time, so a re-ratification is a new statement.
func ratificationMessage(docID string, rec RatificationRecord) []byte {
	return []byte("mutual-ratify-v1\n" + docID + "\n" + rec.VersionID + "\n" + rec.SHA256 + "\n" +
		strconv.FormatInt(rec.At.UnixMilli(), 10))
}

// RatificationRecords lists the stored ratifications, oldest first, with
// their signatures unverified.
func (a *Agreement) RatificationRecords() (out []RatificationRecord, err error) {
	err = a.read(func(root *automerge.Map) error {
		out, err = readRatifications(root)
		return err
	})
	return out, err
}

func (a *Agreement) ratification(versionID string) (RatificationRecord, error) {
	recs, err := a.RatificationRecords()
	if err != nil {
		return RatificationRecord{}, err
	}
	for _, rec := range recs {
		if rec.VersionID == versionID {
			return rec, nil
		}
	}
	return RatificationRecord{}, fmt.Errorf("ratification of version %q: %w", versionID, ErrNotFound)
}

func readRatifications(root *automerge.Map) ([]RatificationRecord, error) {
	versions, err := readVersions(root)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, v := range versions {
		names[v.ID] = v.Name
	}
	var r reader
	rm := r.mapAt(root, agreementRatificationsKey)
	out := []RatificationRecord{}
	for _, id := range r.keys(rm) {
		m := r.mapAt(rm, id)
		rec := RatificationRecord{
			VersionID: id, VersionName: names[id], Heads: r.strs(m, "heads"), SHA256: r.str(m, "sha256"),
			Proposal: r.str(m, "proposal"), At: r.millis(m, "at"), By: MemberID(r.str(m, "by")),
			Signatures: []RatificationSignature{},
		}
		sm := r.mapAt(m, "signatures")
		for _, member := range r.keys(sm) {
			s := r.mapAt(sm, member)
			rec.Signatures = append(rec.Signatures, RatificationSignature{
				Member: MemberID(member), Sig: r.bytes(s, "sig"), At: r.millis(s, "at"),
			})
		}
		sort.Slice(rec.Signatures, func(i, j int) bool { return rec.Signatures[i].Member < rec.Signatures[j].Member })
		out = append(out, rec)
	}
	if r.err != nil {
		return nil, fmt.Errorf("agreement ratifications: %w", r.err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].VersionID < out[j].VersionID
	})
	return out, nil
}
