package crdt

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// The minutes are one Text that members type into together. Once the
// meeting has closed, its chair or an admin approves them: a signed record
// pins the Automerge heads and the SHA-256 of the text at those heads, like
// a ratified agreement's version. The approved minutes are read from those
// heads and checked against the hash, so a copy that rewrites the text
// afterwards shows as "changed since approved", never as the approved text.

// MinutesStatus says whether the minutes are approved.
type MinutesStatus string

// Minutes statuses.
const (
	MinutesDraft    MinutesStatus = "draft"
	MinutesApproved MinutesStatus = "approved"
	MinutesAmended  MinutesStatus = "amended" // changed since they were approved
)

// MinutesApproval is a signed approval of the minutes as they stood.
type MinutesApproval struct {
	Heads  []string  `json:"heads"`
	SHA256 string    `json:"sha256"`
	At     time.Time `json:"at"`
	By     MemberID  `json:"by"`
}

// ErrMinutesApproved means the minutes were approved and an edit did not
// say it amends them.
var ErrMinutesApproved = fmt.Errorf("the minutes were approved; changing them now is an amendment: %w", ErrClosed)

// SetMinutes replaces the minutes with markdown by the smallest splice.
// Approved minutes change only when amend is set (they then need approving
// again).
func (m *Meeting) SetMinutes(v *RosterView, markdown string, amend bool) error {
	if !utf8.ValidString(markdown) {
		return fmt.Errorf("the minutes are not valid UTF-8: %w", ErrInvalid)
	}
	if err := m.checkMinutesEditable(v, amend); err != nil {
		return err
	}
	return m.changeIfAny("write the minutes", func(root *automerge.Map) error {
		var r reader
		if cur := r.str(root, meetingMinutesKey); r.err != nil {
			return r.err
		} else if cur == markdown {
			return errNoChange
		}
		return setText(root, meetingMinutesKey, markdown)
	})
}

// SpliceMinutes deletes del code points at pos and inserts ins, as an
// editor sends keystrokes.
func (m *Meeting) SpliceMinutes(v *RosterView, pos, del int, ins string, amend bool) error {
	if !utf8.ValidString(ins) {
		return fmt.Errorf("the minutes are not valid UTF-8: %w", ErrInvalid)
	}
	if err := m.checkMinutesEditable(v, amend); err != nil {
		return err
	}
	return m.changeIfAny("write the minutes", func(root *automerge.Map) error {
		var r reader
		n := utf8.RuneCountInString(r.str(root, meetingMinutesKey))
		if r.err != nil {
			return r.err
		}
		if pos < 0 || del < 0 || pos > n || del > n-pos {
			return fmt.Errorf("splice at %d deleting %d is outside the %d-character minutes: %w", pos, del, n, ErrInvalid)
		}
		if del == 0 && ins == "" {
			return errNoChange
		}
		return spliceText(root, meetingMinutesKey, pos, del, ins)
	})
}

func (m *Meeting) checkMinutesEditable(v *RosterView, amend bool) error {
	if _, err := m.checkRoster(v, "write the minutes"); err != nil {
		return err
	}
	if amend {
		return nil
	}
	good, _, err := m.Approval(v)
	if err != nil {
		return err
	}
	if good != nil {
		return ErrMinutesApproved
	}
	return nil
}

// ApproveMinutes signs the minutes as they now stand as approved. Only the
// chair or an admin may, once the meeting has closed.
func (m *Meeting) ApproveMinutes(v *RosterView) error {
	me, err := m.checkRoster(v, "approve the minutes")
	if err != nil {
		return err
	}
	return m.change("approve the minutes", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		switch {
		case st.closedAt.IsZero():
			return fmt.Errorf("the minutes are approved once the meeting has closed: %w", ErrInvalid)
		case me != st.settings.Chair && !v.wasAdminAt(me, m.now()):
			return fmt.Errorf("only the chair or an admin approves the minutes: %w", ErrNotAllowed)
		}
		// The heads before this change: the approval names the text, not
		// the record that names it.
		heads := headStrings(m.am.Heads())
		at := max(m.now().UTC().UnixMilli(), st.closedAt.UnixMilli())
		return m.sealAt(root, recMinutesApproval, approvalRec{Heads: heads, SHA256: agreementSHA(st.minutes)}, at)
	})
}

// judgeApproval keeps an approval signed by the chair or an admin after
// the meeting closed; its text is checked by Approval.
func (st *meetingState) judgeApproval(rec rawRecord, v *RosterView) {
	by, at := rec.env.Member, recAt(rec)
	var b approvalRec
	switch {
	case json.Unmarshal(rec.env.Body, &b) != nil || len(b.Heads) == 0 || len(b.SHA256) != 64:
		st.refuse(rec, by, RefuseUnreadable)
	case by != st.chairAt(at) && !v.wasAdminAt(by, at):
		st.refuse(rec, by, RefuseNotChair)
	case st.closedAt.IsZero() || at.Before(st.closedAt):
		st.refuse(rec, by, RefuseNotClosed)
	default:
		st.approvals = append(st.approvals, MinutesApproval{Heads: b.Heads, SHA256: b.SHA256, At: at, By: by})
	}
}

// Approval is the latest approval whose text checks out (nil: none), and
// the approvals that do not, with the reason.
func (m *Meeting) Approval(v *RosterView) (*MinutesApproval, []RefusedRecord, error) {
	var st *meetingState
	err := m.read(func(root *automerge.Map) (err error) {
		st, err = m.readState(root, v)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var good *MinutesApproval
	var bad []RefusedRecord
	for i := len(st.approvals) - 1; i >= 0; i-- {
		a := st.approvals[i]
		text, err := m.minutesAt(a.Heads)
		if err != nil || agreementSHA(text) != a.SHA256 {
			bad = append(bad, RefusedRecord{What: "minutes approval", Signer: a.By, At: a.At, Reason: "the minutes at the version it names do not match its hash"})
			continue
		}
		if good == nil {
			good = &st.approvals[i]
		}
	}
	return good, bad, nil
}

// minutesAt is the minutes as they were at heads.
func (m *Meeting) minutesAt(heads []string) (string, error) {
	past, err := m.AtHeads(heads)
	if err != nil {
		return "", err
	}
	return (&Meeting{past}).Minutes()
}

// ApprovedMinutes is the approved text ("" and false when none is).
func (m *Meeting) ApprovedMinutes(v *RosterView) (string, bool, error) {
	good, _, err := m.Approval(v)
	if err != nil || good == nil {
		return "", false, err
	}
	text, err := m.minutesAt(good.Heads)
	return text, err == nil, err
}

// MinutesStatusOf compares the current minutes with the approved ones.
func (m *Meeting) MinutesStatusOf(v *RosterView) (MinutesStatus, error) {
	approved, ok, err := m.ApprovedMinutes(v)
	if err != nil || !ok {
		return MinutesDraft, err
	}
	cur, err := m.Minutes()
	if err != nil {
		return "", err
	}
	if cur != approved {
		return MinutesAmended, nil
	}
	return MinutesApproved, nil
}
