package crdt

import (
	"errors"
	"testing"
	"time"
)

func TestProposalVoteChoices(t *testing.T) {
	f := newPropFixture(t)
	slot := func(h int) OptionSpec {
		return OptionSpec{Start: propT0.Add(time.Duration(h) * time.Hour), End: propT0.Add(time.Duration(h+1) * time.Hour)}
	}
	polls := map[Process]*Proposal{ProcessConsent: f.propose(t, propSpec(ProcessConsent))}
	for _, p := range []Process{ProcessChooseOne, ProcessChooseMany, ProcessScore, ProcessRanked} {
		s := propSpec(p, "a", "b", "c")
		if p == ProcessChooseMany {
			s.MaxChoices = 2
		}
		if p == ProcessScore {
			s.MaxScore = 3
		}
		polls[p] = f.propose(t, s)
	}
	ms := propSpec(ProcessMeetingTime)
	ms.Options = []OptionSpec{slot(24), slot(48), slot(72)}
	polls[ProcessMeetingTime] = f.propose(t, ms)
	ids := map[Process][]string{}
	for p, prop := range polls {
		ids[p] = propOptionIDs(t, prop)
	}
	o := func(p Process, i, v int) Choice { return Choice{Option: ids[p][i], Value: v} }
	cases := []struct {
		name    string
		process Process
		choices []Choice
		ok      bool
	}{
		{"consent agree", ProcessConsent, propOne(Agree), true},
		{"consent block", ProcessConsent, propOne(Block), true},
		{"consent nothing", ProcessConsent, nil, false},
		{"consent two positions", ProcessConsent, []Choice{{Agree, 1}, {Abstain, 1}}, false},
		{"consent unknown", ProcessConsent, propOne("maybe"), false},
		{"consent value 2", ProcessConsent, []Choice{{Agree, 2}}, false},
		{"choose_one", ProcessChooseOne, []Choice{o(ProcessChooseOne, 1, 1)}, true},
		{"choose_one two", ProcessChooseOne, []Choice{o(ProcessChooseOne, 0, 1), o(ProcessChooseOne, 1, 1)}, false},
		{"choose_one wrong ID", ProcessChooseOne, propOne("nosuchoption"), false},
		{"choose_one consent word", ProcessChooseOne, propOne(Agree), false},
		{"choose_many two", ProcessChooseMany, []Choice{o(ProcessChooseMany, 0, 1), o(ProcessChooseMany, 2, 1)}, true},
		{"choose_many over max", ProcessChooseMany, []Choice{o(ProcessChooseMany, 0, 1), o(ProcessChooseMany, 1, 1), o(ProcessChooseMany, 2, 1)}, false},
		{"choose_many twice the same", ProcessChooseMany, []Choice{o(ProcessChooseMany, 0, 1), o(ProcessChooseMany, 0, 1)}, false},
		{"choose_many value 0", ProcessChooseMany, []Choice{o(ProcessChooseMany, 0, 0)}, false},
		{"score all", ProcessScore, []Choice{o(ProcessScore, 0, 0), o(ProcessScore, 1, 3), o(ProcessScore, 2, 2)}, true},
		{"score some", ProcessScore, []Choice{o(ProcessScore, 1, 1)}, true},
		{"score over max", ProcessScore, []Choice{o(ProcessScore, 0, 4)}, false},
		{"score negative", ProcessScore, []Choice{o(ProcessScore, 0, -1)}, false},
		{"ranked full", ProcessRanked, []Choice{o(ProcessRanked, 2, 1), o(ProcessRanked, 0, 2), o(ProcessRanked, 1, 3)}, true},
		{"ranked partial", ProcessRanked, []Choice{o(ProcessRanked, 1, 1)}, true},
		{"ranked duplicate rank", ProcessRanked, []Choice{o(ProcessRanked, 0, 1), o(ProcessRanked, 1, 1)}, false},
		{"ranked rank 0", ProcessRanked, []Choice{o(ProcessRanked, 0, 0)}, false},
		{"ranked rank past the options", ProcessRanked, []Choice{o(ProcessRanked, 0, 4)}, false},
		{"meeting yes maybe no", ProcessMeetingTime, []Choice{o(ProcessMeetingTime, 0, SlotYes), o(ProcessMeetingTime, 1, SlotMaybe), o(ProcessMeetingTime, 2, SlotNo)}, true},
		{"meeting value 3", ProcessMeetingTime, []Choice{o(ProcessMeetingTime, 0, 3)}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := polls[c.process]
			before := len(propHistory(t, p))
			err := f.replica(t, p, "ben").Vote(c.choices, "")
			if c.ok {
				propWantErr(t, err, nil)
				return
			}
			propWantErr(t, err, ErrInvalid)
			if after := len(propHistory(t, p)); after != before {
				t.Fatal("a refused vote changed the document")
			}
		})
	}
}

