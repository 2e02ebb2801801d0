package crdt

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAgreementJSONDeterministic(t *testing.T) {
	f, v1 := agreementRatifiedFixture(t)
	if _, err := f.a.ProposeAmendment(AmendmentSpec{Section: "Kitchen", Replacement: "No cooking.", Reason: "fire risk"}); err != nil {
		t.Fatal(err)
	}
	one := f.replica(t, f.alice)
	two := f.replica(t, f.carol)
	if _, err := one.SaveVersion("alice's"); err != nil {
		t.Fatal(err)
	}
	if err := one.SpliceBody(0, 0, "Draft. "); err != nil {
		t.Fatal(err)
	}
	if _, err := two.ProposeAmendment(AmendmentSpec{Original: "Monday", Replacement: "Friday"}); err != nil {
		t.Fatal(err)
	}
	if err := two.SpliceBody(2, 0, "Our "); err != nil {
		t.Fatal(err)
	}
	// Merge in opposite orders.
	if err := one.Merge(two.Doc); err != nil {
		t.Fatal(err)
	}
	if err := two.Merge(one.Doc); err != nil {
		t.Fatal(err)
	}
	j1, err := one.JSON()
	if err != nil {
		t.Fatal(err)
	}
	j2, err := two.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := json.Marshal(j1)
	b2, _ := json.Marshal(j2)
	if string(b1) != string(b2) {
		t.Fatalf("exports differ:\n%s\n%s", b1, b2)
	}

	var top map[string]any
	if err := json.Unmarshal(b1, &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "coop", "kind", "schema", "title", "createdBy", "createdAt", "body", "status", "versions", "amendments", "ratifications"} {
		if _, ok := top[k]; !ok {
			t.Errorf("export lacks top-level %q", k)
		}
	}
	if top["kind"] != "agreement" || top["status"] != string(AgreementAmended) {
		t.Errorf("kind %v, status %v", top["kind"], top["status"])
	}
	if len(j1.Versions) != 2 || len(j1.Amendments) != 2 || len(j1.Ratifications) != 1 || j1.Ratifications[0].VersionID != v1 || len(j1.Ratifications[0].Signatures) != 2 {
		t.Fatalf("export = %+v", j1)
	}
	if !strings.HasPrefix(string(b1), `{"id":`) || !strings.Contains(string(b1), `"createdAt":"2025-03-01T09:00:00Z"`) {
		t.Fatalf("export shape: %s", b1[:min(200, len(b1))])
	}
}

func TestAgreementJSONEmpty(t *testing.T) {
	f := newAgreementFixture(t, "")
	j, err := f.a.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(j)
	for _, want := range []string{`"versions":[]`, `"amendments":[]`, `"ratifications":[]`, `"status":"draft"`, `"body":""`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export %s lacks %s", b, want)
		}
	}
}

func TestAgreementMarkdown(t *testing.T) {
	f, _ := agreementRatifiedFixture(t)
	id, err := f.a.ProposeAmendment(AmendmentSpec{Original: "Monday", Replacement: "Friday", Reason: "busy"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.RejectAmendment(id, "we like Mondays", f.view(t)); err != nil {
		t.Fatal(err)
	}
	md, err := f.a.Markdown()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# House rules\n\n*ratified*",
		"## Meetings\n\nWe meet on Monday evenings.",
		"## Versions\n\n- **v1** — 2025-03-01",
		"### Text — rejected",
		"Proposed 2025-03-01 ",
		": busy",
		"Replaces:\n\n> Monday\n\nWith:\n\n> Friday\n",
		"Rejected 2025-03-01 ",
		": we like Mondays",
		"## Ratifications\n\n- Version **v1** ratified",
		"2 signature(s) recorded",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}
