package crdt

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAgreementProposeAmendment(t *testing.T) {
	tests := []struct {
		name            string
		spec            AmendmentSpec
		wantOriginal    string
		wantReplacement string
		wantBefore      string
		err             error
	}{
		{"section keeps blank lines", AmendmentSpec{Section: "Meetings", Replacement: "We meet on Tuesdays.", Reason: "Monday is busy"},
			"\nWe meet on Monday evenings.\n\n", "\nWe meet on Tuesdays.\n\n", "# House rules\n\n## Meetings\n", nil},
		{"section by hashes", AmendmentSpec{Section: "## Kitchen", Replacement: "Clean up.\n"}, "\nClean up after cooking.\n", "\nClean up.\n", "", nil},
		{"section emptied", AmendmentSpec{Section: "Kitchen", Replacement: "\n"}, "\nClean up after cooking.\n", "", "", nil},
		{"passage", AmendmentSpec{Original: "Monday evenings", Replacement: "Tuesday mornings"}, "Monday evenings", "Tuesday mornings", "# House rules\n\n## Meetings\n\nWe meet on ", nil},
		{"passage deleted", AmendmentSpec{Original: " after cooking", Replacement: ""}, " after cooking", "", "", nil},
		{"both section and passage", AmendmentSpec{Section: "Kitchen", Original: "Clean", Replacement: "x"}, "", "", "", ErrInvalid},
		{"neither", AmendmentSpec{Replacement: "x"}, "", "", "", ErrInvalid},
		{"unknown section", AmendmentSpec{Section: "Garden", Replacement: "x"}, "", "", "", ErrNotFound},
		{"passage not in body", AmendmentSpec{Original: "Sunday", Replacement: "x"}, "", "", "", ErrNotFound},
		{"ambiguous passage", AmendmentSpec{Original: "e", Replacement: "x"}, "", "", "", ErrInvalid},
		{"unchanged passage", AmendmentSpec{Original: "Monday", Replacement: "Monday"}, "", "", "", ErrInvalid},
		{"unchanged section", AmendmentSpec{Section: "Kitchen", Replacement: "Clean up after cooking."}, "", "", "", ErrInvalid},
		{"invalid utf8", AmendmentSpec{Original: "Monday", Replacement: "\xff"}, "", "", "", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAgreementFixture(t, agreementTestBody)
			n := agreementHistoryLen(t, f.a)
			id, err := f.a.ProposeAmendment(tt.spec)
			agreementWantErr(t, err, tt.err)
			if err != nil {
				if agreementHistoryLen(t, f.a) != n {
					t.Fatal("a refused amendment recorded a change")
				}
				return
			}
			am, err := f.a.Amendment(id)
			if err != nil {
				t.Fatal(err)
			}
			if am.Original != tt.wantOriginal || am.Replacement != tt.wantReplacement || am.Status != AmendmentProposed ||
				am.By != f.bob.Member() || am.At.IsZero() || am.Reason != tt.spec.Reason {
				t.Fatalf("amendment = %+v", am)
			}
			if tt.wantBefore != "" && am.Before != tt.wantBefore {
				t.Fatalf("before = %q, want %q", am.Before, tt.wantBefore)
			}
			if agreementMustBody(t, f.a) != agreementTestBody {
				t.Fatal("proposing changed the body")
			}
		})
	}
}

