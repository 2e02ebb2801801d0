package crdt

import (
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Outcome is what the co-op concluded once a proposal closed.
type Outcome struct {
	Statement string    `json:"statement"`
	ReviewAt  time.Time `json:"reviewAt,omitzero"`
	At        time.Time `json:"at"`
	By        MemberID  `json:"by"`
}

// Close closes the proposal now, before its deadline. Stances timestamped
// at or after this moment are not counted.
func (p *Proposal) Close(v *RosterView) error {
	if err := p.checkManager(v, "close the proposal"); err != nil {
		return err
	}
	return p.change("close early", func(root *automerge.Map) error {
		return p.managed(root, v, func(st *proposalState) error {
			if err := editable(st, p); err != nil {
				return err
			}
			// Closing never cuts off a stance just cast: one signed in the
			// same millisecond (a vote, then "close now") still counts. A
			// stance from a clock far ahead does not move the close.
			now := p.now().UnixMilli()
			at := now
			for _, rec := range st.stances {
				if ms := rec.At.UnixMilli(); ms >= now && ms < now+1000 {
					at = max(at, ms+1)
				}
			}
			return root.Set("closedAt", at)
		})
	})
}

// Extend moves the deadline of a proposal that has not closed. The new
// deadline must be in the future (and after the opening), so it may also
// shorten the vote, but never so as to cut off a stance already cast.
func (p *Proposal) Extend(v *RosterView, deadline time.Time) error {
	if err := p.checkManager(v, "move the deadline"); err != nil {
		return err
	}
	deadline = deadline.UTC().Truncate(time.Millisecond)
	return p.change("move the deadline to "+deadline.Format("2006-01-02 15:04")+" UTC", func(root *automerge.Map) error {
		return p.managed(root, v, func(st *proposalState) error {
			if err := editable(st, p); err != nil {
				return fmt.Errorf("%w (reopen it instead)", err)
			}
			if err := checkDeadline(deadline, st.settings.OpensAt, p.now()); err != nil {
				return err
			}
			return root.Set("closesAt", deadline.UnixMilli())
		})
	})
}

// Reopen opens a closed proposal again until deadline. It clears an early
// close (stances cast before the new deadline count again) and the outcome,
// which described a result that no longer stands.
func (p *Proposal) Reopen(v *RosterView, deadline time.Time) error {
	if err := p.checkManager(v, "reopen the proposal"); err != nil {
		return err
	}
	deadline = deadline.UTC().Truncate(time.Millisecond)
	return p.change("reopen until "+deadline.Format("2006-01-02 15:04")+" UTC", func(root *automerge.Map) error {
		return p.managed(root, v, func(st *proposalState) error {
			if st.settings.StatusAt(p.now()) != ProposalClosed {
				return fmt.Errorf("%q has not closed: %w", st.header.Title, ErrInvalid)
			}
			if err := checkDeadline(deadline, st.settings.OpensAt, p.now()); err != nil {
				return err
			}
			if err := deleteKeys(root, "closedAt"); err != nil {
				return err
			}
			if out, err := mapAtRoot(root, "outcome"); err != nil {
				return err
			} else if err := deleteKeys(out, "statement", "reviewAt", "at", "by"); err != nil {
				return err
			}
			return root.Set("closesAt", deadline.UnixMilli())
		})
	})
}

func checkDeadline(deadline, opensAt, now time.Time) error {
	if !deadline.After(now) || !deadline.After(opensAt) {
		return fmt.Errorf("deadline %s must be in the future and after the opening: %w", deadline.Format(time.RFC3339), ErrInvalid)
	}
	return nil
}

func deleteKeys(m *automerge.Map, keys ...string) error {
	for _, k := range keys {
		v, err := m.Get(k)
		if err != nil {
			return fmt.Errorf("read %q: %w", k, err)
		}
		if v.IsVoid() {
			continue
		}
		if err := m.Delete(k); err != nil {
			return fmt.Errorf("delete %q: %w", k, err)
		}
	}
	return nil
}

// SetOutcome states (or restates) what the co-op concluded, once the
// proposal has closed. reviewAt, when set, must be in the future.
func (p *Proposal) SetOutcome(v *RosterView, statement string, reviewAt time.Time) error {
	if err := p.checkManager(v, "state the outcome"); err != nil {
		return err
	}
	if strings.TrimSpace(statement) == "" {
		return fmt.Errorf("the outcome statement is empty: %w", ErrInvalid)
	}
	reviewAt = reviewAt.UTC().Truncate(time.Millisecond)
	return p.change("state the outcome", func(root *automerge.Map) error {
		return p.managed(root, v, func(st *proposalState) error {
			now := p.now()
			if st.settings.StatusAt(now) != ProposalClosed {
				return fmt.Errorf("the outcome can be stated only once %q has closed: %w", st.header.Title, ErrInvalid)
			}
			if !reviewAt.IsZero() && !reviewAt.After(now) {
				return fmt.Errorf("review date %s is not in the future: %w", reviewAt.Format(time.RFC3339), ErrInvalid)
			}
			out, err := mapAtRoot(root, "outcome")
			if err != nil {
				return err
			}
			if err := setText(out, "statement", statement); err != nil {
				return err
			}
			if err := out.Set("at", now.UnixMilli()); err != nil {
				return err
			}
			if err := out.Set("by", string(p.Me().Member())); err != nil {
				return err
			}
			if reviewAt.IsZero() {
				return deleteKeys(out, "reviewAt")
			}
			return out.Set("reviewAt", reviewAt.UnixMilli())
		})
	})
}

// Outcome returns the stated outcome; ok is false while none is stated.
func (p *Proposal) Outcome() (o Outcome, ok bool, err error) {
	st, err := p.state(nil)
	if err != nil {
		return Outcome{}, false, err
	}
	return st.outcome, st.outcome.Statement != "", nil
}

func readOutcome(root *automerge.Map) (Outcome, error) {
	var r reader
	m := r.mapAt(root, "outcome")
	o := Outcome{Statement: r.str(m, "statement"), ReviewAt: r.millis(m, "reviewAt"), At: r.millis(m, "at"), By: MemberID(r.str(m, "by"))}
	if r.err != nil {
		return Outcome{}, fmt.Errorf("proposal outcome: %w", r.err)
	}
	if o.Statement == "" {
		return Outcome{}, nil
	}
	return o, nil
}
