package workspace

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// The demo co-op (`mutual demo`) lets a new member see every part of Mutual
// at once: a bakery co-op of twelve members with a weekly rota, proposals in
// every state, and bylaws with amendments and a ratified version. The other
// eleven members get identities of their own, and everything they do is
// signed with them on their own copy of a document and merged in, exactly as
// if it had arrived by sync — so tallies and signatures verify.

// DemoCoopName is the name of the co-op SeedDemo creates.
const DemoCoopName = "Riverside Bread Co-op"

// demoMember is one of the other members of the demo co-op.
type demoMember struct {
	name string
	role crdt.Role
	id   *crdt.Identity
}

// demo holds the state of one seeding run.
type demo struct {
	c      *Coop
	me     *crdt.Identity
	now    time.Time
	zone   string
	loc    *time.Location
	others map[string]*demoMember // by first name

	bylaws, revision, ratifyProposal string
}

// SeedDemo founds the demo co-op with this member (myName) as its first
// admin. It refuses a data directory that already holds a co-op, so it can
// never mix sample data into a real co-op.
func (w *Workspace) SeedDemo(myName string) (*Coop, error) {
	if len(w.Coops()) > 0 {
		return nil, fmt.Errorf("%s already holds a co-op; the demo needs an empty data directory: %w", w.dir, ErrExists)
	}
	myName = strings.TrimSpace(myName)
	if myName == "" {
		myName = "Sam"
	}
	c, err := w.CreateCoop(DemoCoopName, myName)
	if err != nil {
		return nil, err
	}
	me, err := w.Identity()
	if err != nil {
		return nil, err
	}
	d := &demo{c: c, me: me, now: w.now(), others: map[string]*demoMember{}}
	d.zone, d.loc = demoZone()
	for _, step := range []func() error{d.members, d.otherAgreements, d.bylawsDraft, d.proposals, d.ratify, d.market, d.rota, d.meetings} {
		if err := step(); err != nil {
			return nil, fmt.Errorf("seed demo: %w", err)
		}
	}
	return c, nil
}

// demoZone is the local IANA time zone when it can be named, else UTC.
func demoZone() (string, *time.Location) {
	if name := LocalZone(); name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return name, loc
		}
	}
	return "", time.UTC
}

func (d *demo) members() error {
	for _, m := range []struct {
		name string
		role crdt.Role
	}{
		{"Priya Shah", crdt.RoleAdmin}, {"Tomás Ortega", crdt.RoleMember}, {"Mei Chen", crdt.RoleMember},
		{"Kwame Mensah", crdt.RoleMember}, {"Lena Fischer", crdt.RoleMember}, {"Jonas Berg", crdt.RoleMember},
		{"Aisha Bello", crdt.RoleMember}, {"Marco Rossi", crdt.RoleMember}, {"Chloé Martin", crdt.RoleMember},
		{"Dev Patel", crdt.RoleMember}, {"Rosa Lima", crdt.RoleObserver},
	} {
		id, err := crdt.NewIdentity()
		if err != nil {
			return err
		}
		if err := d.c.AddMember(id.Member(), m.name, string(m.role)); err != nil {
			return err
		}
		first, _, _ := strings.Cut(m.name, " ")
		d.others[first] = &demoMember{name: m.name, role: m.role, id: id}
	}
	return nil
}

// as runs fn on a copy of the document signed by who at time at, then merges
// the copy back in as a remote change.
func (d *demo) as(who, docID string, at time.Time, fn func(doc *crdt.Doc) error) error {
	id := d.me
	if who != "" {
		m, ok := d.others[who]
		if !ok {
			return fmt.Errorf("no demo member %q", who)
		}
		id = m.id
	}
	live, err := d.c.Doc(docID)
	if err != nil {
		return err
	}
	doc, err := crdt.Load(live.Save(), id)
	if err != nil {
		return err
	}
	doc.SetClock(func() time.Time { return at })
	if err := fn(doc); err != nil {
		return fmt.Errorf("%s on %s: %w", demoWho(who), docID, err)
	}
	return d.c.mergeIn(doc, true)
}

func demoWho(who string) string {
	if who == "" {
		return "you"
	}
	return who
}

