package crdt

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// ErrAmendmentStale means an amendment can no longer be applied because the
// text it replaces has changed or gone since it was proposed. It is also an
// ErrInvalid. The member can propose the amendment again against the new text.
var ErrAmendmentStale = fmt.Errorf("amendment no longer matches the agreement: %w", ErrInvalid)

// AcceptAmendment applies an amendment's replacement to the body (as the
// smallest splice, so concurrent typing elsewhere survives) and marks it
// accepted, in one change. Who may decide: the agreement's author or an
// admin, if active in the roster v. When the original text can no longer be
// found, the error wraps ErrAmendmentStale and nothing changes.
func (a *Agreement) AcceptAmendment(id string, v *RosterView) error {
	return a.decideAmendment(id, v, AmendmentAccepted, "")
}

// RejectAmendment marks an amendment rejected, with the decider's reason
// (may be empty). The same members as for AcceptAmendment may reject.
func (a *Agreement) RejectAmendment(id, reason string, v *RosterView) error {
	reason = strings.TrimSpace(reason)
	if !utf8.ValidString(reason) {
		return fmt.Errorf("reason is not valid UTF-8: %w", ErrInvalid)
	}
	return a.decideAmendment(id, v, AmendmentRejected, reason)
}

func (a *Agreement) decideAmendment(id string, v *RosterView, status AmendmentStatus, reason string) error {
	if err := a.checkAmendmentDecider(v); err != nil {
		return err
	}
	am, err := a.Amendment(id)
	if err != nil {
		return err
	}
	verb := map[AmendmentStatus]string{AmendmentAccepted: "accept", AmendmentRejected: "reject"}[status]
	msg := verb + " amendment"
	if am.Section != "" {
		msg += " to " + am.Section
	}
	at := agreementMillis(a.Now())
	return a.change(msg, func(root *automerge.Map) error {
		// Read again under the lock: a merge may have landed since.
		am, err := readAmendment(root, id)
		if err != nil {
			return err
		}
		if am.Status != AmendmentProposed {
			return fmt.Errorf("amendment is already %s: %w", am.Status, ErrInvalid)
		}
		if status == AmendmentAccepted {
			if err := applyAmendment(root, am); err != nil {
				return err
			}
		}
		return markAmendment(root, id, status, a.Me().Member(), at, reason)
	})
}

// checkAmendmentDecider enforces who may accept or reject: the agreement's
// author or an admin, either active in the co-op's roster. This guards the
// local app; the body is a CRDT every member can edit, and what binds the
// co-op is the signed ratification, which is checked when read.
func (a *Agreement) checkAmendmentDecider(v *RosterView) error {
	me := a.Me()
	switch {
	case me == nil:
		return ErrReadOnly
	case v == nil:
		return fmt.Errorf("deciding an amendment needs the roster: %w", ErrInvalid)
	case v.Coop != a.Coop():
		return fmt.Errorf("roster of co-op %s, agreement of %s: %w", v.Coop, a.Coop(), ErrInvalid)
	}
	m, ok := v.Member(me.Member())
	if !ok || !m.Active() {
		return fmt.Errorf("only current members may decide amendments: %w", ErrNotAllowed)
	}
	h, err := a.Header()
	if err != nil {
		return err
	}
	if m.Role != RoleAdmin && h.CreatedBy != me.Member() {
		return fmt.Errorf("only the agreement's author or an admin may decide amendments: %w", ErrNotAllowed)
	}
	return nil
}

// applyAmendment splices the replacement in where the original is now.
func applyAmendment(root *automerge.Map, am Amendment) error {
	body, err := readAgreementBody(root)
	if err != nil {
		return err
	}
	start, err := locateAmendment(body, am)
	if err != nil {
		return err
	}
	p, del, ins := minimalSplice(am.Original, am.Replacement)
	if del == 0 && ins == "" {
		return nil
	}
	e, err := openBodyEditor(root)
	if err != nil {
		return err
	}
	return e.Splice(utf8.RuneCountInString(body[:start])+p, del, ins)
}

// locateAmendment finds the byte offset where the amendment's original text
// is in body now: its section must still hold exactly that text, or the
// passage must occur once (or once with the same surrounding text).
func locateAmendment(body string, am Amendment) (int, error) {
	if am.Section != "" {
		sec, err := agreementFindSection(body, am.Section)
		if err != nil {
			return 0, fmt.Errorf("section %q: %w", am.Section, ErrAmendmentStale)
		}
		if body[sec.ContentStart:sec.End] != am.Original {
			return 0, fmt.Errorf("section %q has changed since the amendment was proposed: %w", am.Section, ErrAmendmentStale)
		}
		return sec.ContentStart, nil
	}
	if am.Original == "" {
		return 0, fmt.Errorf("amendment %s names no text: %w", am.ID, ErrMalformed)
	}
	at := agreementOccurrences(body, am.Original)
	if len(at) == 1 {
		return at[0], nil
	}
	var fit []int
	for _, i := range at {
		if strings.HasSuffix(body[:i], am.Before) && strings.HasPrefix(body[i+len(am.Original):], am.After) {
			fit = append(fit, i)
		}
	}
	switch {
	case len(at) == 0:
		return 0, fmt.Errorf("the text it replaces is no longer in the agreement: %w", ErrAmendmentStale)
	case len(fit) != 1:
		return 0, fmt.Errorf("the text it replaces now occurs %d times: %w", len(at), ErrAmendmentStale)
	}
	return fit[0], nil
}

func markAmendment(root *automerge.Map, id string, status AmendmentStatus, by MemberID, at time.Time, reason string) error {
	var r reader
	m := r.mapAt(r.mapAt(root, agreementAmendmentsKey), id)
	if r.err != nil || m == nil {
		return fmt.Errorf("amendment %q: %w", id, ErrMalformed)
	}
	fields := map[string]any{"status": string(status), "decidedBy": string(by), "decidedAt": at.UnixMilli()}
	if reason != "" {
		fields["decisionReason"] = reason
	}
	for k, val := range fields {
		if err := m.Set(k, val); err != nil {
			return err
		}
	}
	return nil
}
