package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/crdt"
)

func init() {
	register(&command{name: "new", group: "Documents",
		usage: "proposal|schedule|agreement --title T [--body-file F] [proposal options]",
		summary: "Create a document and print its ID alone. Proposal options:\n" +
			"--process consent|choose_one|choose_many|score|ranked|meeting_time (default consent)\n" +
			"--option LABEL (repeat; for meeting_time: \"2026-12-01 18:00/19:30\")\n" +
			"--closes TIME (default 7d)  --opens TIME  --quorum 0..1  --rule majority|two_thirds|unanimity|consensus\n" +
			"--reason off|optional|required|required_for_objection  --max-choices N  --max-score N\n" +
			"--ratifies AGREEMENT:VERSION (a consent proposal that ratifies an agreement version)  --tz ZONE",
		run: runNew})
}

func runNew(r *run, args []string) error {
	fs := newFlags("new")
	title := fs.String("title", "", "title")
	bodyFile := fs.String("body-file", "", "Markdown body from this file (- for standard input)")
	process := fs.String("process", "consent", "proposal process")
	options := fs.StringArray("option", nil, "an option (repeat)")
	closes := fs.String("closes", "7d", "closing deadline")
	opens := fs.String("opens", "", "opening time (default now)")
	quorum := fs.Float64("quorum", 0, "share of voting members that must take part (0..1)")
	rule := fs.String("rule", "", "pass rule")
	reason := fs.String("reason", "", "reason mode")
	maxChoices := fs.Int("max-choices", 0, "choose_many: most options a member may pick")
	maxScore := fs.Int("max-score", 0, "score: highest score")
	ratifies := fs.String("ratifies", "", "AGREEMENT:VERSION this proposal ratifies")
	tz := fs.String("tz", "", "time zone for times given without one")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*title) == "" {
		return usagef("usage: mutual new proposal|schedule|agreement --title T [--body-file F]")
	}
	body, err := r.readBody(*bodyFile)
	if err != nil {
		return err
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	var id string
	switch pos[0] {
	case "proposal":
		spec, err := proposalSpec(r, c, *title, body, *process, *options, *opens, *closes, *quorum, *rule, *reason, *maxChoices, *maxScore, *ratifies, *tz)
		if err != nil {
			return err
		}
		id, err = c.NewProposal(spec)
		if err != nil {
			return err
		}
	case "schedule":
		id, err = c.NewSchedule(*title)
	case "agreement":
		id, err = c.NewAgreement(*title, body)
	default:
		return usagef("cannot create a %q: choose proposal, schedule or agreement", pos[0])
	}
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": id}, func(w io.Writer) { fmt.Fprintln(w, id) })
}

func (r *run) readBody(file string) (string, error) {
	switch file {
	case "":
		return "", nil
	case "-":
		if r.env.Stdin == nil {
			return "", usagef("no standard input")
		}
		b, err := readLimited(r.env.Stdin, maxBodyBytes, "the body")
		return string(b), err
	}
	b, err := readFileLimited(r.path(file), maxBodyBytes, "the body file")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func proposalSpec(r *run, c *workspace.Coop, title, body, process string, options []string, opens, closes string,
	quorum float64, rule, reason string, maxChoices, maxScore int, ratifies, tz string) (workspace.ProposalSpec, error) {
	var spec workspace.ProposalSpec
	proc, err := crdt.ParseProcess(process)
	if err != nil {
		return spec, err
	}
	loc, err := location(tz)
	if err != nil {
		return spec, err
	}
	now := r.ws.Now()
	spec = workspace.ProposalSpec{Title: title, Body: body, Process: proc, Quorum: quorum, MaxChoices: maxChoices, MaxScore: maxScore}
	if spec.ClosesAt, err = parseWhen(closes, now, loc); err != nil {
		return spec, err
	}
	if opens != "" {
		if spec.OpensAt, err = parseWhen(opens, now, loc); err != nil {
			return spec, err
		}
	}
	if rule != "" {
		if spec.PassRule, err = crdt.ParsePassRule(rule); err != nil {
			return spec, err
		}
	}
	if reason != "" {
		if spec.ReasonMode, err = crdt.ParseReasonMode(reason); err != nil {
			return spec, err
		}
	}
	for _, o := range options {
		os, err := optionSpec(proc, o, now, loc)
		if err != nil {
			return spec, err
		}
		spec.Options = append(spec.Options, os)
	}
	if ratifies != "" {
		agr, ver, ok := strings.Cut(ratifies, ":")
		if !ok {
			return spec, usagef("--ratifies takes AGREEMENT:VERSION")
		}
		agrID, err := c.Resolve(agr)
		if err != nil {
			return spec, err
		}
		spec.Ratifies = &crdt.RatifyLink{Agreement: agrID, Version: ver}
	}
	return spec, nil
}

// optionSpec reads an option; a meeting-time slot is "START/END",
// "START/HH:MM" (same day) or "START/DURATION".
func optionSpec(p crdt.Process, s string, now time.Time, loc *time.Location) (workspace.OptionSpec, error) {
	if p != crdt.ProcessMeetingTime {
		return workspace.OptionSpec{Label: s}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return workspace.OptionSpec{}, usagef("a time slot is START/END, e.g. \"2026-12-01 18:00/19:30\"")
	}
	start, err := parseWhen(a, now, loc)
	if err != nil {
		return workspace.OptionSpec{}, err
	}
	var end time.Time
	if d, err := time.ParseDuration(b); err == nil {
		end = start.Add(d)
	} else if hm, err := time.ParseInLocation("15:04", b, loc); err == nil {
		end = time.Date(start.Year(), start.Month(), start.Day(), hm.Hour(), hm.Minute(), 0, 0, loc)
	} else if end, err = parseWhen(b, now, loc); err != nil {
		return workspace.OptionSpec{}, err
	}
	return workspace.OptionSpec{Start: start, End: end}, nil
}