func (d *demo) ago(h float64) time.Time { return d.now.Add(-time.Duration(h * float64(time.Hour))) }

// vote casts who's stance at time at.
func (d *demo) vote(docID, who string, at time.Time, reason string, choices ...crdt.Choice) error {
	return d.as(who, docID, at, func(doc *crdt.Doc) error {
		p, err := crdt.AsProposal(doc)
		if err != nil {
			return err
		}
		return p.Vote(choices, reason)
	})
}

func demoConsent(position string) crdt.Choice { return crdt.Choice{Option: position, Value: 1} }

// comment adds a comment by who and returns its ID.
func (d *demo) comment(docID, who string, at time.Time, parent, body string) (string, error) {
	var id string
	err := d.as(who, docID, at, func(doc *crdt.Doc) (err error) {
		id, err = doc.AddComment(parent, body)
		return err
	})
	return id, err
}

// stanceReply answers who's stance (their vote reason).
func (d *demo) stanceReply(docID, to, who string, at time.Time, body string) error {
	_, err := d.comment(docID, who, at, crdt.StanceParent(d.others[to].id.Member()), body)
	return err
}

// day is midnight (local to the demo zone) of the day offset days from today.
func (d *demo) day(offset int) time.Time {
	t := d.now.In(d.loc)
	return time.Date(t.Year(), t.Month(), t.Day()+offset, 0, 0, 0, 0, d.loc)
}

// wall is hh:mm on a day.
func demoWall(day time.Time, hh, mm int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, day.Location())
}

