package crdt

import (
	"encoding/json"
	"strings"

	"github.com/automerge/automerge-go"
)

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

// SearchText is what a member may search for in the meeting: the minutes,
// and the words of every agenda item and action ever written. It judges no
// record (finding a document is not a decision).
func (m *Meeting) SearchText() string {
	var parts []string
	_ = m.read(func(root *automerge.Map) error {
		var r reader
		parts = append(parts, r.str(root, meetingMinutesKey))
		recs, err := readRecords(root, m.id)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			switch rec.env.Type {
			case recAgendaItem:
				var b agendaRec
				if json.Unmarshal(rec.env.Body, &b) == nil {
					parts = append(parts, b.Title)
				}
			case recAction:
				var b actionRec
				if json.Unmarshal(rec.env.Body, &b) == nil {
					parts = append(parts, b.What)
				}
			}
		}
		return nil
	})
	return strings.Join(parts, "\n")
}
