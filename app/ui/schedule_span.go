package ui

import (
	"fmt"
	"time"
)

// nextDayLabel is the tick box that makes a shift or event end the
// following day (a night shift). Without it an end before the start is a
// mistake, and is refused rather than silently made a 23-hour shift.
const nextDayLabel = "Ends the next day"

// formSpan turns a form's date, start and end into times: the end falls on
// the next day only when the member ticked nextDay.
func formSpan(day time.Time, startText, endText string, nextDay bool) (start, end time.Time, err error) {
	if start, err = atClock(day, startText); err != nil {
		return start, end, err
	}
	if end, err = atClock(day, endText); err != nil {
		return start, end, err
	}
	if nextDay {
		return start, end.AddDate(0, 0, 1), nil
	}
	if !end.After(start) {
		return start, end, fmt.Errorf("it ends at %s, which is not after it starts at %s. For something that ends the next morning, tick %q", end.Format("15:04"), start.Format("15:04"), nextDayLabel)
	}
	return start, end, nil
}
