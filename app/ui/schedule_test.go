package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/workspace"
)

func (h *harness) scheduleView() *scheduleView {
	h.t.Helper()
	v, ok := h.u.shell.view.(*scheduleView)
	if !ok || v.data == nil {
		h.t.Fatalf("no schedule is open (view %T)", h.u.shell.view)
	}
	return v
}

// shifts reads a schedule's shifts through the facade.
func (h *harness) shifts(id string) []workspace.Shift {
	h.t.Helper()
	s, err := h.coop().Schedule(id)
	if err != nil {
		h.t.Fatal(err)
	}
	shifts, err := s.Shifts()
	if err != nil {
		h.t.Fatal(err)
	}
	return shifts
}

// newRota makes a schedule with one shift tomorrow morning and opens it on
// that shift's week.
func newRota(t *testing.T, h *harness, capacity int) (string, string, time.Time) {
	t.Helper()
	c := h.coop()
	id, err := c.NewSchedule("Bakery rota")
	if err != nil {
		t.Fatal(err)
	}
	day := weekdayStart(h.ws.Now()).AddDate(0, 0, 1)
	start := day.Add(9 * time.Hour)
	sid, err := c.AddShift(id, workspace.ShiftSpec{Role: "Morning bake", Start: start, End: start.Add(4 * time.Hour), Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	h.u.shell.showSection(secSchedules)
	h.settle()
	v := h.scheduleView()
	v.setAnchor(start)
	h.settle()
	return id, sid, start
}

func TestSignUpForShiftAndSeeCapacityChange(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	_, sid, _ := newRota(t, h, 2)
	v := h.scheduleView()
	card := v.cards[sid]
	if card == nil {
		t.Fatal("the shift is not drawn in its week")
	}
	if card.places.Text != "0 of 2 places taken" || card.fill.Value != 0 {
		t.Fatalf("before: %q, bar %v", card.places.Text, card.fill.Value)
	}
	test.Tap(card.signUp)
	h.settle()
	card = h.scheduleView().cards[sid]
	if card.places.Text != "1 of 2 places taken" || card.fill.Value != 1 {
		t.Fatalf("after signing up: %q, bar %v", card.places.Text, card.fill.Value)
	}
	h.wantText("Withdraw")

	// "My shifts" now lists the rota.
	h.u.shell.list.filter.SetSelected(filterMyShifts)
	h.settle()
	if len(h.u.shell.list.shown) != 1 {
		t.Fatalf("my shifts filter shows %d schedules", len(h.u.shell.list.shown))
	}

	test.Tap(h.button("Withdraw"))
	h.settle()
	if got := h.scheduleView().cards[sid].places.Text; got != "0 of 2 places taken" {
		t.Fatalf("after withdrawing: %q", got)
	}
}

// TestMonthViewAndNavigation opens the month view on days that have broken
// it: a week that starts in the previous month, the first and last days of a
// month, and the turn of a year.
func TestMonthViewAndNavigation(t *testing.T) {
	cases := []struct {
		name        string
		today       time.Time
		month, next string
		previous    string
		twoAhead    string // the month two steps on, where a short month lies between
	}{
		{"week starts in the previous month", time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local), "December 2026", "January 2027", "November 2026", ""},
		{"first day of a month", time.Date(2026, 10, 1, 10, 0, 0, 0, time.Local), "October 2026", "November 2026", "September 2026", ""},
		{"last day of a month", time.Date(2027, 1, 31, 10, 0, 0, 0, time.Local), "January 2027", "February 2027", "December 2026", "March 2027"},
		{"last day of the year", time.Date(2026, 12, 31, 22, 0, 0, 0, time.Local), "December 2026", "January 2027", "November 2026", ""},
		{"first day of the year", time.Date(2027, 1, 1, 8, 0, 0, 0, time.Local), "January 2027", "February 2027", "December 2026", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarnessAt(t, tc.today, founded("Riverside Bakery", "Ana"))
			c := h.coop()
			id, err := c.NewSchedule("Bakery rota")
			if err != nil {
				t.Fatal(err)
			}
			start := weekdayStart(tc.today).Add(18 * time.Hour)
			if _, err := c.AddShift(id, workspace.ShiftSpec{Role: "Evening bake", Start: start, End: start.Add(2 * time.Hour), Capacity: 2}); err != nil {
				t.Fatal(err)
			}
			h.u.shell.showSection(secSchedules)
			h.settle()
			v := h.scheduleView()
			v.mode.SetSelected(modeMonth)
			h.settle()
			if got := h.scheduleView().rangeText.Text; got != tc.month {
				t.Fatalf("month view opened on %q, want %q", got, tc.month)
			}
			h.wantText("18:00 Evening bake 0/2")
			h.scheduleView().step(1)
			h.settle()
			if got := h.scheduleView().rangeText.Text; got != tc.next {
				t.Fatalf("next month shows %q, want %q", got, tc.next)
			}
			if tc.twoAhead != "" {
				h.scheduleView().step(1)
				h.settle()
				if got := h.scheduleView().rangeText.Text; got != tc.twoAhead {
					t.Fatalf("the month after shows %q, want %q", got, tc.twoAhead)
				}
				h.scheduleView().step(-1)
				h.settle()
			}
			h.scheduleView().step(-2)
			h.settle()
			if got := h.scheduleView().rangeText.Text; got != tc.previous {
				t.Fatalf("previous month shows %q, want %q", got, tc.previous)
			}
			// Back to the week view: the week of the day looked at.
			h.scheduleView().mode.SetSelected(modeWeek)
			h.settle()
			v = h.scheduleView()
			if want := weekStart(v.focus); !v.anchor.Equal(want) || v.focus.Format("January 2006") != tc.previous {
				t.Fatalf("week view starts %v with focus %v, want %v in %s", v.anchor, v.focus, want, tc.previous)
			}
		})
	}
}

