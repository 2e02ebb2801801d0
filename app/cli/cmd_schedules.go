package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
	"github.com/mutual-coop/mutual/crdt"
	"github.com/spf13/pflag"
)

func init() {
	register(
		&command{name: "event", group: "Schedules",
			usage: "add|edit SCHEDULE [EVENT] --title T --start TIME --end TIME [--tz ZONE] [--location L] [--description D] [--rrule RULE] [--all-day]\n" +
				"      | delete SCHEDULE EVENT | skip SCHEDULE EVENT TIME | rsvp SCHEDULE EVENT yes|no|maybe",
			summary: "Add, change or cancel events. --rrule takes an iCalendar rule such as FREQ=WEEKLY;BYDAY=TU;COUNT=10;\n" +
				"skip adds an exception date to a recurring event.",
			run: runEvent},
		&command{name: "shift", group: "Schedules",
			usage:   "add|edit SCHEDULE [SHIFT] --role R --start TIME --end TIME --capacity N [--tz ZONE] [--notes N] | delete SCHEDULE SHIFT",
			summary: "Add, change or cancel shifts.",
			run:     runShift},
		&command{name: "signup", group: "Schedules", usage: "SCHEDULE SHIFT", summary: "Sign up for a shift.", run: runSignup},
		&command{name: "withdraw", group: "Schedules", usage: "SCHEDULE SHIFT", summary: "Withdraw from a shift.", run: runWithdraw},
		&command{name: "standin", group: "Schedules",
			usage:   "request SCHEDULE SHIFT [--note N] | offer SCHEDULE SHIFT MEMBER | accept SCHEDULE SHIFT MEMBER",
			summary: "Ask for someone to take your place in a shift, offer to take a member's place, or accept an offer.",
			run:     runStandIn},
		&command{name: "conflicts", group: "Schedules", usage: "SCHEDULE [--json]",
			summary: "List shifts over capacity and members booked into overlapping shifts (they arise when members\nsign up while offline; nothing is dropped until a person resolves them).",
			run:     runConflicts},
		&command{name: "agenda", group: "Schedules", usage: "SCHEDULE [--from TIME] [--days N] [--json]",
			summary: "List event occurrences (recurrences expanded) and shifts in a period (default: the next 14 days).",
			run:     runAgenda},
	)
}

type eventArgs struct {
	title, start, end, tz, location, description, rrule string
	allDay                                              bool
}

// span reads --start and --end (END may be a duration after START).
func span(r *run, start, end, tz string) (time.Time, time.Time, *time.Location, error) {
	loc, err := location(tz)
	if err != nil {
		return time.Time{}, time.Time{}, nil, err
	}
	s, err := parseWhen(start, r.ws.Now(), loc)
	if err != nil {
		return time.Time{}, time.Time{}, nil, err
	}
	if d, err := time.ParseDuration(end); err == nil {
		return s, s.Add(d), loc, nil
	}
	e, err := parseWhen(end, r.ws.Now(), loc)
	return s, e, loc, err
}

