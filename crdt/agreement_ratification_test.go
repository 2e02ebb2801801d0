package crdt

import (
	"errors"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// agreementRatifiedFixture has version v1 of the test body ratified by a proposal and
// signed by bob (the recorder) and carol.
func agreementRatifiedFixture(t *testing.T) (*agreementFixture, string) {
	t.Helper()
	f := newAgreementFixture(t, agreementTestBody)
	v1, err := f.a.SaveVersion("v1")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.RecordRatification(v1, NewID()); err != nil {
		t.Fatal(err)
	}
	if err := f.a.SignRatification(v1); err != nil {
		t.Fatal(err)
	}
	carol := f.replica(t, f.carol)
	if err := carol.SignRatification(v1); err != nil {
		t.Fatal(err)
	}
	if err := f.a.Merge(carol.Doc); err != nil {
		t.Fatal(err)
	}
	return f, v1
}

// agreementWriteSignature stores a signature as a peer would, with no checks.
func agreementWriteSignature(t *testing.T, a *Agreement, versionID string, member MemberID, sig []byte) {
	t.Helper()
	agreementRawWrite(t, a, func(root *automerge.Map) error {
		var r reader
		sigs := r.mapAt(r.mapAt(r.mapAt(root, "ratifications"), versionID), "signatures")
		if r.err != nil || sigs == nil {
			t.Fatalf("no signatures map: %v", r.err)
		}
		return sigs.Set(string(member), map[string]any{"sig": sig, "at": agreementT0.UnixMilli()})
	})
}

func TestAgreementRatification(t *testing.T) {
	f, v1 := agreementRatifiedFixture(t)
	rats, err := f.a.Ratifications(f.view(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rats) != 1 {
		t.Fatalf("ratifications = %+v", rats)
	}
	r := rats[0]
	want := []MemberID{f.bob.Member(), f.carol.Member()}
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	if !reflect.DeepEqual(r.Signers, want) || len(r.Rejected) != 0 {
		t.Fatalf("signers = %v, rejected = %v", r.Signers, r.Rejected)
	}
	if r.VersionID != v1 || r.VersionName != "v1" || r.SHA256 != agreementSHA(agreementTestBody) || r.By != f.bob.Member() || len(r.Heads) == 0 || !ValidID(r.Proposal) {
		t.Fatalf("record = %+v", r.RatificationRecord)
	}
	if st, err := f.a.Status(); err != nil || st != AgreementRatified {
		t.Fatalf("Status = %q, %v", st, err)
	}

	// Later edits never change what was ratified.
	if err := f.a.SetBody("# New rules\n\nAnything goes.\n"); err != nil {
		t.Fatal(err)
	}
	if got, err := f.a.RatifiedText(v1); err != nil || got != agreementTestBody {
		t.Fatalf("RatifiedText = %q, %v", got, err)
	}
	if st, err := f.a.Status(); err != nil || st != AgreementAmended {
		t.Fatalf("Status after edit = %q, %v", st, err)
	}
	// Editing back to the ratified text makes it ratified again.
	if err := f.a.SetBody(agreementTestBody); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.a.Status(); st != AgreementRatified {
		t.Fatalf("Status after restoring the text = %q", st)
	}
	// Signatures survive a round trip through bytes.
	loaded, err := LoadAgreement(f.a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := loaded.Ratifications(f.view(t))
	if err != nil || !reflect.DeepEqual(again, rats) {
		t.Fatalf("after reload: %+v, %v", again, err)
	}
}

func TestAgreementRatificationSignatureChecks(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID
		reason string
	}{
		{"forged signature", func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID {
			agreementWriteSignature(t, a, v1, f.alice.Member(), make([]byte, 64))
			return f.alice.Member()
		}, "signature does not verify"},
		{"signature over another message", func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID {
			agreementWriteSignature(t, a, v1, f.alice.Member(), f.alice.Sign([]byte("mutual-ratify-v1\nsomething else")))
			return f.alice.Member()
		}, "signature does not verify"},
		{"someone else's signature under alice's name", func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID {
			rec, err := a.ratification(v1)
			if err != nil {
				t.Fatal(err)
			}
			agreementWriteSignature(t, a, v1, f.alice.Member(), f.dave.Sign(ratificationMessage(a.ID(), rec)))
			return f.alice.Member()
		}, "signature does not verify"},
		{"non-member with a valid signature", func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID {
			rec, err := a.ratification(v1)
			if err != nil {
				t.Fatal(err)
			}
			agreementWriteSignature(t, a, v1, f.dave.Member(), f.dave.Sign(ratificationMessage(a.ID(), rec)))
			return f.dave.Member()
		}, "not a member of the co-op"},
		{"malformed member ID", func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID {
			agreementWriteSignature(t, a, v1, "nothex", []byte("x"))
			return "nothex"
		}, "signature does not verify"},
		{"removed member", func(t *testing.T, f *agreementFixture, a *Agreement, v1 string) MemberID {
			f.roster.SetClock(func() time.Time { return agreementT0.Add(24 * time.Hour) })
			if err := f.roster.RemoveMember(f.carol.Member()); err != nil {
				t.Fatal(err)
			}
			return f.carol.Member()
		}, "no longer a member of the co-op"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, v1 := agreementRatifiedFixture(t)
			bad := tt.tamper(t, f, f.a, v1)
			rats, err := f.a.Ratifications(f.view(t))
			if err != nil {
				t.Fatal(err)
			}
			r := rats[0]
			for _, s := range r.Signers {
				if s == bad {
					t.Fatalf("%s counted as a signer", bad.Short())
				}
			}
			if len(r.Rejected) != 1 || r.Rejected[0].Member != bad || r.Rejected[0].Reason != tt.reason {
				t.Fatalf("rejected = %+v, want %s: %q", r.Rejected, bad.Short(), tt.reason)
			}
			if len(r.Signers) == 0 || r.Signers[0] == "" {
				t.Fatalf("valid signers lost: %v", r.Signers)
			}
		})
	}
}

func TestAgreementRatificationErrors(t *testing.T) {
	f, v1 := agreementRatifiedFixture(t)
	v2, err := f.a.SaveVersion("v2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
		err  error
	}{
		{"ratify twice", func() error { return f.a.RecordRatification(v1, NewID()) }, ErrInvalid},
		{"unknown version", func() error { return f.a.RecordRatification(NewID(), NewID()) }, ErrNotFound},
		{"bad proposal ID", func() error { return f.a.RecordRatification(v2, "proposal-1") }, ErrInvalid},
		{"sign twice", func() error { return f.a.SignRatification(v1) }, ErrInvalid},
		{"sign unratified version", func() error { return f.a.SignRatification(v2) }, ErrNotFound},
		{"ratified text of unratified version", func() error { _, err := f.a.RatifiedText(v2); return err }, ErrNotFound},
		{"ratified text of unknown version", func() error { _, err := f.a.RatifiedText(NewID()); return err }, ErrNotFound},
		{"no roster", func() error { _, err := f.a.Ratifications(nil); return err }, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := agreementHistoryLen(t, f.a)
			agreementWantErr(t, tt.do(), tt.err)
			if agreementHistoryLen(t, f.a) != n {
				t.Fatal("a refused call recorded a change")
			}
		})
	}
	ro, err := LoadAgreement(f.a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.SignRatification(v1); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only sign: %v", err)
	}
}

