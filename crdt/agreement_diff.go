package crdt

import "fmt"

// Diff compares the body at version fromVersion with the body at toVersion,
// or with the current body when toVersion is "".
func (a *Agreement) Diff(fromVersion, toVersion string, unit DiffUnit) ([]DiffOp, error) {
	if unit != ByLine && unit != ByWord {
		return nil, fmt.Errorf("diff unit %s: %w", unit, ErrInvalid)
	}
	from, err := a.BodyAt(fromVersion)
	if err != nil {
		return nil, err
	}
	var to string
	if toVersion == "" {
		to, err = a.Body()
	} else {
		to, err = a.BodyAt(toVersion)
	}
	if err != nil {
		return nil, err
	}
	return DiffText(from, to, unit), nil
}