func runEvent(r *run, args []string) error {
	if len(args) == 0 {
		return usagef("usage: mutual event add|edit|delete|skip|rsvp SCHEDULE ...")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add", "edit":
		fs := newFlags("event " + sub)
		var a eventArgs
		fs.StringVar(&a.title, "title", "", "title")
		fs.StringVar(&a.start, "start", "", "start")
		fs.StringVar(&a.end, "end", "", "end")
		fs.StringVar(&a.tz, "tz", "", "zone")
		fs.StringVar(&a.location, "location", "", "location")
		fs.StringVar(&a.description, "description", "", "description")
		fs.StringVar(&a.rrule, "rrule", "", "rule")
		fs.BoolVar(&a.allDay, "all-day", false, "whole days")
		pos, err := r.parse(fs, args)
		if err != nil {
			return err
		}
		if sub == "edit" {
			if len(pos) != 2 {
				return usagef("usage: mutual event edit SCHEDULE EVENT [--title T] [--start TIME] [--end TIME] [...]")
			}
			return editEvent(r, fs, pos[0], pos[1], a)
		}
		if len(pos) != 1 || a.title == "" || a.start == "" || a.end == "" {
			return usagef("usage: mutual event add SCHEDULE --title T --start TIME --end TIME [...]")
		}
		start, end, loc, err := span(r, a.start, a.end, a.tz)
		if err != nil {
			return err
		}
		spec := workspace.EventSpec{Title: a.title, Location: a.location, Description: a.description, TimeZone: zoneName(loc),
			Start: start, End: end, AllDay: a.allDay, RRule: a.rrule}
		c, id, err := r.resolve(pos[0])
		if err != nil {
			return err
		}
		eid, err := c.AddEvent(id, spec)
		if err != nil {
			return err
		}
		return r.out(map[string]string{"id": eid}, func(w io.Writer) { fmt.Fprintln(w, eid) })
	case "delete":
		c, id, err := r.target(args, 2, "event delete SCHEDULE EVENT")
		if err != nil {
			return err
		}
		return c.DeleteEvent(id, args[1])
	case "skip":
		c, id, err := r.target(args, 3, "event skip SCHEDULE EVENT TIME")
		if err != nil {
			return err
		}
		t, err := parseWhen(args[2], r.ws.Now(), time.Local)
		if err != nil {
			return err
		}
		return c.SkipOccurrence(id, args[1], t)
	case "rsvp":
		c, id, err := r.target(args, 3, "event rsvp SCHEDULE EVENT yes|no|maybe")
		if err != nil {
			return err
		}
		return c.RSVP(id, args[1], args[2])
	}
	return usagef("unknown event command %q (add, edit, delete, skip, rsvp)", sub)
}

func runShift(r *run, args []string) error {
	if len(args) == 0 {
		return usagef("usage: mutual shift add|edit|delete SCHEDULE ...")
	}
	sub, args := args[0], args[1:]
	if sub == "delete" {
		c, id, err := r.target(args, 2, "shift delete SCHEDULE SHIFT")
		if err != nil {
			return err
		}
		return c.DeleteShift(id, args[1])
	}
	if sub != "add" && sub != "edit" {
		return usagef("unknown shift command %q (add, edit, delete)", sub)
	}
	fs := newFlags("shift " + sub)
	role := fs.String("role", "", "what the shift is")
	start := fs.String("start", "", "start")
	end := fs.String("end", "", "end (or a duration)")
	capacity := fs.Int("capacity", 1, "members needed")
	tz := fs.String("tz", "", "zone")
	notes := fs.String("notes", "", "notes")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if sub == "edit" {
		if len(pos) != 2 {
			return usagef("usage: mutual shift edit SCHEDULE SHIFT [--role R] [--start TIME] [--end TIME] [--capacity N] [--notes N]")
		}
		return editShift(r, fs, pos[0], pos[1])
	}
	if len(pos) != 1 || *role == "" || *start == "" || *end == "" {
		return usagef("usage: mutual shift add SCHEDULE --role R --start TIME --end TIME --capacity N")
	}
	s, e, loc, err := span(r, *start, *end, *tz)
	if err != nil {
		return err
	}
	spec := workspace.ShiftSpec{Role: *role, Start: s, End: e, Capacity: *capacity, TimeZone: zoneName(loc), Notes: *notes}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	sid, err := c.AddShift(id, spec)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": sid}, func(w io.Writer) { fmt.Fprintln(w, sid) })
}

func shiftCmd(r *run, args []string, usage string, fn func(c *workspace.Coop, id, shift string) error) error {
	if err := r.need(&args, 2, usage); err != nil {
		return err
	}
	c, id, err := r.resolve(args[0])
	if err != nil {
		return err
	}
	return fn(c, id, args[1])
}

func runSignup(r *run, args []string) error {
	return shiftCmd(r, args, "signup SCHEDULE SHIFT", (*workspace.Coop).SignUp)
}