func propHistory(t *testing.T, p *Proposal) []Change {
	t.Helper()
	h, err := p.History()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestProposalReasonModes(t *testing.T) {
	f := newPropFixture(t)
	cases := []struct {
		mode   ReasonMode
		choice string
		reason string
		want   error
	}{
		{ReasonOff, Agree, "", nil},
		{ReasonOff, Agree, "because", ErrInvalid},
		{ReasonOptional, Block, "", nil},
		{ReasonOptional, Agree, "because", nil},
		{ReasonRequired, Agree, "", ErrInvalid},
		{ReasonRequired, Abstain, "   ", ErrInvalid},
		{ReasonRequired, Agree, "because", nil},
		{ReasonForObjection, Agree, "", nil},
		{ReasonForObjection, Abstain, "", nil},
		{ReasonForObjection, Disagree, "", ErrInvalid},
		{ReasonForObjection, Block, "", ErrInvalid},
		{ReasonForObjection, Block, "it is too loud", nil},
	}
	for _, c := range cases {
		t.Run(string(c.mode)+"/"+c.choice+"/"+c.reason, func(t *testing.T) {
			s := propSpec(ProcessConsent)
			s.ReasonMode = c.mode
			p := f.propose(t, s)
			propWantErr(t, f.tryVote(t, p, "ben", propOne(c.choice), c.reason), c.want)
		})
	}
	p := f.propose(t, propSpec(ProcessConsent))
	long := make([]rune, maxReasonRunes+1)
	for i := range long {
		long[i] = 'x'
	}
	propWantErr(t, f.tryVote(t, p, "ben", propOne(Agree), string(long)), ErrInvalid)
}

func TestProposalVoteChangedThreeTimes(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	ben := f.replica(t, p, "ben")
	for i, c := range []string{Agree, Disagree, Block} {
		f.now = propT0.Add(time.Duration(i) * time.Hour)
		if err := ben.Vote(propOne(c), "take "+c); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Merge(ben.Doc); err != nil {
		t.Fatal(err)
	}
	current, history, err := p.Stances()
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 3 || len(current) != 1 {
		t.Fatalf("history %d, current %d", len(history), len(current))
	}
	if c := current[0]; c.Choices[0].Option != Block || c.Reason != "take block" || !c.At.Equal(propT0.Add(2*time.Hour)) {
		t.Fatalf("current %+v", c)
	}
	for i, want := range []string{Agree, Disagree, Block} {
		if history[i].Choices[0].Option != want {
			t.Fatalf("history[%d] %+v", i, history[i])
		}
	}
	res := f.tally(t, p)
	if res.Participated != 1 || len(res.Counted) != 1 || res.Options[3].Count != 1 || res.Options[0].Count != 0 {
		t.Fatalf("tally counts the member once, for their last stance: %+v", res)
	}
	msgs := propHistory(t, p)
	if got := msgs[len(msgs)-1].Message; got != "change vote to block" {
		t.Fatalf("last message %q", got)
	}
	if got := msgs[len(msgs)-3].Message; got != "vote agree" {
		t.Fatalf("first vote message %q", got)
	}
}

func TestProposalVoteClockSkew(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	ben := f.replica(t, p, "ben")
	f.now = propT0.Add(time.Hour)
	if err := ben.Vote(propOne(Agree), ""); err != nil {
		t.Fatal(err)
	}
	f.now = propT0.Add(time.Minute) // the clock went back
	if err := ben.Vote(propOne(Disagree), ""); err != nil {
		t.Fatal(err)
	}
	current, _, err := ben.Stances()
	if err != nil {
		t.Fatal(err)
	}
	if current[0].Choices[0].Option != Disagree || !current[0].At.Equal(propT0.Add(time.Hour+time.Millisecond)) {
		t.Fatalf("the later vote must stay current: %+v", current[0])
	}
}

func TestProposalVoteAfterClose(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	f.now = propT0.Add(7 * 24 * time.Hour)
	if err := f.tryVote(t, p, "ben", propOne(Agree), ""); !errors.Is(err, ErrClosed) {
		t.Fatalf("vote at the deadline: %v", err)
	}
	f.now = propT0.Add(time.Hour)
	if err := p.Close(f.view(t)); err != nil {
		t.Fatal(err)
	}
	if err := f.tryVote(t, p, "ben", propOne(Agree), ""); !errors.Is(err, ErrClosed) {
		t.Fatalf("vote after an early close: %v", err)
	}
}

func TestProposalStanceSignedBytes(t *testing.T) {
	s := Stance{Member: "m", Choices: []Choice{{"b", 2}, {"a", 1}}, Reason: "why", At: time.UnixMilli(1234)}
	want := "mutual-stance-v1\ndoc\nm\n\"a\"=1,\"b\"=2\n2be23c585f15e5fd3279d0663036dd9f6e634f4225ef326fc83fb874dbb81a0f\n1234" // sha256("why")
	got := string(s.signedBytes("doc"))
	if got != want {
		t.Fatalf("signed bytes\n%q\nwant\n%q", got, want)
	}
	swapped := s
	swapped.Choices = []Choice{{"a", 1}, {"b", 2}}
	if string(swapped.signedBytes("doc")) != got {
		t.Fatal("choice order changed the signed bytes")
	}
	for name, alt := range map[string]Stance{
		"reason": {Member: "m", Choices: s.Choices, Reason: "why not", At: s.At},
		"time":   {Member: "m", Choices: s.Choices, Reason: "why", At: time.UnixMilli(1235)},
		"member": {Member: "n", Choices: s.Choices, Reason: "why", At: s.At},
		"value":  {Member: "m", Choices: []Choice{{"a", 1}, {"b", 3}}, Reason: "why", At: s.At},
	} {
		if string(alt.signedBytes("doc")) == got {
			t.Errorf("changing the %s does not change the signed bytes", name)
		}
	}
	if string(s.signedBytes("other")) == got {
		t.Error("the document ID is not covered")
	}
}
