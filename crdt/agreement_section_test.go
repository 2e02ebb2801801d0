package crdt

import (
	"errors"
	"testing"
)

func TestAgreementSections(t *testing.T) {
	const body = "# Rules\nintro\n## Meetings ##\nmonday\n### Minutes\nkept\n## Kitchen\n```\n# not a heading\n```\nclean\n    # indented code\n#NoSpace\n####### seven\n## Last"
	secs := agreementSections(body)
	type want struct {
		heading string
		level   int
		content string
		open    bool
	}
	wants := []want{
		{"Rules", 1, "intro\n## Meetings ##\nmonday\n### Minutes\nkept\n## Kitchen\n```\n# not a heading\n```\nclean\n    # indented code\n#NoSpace\n####### seven\n## Last", false},
		{"Meetings", 2, "monday\n### Minutes\nkept\n", false},
		{"Minutes", 3, "kept\n", false},
		{"Kitchen", 2, "```\n# not a heading\n```\nclean\n    # indented code\n#NoSpace\n####### seven\n", false},
		{"Last", 2, "", true},
	}
	if len(secs) != len(wants) {
		t.Fatalf("found %d sections: %+v", len(secs), secs)
	}
	for i, w := range wants {
		s := secs[i]
		if s.Heading != w.heading || s.Level != w.level || body[s.ContentStart:s.End] != w.content || s.Open != w.open {
			t.Errorf("section %d = %+v content %q, want %+v", i, s, body[s.ContentStart:s.End], w)
		}
	}

	tests := []struct {
		query, heading string
		err            error
	}{
		{"Meetings", "Meetings", nil},
		{"## Meetings", "Meetings", nil},
		{"  Kitchen  ", "Kitchen", nil},
		{"kitchen", "", ErrNotFound},
		{"not a heading", "", ErrNotFound},
	}
	for _, tt := range tests {
		s, err := agreementFindSection(body, tt.query)
		if !errors.Is(err, tt.err) || (tt.err == nil && (err != nil || s.Heading != tt.heading)) {
			t.Errorf("agreementFindSection(%q) = %+v, %v", tt.query, s, err)
		}
	}
	if _, err := agreementFindSection("## A\nx\n## A\ny\n", "A"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ambiguous heading: %v", err)
	}
}

func TestAgreementNormalizeHeading(t *testing.T) {
	for in, want := range map[string]string{
		"## Hours":     "Hours",
		"## Hours ##":  "Hours",
		"Hours":        "Hours",
		"# C# rules":   "C# rules",
		"### ":         "",
		"## Fees #1":   "Fees #1",
		"  # spaced  ": "spaced",
	} {
		if got := agreementNormalizeHeading(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
