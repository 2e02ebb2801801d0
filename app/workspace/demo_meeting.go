package workspace

import (
	"fmt"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// meetings seeds last month's general meeting — chaired by Priya, notes by
// Mei, a proxy from Dev, presences confirmed on members' devices and two
// recorded by the chair, minutes approved, one action done and one not —
// and next week's, called by this member, whose agenda starts with the
// action still open.
func (d *demo) meetings() error {
	v, err := d.c.Members()
	if err != nil {
		return err
	}
	start := demoWall(d.day(-28), 18, 30)
	priya, mei := d.others["Priya"], d.others["Mei"]
	m, err := crdt.NewMeeting(d.c.id, crdt.MeetingSpec{Title: "General meeting, last month", Start: start, End: start.Add(2 * time.Hour),
		Place: "The back room", Chair: priya.id.Member(), NoteTaker: mei.id.Member(), MaxProxies: 2}, v, priya.id, start.Add(-7*24*time.Hour))
	if err != nil {
		return err
	}
	// Stored as this computer's own copy (Priya's copy signs as Priya).
	mine, err := crdt.Load(m.Save(), d.me)
	if err != nil {
		return err
	}
	if err := d.c.storeNewRemote(mine); err != nil {
		return err
	}
	id := m.ID()
	meet := func(who string, at time.Time, fn func(m *crdt.Meeting) error) error {
		return d.as(who, id, at, func(doc *crdt.Doc) error {
			m, err := crdt.AsMeeting(doc)
			if err != nil {
				return err
			}
			return fn(m)
		})
	}
	var rota string
	steps := []struct {
		who string
		at  time.Time
		fn  func(m *crdt.Meeting) error
	}{
		{"Priya", start.Add(-6 * 24 * time.Hour), func(m *crdt.Meeting) error {
			if _, err := m.AddAgendaItem(v, crdt.AgendaSpec{Title: "Summer opening hours"}); err != nil {
				return err
			}
			rota, err = m.AddAgendaItem(v, crdt.AgendaSpec{Title: "The flour supplier"})
			return err
		}},
		{"Dev", start.Add(-2 * 24 * time.Hour), func(m *crdt.Meeting) error { return m.GiveProxy(v, d.others["Tomás"].id.Member()) }},
		{"Priya", start, func(m *crdt.Meeting) error { return m.Start(v) }},
	}
	for i, who := range []string{"Priya", "Tomás", "Mei", "Kwame", "Lena", "", "Aisha", "Chloé"} {
		steps = append(steps, struct {
			who string
			at  time.Time
			fn  func(m *crdt.Meeting) error
		}{who, start.Add(time.Duration(i+1) * time.Minute), func(m *crdt.Meeting) error { return m.ConfirmPresence(v) }})
	}
	steps = append(steps, []struct {
		who string
		at  time.Time
		fn  func(m *crdt.Meeting) error
	}{
		{"Priya", start.Add(12 * time.Minute), func(m *crdt.Meeting) error {
			if err := m.RecordPresence(v, d.others["Jonas"].id.Member(), crdt.PresentInRoom); err != nil {
				return err
			}
			return m.RecordPresence(v, d.others["Marco"].id.Member(), crdt.PresentByCall)
		}},
		{"Mei", start.Add(90 * time.Minute), func(m *crdt.Meeting) error {
			md, err := m.Minutes()
			if err != nil {
				return err
			}
			md = "Ten members present, Dev represented by Tomás.\n\n" + md
			md += "We open at 7:00 on Saturdays from June; Jonas and Aisha take the first month.\n"
			return m.SetMinutes(v, md+"\nKwame asks two mills for prices before we decide.\n", false)
		}},
		{"Priya", start.Add(100 * time.Minute), func(m *crdt.Meeting) error {
			if _, err := m.AddAction(v, crdt.ActionSpec{What: "Ask two mills for flour prices", Who: d.others["Kwame"].id.Member(),
				Due: start.Add(14 * 24 * time.Hour), Item: rota}); err != nil {
				return err
			}
			_, err := m.AddAction(v, crdt.ActionSpec{What: "Repaint the shop sign", Who: d.others["Lena"].id.Member(), Due: start.Add(21 * 24 * time.Hour)})
			return err
		}},
		{"Priya", start.Add(2 * time.Hour), func(m *crdt.Meeting) error { return m.Close(v) }},
		{"Priya", start.Add(3 * 24 * time.Hour), func(m *crdt.Meeting) error { return m.ApproveMinutes(v) }},
	}...)
	for _, s := range steps {
		if err := meet(s.who, s.at, s.fn); err != nil {
			return fmt.Errorf("last month's meeting: %w", err)
		}
	}
	acts, err := d.c.Actions(false, false)
	if err != nil || len(acts) != 2 {
		return fmt.Errorf("last month's actions: %d, %v", len(acts), err)
	}
	for _, a := range acts {
		if a.What == "Ask two mills for flour prices" {
			if err := meet("Kwame", start.Add(10*24*time.Hour), func(m *crdt.Meeting) error { return m.SetActionDone(v, a.ID, true) }); err != nil {
				return err
			}
		}
	}
	next := demoWall(d.day(7), 18, 30)
	_, err = d.c.NewMeeting(MeetingSpec{Title: "General meeting", Start: next, End: next.Add(2 * time.Hour), Place: "The back room",
		Chair: priya.id.Member(), NoteTaker: mei.id.Member(), MaxProxies: 2})
	return err
}