func runWithdraw(r *run, args []string) error {
	return shiftCmd(r, args, "withdraw SCHEDULE SHIFT", (*workspace.Coop).Withdraw)
}

func runStandIn(r *run, args []string) error {
	if len(args) == 0 {
		return usagef("usage: mutual standin request|offer|accept SCHEDULE SHIFT ...")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("standin " + sub)
	note := fs.String("note", "", "a note for whoever takes it")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	switch sub {
	case "request":
		return shiftCmd(r, pos, "standin request SCHEDULE SHIFT [--note N]", func(c *workspace.Coop, id, shift string) error {
			return c.RequestStandIn(id, shift, *note)
		})
	case "offer", "accept":
		if err := r.need(&pos, 3, "standin "+sub+" SCHEDULE SHIFT MEMBER"); err != nil {
			return err
		}
		c, id, err := r.resolve(pos[0])
		if err != nil {
			return err
		}
		m, err := c.FindMember(pos[2])
		if err != nil {
			return err
		}
		if sub == "offer" {
			return c.OfferStandIn(id, pos[1], m)
		}
		return c.AcceptStandIn(id, pos[1], m)
	}
	return usagef("unknown standin command %q (request, offer, accept)", sub)
}

func runConflicts(r *run, args []string) error {
	c, id, err := r.target(args, 1, "conflicts SCHEDULE")
	if err != nil {
		return err
	}
	s, err := c.Schedule(id)
	if err != nil {
		return err
	}
	cs, err := s.Conflicts()
	if err != nil {
		return err
	}
	return r.out(cs, func(w io.Writer) {
		if len(cs) == 0 {
			fmt.Fprintln(w, "No conflicts.")
		}
		for _, x := range cs {
			fmt.Fprintf(w, "%s: %s\n", x.Kind, x.Detail)
		}
	})
}

func runAgenda(r *run, args []string) error {
	fs := newFlags("agenda")
	from := fs.String("from", "", "start of the period (default now)")
	days := fs.Int("days", 14, "length of the period in days")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *days < 1 || *days > 3660 {
		return usagef("usage: mutual agenda SCHEDULE [--from TIME] [--days N]")
	}
	start := r.ws.Now()
	if *from != "" {
		if start, err = parseWhen(*from, start, time.Local); err != nil {
			return err
		}
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	s, err := c.Schedule(id)
	if err != nil {
		return err
	}
	end := start.AddDate(0, 0, *days)
	occ, err := s.Occurrences(start, end)
	if err != nil {
		return err
	}
	shifts, err := s.Shifts()
	if err != nil {
		return err
	}
	v, _ := c.Members()
	type agenda struct {
		Occurrences []workspace.Occurrence `json:"occurrences"`
		Shifts      []workspace.Shift      `json:"shifts"`
	}
	var inPeriod []workspace.Shift
	for _, sh := range shifts {
		if !sh.Deleted && sh.End.After(start) && sh.Start.Before(end) {
			inPeriod = append(inPeriod, sh)
		}
	}
	return r.out(agenda{occ, inPeriod}, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, l := range agendaLines(occ, inPeriod, v) {
			fmt.Fprint(tw, l.text)
		}
		tw.Flush()
	})
}

// editSpan moves a record's start and end by the flags given: --start alone
// keeps the length, --end alone keeps the start; --tz is the zone the new
// times are read in and the record's zone (alone, it keeps the instants).
func editSpan(r *run, fs *pflag.FlagSet, start, end time.Time, zone string) (time.Time, time.Time, string, error) {
	tz := zone
	if fs.Changed("tz") {
		tz, _ = fs.GetString("tz")
	}
	loc, err := location(tz)
	if err != nil {
		return start, end, zone, err
	}
	length := end.Sub(start)
	if fs.Changed("start") {
		v, _ := fs.GetString("start")
		if start, err = parseWhen(v, r.ws.Now(), loc); err != nil {
			return start, end, zone, err
		}
		end = start.Add(length)
	}
	if fs.Changed("end") {
		v, _ := fs.GetString("end")
		if d, derr := time.ParseDuration(v); derr == nil {
			end = start.Add(d)
		} else if end, err = parseWhen(v, r.ws.Now(), loc); err != nil {
			return start, end, zone, err
		}
	}
	return start, end, zoneName(loc), nil
}

// editEvent changes only what the flags given say; the rest of the event
// stays as it is.
func editEvent(r *run, fs *pflag.FlagSet, sched, eventID string, a eventArgs) error {
	c, id, err := r.resolve(sched)
	if err != nil {
		return err
	}
	s, err := c.Schedule(id)
	if err != nil {
		return err
	}
	cur, err := s.Event(eventID)
	if err != nil {
		return err
	}
	spec := workspace.EventSpec{Title: cur.Title, Location: cur.Location, Description: cur.Description, TimeZone: cur.TimeZone,
		Start: cur.Start, End: cur.End, AllDay: cur.AllDay, RRule: cur.RRule, ExDates: cur.ExDates}
	for name, set := range map[string]func(){
		"title": func() { spec.Title = a.title }, "location": func() { spec.Location = a.location },
		"description": func() { spec.Description = a.description }, "rrule": func() { spec.RRule = a.rrule },
		"all-day": func() { spec.AllDay = a.allDay },
	} {
		if fs.Changed(name) {
			set()
		}
	}
	if spec.Start, spec.End, spec.TimeZone, err = editSpan(r, fs, spec.Start, spec.End, spec.TimeZone); err != nil {
		return err
	}
	return c.EditEvent(id, eventID, spec)
}

// editShift changes only what the flags given say.
func editShift(r *run, fs *pflag.FlagSet, sched, shiftID string) error {
	c, id, err := r.resolve(sched)
	if err != nil {
		return err
	}
	s, err := c.Schedule(id)
	if err != nil {
		return err
	}
	cur, err := s.Shift(shiftID)
	if err != nil {
		return err
	}
	spec := workspace.ShiftSpec{Role: cur.Role, Start: cur.Start, End: cur.End, Capacity: cur.Capacity, TimeZone: cur.TimeZone, Notes: cur.Notes}
	if fs.Changed("role") {
		spec.Role, _ = fs.GetString("role")
	}
	if fs.Changed("notes") {
		spec.Notes, _ = fs.GetString("notes")
	}
	if fs.Changed("capacity") {
		spec.Capacity, _ = fs.GetInt("capacity")
	}
	if spec.Start, spec.End, spec.TimeZone, err = editSpan(r, fs, spec.Start, spec.End, spec.TimeZone); err != nil {
		return err
	}
	return c.EditShift(id, shiftID, spec)
}

// agendaLine is one row of the agenda, events and shifts alike.
type agendaLine struct {
	start time.Time
	text  string
}

// agendaLines lists events and shifts together in time order (a stable
// sort: at the same time, events first).
func agendaLines(occ []workspace.Occurrence, shifts []workspace.Shift, v *workspace.RosterView) []agendaLine {
	var lines []agendaLine
	for _, o := range occ {
		lines = append(lines, agendaLine{o.Start, fmt.Sprintf("%s\t%s\tevent\t%s\n", fmtTime(o.Start), o.End.Local().Format("15:04"), o.Title)})
	}
	for _, sh := range shifts {
		names := make([]string, len(sh.SignUps))
		for i, su := range sh.SignUps {
			names[i] = v.NameOf(su.Member)
		}
		lines = append(lines, agendaLine{sh.Start, fmt.Sprintf("%s\t%s\tshift\t%s (%d/%d: %s) [%s]\n", fmtTime(sh.Start), sh.End.Local().Format("15:04"), sh.Role,
			len(sh.SignUps), sh.Capacity, strings.Join(names, ", "), crdt.ShortID(sh.ID))})
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].start.Before(lines[j].start) })
	return lines
}
