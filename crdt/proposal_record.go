package crdt

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/automerge/automerge-go"
)

// recordProposalSettings is the type of a proposal's settings record: a full
// snapshot of everything that decides how it is counted — process, rules,
// times, early close, options and outcome — signed by its author or an
// admin. The latest authorised record is the proposal's state; root values
// are a cache for older readers and are never trusted when a record exists.
const recordProposalSettings = "proposal-settings"

// settingsBody is the body of a settings record.
type settingsBody struct {
	Settings ProposalSettings `json:"settings"`
	Options  []optionBody     `json:"options,omitempty"`
	Outcome  Outcome          `json:"outcome"`
}

type optionBody struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Start   int64  `json:"start,omitempty"`
	End     int64  `json:"end,omitempty"`
	Removed bool   `json:"removed,omitempty"`
	Order   int64  `json:"order"`
}

func snapshotOf(st *proposalState) settingsBody {
	b := settingsBody{Settings: st.settings, Outcome: st.outcome}
	if st.settings.Process != ProcessConsent {
		for _, o := range st.options {
			ob := optionBody{ID: o.ID, Label: o.Label, Removed: o.Removed, Order: o.order}
			if !o.Start.IsZero() {
				ob.Start, ob.End = o.Start.UnixMilli(), o.End.UnixMilli()
			}
			b.Options = append(b.Options, ob)
		}
	}
	return b
}

func (b settingsBody) options() []Option {
	if b.Settings.Process == ProcessConsent {
		return consentOptions
	}
	out := make([]Option, 0, len(b.Options))
	for _, o := range b.Options {
		opt := Option{ID: o.ID, Label: o.Label, Removed: o.Removed, order: o.Order}
		if o.Start != 0 {
			opt.Start, opt.End = time.UnixMilli(o.Start).UTC(), time.UnixMilli(o.End).UTC()
		}
		out = append(out, opt)
	}
	return out
}

// check refuses a signed record whose values are out of range: a signature
// proves who wrote it, not that it can be counted.
func (b settingsBody) check() error {
	s := b.Settings
	if _, err := ParseProcess(string(s.Process)); err != nil {
		return err
	}
	if _, err := ParseReasonMode(string(s.ReasonMode)); err != nil {
		return err
	}
	if math.IsNaN(s.Quorum) || s.Quorum < 0 || s.Quorum > 1 {
		return fmt.Errorf("quorum %v is not a share between 0 and 1: %w", s.Quorum, ErrInvalid)
	}
	if s.Process == ProcessConsent {
		if _, err := ParsePassRule(string(s.PassRule)); err != nil {
			return err
		}
	}
	if s.MaxChoices < 0 || s.MaxScore < 0 || s.MaxScore > maxScoreLimit {
		return fmt.Errorf("max choices %d or max score %d out of range: %w", s.MaxChoices, s.MaxScore, ErrInvalid)
	}
	if s.ClosesAt.IsZero() || len(b.Options) > maxOptions {
		return fmt.Errorf("no deadline or more than %d options: %w", maxOptions, ErrInvalid)
	}
	return nil
}

