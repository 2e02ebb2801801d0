package crdt

import (
	"fmt"
	"strings"

	"github.com/automerge/automerge-go"
)

// checkManager reports whether the local member may manage the proposal:
// edit it, close, extend or reopen it, state its outcome. That is its author
// or an admin, either still an active member by the roster view v.
func (p *Proposal) checkManager(v *RosterView, what string) error {
	me := p.Me()
	if me == nil {
		return ErrReadOnly
	}
	if v == nil {
		return fmt.Errorf("%s: the co-op's roster is needed to check who may: %w", what, ErrInvalid)
	}
	if v.Coop != p.Coop() {
		return fmt.Errorf("%s: the roster is of co-op %s, the proposal of %s: %w", what, v.Coop, p.Coop(), ErrInvalid)
	}
	h, err := p.Header()
	if err != nil {
		return err
	}
	m, ok := v.Member(me.Member())
	if !ok || !m.Active() || (m.Role != RoleAdmin && h.CreatedBy != me.Member()) {
		return fmt.Errorf("only the proposal's author or an admin may %s: %w", what, ErrNotAllowed)
	}
	return nil
}

// editable fails with ErrClosed once the proposal has closed: what was put
// to the vote is frozen then (its outcome and comments are not). It runs
// inside change, under the document lock, so it reads the clock field
// directly rather than through Now, which would take the lock again.
func editable(st *proposalState, p *Proposal) error {
	if st.settings.StatusAt(p.now()) == ProposalClosed {
		return fmt.Errorf("%q has closed: %w", st.header.Title, ErrClosed)
	}
	return nil
}

// SetBody replaces the Markdown body with the smallest splice, so a
// concurrent edit elsewhere in the text survives.
func (p *Proposal) SetBody(v *RosterView, markdown string) error {
	if err := p.checkManager(v, "edit the proposal"); err != nil {
		return err
	}
	return p.changeIfAny("edit the proposal's text", func(root *automerge.Map) error {
		st, err := p.readProposal(root, v)
		if err != nil {
			return err
		}
		if err := editable(st, p); err != nil {
			return err
		}
		if st.body == markdown {
			return errNoChange
		}
		return setText(root, "body", markdown)
	})
}

// SpliceBody deletes del characters at pos and inserts ins there; positions
// count Unicode code points, as the editor does.
func (p *Proposal) SpliceBody(v *RosterView, pos, del int, ins string) error {
	if err := p.checkManager(v, "edit the proposal"); err != nil {
		return err
	}
	return p.changeIfAny("edit the proposal's text", func(root *automerge.Map) error {
		st, err := p.readProposal(root, v)
		if err != nil {
			return err
		}
		if err := editable(st, p); err != nil {
			return err
		}
		n := len([]rune(st.body))
		if pos < 0 || del < 0 || pos > n || del > n-pos {
			return fmt.Errorf("splice at %d deleting %d is outside the %d-character text: %w", pos, del, n, ErrInvalid)
		}
		if del == 0 && ins == "" {
			return errNoChange
		}
		return spliceText(root, "body", pos, del, ins)
	})
}

// spliceText splices the Text at key; a plain string (another
// implementation's) becomes a Text holding the spliced result.
func spliceText(m *automerge.Map, key string, pos, del int, ins string) error {
	v, err := m.Get(key)
	if err != nil {
		return fmt.Errorf("read %q: %w", key, err)
	}
	if v.Kind() == automerge.KindText {
		return v.Text().Splice(pos, del, ins)
	}
	var r reader
	old := []rune(r.str(m, key))
	if r.err != nil {
		return r.err
	}
	return setText(m, key, string(old[:pos])+ins+string(old[pos+del:]))
}