func TestAgreementAcceptAmendment(t *testing.T) {
	tests := []struct {
		name string
		spec AmendmentSpec
		// edit is applied by another member after the proposal, before the decision.
		edit func(body string) string
		want string
		err  error
	}{
		{"section", AmendmentSpec{Section: "Meetings", Replacement: "We meet on Tuesdays."}, nil,
			strings.Replace(agreementTestBody, "We meet on Monday evenings.", "We meet on Tuesdays.", 1), nil},
		{"passage", AmendmentSpec{Original: "Monday evenings", Replacement: "Tuesday mornings"}, nil,
			strings.Replace(agreementTestBody, "Monday evenings", "Tuesday mornings", 1), nil},
		{"emptied section", AmendmentSpec{Section: "Kitchen", Replacement: ""}, nil,
			strings.Replace(agreementTestBody, "\nClean up after cooking.\n", "", 1), nil},
		{"body changed elsewhere", AmendmentSpec{Original: "Monday evenings", Replacement: "Tuesday mornings"},
			func(b string) string { return strings.Replace(b, "Clean up", "Tidy up", 1) },
			strings.Replace(strings.Replace(agreementTestBody, "Clean up", "Tidy up", 1), "Monday evenings", "Tuesday mornings", 1), nil},
		{"section changed elsewhere", AmendmentSpec{Section: "Kitchen", Replacement: "No cooking."},
			func(b string) string { return strings.Replace(b, "Monday", "Friday", 1) },
			strings.Replace(strings.Replace(agreementTestBody, "Monday", "Friday", 1), "Clean up after cooking.", "No cooking.", 1), nil},
		{"passage now twice, context picks", AmendmentSpec{Original: "Clean up", Replacement: "Wash up"},
			func(b string) string { return "Clean up the hall.\n" + b },
			"Clean up the hall.\n" + strings.Replace(agreementTestBody, "Clean up", "Wash up", 1), nil},
		{"passage edited away", AmendmentSpec{Original: "Monday evenings", Replacement: "Tuesday mornings"},
			func(b string) string { return strings.Replace(b, "Monday evenings", "Monday nights", 1) }, "", ErrAmendmentStale},
		{"section text changed", AmendmentSpec{Section: "Meetings", Replacement: "Weekly."},
			func(b string) string { return strings.Replace(b, "Monday", "Sunday", 1) }, "", ErrAmendmentStale},
		{"section heading renamed", AmendmentSpec{Section: "Meetings", Replacement: "Weekly."},
			func(b string) string { return strings.Replace(b, "## Meetings", "## Gatherings", 1) }, "", ErrAmendmentStale},
		{"passage duplicated with same context", AmendmentSpec{Original: "Clean up after cooking.", Replacement: "Tidy."},
			func(b string) string { return b + b }, "", ErrAmendmentStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAgreementFixture(t, agreementTestBody)
			id, err := f.a.ProposeAmendment(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				other := f.replica(t, f.carol)
				if err := other.SetBody(tt.edit(agreementMustBody(t, other))); err != nil {
					t.Fatal(err)
				}
				if err := f.a.Merge(other.Doc); err != nil {
					t.Fatal(err)
				}
			}
			before := agreementMustBody(t, f.a)
			n := agreementHistoryLen(t, f.a)
			err = f.a.AcceptAmendment(id, f.view(t))
			agreementWantErr(t, err, tt.err)
			am, aerr := f.a.Amendment(id)
			if aerr != nil {
				t.Fatal(aerr)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("stale error %v is not also ErrInvalid", err)
				}
				if agreementMustBody(t, f.a) != before || agreementHistoryLen(t, f.a) != n || am.Status != AmendmentProposed {
					t.Fatalf("refused accept changed something: status %s", am.Status)
				}
				return
			}
			if got := agreementMustBody(t, f.a); got != tt.want {
				t.Fatalf("body = %q\nwant %q", got, tt.want)
			}
			if am.Status != AmendmentAccepted || am.DecidedBy != f.bob.Member() || am.DecidedAt.IsZero() {
				t.Fatalf("amendment = %+v", am)
			}
			if err := f.a.AcceptAmendment(id, f.view(t)); !errors.Is(err, ErrInvalid) {
				t.Fatalf("accepting twice: %v", err)
			}
		})
	}
}

