package crdt

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func TestProposalNewValidates(t *testing.T) {
	f := newPropFixture(t)
	slot := func(h int) OptionSpec {
		return OptionSpec{Start: propT0.Add(time.Duration(h) * time.Hour), End: propT0.Add(time.Duration(h+1) * time.Hour)}
	}
	cases := []struct {
		name string
		edit func(s *ProposalSpec)
		want error
	}{
		{"consent defaults", func(s *ProposalSpec) {}, nil},
		{"empty title", func(s *ProposalSpec) { s.Title = "  " }, ErrInvalid},
		{"long title", func(s *ProposalSpec) { s.Title = strings.Repeat("x", maxTitleRunes+1) }, ErrInvalid},
		{"unknown process", func(s *ProposalSpec) { s.Process = "lottery" }, ErrInvalid},
		{"no deadline", func(s *ProposalSpec) { s.ClosesAt = time.Time{} }, ErrInvalid},
		{"deadline in the past", func(s *ProposalSpec) { s.ClosesAt = propT0.Add(-time.Minute) }, ErrInvalid},
		{"deadline before opening", func(s *ProposalSpec) { s.OpensAt = s.ClosesAt.Add(time.Hour) }, ErrInvalid},
		{"quorum above 1", func(s *ProposalSpec) { s.Quorum = 1.5 }, ErrInvalid},
		{"negative quorum", func(s *ProposalSpec) { s.Quorum = -0.1 }, ErrInvalid},
		{"quorum exactly 1", func(s *ProposalSpec) { s.Quorum = 1 }, nil},
		{"consent with options", func(s *ProposalSpec) { s.Options = Labels("a", "b") }, ErrInvalid},
		{"consent with max score", func(s *ProposalSpec) { s.MaxScore = 3 }, ErrInvalid},
		{"unknown pass rule", func(s *ProposalSpec) { s.PassRule = "plurality" }, ErrInvalid},
		{"unknown reason mode", func(s *ProposalSpec) { s.ReasonMode = "sometimes" }, ErrInvalid},
		{"ratifies", func(s *ProposalSpec) { s.Ratifies = &RatifyLink{Agreement: "agr", Version: "v1"} }, nil},
		{"ratifies without version", func(s *ProposalSpec) { s.Ratifies = &RatifyLink{Agreement: "agr"} }, ErrInvalid},
		{"poll with one option", func(s *ProposalSpec) { s.Process, s.Options = ProcessChooseOne, Labels("a") }, ErrInvalid},
		{"poll", func(s *ProposalSpec) { s.Process, s.Options = ProcessChooseOne, Labels("a", "b") }, nil},
		{"poll with pass rule", func(s *ProposalSpec) {
			s.Process, s.Options, s.PassRule = ProcessChooseOne, Labels("a", "b"), PassMajority
		}, ErrInvalid},
		{"poll ratifying", func(s *ProposalSpec) {
			s.Process, s.Options, s.Ratifies = ProcessChooseOne, Labels("a", "b"), &RatifyLink{Agreement: "a", Version: "v"}
		}, ErrInvalid},
		{"poll with objection reasons", func(s *ProposalSpec) {
			s.Process, s.Options, s.ReasonMode = ProcessChooseOne, Labels("a", "b"), ReasonForObjection
		}, ErrInvalid},
		{"duplicate labels", func(s *ProposalSpec) { s.Process, s.Options = ProcessChooseOne, Labels("Rye", " rye ") }, ErrInvalid},
		{"empty label", func(s *ProposalSpec) { s.Process, s.Options = ProcessChooseOne, Labels("a", "") }, ErrInvalid},
		{"label with times", func(s *ProposalSpec) { s.Process, s.Options = ProcessChooseOne, []OptionSpec{{Label: "a"}, slot(1)} }, ErrInvalid},
		{"too many choices", func(s *ProposalSpec) { s.Process, s.Options, s.MaxChoices = ProcessChooseMany, Labels("a", "b"), 3 }, ErrInvalid},
		{"max choices on choose_one", func(s *ProposalSpec) { s.Process, s.Options, s.MaxChoices = ProcessChooseOne, Labels("a", "b"), 1 }, ErrInvalid},
		{"score too high", func(s *ProposalSpec) { s.Process, s.Options, s.MaxScore = ProcessScore, Labels("a", "b"), 101 }, ErrInvalid},
		{"meeting slots", func(s *ProposalSpec) { s.Process, s.Options = ProcessMeetingTime, []OptionSpec{slot(1)} }, nil},
		{"meeting slot without end", func(s *ProposalSpec) {
			s.Process, s.Options = ProcessMeetingTime, []OptionSpec{{Start: propT0}}
		}, ErrInvalid},
		{"meeting slot ending before start", func(s *ProposalSpec) {
			s.Process, s.Options = ProcessMeetingTime, []OptionSpec{{Start: propT0, End: propT0.Add(-time.Hour)}}
		}, ErrInvalid},
		{"duplicate slots", func(s *ProposalSpec) { s.Process, s.Options = ProcessMeetingTime, []OptionSpec{slot(1), slot(1)} }, ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := propSpec(ProcessConsent)
			c.edit(&s)
			p, err := NewProposal(f.roster.ID(), s, f.ids["ada"], propT0)
			propWantErr(t, err, c.want)
			if c.want != nil {
				return
			}
			got, err := p.Settings()
			if err != nil {
				t.Fatal(err)
			}
			if got.Process != s.Process || !got.OpensAt.Equal(propT0) || !got.ClosesAt.Equal(s.ClosesAt) {
				t.Fatalf("settings %+v from spec %+v", got, s)
			}
		})
	}
	if _, err := NewProposal("not a coop", propSpec(ProcessConsent), f.ids["ada"], propT0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad co-op ID: %v", err)
	}
	if _, err := NewProposal(f.roster.ID(), propSpec(ProcessConsent), nil, propT0); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("no identity: %v", err)
	}
}

