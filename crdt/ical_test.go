package crdt

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// icalSample builds a schedule with one of each kind of event and a shift.
func icalSample(t *testing.T) (*Schedule, map[string]string) {
	s := newSchedTest(t, schedIdentity(t))
	berlin, ny := schedZoneT(t, "Europe/Berlin"), schedZoneT(t, "America/New_York")
	ids := map[string]string{}
	add := func(name string, spec EventSpec) {
		id, err := s.AddEvent(spec)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids[name] = id
	}
	bake := time.Date(2026, 3, 16, 9, 0, 0, 0, berlin)
	add("weekly", EventSpec{
		Title:       "Bake; then clean, please",
		Location:    "Kitchen, back room",
		TimeZone:    "Europe/Berlin",
		Description: "Line one\nLine two: a \\ backslash, commas; semicolons\n«unicode» ✓ and a long line " + strings.Repeat("long ", 30),
		Start:       bake,
		End:         bake.Add(2 * time.Hour),
		RRule:       "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260601T000000Z",
		ExDates:     []time.Time{bake.AddDate(0, 0, 14), bake.AddDate(0, 0, 28)},
	})
	add("all-day", EventSpec{Title: "Harvest festival", TimeZone: "America/New_York", AllDay: true,
		Start: time.Date(2026, 9, 19, 0, 0, 0, 0, ny), End: time.Date(2026, 9, 20, 0, 0, 0, 0, ny), RRule: "FREQ=YEARLY;COUNT=3"})
	add("utc", EventSpec{Title: "Call", Start: time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 20, 15, 45, 0, 0, time.UTC)})
	add("monthly", EventSpec{Title: "Assembly", TimeZone: "Europe/Berlin", Start: time.Date(2026, 3, 3, 19, 0, 0, 0, berlin),
		End: time.Date(2026, 3, 3, 21, 0, 0, 0, berlin), RRule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU;COUNT=4"})
	add("gone", EventSpec{Title: "Cancelled picnic", Start: bake, End: bake.Add(time.Hour)})
	if err := s.DeleteEvent(ids["gone"]); err != nil {
		t.Fatal(err)
	}
	shift := schedAddShift(t, s, "Till", bake, 3, 2)
	ids["shift"] = shift
	if err := s.SignUp(shift); err != nil {
		t.Fatal(err)
	}
	return s, ids
}

// icalVEvent finds the VEVENT with uid in an export.
func icalVEvent(t *testing.T, data []byte, uid string) *ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range cal.Events() {
		if v.Id() == uid {
			return v
		}
	}
	t.Fatalf("no VEVENT %s in\n%s", uid, data)
	return nil
}

func TestICalRoundTrip(t *testing.T) {
	src, _ := icalSample(t)
	data, err := src.ExportICS()
	if err != nil {
		t.Fatal(err)
	}
	dst := newSchedTest(t, schedIdentity(t))
	n, err := dst.ImportICS(data)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 { // four live events; the cancelled one and the shift are not imported
		t.Fatalf("imported %d, want 4", n)
	}
	if shifts, _ := dst.Shifts(); len(shifts) != 0 {
		t.Fatalf("shifts imported as such: %+v", shifts)
	}
	want, _ := src.Events()
	got, _ := dst.Events()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.UID != w.UID || g.Title != w.Title || g.Location != w.Location || g.Description != w.Description ||
			g.TimeZone != w.TimeZone || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.AllDay != w.AllDay ||
			g.RRule != w.RRule || !slices.EqualFunc(g.ExDates, w.ExDates, time.Time.Equal) || g.Sequence != w.Sequence {
			t.Fatalf("round trip changed an event:\n got %+v\nwant %+v", g, w)
		}
	}
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)
	wo, _ := src.Occurrences(from, to)
	gotOcc, _ := dst.Occurrences(from, to)
	if len(wo) != len(gotOcc) || len(wo) < 10 {
		t.Fatalf("%d occurrences after the round trip, want %d", len(gotOcc), len(wo))
	}
	for i := range wo {
		if !wo[i].Start.Equal(gotOcc[i].Start) || !wo[i].End.Equal(gotOcc[i].End) || wo[i].Title != gotOcc[i].Title {
			t.Fatalf("occurrence %d: %+v, want %+v", i, gotOcc[i], wo[i])
		}
	}
	// Importing the same file again, here or into the exporting schedule, changes nothing.
	for name, s := range map[string]*Schedule{"importer": dst, "exporter": src} {
		heads := strings.Join(s.Heads(), ",")
		if n, err := s.ImportICS(data); err != nil || n != 0 || strings.Join(s.Heads(), ",") != heads {
			t.Fatalf("%s re-import: %d, %v", name, n, err)
		}
	}
	if evs, _ := src.Events(); len(evs) != len(want) {
		t.Fatalf("exporter gained events from its own file: %d", len(evs))
	}
}