// monday is the Monday of the current week.
func (d *demo) monday() time.Time {
	wd := (int(d.day(0).Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.day(-wd)
}

const demoBylaws = `# Bylaws of the Riverside Bread Co-op

## 1. Purpose

We bake good bread for our neighbourhood and share the work, the decisions
and the surplus fairly among the people who do the work.

## 2. Membership

Anyone who has worked with us for three months may ask to join. Members
decide on new members by consent. Every member holds one share and one vote.

## 3. Decisions

Day-to-day decisions are made by whoever is on shift. Decisions that affect
everyone are made by proposal in Mutual: a proposal stays open for at least
five days and needs half of the members to take part.

## 4. Pay

Everyone is paid the same hourly rate, reviewed every year at the AGM.

## 5. Working hours

Members agree their hours on the rota. Nobody works more than five early
bakes in a row.

## 6. Surplus

After reserves, half of the surplus is shared by hours worked and half goes
to the community fund.

## 7. Changing these bylaws

These bylaws change by a consent proposal that ratifies a named version.
`

// bylawsDraft writes the bylaws, their founding version, an accepted
// amendment and the revision a proposal will ratify.
func (d *demo) bylawsDraft() error {
	id, err := d.c.NewAgreement("Bylaws", demoBylaws)
	if err != nil {
		return err
	}
	d.bylaws = id
	if _, err := d.c.SaveVersion(id, "Founding bylaws (2023)"); err != nil {
		return err
	}
	var amID string
	err = d.as("Priya", id, d.ago(24*12), func(doc *crdt.Doc) error {
		a, err := crdt.AsAgreement(doc)
		if err != nil {
			return err
		}
		amID, err = a.ProposeAmendment(crdt.AmendmentSpec{Section: "4. Pay",
			Replacement: "Everyone is paid the same hourly rate, never less than the local living wage,\nreviewed every year at the AGM. Apprentices are paid the full rate.\n",
			Reason:      "The living wage rose twice last year; the floor should follow it."})
		return err
	})
	if err != nil {
		return err
	}
	if err := d.c.DecideAmendment(id, amID, true, ""); err != nil {
		return err
	}
	err = d.as("Tomás", id, d.ago(24*11), func(doc *crdt.Doc) error {
		a, err := crdt.AsAgreement(doc)
		if err != nil {
			return err
		}
		body, err := a.Body()
		if err != nil {
			return err
		}
		return a.SetBody(strings.Replace(body, "five early\nbakes in a row.", "five early\nbakes in a row, and everyone has two days off together each week.", 1))
	})
	if err != nil {
		return err
	}
	d.revision, err = d.c.SaveVersion(id, "2025 revision")
	return err
}

// ratify records the ratification the closed proposal passed, its
// signatures, and the amendments proposed since.
func (d *demo) ratify() error {
	if err := d.c.Ratify(d.bylaws, d.revision, d.ratifyProposal); err != nil {
		return err
	}
	if err := d.c.SignRatification(d.bylaws, d.revision); err != nil {
		return err
	}
	for i, who := range []string{"Priya", "Tomás", "Mei", "Kwame", "Lena", "Aisha", "Marco", "Chloé"} {
		err := d.as(who, d.bylaws, d.ago(20-float64(i)), func(doc *crdt.Doc) error {
			a, err := crdt.AsAgreement(doc)
			if err != nil {
				return err
			}
			return a.SignRatification(d.revision)
		})
		if err != nil {
			return err
		}
	}
	propose := func(who string, h float64, spec crdt.AmendmentSpec) (string, error) {
		var amID string
		err := d.as(who, d.bylaws, d.ago(h), func(doc *crdt.Doc) error {
			a, err := crdt.AsAgreement(doc)
			if err != nil {
				return err
			}
			amID, err = a.ProposeAmendment(spec)
			return err
		})
		return amID, err
	}
	if _, err := propose("Kwame", 6, crdt.AmendmentSpec{Section: "5. Working hours",
		Replacement: "Members agree their hours on the rota. Nobody works more than four early\nbakes in a row, and everyone has two days off together each week.\n",
		Reason:      "Five early bakes in a row wore three of us out this winter."}); err != nil {
		return err
	}
	rejected, err := propose("Jonas", 30, crdt.AmendmentSpec{Original: "half goes\nto the community fund",
		Replacement: "a quarter goes\nto the community fund", Reason: "We need a bigger reserve for the new oven."})
	if err != nil {
		return err
	}
	if err := d.c.DecideAmendment(d.bylaws, rejected, false, "The oven is a separate proposal; the fund share stays as agreed."); err != nil {
		return err
	}
	_, err = d.comment(d.bylaws, "Lena", d.ago(5), "", "Could we add something about how apprentices become members?")
	return err
}

// proposal creates a proposal opened hoursAgo and closing closesIn from now.
func (d *demo) proposal(spec crdt.ProposalSpec, hoursAgo float64, closesIn time.Duration) (string, error) {
	spec.OpensAt = d.ago(hoursAgo)
	spec.ClosesAt = d.now.Add(closesIn)
	return d.c.NewProposal(spec)
}

// votes casts stances an hour apart from start.
func (d *demo) votes(docID string, start float64, stances ...demoStance) error {
	for i, s := range stances {
		if err := d.vote(docID, s.who, d.ago(start-float64(i)), s.reason, s.choices...); err != nil {
			return err
		}
	}
	return nil
}

type demoStance struct {
	who     string
	reason  string
	choices []crdt.Choice
}

func demoVote(who, position, reason string) demoStance {
	return demoStance{who: who, reason: reason, choices: []crdt.Choice{demoConsent(position)}}
}

func (d *demo) proposals() error {
	for _, step := range []func() error{d.ovenProposal, d.flourProposal, d.agmPoll, d.ratificationProposal, d.breadPoll} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// ovenProposal is open and waits for your vote; an observer's stance is
// shown as not counted.
func (d *demo) ovenProposal() error {
	id, err := d.proposal(crdt.ProposalSpec{Title: "Buy a second deck oven", Process: crdt.ProcessConsent,
		Quorum: 0.5, PassRule: crdt.PassConsensus, ReasonMode: crdt.ReasonForObjection,
		Body: "We turn away wholesale orders most Saturdays because the oven is full from 5 to 11.\n\n" +
			"**Proposal:** buy a second-hand three-deck oven from Hoffmann Bakery Supplies for **€9,800**, paid from the reserve.\n\n" +
			"- Delivery and installation: two days in the quiet week of August\n" +
			"- The reserve stays above three months of costs\n" +
			"- The quote includes a service of the proofer\n"}, 50, 5*24*time.Hour)
	if err != nil {
		return err
	}
	if err := d.votes(id, 46,
		demoVote("Priya", crdt.Agree, "We turn customers away every Saturday."),
		demoVote("Tomás", crdt.Agree, ""),
		demoVote("Mei", crdt.Abstain, "Happy either way, as long as the reserve stays healthy."),
		demoVote("Kwame", crdt.Disagree, "Let's fix the proofer first; it fails twice a week."),
		demoVote("Lena", crdt.Agree, "The numbers work, I checked them with our accountant."),
		demoVote("Rosa", crdt.Agree, "As an apprentice I'd love to learn on a deck oven!"),
	); err != nil {
		return err
	}
	c1, err := d.comment(id, "Aisha", d.ago(40), "", "Has anyone asked how much power it draws? Our supply is already close to its limit.")
	if err != nil {
		return err
	}
	if _, err := d.comment(id, "Priya", d.ago(39), c1, "Yes: 18 kW. The electrician says we are fine if the old proofer goes."); err != nil {
		return err
	}
	return d.stanceReply(id, "Kwame", "Tomás", d.ago(38), "The oven quote includes a proofer service, would that settle it for you?")
}

// flourProposal is open with a block.
func (d *demo) flourProposal() error {
	id, err := d.proposal(crdt.ProposalSpec{Title: "Switch to Mill Lane organic flour", Process: crdt.ProcessConsent,
		Quorum: 0.5, PassRule: crdt.PassConsensus,
		Body: "Mill Lane offers organic wheat and rye flour at 6% more than we pay now, milled 40 km away.\n\n" +
			"We would switch from the first of next month, with a three-month trial."}, 72, 4*24*time.Hour)
	if err != nil {
		return err
	}
	if err := d.votes(id, 70,
		demoVote("Jonas", crdt.Block, "Mill Lane cannot deliver before 6 am, so the morning bake would start late."),
		demoVote("Aisha", crdt.Agree, ""),
		demoVote("Marco", crdt.Agree, "Better flour, and a fairer price for the farmers."),
		demoVote("Chloé", crdt.Agree, ""),
	); err != nil {
		return err
	}
	if err := d.vote(id, "", d.ago(60), "Customers keep asking for organic bread.", demoConsent(crdt.Agree)); err != nil {
		return err
	}
	return d.stanceReply(id, "Jonas", "Chloé", d.ago(30), "Could they drop it the evening before? I'd be happy to stay late on Mondays and Thursdays.")
}

// agmPoll is a meeting-time poll that closes within a day.
func (d *demo) agmPoll() error {
	var slots []crdt.OptionSpec
	for i, day := range []int{7, 8, 10} { // next Monday, Tuesday and Thursday
		start := demoWall(d.monday().AddDate(0, 0, day), 19, 0)
		slots = append(slots, crdt.OptionSpec{Label: []string{"Monday evening", "Tuesday evening", "Thursday evening"}[i],
			Start: start, End: start.Add(2 * time.Hour)})
	}
	id, err := d.proposal(crdt.ProposalSpec{Title: "When should we hold the AGM?", Process: crdt.ProcessMeetingTime,
		Options: slots, Body: "Two hours, upstairs at the Lamb. We will go through the accounts and the pay review."}, 30, 20*time.Hour)
	if err != nil {
		return err
	}
	answers := map[string][3]int{
		"Priya": {crdt.SlotYes, crdt.SlotYes, crdt.SlotNo}, "Tomás": {crdt.SlotMaybe, crdt.SlotYes, crdt.SlotYes},
		"Mei": {crdt.SlotNo, crdt.SlotYes, crdt.SlotYes}, "Lena": {crdt.SlotYes, crdt.SlotMaybe, crdt.SlotNo},
		"Marco": {crdt.SlotYes, crdt.SlotYes, crdt.SlotMaybe}, "Dev": {crdt.SlotNo, crdt.SlotYes, crdt.SlotMaybe},
	}
	p, err := d.c.Proposal(id)
	if err != nil {
		return err
	}
	i := 0
	for _, who := range []string{"Priya", "Tomás", "Mei", "Lena", "Marco", "Dev"} {
		var cs []crdt.Choice
		for j, o := range p.Options {
			cs = append(cs, crdt.Choice{Option: o.ID, Value: answers[who][j]})
		}
		if err := d.vote(id, who, d.ago(28-float64(i)), "", cs...); err != nil {
			return err
		}
		i++
	}
	return nil
}

// ratificationProposal passed and closed: it ratifies the bylaws revision.
func (d *demo) ratificationProposal() error {
	id, err := d.proposal(crdt.ProposalSpec{Title: "Ratify the 2025 bylaws revision", Process: crdt.ProcessConsent,
		Quorum: 0.6, PassRule: crdt.PassConsensus,
		Ratifies: &crdt.RatifyLink{Agreement: d.bylaws, Version: d.revision},
		Body: "The revision sets the pay floor at the living wage and guarantees two days off together each week. " +
			"See the **Bylaws** agreement, version *2025 revision*."}, 24*9, 24*time.Hour)
	if err != nil {
		return err
	}
	var ss []demoStance
	for _, who := range []string{"Priya", "Tomás", "Mei", "Kwame", "Lena", "Jonas", "Aisha", "Marco", "Chloé"} {
		ss = append(ss, demoVote(who, crdt.Agree, ""))
	}
	ss = append(ss, demoVote("Dev", crdt.Abstain, "I joined after the discussion; I trust the group."))
	if err := d.votes(id, 24*8, ss...); err != nil {
		return err
	}
	if err := d.vote(id, "", d.ago(24*7), "", demoConsent(crdt.Agree)); err != nil {
		return err
	}
	if err := d.c.CloseProposal(id); err != nil {
		return err
	}
	if err := d.c.SetOutcome(id, "The 2025 bylaws revision is adopted. We review it at next year's AGM.", d.day(365)); err != nil {
		return err
	}
	d.ratifyProposal = id
	return nil
}

// breadPoll is a closed poll with a winner and an outcome.
func (d *demo) breadPoll() error {
	id, err := d.proposal(crdt.ProposalSpec{Title: "Where should our day-old bread go?", Process: crdt.ProcessChooseOne,
		Options: crdt.Labels("Riverside Food Bank", "St Anne's night shelter", "Community fridge on Mill Street"),
		Body:    "About 30 loaves a week are left at closing. Pick one place so that pickup is simple."}, 24*14, 24*time.Hour)
	if err != nil {
		return err
	}
	p, err := d.c.Proposal(id)
	if err != nil {
		return err
	}
	pick := map[string]int{"Priya": 0, "Tomás": 1, "Mei": 0, "Kwame": 2, "Lena": 0, "Jonas": 1, "Aisha": 0, "Marco": 2, "Chloé": 0, "": 1}
	i := 0
	for _, who := range []string{"Priya", "Tomás", "Mei", "Kwame", "Lena", "Jonas", "Aisha", "Marco", "Chloé", ""} {
		if err := d.vote(id, who, d.ago(24*13-float64(i)), "", crdt.Choice{Option: p.Options[pick[who]].ID, Value: 1}); err != nil {
			return err
		}
		i++
	}
	if err := d.c.CloseProposal(id); err != nil {
		return err
	}
	if _, err := d.comment(id, "Chloé", d.ago(2), "", "I'll coordinate the pickups with the food bank."); err != nil {
		return err
	}
	return d.c.SetOutcome(id, "Day-old bread goes to the Riverside Food Bank from next Monday; Chloé coordinates pickup.", time.Time{})
}

// demoShiftKind is one recurring shift of the rota.
type demoShiftKind struct {
	role           string
	startH, startM int
	hours          float64
	capacity       int
	days           []int // 0 Monday … 5 Saturday
}

var demoShiftKinds = []demoShiftKind{
	{"Morning bake", 4, 30, 3.5, 2, []int{0, 1, 2, 3, 4, 5}},
	{"Counter", 8, 0, 5, 2, []int{0, 1, 2, 3, 4, 5}},
	{"Afternoon counter", 13, 0, 5, 1, []int{0, 1, 2, 3, 4, 5}},
	{"Deliveries", 6, 0, 3, 1, []int{1, 4}},
}

// rota is four weeks of shifts from this Monday, mostly booked, with a
// stand-in request on one of your shifts, your own request with an offer,
// and one shift over capacity after two members took its last place offline.
func (d *demo) rota() error {
	id, err := d.c.NewSchedule("Bakery rota")
	if err != nil {
		return err
	}
	type slot struct {
		id         string
		capacity   int
		start, end time.Time
	}
	var slots []slot
	for week := 0; week < 4; week++ {
		for _, k := range demoShiftKinds {
			for _, wd := range k.days {
				start := demoWall(d.monday().AddDate(0, 0, 7*week+wd), k.startH, k.startM)
				end := start.Add(time.Duration(k.hours * float64(time.Hour)))
				sid, err := d.c.AddShift(id, crdt.ShiftSpec{Role: k.role, Start: start, End: end, Capacity: k.capacity, TimeZone: d.zone})
				if err != nil {
					return err
				}
				slots = append(slots, slot{sid, k.capacity, start, end})
			}
		}
	}
	// Book members round-robin, never into two shifts that overlap: the
	// first two weeks fully, later weeks with free places left.
	names := []string{"Priya", "Tomás", "Mei", "Kwame", "Lena", "Jonas", "Aisha", "Marco", "Chloé", "Dev"}
	bookings := map[string][]string{}
	busy := map[string][][2]time.Time{}
	free := func(who string, s slot) bool {
		for _, b := range busy[who] {
			if s.start.Before(b[1]) && b[0].Before(s.end) {
				return false
			}
		}
		return true
	}
	var mine []string
	next := 0
	perWeek := len(slots) / 4
	for i, s := range slots {
		fill := s.capacity
		if i >= 2*perWeek && i%3 == 0 {
			fill = 0
		}
		for j := 0; j < fill; j++ {
			if i%7 == 1 && j == 0 && free("", s) {
				mine = append(mine, s.id)
				busy[""] = append(busy[""], [2]time.Time{s.start, s.end})
				continue
			}
			for try := 0; try < len(names); try++ {
				who := names[next%len(names)]
				next++
				if free(who, s) && !slices.Contains(bookings[who], s.id) {
					bookings[who] = append(bookings[who], s.id)
					busy[who] = append(busy[who], [2]time.Time{s.start, s.end})
					break
				}
			}
		}
	}
	for _, who := range names {
		err := d.as(who, id, d.ago(24*6), func(doc *crdt.Doc) error {
			s, err := crdt.AsSchedule(doc)
			if err != nil {
				return err
			}
			for _, sid := range bookings[who] {
				if err := s.SignUp(sid); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, sid := range mine {
		if err := d.c.SignUp(id, sid); err != nil {
			return err
		}
	}
	return d.rotaTroubles(id, mine, bookings)
}

// rotaTroubles adds the stand-in requests and the over-capacity conflict.
func (d *demo) rotaTroubles(id string, mine []string, bookings map[string][]string) error {
	s, err := d.c.Schedule(id)
	if err != nil {
		return err
	}
	// Someone else on one of your upcoming shifts asks for a stand-in.
	asked := false
	for _, sid := range mine {
		sh, err := s.Shift(sid)
		if err != nil || sh.Start.Before(d.now) {
			continue
		}
		for _, u := range sh.SignUps {
			for first, m := range d.others {
				if asked || m.id.Member() != u.Member {
					continue
				}
				err := d.as(first, id, d.ago(3), func(doc *crdt.Doc) error {
					sc, err := crdt.AsSchedule(doc)
					if err != nil {
						return err
					}
					return sc.RequestStandIn(sid, "Dentist appointment, sorry! Can anyone swap?")
				})
				if err != nil {
					return err
				}
				asked = true
			}
		}
		if asked {
			break
		}
	}
	// You ask for a stand-in on your last shift, and Lena offers.
	last := mine[len(mine)-1]
	if err := d.c.RequestStandIn(id, last, "Family visit that weekend."); err != nil {
		return err
	}
	err = d.as("Lena", id, d.ago(1), func(doc *crdt.Doc) error {
		sc, err := crdt.AsSchedule(doc)
		if err != nil {
			return err
		}
		return sc.OfferStandIn(last, d.me.Member())
	})
	if err != nil {
		return err
	}
	return d.overbook(id)
}

// overbook makes two members take the last place of a shift next week on
// their own copies, then merges both: the shift is over capacity.
func (d *demo) overbook(id string) error {
	s, err := d.c.Schedule(id)
	if err != nil {
		return err
	}
	shifts, err := s.Shifts()
	if err != nil {
		return err
	}
	for _, sh := range shifts {
		if sh.Free() != 1 || sh.Start.Before(d.monday().AddDate(0, 0, 7)) {
			continue
		}
		// Two members free at that time take the last place, each offline.
		var takers []string
		for _, who := range []string{"Aisha", "Dev", "Marco", "Chloé", "Lena", "Mei"} {
			if len(takers) < 2 && demoFreeAt(shifts, d.others[who].id.Member(), sh) {
				takers = append(takers, who)
			}
		}
		live, err := d.c.Doc(id)
		if err != nil {
			return err
		}
		snapshot := live.Save()
		for _, who := range takers {
			doc, err := crdt.Load(snapshot, d.others[who].id)
			if err != nil {
				return err
			}
			doc.SetClock(func() time.Time { return d.ago(2) })
			sc, err := crdt.AsSchedule(doc)
			if err != nil {
				return err
			}
			if err := sc.SignUp(sh.ID); err != nil {
				return err
			}
			if err := d.c.mergeIn(doc, true); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("no shift with one free place to overbook")
}

// demoFreeAt reports whether m is on no shift overlapping sh (sh included).
func demoFreeAt(shifts []crdt.Shift, m crdt.MemberID, sh crdt.Shift) bool {
	for _, o := range shifts {
		if o.Has(m) && o.Start.Before(sh.End) && sh.Start.Before(o.End) {
			return false
		}
	}
	return true
}

// market is a small second schedule with events.
func (d *demo) market() error {
	id, err := d.c.NewSchedule("Meetings and markets")
	if err != nil {
		return err
	}
	events := []crdt.EventSpec{
		{Title: "Members' meeting", Location: "Upstairs at the Lamb", Start: demoWall(d.day(-20), 19, 0), End: demoWall(d.day(-20), 20, 30),
			RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", Description: "Open to all members; the agenda is in Mutual."},
		{Title: "Flour delivery", Location: "Back door", Start: demoWall(d.day(-30), 7, 0), End: demoWall(d.day(-30), 7, 30), RRule: "FREQ=WEEKLY;BYDAY=MO"},
		{Title: "Deep clean", Location: "Bakery", Start: demoWall(d.day(-30), 10, 0), End: demoWall(d.day(-30), 12, 0), RRule: "FREQ=WEEKLY;BYDAY=SU"},
		{Title: "Riverside street fair", Location: "Mill Street", Start: d.day(17), End: d.day(18), AllDay: true,
			Description: "We run a stall from 9 to 5: bread, buns and the new rye."},
	}
	for _, e := range events {
		e.TimeZone = d.zone
		if _, err := d.c.AddEvent(id, e); err != nil {
			return err
		}
	}
	sat := d.monday().AddDate(0, 0, 5)
	for week := 0; week < 3; week++ {
		start := demoWall(sat.AddDate(0, 0, 7*week), 8, 0)
		if _, err := d.c.AddShift(id, crdt.ShiftSpec{Role: "Farmers' market stall", Start: start, End: start.Add(5 * time.Hour),
			Capacity: 2, TimeZone: d.zone, Notes: "Take the float and the card reader."}); err != nil {
			return err
		}
	}
	return nil
}

// otherAgreements are two drafts under discussion.
func (d *demo) otherAgreements() error {
	conduct, err := d.c.NewAgreement("Code of conduct", "# Code of conduct\n\n## Respect\n\nWe treat each other, our customers and our suppliers with respect.\n\n"+
		"## Safety\n\nNobody works alone at the ovens. Burns are reported the same day.\n\n## Disagreements\n\nWe talk first; if that fails, two members chosen by both sides mediate.\n")
	if err != nil {
		return err
	}
	if _, err := d.comment(conduct, "Mei", d.ago(12), "", "Should we say something about breaks during the morning bake?"); err != nil {
		return err
	}
	profit, err := d.c.NewAgreement("Surplus sharing policy", "# Surplus sharing\n\nThe surplus is shared after the accounts are approved at the AGM.\n\n"+
		"Each member's share is in proportion to the hours they worked that year.\n")
	if err != nil {
		return err
	}
	_, err = d.c.SaveVersion(profit, "First draft")
	return err
}
