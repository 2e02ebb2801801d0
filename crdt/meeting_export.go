package crdt

import "github.com/automerge/automerge-go"

// MeetingJSON is the JSON export of a meeting (docs/schema/meeting.md): its
// view against the roster, the state of its minutes and its discussion.
type MeetingJSON struct {
	MeetingView
	MinutesStatus MinutesStatus    `json:"minutesStatus"`
	Approval      *MinutesApproval `json:"approval,omitempty"` // the approval that counts
	Comments      []Comment        `json:"comments"`
}

// JSON exports the meeting as roster view v establishes it.
func (m *Meeting) JSON(v *RosterView) (MeetingJSON, error) {
	mv, err := m.View(v)
	if err != nil {
		return MeetingJSON{}, err
	}
	out := MeetingJSON{MeetingView: mv, MinutesStatus: MinutesDraft}
	good, bad, err := m.Approval(v)
	if err != nil {
		return MeetingJSON{}, err
	}
	out.Refused = append(out.Refused, bad...)
	if good != nil {
		out.Approval = good
		if out.MinutesStatus, err = m.MinutesStatusOf(v); err != nil {
			return MeetingJSON{}, err
		}
	}
	var flat []Comment
	err = m.read(func(root *automerge.Map) (err error) {
		flat, err = readComments(root)
		return err
	})
	if err != nil {
		return MeetingJSON{}, err
	}
	out.Comments = threadComments(flat)
	if out.Comments == nil {
		out.Comments = []Comment{}
	}
	return out, nil
}