func TestICalExportStableAndSequenced(t *testing.T) {
	s, ids := icalSample(t)
	first, err := s.ExportICS()
	if err != nil {
		t.Fatal(err)
	}
	second, _ := s.ExportICS()
	if !bytes.Equal(first, second) {
		t.Fatal("two exports of the same document differ")
	}
	if !bytes.Contains(first, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(first, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("lines are not CRLF-terminated")
	}
	for _, line := range strings.Split(string(first), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets: %q", line)
		}
	}
	uid := ids["weekly"] + "@mutual"
	v := icalVEvent(t, first, uid)
	for prop, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertySequence: "0",
		ics.ComponentPropertyRrule:    "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260601T000000Z",
		ics.ComponentPropertyDtStart:  "20260316T090000",
		ics.ComponentPropertyStatus:   "CONFIRMED",
	} {
		if p := v.GetProperty(prop); p == nil || p.Value != want {
			t.Fatalf("%s = %v, want %q", prop, p, want)
		}
	}
	if tz := v.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"]; !slices.Equal(tz, []string{"Europe/Berlin"}) {
		t.Fatalf("DTSTART TZID %v", tz)
	}
	if ex := v.GetProperties(ics.ComponentPropertyExdate); len(ex) != 2 || ex[0].Value != "20260330T090000" {
		t.Fatalf("EXDATEs %+v", ex)
	}
	gone := icalVEvent(t, first, ids["gone"]+"@mutual")
	if gone.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" || gone.GetProperty(ics.ComponentPropertySequence).Value != "1" {
		t.Fatal("deleted event not exported as cancelled with a raised sequence")
	}
	shift := icalVEvent(t, first, ids["shift"]+".shift@mutual")
	if shift.GetProperty(ics.ComponentPropertyCategories).Value != "SHIFT" || !strings.Contains(shift.GetProperty(ics.ComponentPropertyDescription).Value, "Places: 1 of 2 taken") {
		t.Fatal("shift VEVENT lacks its category or places")
	}
	allDay := icalVEvent(t, first, ids["all-day"]+"@mutual")
	if p := allDay.GetProperty(ics.ComponentPropertyDtStart); p.Value != "20260919" || p.ICalParameters["VALUE"][0] != "DATE" {
		t.Fatalf("all-day DTSTART %+v", p)
	}
	// Each edit raises SEQUENCE; the UID stays.
	for i := 1; i <= 2; i++ {
		e, _ := s.Event(ids["weekly"])
		spec := e.Spec()
		spec.Title = "Bake " + strings.Repeat("!", i)
		if err := s.EditEvent(ids["weekly"], spec); err != nil {
			t.Fatal(err)
		}
		data, _ := s.ExportICS()
		v := icalVEvent(t, data, uid)
		if got := v.GetProperty(ics.ComponentPropertySequence).Value; got != string(rune('0'+i)) {
			t.Fatalf("SEQUENCE after %d edits = %s", i, got)
		}
		if v.GetProperty(ics.ComponentPropertySummary).Value != spec.Title {
			t.Fatal("edit not exported")
		}
	}
	// UIDs are the same in every export.
	uidRE := regexp.MustCompile(`(?m)^UID:(.*)\r$`)
	after, _ := s.ExportICS()
	if a, b := uidRE.FindAllString(string(first), -1), uidRE.FindAllString(string(after), -1); !slices.Equal(a, b) || len(a) != 6 {
		t.Fatalf("UIDs changed between exports:\n%v\n%v", a, b)
	}
}

