package crdt

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestProposalJSON(t *testing.T) {
	f := newPropFixture(t)
	s := propSpec(ProcessConsent)
	s.Quorum = 0.5
	s.Ratifies = &RatifyLink{Agreement: "agreementid", Version: "versionid"}
	p := f.propose(t, s)
	f.vote(t, p, "ben", propOne(Agree), "good")
	f.vote(t, p, "ben", propOne(Disagree), "on reflection, no")
	if _, err := p.AddComment(StanceParent(f.member("ben")), "Why not?"); err != nil {
		t.Fatal(err)
	}
	f.now = propT0.Add(8 * 24 * time.Hour)
	if err := p.SetOutcome(f.view(t), "Not adopted.", time.Time{}); err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(propJSON(t, p), &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "coop", "kind", "schema", "title", "createdBy", "createdAt", "body", "process",
		"reasonMode", "quorum", "passRule", "opensAt", "closesAt", "ratifies", "options", "current", "stances", "outcome", "comments"} {
		if _, ok := top[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	for _, k := range []string{"Header", "ProposalSettings", "closedAt", "maxChoices"} {
		if _, ok := top[k]; ok {
			t.Errorf("JSON has %q", k)
		}
	}
	if string(top["kind"]) != `"proposal"` || string(top["createdAt"]) != `"2026-03-02T09:00:00Z"` {
		t.Errorf("kind %s createdAt %s", top["kind"], top["createdAt"])
	}
	j, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Stances) != 2 || len(j.Current) != 1 || j.Current[0].Reason != "on reflection, no" || j.Outcome == nil || len(j.Comments) != 1 {
		t.Fatalf("export %+v", j)
	}
	f.now = propT0
	empty := f.propose(t, propSpec(ProcessChooseOne, "a", "b"))
	var e map[string]json.RawMessage
	if err := json.Unmarshal(propJSON(t, empty), &e); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"current", "stances", "comments"} {
		if string(e[k]) != "[]" {
			t.Errorf("empty %s is %s, want []", k, e[k])
		}
	}
	if _, ok := e["outcome"]; ok {
		t.Error("outcome exported before one is stated")
	}
}

func TestProposalMarkdown(t *testing.T) {
	f := newPropFixture(t)
	s := propSpec(ProcessRanked, "Rye", "Spelt", "Wheat")
	s.Body = "Which bread do we bake first?\n\nWe can only bake one."
	p := f.propose(t, s)
	ids := propOptionIDs(t, p)
	if err := p.RemoveOption(f.view(t), ids[2]); err != nil {
		t.Fatal(err)
	}
	f.vote(t, p, "ben", []Choice{{ids[1], 1}, {ids[0], 2}}, "Spelt sells\nbetter")
	c, err := p.AddComment("", "Agreed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddComment(c, "Me too"); err != nil {
		t.Fatal(err)
	}
	md, err := p.Markdown()
	if err != nil {
		t.Fatal(err)
	}
	ben := f.member("ben").Short()
	for _, want := range []string{
		"# Buy a new oven\n",
		"*ranked · open until 2026-03-09 09:00 UTC*",
		"Which bread do we bake first?\n\nWe can only bake one.",
		"## Options\n\n1. Rye\n2. Spelt\n3. ~~Wheat~~ (removed)\n",
		"- **" + ben + "** — 1. Spelt, 2. Rye (2026-03-02 09:00 UTC): Spelt sells\n  better\n",
		"## Discussion\n\n- **" + f.member("ada").Short() + "**, 2026-03-02 09:00 UTC: Agreed\n  - **",
		": Me too\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	f.now = propT0.Add(8 * 24 * time.Hour)
	if err := p.SetOutcome(f.view(t), "We bake spelt.", propT0.Add(60*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	md, _ = p.Markdown()
	for _, want := range []string{"closed 2026-03-09 09:00 UTC", "## Outcome\n\nWe bake spelt.\n\nReview on 2026-05-01 09:00 UTC."} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