// TestAgreementAcceptMergesWithTyping: accepting is a minimal splice, so a
// member typing elsewhere at the same time keeps their words.
func TestAgreementAcceptMergesWithTyping(t *testing.T) {
	f := newAgreementFixture(t, agreementTestBody)
	id, err := f.a.ProposeAmendment(AmendmentSpec{Original: "Monday", Replacement: "Tuesday"})
	if err != nil {
		t.Fatal(err)
	}
	other := f.replica(t, f.carol)
	end := len([]rune(agreementTestBody))
	if err := other.SpliceBody(end, 0, "Wipe the tables.\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.a.AcceptAmendment(id, f.view(t)); err != nil {
		t.Fatal(err)
	}
	if err := f.a.Merge(other.Doc); err != nil {
		t.Fatal(err)
	}
	if err := other.Merge(f.a.Doc); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(agreementTestBody, "Monday", "Tuesday", 1) + "Wipe the tables.\n"
	if got1, got2 := agreementMustBody(t, f.a), agreementMustBody(t, other); got1 != want || got2 != want {
		t.Fatalf("bodies = %q / %q, want %q", got1, got2, want)
	}
}

func TestAgreementRejectAmendment(t *testing.T) {
	f := newAgreementFixture(t, agreementTestBody)
	id, err := f.a.ProposeAmendment(AmendmentSpec{Original: "Monday", Replacement: "Sunday", Reason: "rest day"})
	if err != nil {
		t.Fatal(err)
	}
	admin := f.replica(t, f.alice)
	if err := admin.RejectAmendment(id, " we work Sundays ", f.view(t)); err != nil {
		t.Fatal(err)
	}
	am, err := admin.Amendment(id)
	if err != nil {
		t.Fatal(err)
	}
	if am.Status != AmendmentRejected || am.DecidedBy != f.alice.Member() || am.DecisionReason != "we work Sundays" {
		t.Fatalf("amendment = %+v", am)
	}
	if agreementMustBody(t, admin) != agreementTestBody {
		t.Fatal("rejecting changed the body")
	}
	if err := admin.AcceptAmendment(id, f.view(t)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("accepting a rejected amendment: %v", err)
	}
	if err := admin.RejectAmendment(NewID(), "", f.view(t)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown amendment: %v", err)
	}
	all, err := admin.Amendments()
	if err != nil || len(all) != 1 || all[0].ID != id {
		t.Fatalf("Amendments = %+v, %v", all, err)
	}
}

func TestAgreementAmendmentDeciders(t *testing.T) {
	f := newAgreementFixture(t, agreementTestBody)
	other, err := NewRoster("Other co-op", "Olga", f.dave, agreementT0)
	if err != nil {
		t.Fatal(err)
	}
	otherView, err := other.View()
	if err != nil {
		t.Fatal(err)
	}
	removedView := func() *RosterView {
		r, err := LoadRoster(f.roster.Save(), f.alice)
		if err != nil {
			t.Fatal(err)
		}
		r.SetClock(func() time.Time { return agreementT0.Add(time.Hour) })
		if err := r.RemoveMember(f.bob.Member()); err != nil {
			t.Fatal(err)
		}
		v, err := r.View()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}()
	tests := []struct {
		name string
		me   *Identity
		view *RosterView
		err  error
	}{
		{"author", f.bob, f.view(t), nil},
		{"admin", f.alice, f.view(t), nil},
		{"other member", f.carol, f.view(t), ErrNotAllowed},
		{"outsider", f.dave, f.view(t), ErrNotAllowed},
		{"removed author", f.bob, removedView, ErrNotAllowed},
		{"no roster", f.bob, nil, ErrInvalid},
		{"another co-op's roster", f.dave, otherView, ErrInvalid},
	}
	for _, tt := range tests {
		for _, accept := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s accept=%v", tt.name, accept), func(t *testing.T) {
				id, err := f.a.ProposeAmendment(AmendmentSpec{Original: "Clean up", Replacement: "Tidy up"})
				if err != nil {
					t.Fatal(err)
				}
				r := f.replica(t, tt.me)
				if accept {
					err = r.AcceptAmendment(id, tt.view)
				} else {
					err = r.RejectAmendment(id, "no", tt.view)
				}
				agreementWantErr(t, err, tt.err)
				am, aerr := r.Amendment(id)
				if aerr != nil {
					t.Fatal(aerr)
				}
				if (err == nil) == (am.Status == AmendmentProposed) {
					t.Fatalf("err %v, status %s", err, am.Status)
				}
			})
		}
	}
}