// AddOption adds an option to a poll that has not closed and returns its ID.
func (p *Proposal) AddOption(v *RosterView, o OptionSpec) (id string, err error) {
	if err := p.checkManager(v, "add options"); err != nil {
		return "", err
	}
	id = NewID()
	err = p.change("add option "+describeOption(o), func(root *automerge.Map) error {
		return p.managed(root, v, func(st *proposalState) error {
			var err error
			if o, err = checkOption(st.settings.Process, o); err != nil {
				return err
			}
			if err := editable(st, p); err != nil {
				return err
			}
			var last int64
			live := 0
			for _, x := range st.options {
				last = max(last, x.order)
				if x.Removed {
					continue
				}
				live++
				if optionKey(OptionSpec{Label: x.Label, Start: x.Start, End: x.End}) == optionKey(o) {
					return fmt.Errorf("option %q already exists: %w", describeOption(o), ErrInvalid)
				}
			}
			if live >= maxOptions {
				return fmt.Errorf("a poll has at most %d options: %w", maxOptions, ErrInvalid)
			}
			opts, err := mapAtRoot(root, "options")
			if err != nil {
				return err
			}
			return writeOption(opts, id, o, last+1)
		})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// RenameOption changes an option's label (a time slot keeps its times).
func (p *Proposal) RenameOption(v *RosterView, id, label string) error {
	if err := p.checkManager(v, "rename options"); err != nil {
		return err
	}
	label = strings.TrimSpace(label)
	return p.changeIfAny("rename option to "+label, func(root *automerge.Map) error {
		return p.managed(root, v, func(*proposalState) error {
			st, o, err := liveOption(root, p, v, id)
			if err != nil {
				return err
			}
			spec, err := checkOption(st.settings.Process, OptionSpec{Label: label, Start: o.Start, End: o.End})
			if err != nil {
				return err
			}
			for _, x := range st.options {
				if !x.Removed && x.ID != id && optionKey(OptionSpec{Label: x.Label, Start: x.Start, End: x.End}) == optionKey(spec) {
					return fmt.Errorf("option %q already exists: %w", describeOption(spec), ErrInvalid)
				}
			}
			if spec.Label == o.Label {
				return errNoChange
			}
			var r reader
			m := r.mapAt(r.mapAt(root, "options"), id)
			if r.err != nil {
				return r.err
			}
			return setText(m, "label", spec.Label)
		})
	})
}

// RemoveOption withdraws an option. It stays as a tombstone: stances that
// chose it are then refused by the tally (and reported), so voters re-vote.
func (p *Proposal) RemoveOption(v *RosterView, id string) error {
	if err := p.checkManager(v, "remove options"); err != nil {
		return err
	}
	return p.change("remove an option", func(root *automerge.Map) error {
		return p.managed(root, v, func(*proposalState) error {
			st, _, err := liveOption(root, p, v, id)
			if err != nil {
				return err
			}
			live := 0
			for _, x := range st.options {
				if !x.Removed {
					live++
				}
			}
			least := 2
			if st.settings.Process == ProcessMeetingTime {
				least = 1
			}
			if live <= least {
				return fmt.Errorf("a %s poll keeps at least %d options: %w", st.settings.Process, least, ErrInvalid)
			}
			var r reader
			m := r.mapAt(r.mapAt(root, "options"), id)
			if r.err != nil {
				return r.err
			}
			return m.Set("removed", true)
		})
	})
}

// liveOption finds an option that may still be edited.
func liveOption(root *automerge.Map, p *Proposal, v *RosterView, id string) (*proposalState, Option, error) {
	st, err := p.readProposal(root, v)
	if err != nil {
		return nil, Option{}, err
	}
	if st.settings.Process == ProcessConsent {
		return nil, Option{}, fmt.Errorf("consent proposals have fixed options: %w", ErrInvalid)
	}
	if err := editable(st, p); err != nil {
		return nil, Option{}, err
	}
	o, ok := st.option(id)
	if !ok {
		return nil, Option{}, fmt.Errorf("option %q: %w", id, ErrNotFound)
	}
	if o.Removed {
		return nil, Option{}, fmt.Errorf("option %q was removed: %w", o.Describe(), ErrInvalid)
	}
	return st, o, nil
}

func writeOption(opts *automerge.Map, id string, o OptionSpec, order int64) error {
	m := automerge.NewMap()
	if err := opts.Set(id, m); err != nil {
		return fmt.Errorf("add option: %w", err)
	}
	if err := setText(m, "label", o.Label); err != nil {
		return err
	}
	if err := m.Set("order", order); err != nil {
		return err
	}
	if !o.Start.IsZero() {
		if err := m.Set("start", o.Start.UnixMilli()); err != nil {
			return err
		}
		if err := m.Set("end", o.End.UnixMilli()); err != nil {
			return err
		}
	}
	return nil
}