func TestShiftFormAddsWeeklyShifts(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	id, _, start := newRota(t, h, 2)
	v := h.scheduleView()
	v.shiftForm()
	f := h.u.shell.shiftForm
	test.Type(f.role, "Counter")
	f.date.SetText(start.Format("2006-01-02"))
	f.weeks.SetSelected("Weekly for 4 weeks")
	test.Tap(f.save)
	h.settle()
	shifts := h.shifts(id)
	counters := 0
	for _, sh := range shifts {
		if sh.Role == "Counter" {
			counters++
		}
	}
	if counters != 4 {
		t.Fatalf("added %d Counter shifts, want 4", counters)
	}
	h.wantText("Counter")
}

func TestAddRecurringEventAndExportICS(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	_, _, start := newRota(t, h, 1)
	v := h.scheduleView()
	v.eventForm(nil, time.Time{})
	f := h.u.shell.eventForm
	test.Type(f.title, "Members' meeting")
	f.date.SetText(start.Format("2006-01-02"))
	f.start.SetText("19:00")
	f.end.SetText("20:30")
	f.repeat.SetSelected("Every week")
	test.Tap(f.save)
	h.settle()
	v = h.scheduleView()
	var ev workspace.CalendarEvent
	for _, e := range v.data.events {
		ev = e
	}
	if ev.Title != "Members' meeting" || !strings.HasPrefix(ev.RRule, "FREQ=WEEKLY") {
		t.Fatalf("event saved as %+v", ev)
	}
	h.wantText("19:00–20:30\nMembers' meeting")
	v.step(1) // it repeats next week
	h.settle()
	if len(h.scheduleView().data.occs) != 1 {
		t.Fatalf("next week has %d occurrences, want 1", len(h.scheduleView().data.occs))
	}

	// Editing it shows the repeat it was saved with.
	v = h.scheduleView()
	v.eventForm(&ev, v.data.occs[0].Start)
	if h.u.shell.eventForm.repeat.Selected != "Every week" {
		t.Fatalf("edit form shows repeat %q", h.u.shell.eventForm.repeat.Selected)
	}
	h.u.shell.eventForm.dlg.Hide()

	var buf closingBuffer
	v.exportTo(&buf)
	h.settle()
	if !buf.closed || !strings.Contains(buf.String(), "BEGIN:VCALENDAR") || !strings.Contains(buf.String(), "Members' meeting") {
		t.Fatalf("export wrote %q (closed %v)", buf.String(), buf.closed)
	}
}

type closingBuffer struct {
	bytes.Buffer
	closed bool
}

func (b *closingBuffer) Close() error { b.closed = true; return nil }

func TestConflictIsHighlightedAndResolved(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	id, sid, _ := newRota(t, h, 1)
	bo := newColleague(t, h, "Bo", "member")
	c := h.coop()
	bo.receive(t, c, id)
	// Both take the last place on their own computers, then sync.
	if err := c.SignUp(id, sid); err != nil {
		t.Fatal(err)
	}
	if err := bo.coop.SignUp(id, sid); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, id)
	h.settle()
	v := h.scheduleView()
	if !v.inConflict(sid) || len(v.conflicts.Objects) == 0 {
		t.Fatal("the over-capacity conflict is not shown")
	}
	h.wantText("2 signed up for 1 place")
	// As the rota's organiser I may take Bo off; I take myself off instead.
	h.button("Take Bo off Morning bake 09:00")
	h.tap("Withdraw me from Morning bake 09:00")
	v = h.scheduleView()
	if v.inConflict(sid) || len(v.conflicts.Objects) != 0 {
		t.Fatal("the conflict is still shown after withdrawing")
	}
	if got := v.cards[sid].places.Text; got != "1 of 1 place taken" {
		t.Fatalf("after resolving: %q", got)
	}
}

