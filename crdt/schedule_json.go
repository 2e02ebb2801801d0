package crdt

// ScheduleJSON is a schedule's export: the header, its live events and
// shifts, and the conflicts they contain. Every slice is sorted, so replicas
// with the same changes marshal to the same bytes.
type ScheduleJSON struct {
	Header
	Events    []Event    `json:"events"`
	Shifts    []Shift    `json:"shifts"`
	Conflicts []Conflict `json:"conflicts"`
}

// JSON exports the schedule (deleted events and shifts left out).
func (s *Schedule) JSON() (ScheduleJSON, error) {
	h, err := s.Header()
	if err != nil {
		return ScheduleJSON{}, err
	}
	events, err := s.Events()
	if err != nil {
		return ScheduleJSON{}, err
	}
	shifts, err := s.Shifts()
	if err != nil {
		return ScheduleJSON{}, err
	}
	if events == nil {
		events = []Event{}
	}
	if shifts == nil {
		shifts = []Shift{}
	}
	return ScheduleJSON{Header: h, Events: events, Shifts: shifts, Conflicts: schedConflicts(shifts)}, nil
}