func TestProposalDefaults(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	s, err := p.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if s.PassRule != PassConsensus || s.ReasonMode != ReasonOptional || s.Quorum != 0 {
		t.Fatalf("consent defaults: %+v", s)
	}
	opts, err := p.Options()
	if err != nil {
		t.Fatal(err)
	}
	if len(opts) != 4 || opts[0].ID != Agree || opts[3].ID != Block {
		t.Fatalf("consent options: %+v", opts)
	}
	sp := propSpec(ProcessScore, "a", "b")
	if s, err = f.propose(t, sp).Settings(); err != nil || s.MaxScore != defaultScore {
		t.Fatalf("score default: %+v %v", s, err)
	}
	body, err := p.Body()
	if err != nil || body != "We need it." {
		t.Fatalf("body %q %v", body, err)
	}
	h, err := p.Header()
	if err != nil || h.Kind != KindProposal || h.CreatedBy != f.member("ada") || !h.CreatedAt.Equal(propT0) || h.Title != "Buy a new oven" {
		t.Fatalf("header %+v %v", h, err)
	}
	hist, err := p.History()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range hist {
		if !c.Time.Equal(propT0) {
			t.Fatalf("creation change %q at %s, want the creation time", c.Message, c.Time)
		}
	}
}

func TestProposalStatus(t *testing.T) {
	f := newPropFixture(t)
	s := propSpec(ProcessConsent)
	s.OpensAt = propT0.Add(time.Hour)
	p := f.propose(t, s)
	for _, c := range []struct {
		at   time.Time
		want ProposalStatus
	}{
		{propT0, ProposalDraft},
		{propT0.Add(time.Hour - time.Millisecond), ProposalDraft},
		{propT0.Add(time.Hour), ProposalOpen},
		{s.ClosesAt.Add(-time.Millisecond), ProposalOpen},
		{s.ClosesAt, ProposalClosed},
		{s.ClosesAt.Add(time.Hour), ProposalClosed},
	} {
		got, err := p.Status(c.at)
		if err != nil || got != c.want {
			t.Errorf("status at %s = %q %v, want %q", c.at, got, err, c.want)
		}
	}
}

func TestProposalLoadAndKind(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessChooseOne, "Rye", "Spelt"))
	q, err := LoadProposal(p.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if q.ID() != p.ID() || q.Title() != "Buy a new oven" {
		t.Fatalf("loaded %s %q", q.ID(), q.Title())
	}
	if err := q.Vote(propOne(propOptionIDs(t, p)[0]), ""); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only vote: %v", err)
	}
	if _, err := LoadProposal(f.roster.Save(), nil); !errors.Is(err, ErrWrongKind) {
		t.Fatalf("roster as proposal: %v", err)
	}
	if _, err := AsProposal(f.roster.Doc); !errors.Is(err, ErrWrongKind) {
		t.Fatalf("AsProposal(roster): %v", err)
	}
	if _, err := LoadProposal([]byte("nonsense"), nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("garbage: %v", err)
	}
}

func TestProposalMalformedSettingsIgnored(t *testing.T) {
	f := newPropFixture(t)
	cases := []struct {
		name  string
		write func(root *automerge.Map) error
	}{
		{"unknown process", func(root *automerge.Map) error { return root.Set("process", "lottery") }},
		{"NaN quorum", func(root *automerge.Map) error { return root.Set("quorum", math.NaN()) }},
		{"closesAt of the wrong type", func(root *automerge.Map) error { return root.Set("closesAt", "tomorrow") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := f.propose(t, propSpec(ProcessConsent))
			want, err := p.Settings()
			if err != nil {
				t.Fatal(err)
			}
			propRawWrite(t, p.Doc, c.write)
			got, err := p.Settings()
			if err != nil || !sameJSON(got, want) {
				t.Fatalf("settings after tampering: %+v, %v; want %+v", got, err, want)
			}
			res, err := Tally(p, f.view(t), propT0)
			if err != nil || len(res.Problems) == 0 {
				t.Fatalf("tally: problems %v, %v", res.Problems, err)
			}
			if _, err := p.JSON(); err != nil {
				t.Fatalf("export: %v", err)
			}
		})
	}
}