// readProposal reads the proposal with its settings, options and outcome
// taken from the latest settings record signed by its author or by an admin
// of v at the record's time (v nil: the author's records only). Root values
// that differ from the record, and records that do not count, are reported in
// st.problems and otherwise ignored. It runs under the document lock.
func (p *Proposal) readProposal(root *automerge.Map, v *RosterView) (*proposalState, error) {
	st, err := readProposalCache(root)
	if err != nil {
		return nil, err
	}
	recs, err := readRecords(root, p.id)
	if err != nil {
		return nil, err
	}
	author := p.genesisActor()
	var best *settingsBody
	var bestBy MemberID
	for _, rec := range recs {
		if rec.err != nil {
			st.problems = append(st.problems, Problem{Reason: "a record was ignored: " + rec.err.Error()})
			continue
		}
		if rec.env.Type != recordProposalSettings {
			continue
		}
		by := rec.env.Member
		if by != author && !v.wasAdminAt(by, time.UnixMilli(rec.env.At)) {
			if v != nil {
				st.problems = append(st.problems, Problem{Member: by, Reason: "settings signed by " + v.NameOf(by) + ", who is neither the proposal's author nor an admin, were ignored"})
			}
			continue
		}
		var b settingsBody
		if err := json.Unmarshal(rec.env.Body, &b); err != nil {
			st.problems = append(st.problems, Problem{Member: by, Reason: "a signed settings record is unreadable and was ignored"})
			continue
		}
		if err := b.check(); err != nil {
			st.problems = append(st.problems, Problem{Member: by, Reason: "signed settings with a value out of range were refused: " + err.Error()})
			continue
		}
		best, bestBy = &b, by
	}
	if best == nil {
		if st.cacheErr != nil {
			return nil, st.cacheErr
		}
		return st, nil // made before signed settings: the root values are all there is
	}
	cached := snapshotOf(st)
	st.signed = true
	st.settings, st.options, st.outcome = best.Settings, best.options(), best.Outcome
	if st.cacheErr != nil || !sameJSON(cached, *best) {
		st.problems = append(st.problems, Problem{Reason: "the proposal's stored settings differ from the last ones signed by " + v.NameOf(bestBy) + "; the signed ones count"})
	}
	return st, nil
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// sealSettings signs the root values as they now stand (after a manager's
// change, which first repaired them) and stores them as the latest record.
// It runs inside change.
func (p *Proposal) sealSettings(root *automerge.Map, prevAt int64) error {
	st, err := readProposalCache(root)
	if err != nil {
		return err
	}
	if st.cacheErr != nil {
		return st.cacheErr
	}
	at := max(p.now().UnixMilli(), prevAt+1)
	b, err := sealRecord(recordProposalSettings, p.id, p.me, at, snapshotOf(st))
	if err != nil {
		return err
	}
	return putRecord(root, b)
}

// lastSettingsAt is the time of the latest record, so a new one always
// supersedes it whatever the local clock says.
func lastSettingsAt(root *automerge.Map, doc string) int64 {
	recs, err := readRecords(root, doc)
	if err != nil {
		return 0
	}
	var at int64
	for _, r := range recs {
		if r.err == nil && r.env.Type == recordProposalSettings {
			at = max(at, r.env.At)
		}
	}
	return at
}

// repairCache writes the trusted state back into the root values wherever a
// replica overwrote them, so a manager's next change signs the honest values
// plus their own edit, never someone's tampering. It runs inside change.
func repairCache(root *automerge.Map, st *proposalState) error {
	if !st.signed {
		return nil
	}
	cached, err := readProposalCache(root)
	if err != nil {
		return err
	}
	s := st.settings
	if cached.cacheErr != nil || !sameJSON(cached.settings, s) {
		for k, val := range map[string]any{
			"process": string(s.Process), "maxChoices": int64(s.MaxChoices), "maxScore": int64(s.MaxScore),
			"reasonMode": string(s.ReasonMode), "quorum": s.Quorum, "passRule": string(s.PassRule),
			"opensAt": s.OpensAt.UnixMilli(), "closesAt": s.ClosesAt.UnixMilli(),
		} {
			if err := root.Set(k, val); err != nil {
				return err
			}
		}
		if s.ClosedAt.IsZero() {
			if err := deleteKeys(root, "closedAt"); err != nil {
				return err
			}
		} else if err := root.Set("closedAt", s.ClosedAt.UnixMilli()); err != nil {
			return err
		}
	}
	if s.Process != ProcessConsent && (cached.cacheErr != nil || !sameJSON(snapshotOf(cached).Options, snapshotOf(st).Options)) {
		if err := root.Set("options", automerge.NewMap()); err != nil {
			return err
		}
		opts, err := mapAtRoot(root, "options")
		if err != nil {
			return err
		}
		for _, o := range st.options {
			if err := writeOption(opts, o.ID, OptionSpec{Label: o.Label, Start: o.Start, End: o.End}, o.order); err != nil {
				return err
			}
			if o.Removed {
				var r reader
				if err := r.mapAt(opts, o.ID).Set("removed", true); err != nil {
					return err
				}
			}
		}
	}
	if !sameJSON(cached.outcome, st.outcome) {
		out, err := mapAtRoot(root, "outcome")
		if err != nil {
			return err
		}
		if err := deleteKeys(out, "statement", "reviewAt", "at", "by"); err != nil {
			return err
		}
		if o := st.outcome; o.Statement != "" {
			if err := setText(out, "statement", o.Statement); err != nil {
				return err
			}
			if err := out.Set("at", o.At.UnixMilli()); err != nil {
				return err
			}
			if err := out.Set("by", string(o.By)); err != nil {
				return err
			}
			if !o.ReviewAt.IsZero() {
				if err := out.Set("reviewAt", o.ReviewAt.UnixMilli()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// managed runs a manager's change: read the trusted state, repair the cache,
// apply edit, then sign the result as the new settings record.
func (p *Proposal) managed(root *automerge.Map, v *RosterView, edit func(st *proposalState) error) error {
	st, err := p.readProposal(root, v)
	if err != nil {
		return err
	}
	if err := repairCache(root, st); err != nil {
		return err
	}
	if err := edit(st); err != nil {
		return err
	}
	return p.sealSettings(root, lastSettingsAt(root, p.id))
}

// genesisActor is the actor of the document's first change: its creator.
// A document's history never gains a second first change (see
// ErrForeignHistory), so this cannot be rewritten. Callers hold d.mu.
func (d *Doc) genesisActor() MemberID {
	if d.genesis != "" {
		return d.genesis
	}
	chs, err := d.am.Changes()
	if err != nil {
		return ""
	}
	for _, c := range chs {
		if len(c.Dependencies()) == 0 {
			d.genesis = MemberID(c.ActorID())
			break
		}
	}
	return d.genesis
}
