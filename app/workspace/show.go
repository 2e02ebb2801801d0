package workspace

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// ProposalView is a proposal's JSON with its live tally.
type ProposalView struct {
	crdt.ProposalJSON
	Tally crdt.TallyResult `json:"tally"`
	// Meeting is set for a proposal decided at a meeting: the tally then
	// counts that meeting's attendance.
	Meeting *crdt.MeetingCount `json:"meeting,omitempty"`
}

// Show returns a document's JSON export (docs/SCHEMA.md); a proposal's
// carries its tally as of now.
func (c *Coop) Show(id string) (any, error) {
	d, err := c.Doc(id)
	if err != nil {
		return nil, err
	}
	switch d.Kind() {
	case crdt.KindProposal:
		return c.proposalView(d)
	case crdt.KindSchedule:
		s, err := crdt.AsSchedule(d)
		if err != nil {
			return nil, err
		}
		return s.JSON()
	case crdt.KindAgreement:
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return nil, err
		}
		return a.JSON()
	case crdt.KindMeeting:
		return c.Meeting(id)
	case crdt.KindRoster:
		r, err := crdt.AsRoster(d)
		if err != nil {
			return nil, err
		}
		return r.JSON()
	}
	return nil, fmt.Errorf("%s: %w", d.Kind(), crdt.ErrWrongKind)
}

func (c *Coop) proposalView(d *crdt.Doc) (ProposalView, error) {
	p, err := crdt.AsProposal(d)
	if err != nil {
		return ProposalView{}, err
	}
	j, err := p.JSON()
	if err != nil {
		return ProposalView{}, err
	}
	t, mc, err := c.tallyAtMeeting(p)
	if err != nil {
		return ProposalView{}, err
	}
	return ProposalView{ProposalJSON: j, Tally: t, Meeting: mc}, nil
}

// tally counts a proposal against the co-op's roster. Without a roster (a
// document imported on its own) every stance is reported as unverifiable
// rather than counted.
func (c *Coop) tally(p *crdt.Proposal) (crdt.TallyResult, error) {
	t, _, err := c.tallyAtMeeting(p)
	return t, err
}

// Markdown renders a document for reading.
func (c *Coop) Markdown(id string) (string, error) {
	d, err := c.Doc(id)
	if err != nil {
		return "", err
	}
	switch d.Kind() {
	case crdt.KindProposal:
		p, err := crdt.AsProposal(d)
		if err != nil {
			return "", err
		}
		md, err := p.Markdown()
		if err != nil {
			return "", err
		}
		t, err := c.tally(p)
		if err != nil {
			return "", err
		}
		return md + "\n" + tallyMarkdown(t), nil
	case crdt.KindSchedule:
		s, err := crdt.AsSchedule(d)
		if err != nil {
			return "", err
		}
		return s.Markdown()
	case crdt.KindAgreement:
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return "", err
		}
		return a.Markdown()
	case crdt.KindMeeting:
		return c.MinutesMarkdown(id)
	case crdt.KindRoster:
		r, err := crdt.AsRoster(d)
		if err != nil {
			return "", err
		}
		return r.Markdown()
	}
	return "", fmt.Errorf("%s: %w", d.Kind(), crdt.ErrWrongKind)
}

// Export renders a document in one of the export formats.
func (c *Coop) Export(id, format string) ([]byte, error) {
	switch strings.ToLower(format) {
	case "automerge", "am":
		d, err := c.Doc(id)
		if err != nil {
			return nil, err
		}
		return d.Save(), nil
	case "json":
		v, err := c.Show(id)
		if err != nil {
			return nil, err
		}
		b, err := json.MarshalIndent(v, "", "  ")
		return append(b, '\n'), err
	case "md", "markdown":
		md, err := c.Markdown(id)
		return []byte(md), err
	case "ics", "ical":
		d, err := c.Doc(id)
		if err != nil {
			return nil, err
		}
		s, err := crdt.AsSchedule(d)
		if err != nil {
			return nil, fmt.Errorf("only schedules export as iCalendar: %w", err)
		}
		return s.ExportICS()
	case "pdf":
		return c.MinutesPDF(id)
	}
	return nil, fmt.Errorf("unknown export format %q (want automerge, json, md, ics or pdf): %w", format, crdt.ErrInvalid)
}

// Rename changes a document's title.
func (c *Coop) Rename(id, title string) error {
	return c.edit(id, func(d *crdt.Doc) error { return d.SetTitle(title) })
}