func TestColleaguesStandInRequestIsShownAndNotified(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	id, sid, _ := newRota(t, h, 2)
	bo := newColleague(t, h, "Bo", "member")
	c := h.coop()
	if err := c.SignUp(id, sid); err != nil {
		t.Fatal(err)
	}
	bo.receive(t, c, id)
	if err := bo.coop.SignUp(id, sid); err != nil {
		t.Fatal(err)
	}
	if err := bo.coop.RequestStandIn(id, sid, "Dentist"); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, id)
	h.settle()
	h.wantText("Bo asks for a stand-in: “Dentist”")
	found := false
	for _, n := range h.notes {
		found = found || strings.HasPrefix(n, "Stand-in needed: Bo asks for a stand-in on Morning bake")
	}
	if !found {
		t.Fatalf("no stand-in notification; sent: %q", h.notes)
	}
	if h.u.shell.badges[secSchedules] != "1" {
		t.Fatalf("schedules badge %q", h.u.shell.badges[secSchedules])
	}
}

func TestAcceptAStandInOffer(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	id, sid, _ := newRota(t, h, 1)
	bo := newColleague(t, h, "Bo", "member")
	c := h.coop()
	if err := c.SignUp(id, sid); err != nil {
		t.Fatal(err)
	}
	if err := c.RequestStandIn(id, sid, "Away"); err != nil {
		t.Fatal(err)
	}
	bo.receive(t, c, id)
	if err := bo.coop.OfferStandIn(id, sid, h.u.me()); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, id)
	h.settle()
	h.wantText("You asked for a stand-in")
	h.wantText("Bo offers")
	h.tap("Accept")
	sh, err := mustSchedule(t, c, id).Shift(sid)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Has(h.u.me()) || len(sh.SignUps) != 1 {
		t.Fatalf("after accepting, the shift has %+v", sh.SignUps)
	}
	h.wantText("Bo")
	if got := h.scheduleView().cards[sid].places.Text; got != "1 of 1 place taken" {
		t.Fatalf("places: %q", got)
	}
}

func mustSchedule(t *testing.T, c *workspace.Coop, id string) *workspace.Schedule {
	t.Helper()
	s, err := c.Schedule(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestShiftEndingBeforeItStartsIsRefused: an end before the start used to
// become a 23-hour shift silently; now it is refused with the reason, the
// form stays open with what was typed, and a night shift is one tick away.
func TestShiftEndingBeforeItStartsIsRefused(t *testing.T) {
	h := newHarnessAt(t, time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local), founded("Riverside Bakery", "Ana"))
	id, _, start := newRota(t, h, 2)
	before := len(h.shifts(id))
	v := h.scheduleView()
	v.shiftForm()
	f := h.u.shell.shiftForm
	test.Type(f.role, "Night watch")
	f.date.SetText(start.Format("2006-01-02"))
	f.start.SetText("22:00")
	f.end.SetText("06:00")
	test.Tap(f.save)
	h.settle()
	if got := len(h.shifts(id)); got != before {
		t.Fatalf("a shift ending before it starts was added (%d shifts, had %d)", got, before)
	}
	if !strings.Contains(h.u.shell.lastError, "not after it starts") || !strings.Contains(h.u.shell.lastError, nextDayLabel) {
		t.Fatalf("the member was told %q", h.u.shell.lastError)
	}
	if f.role.Text != "Night watch" || f.end.Text != "06:00" {
		t.Fatalf("the form lost what was typed: %q %q", f.role.Text, f.end.Text)
	}
	f.nextDay.SetChecked(true)
	test.Tap(f.save)
	h.settle()
	shifts := h.shifts(id)
	found := false
	for _, sh := range shifts {
		if sh.Role == "Night watch" {
			found = true
			if d := sh.End.Sub(sh.Start); d != 8*time.Hour {
				t.Fatalf("the night shift lasts %v, want 8h", d)
			}
		}
	}
	if !found {
		t.Fatal("the night shift was not added with the next-day tick")
	}
}