func TestAgreementRatifiedTextTampered(t *testing.T) {
	f, v1 := agreementRatifiedFixture(t)
	agreementRawWrite(t, f.a, func(root *automerge.Map) error {
		var r reader
		m := r.mapAt(r.mapAt(root, "ratifications"), v1)
		if m == nil {
			t.Fatal("no ratification record")
		}
		return m.Set("sha256", agreementSHA("something else"))
	})
	if _, err := f.a.RatifiedText(v1); !errors.Is(err, ErrMalformed) {
		t.Fatalf("RatifiedText of a tampered record: %v", err)
	}
	other := f.replica(t, f.alice)
	if err := other.SignRatification(v1); !errors.Is(err, ErrMalformed) {
		t.Fatalf("signing a tampered record: %v", err)
	}
	// The old signatures were over the true hash: none verifies now.
	rats, err := f.a.Ratifications(f.view(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rats[0].Signers) != 0 || len(rats[0].Rejected) != 2 {
		t.Fatalf("signers %v, rejected %v", rats[0].Signers, rats[0].Rejected)
	}
}

func TestAgreementStatusDraft(t *testing.T) {
	f := newAgreementFixture(t, "x")
	if _, err := f.a.SaveVersion("v"); err != nil {
		t.Fatal(err)
	}
	if st, err := f.a.Status(); err != nil || st != AgreementDraft {
		t.Fatalf("Status = %q, %v", st, err)
	}
}

// TestAgreementLatestRatificationWins: status compares with the latest.
func TestAgreementLatestRatificationWins(t *testing.T) {
	f, _ := agreementRatifiedFixture(t)
	if err := f.a.SetBody("second text\n"); err != nil {
		t.Fatal(err)
	}
	v2, err := f.a.SaveVersion("v2")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := f.a.Status(); st != AgreementAmended {
		t.Fatalf("before ratifying v2: %q", st)
	}
	if err := f.a.RecordRatification(v2, NewID()); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.a.Status(); st != AgreementRatified {
		t.Fatalf("after ratifying v2: %q", st)
	}
}