func TestICalUpdatesFlowThroughFiles(t *testing.T) {
	src, ids := icalSample(t)
	data, _ := src.ExportICS()
	dst := newSchedTest(t, schedIdentity(t))
	if _, err := dst.ImportICS(data); err != nil {
		t.Fatal(err)
	}
	// An edit and a cancellation at the source reach the copy through a new file.
	e, _ := src.Event(ids["utc"])
	spec := e.Spec()
	spec.Start, spec.End = spec.Start.Add(time.Hour), spec.End.Add(time.Hour)
	if err := src.EditEvent(ids["utc"], spec); err != nil {
		t.Fatal(err)
	}
	if err := src.DeleteEvent(ids["monthly"]); err != nil {
		t.Fatal(err)
	}
	data, _ = src.ExportICS()
	n, err := dst.ImportICS(data)
	if err != nil || n != 2 {
		t.Fatalf("update import: %d, %v", n, err)
	}
	copyUTC := icalEventByUID(t, dst, ids["utc"]+"@mutual")
	if !copyUTC.Start.Equal(spec.Start) || copyUTC.Sequence < 1 {
		t.Fatalf("edit not applied: %+v", copyUTC)
	}
	for _, e := range func() []Event { evs, _ := dst.Events(); return evs }() {
		if e.UID == ids["monthly"]+"@mutual" {
			t.Fatal("cancelled event still listed")
		}
	}
	// A locally deleted event is not brought back by an old file.
	if err := dst.DeleteEvent(copyUTC.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := dst.ImportICS(data); err != nil || n != 0 {
		t.Fatalf("old file: %d, %v", n, err)
	}
}

func TestICalConcurrentImportsConverge(t *testing.T) {
	a, b := schedIdentity(t), schedIdentity(t)
	sa := newSchedTest(t, a)
	sb := schedReplica(t, sa, b)
	data := icalFixture(t, "google.ics")
	for _, s := range []*Schedule{sa, sb} {
		if _, err := s.ImportICS(data); err != nil {
			t.Fatal(err)
		}
	}
	schedMerge(t, sa, sb)
	if evs, _ := sa.Events(); len(evs) != 4 {
		t.Fatalf("two offline imports of one file made %d events, want 4", len(evs))
	}
}

func TestICalTimezoneBlocks(t *testing.T) {
	s, _ := icalSample(t)
	data, _ := s.ExportICS()
	text := string(data)
	for _, want := range []string{
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n",
		"BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT",
		"BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD",
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("export lacks %q", want)
		}
	}
	// The New York event is all-day: DATE values carry no zone, so no VTIMEZONE.
	if strings.Contains(text, "BEGIN:VTIMEZONE\r\nTZID:America/New_York") {
		t.Fatal("VTIMEZONE written for a zone only all-day events use")
	}
	utcOnly := newSchedTest(t, schedIdentity(t))
	_, _ = utcOnly.AddEvent(EventSpec{Title: "x", Start: schedTestStart, End: schedTestStart.Add(time.Hour)})
	if d, _ := utcOnly.ExportICS(); strings.Contains(string(d), "VTIMEZONE") {
		t.Fatal("VTIMEZONE for UTC")
	}
	for sec, want := range map[int]string{0: "+0000", 3600: "+0100", -12600: "-0330", 19800: "+0530", 3605: "+010005"} {
		if got := icalOffset(sec); got != want {
			t.Errorf("icalOffset(%d) = %s, want %s", sec, got, want)
		}
	}
}
