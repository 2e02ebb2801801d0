package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

func init() {
	register(&command{name: "meeting", group: "Meetings",
		usage: "new|list|agenda|start|rollcall|present|proxy|minutes|close|approve ...",
		summary: "Run the co-op's meetings:\n" +
			"new --title T --start TIME [--end TIME|DURATION] [--place P] [--chair NAME] [--notes NAME] [--max-proxies N] [--tz ZONE]\n" +
			"    (prints the meeting's ID alone)\n" +
			"list  |  agenda add MEETING (--title T | --proposal P [--decide] | --agreement A [--amendment X] | --minutes-of M)\n" +
			"agenda list|remove|move|current MEETING [ITEM [POSITION]]  (ITEM: its number on the agenda or ID)\n" +
			"start MEETING (the chair opens the meeting and its roll call)  |  rollcall MEETING [--json]\n" +
			"present MEETING (you are here)  |  present MEETING --member NAME [--by-call] (the chair records someone)\n" +
			"proxy MEETING --to NAME | proxy MEETING --revoke | proxy vote PROPOSAL --for NAME CHOICE... [--reason R]\n" +
			"minutes MEETING [--file F | --append TEXT] [--amend]  |  close MEETING  |  approve MEETING",
		run: runMeeting})
}

func runMeeting(r *run, args []string) error {
	if len(args) == 0 {
		return usagef("usage: mutual meeting new|list|agenda|start|rollcall|present|proxy|minutes|close|approve ...")
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "new":
		return meetingNew(r, rest)
	case "list":
		return meetingList(r, rest)
	case "agenda":
		return meetingAgenda(r, rest)
	case "start":
		return meetingDo(r, rest, "start", (*workspace.Coop).StartMeeting)
	case "close":
		return meetingDo(r, rest, "close", (*workspace.Coop).CloseMeeting)
	case "approve":
		return meetingDo(r, rest, "approve", (*workspace.Coop).ApproveMinutes)
	case "rollcall":
		return meetingRollCall(r, rest)
	case "present":
		return meetingPresent(r, rest)
	case "proxy":
		return meetingProxy(r, rest)
	case "minutes":
		return meetingMinutes(r, rest)
	}
	return usagef("unknown meeting command %q (want new, list, agenda, start, rollcall, present, proxy, minutes, close or approve)", sub)
}

func meetingNew(r *run, args []string) error {
	fs := newFlags("meeting new")
	title := fs.String("title", "", "title")
	start := fs.String("start", "", "when it starts")
	end := fs.String("end", "", "when it ends, or how long it lasts (2h)")
	place := fs.String("place", "", "where")
	chair := fs.String("chair", "", "who chairs (default you)")
	notes := fs.String("notes", "", "who takes the notes")
	maxProxies := fs.Int("max-proxies", 1, "most proxies one member may hold")
	tz := fs.String("tz", "", "time zone for times given without one")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || strings.TrimSpace(*title) == "" || *start == "" {
		return usagef("usage: mutual meeting new --title T --start TIME [--end TIME] [--place P] [--chair NAME] [--notes NAME]")
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	loc, err := location(*tz)
	if err != nil {
		return err
	}
	spec := workspace.MeetingSpec{Title: *title, Place: *place, MaxProxies: *maxProxies}
	if spec.Start, err = parseWhen(*start, r.ws.Now(), loc); err != nil {
		return err
	}
	if *end != "" {
		if d, err := time.ParseDuration(*end); err == nil && d > 0 {
			spec.End = spec.Start.Add(d)
		} else if spec.End, err = parseWhen(*end, r.ws.Now(), loc); err != nil {
			return err
		}
	}
	if *chair != "" {
		if spec.Chair, err = c.FindMember(*chair); err != nil {
			return err
		}
	}
	if *notes != "" {
		if spec.NoteTaker, err = c.FindMember(*notes); err != nil {
			return err
		}
	}
	id, err := c.NewMeeting(spec)
	if err != nil {
		return err
	}
	return r.out(map[string]string{"id": id}, func(w io.Writer) { fmt.Fprintln(w, id) })
}

func meetingList(r *run, args []string) error {
	if err := r.need(&args, 0, "meeting list [--json]"); err != nil {
		return err
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	ms, err := c.List("meeting")
	if err != nil {
		return err
	}
	return r.out(ms, func(w io.Writer) {
		for _, m := range ms {
			fmt.Fprintf(w, "%s  %-9s %s  %s\n", m.ID[:8], m.Status, fmtTime(m.Deadline), printable(m.Title))
		}
	})
}

// meetingDo runs a one-argument meeting command.
func meetingDo(r *run, args []string, name string, do func(c *workspace.Coop, id string) error) error {
	c, id, err := r.target(args, 1, "meeting "+name+" MEETING")
	if err != nil {
		return err
	}
	return do(c, id)
}

func meetingRollCall(r *run, args []string) error {
	c, id, err := r.target(args, 1, "meeting rollcall MEETING [--json]")
	if err != nil {
		return err
	}
	info, err := c.Meeting(id)
	if err != nil {
		return err
	}
	v, err := c.Members()
	if err != nil {
		return err
	}
	out := struct {
		Phase   workspace.MeetingPhase    `json:"phase"`
		Quorum  workspace.Quorum          `json:"quorum"`
		Present []workspace.Presence      `json:"present"`
		Proxies []workspace.Proxy         `json:"proxies"`
		Refused []workspace.RefusedRecord `json:"refused"`
	}{info.Phase, info.Quorum, info.Present, info.Proxies, info.Refused}
	return r.out(out, func(w io.Writer) {
		fmt.Fprintf(w, "%s: %s. %d of %d voting members present, %d more by proxy.\n",
			printable(info.Title), info.Phase, info.Quorum.Present, info.Quorum.Voters, info.Quorum.Represented)
		for _, p := range info.Present {
			how := "confirmed on their device"
			switch p.How {
			case workspace.PresentInRoom:
				how = "in the room, recorded by the chair"
			case workspace.PresentByCall:
				how = "by call, recorded by the chair"
			}
			fmt.Fprintf(w, "  %-20s %s at %s\n", printable(v.NameOf(p.Member)), how, p.At.Local().Format("15:04"))
		}
		for _, p := range info.Proxies {
			fmt.Fprintf(w, "  proxy: %s's vote held by %s (%s)\n", printable(v.NameOf(p.Giver)), printable(v.NameOf(p.Holder)), p.Status)
		}
		for _, f := range info.Refused {
			who := f.Member
			if who == "" {
				who = f.Signer
			}
			fmt.Fprintf(w, "  REFUSED %s (%s): %s\n", f.What, printable(v.NameOf(who)), f.Reason)
		}
	})
}

func meetingPresent(r *run, args []string) error {
	fs := newFlags("meeting present")
	member := fs.String("member", "", "the member the chair records present")
	byCall := fs.Bool("by-call", false, "they joined by call")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (*byCall && *member == "") {
		return usagef("usage: mutual meeting present MEETING [--member NAME [--by-call]]")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	if *member == "" {
		return c.ConfirmPresence(id)
	}
	who, err := c.FindMember(*member)
	if err != nil {
		return err
	}
	how := workspace.PresentInRoom
	if *byCall {
		how = workspace.PresentByCall
	}
	return c.RecordPresent(id, who, how)
}

func meetingProxy(r *run, args []string) error {
	fs := newFlags("meeting proxy")
	to := fs.String("to", "", "the member who will vote for you")
	revoke := fs.Bool("revoke", false, "withdraw your proxy")
	forWho := fs.String("for", "", "proxy vote: the member whose proxy you hold")
	reason := fs.String("reason", "", "proxy vote: why")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) >= 1 && pos[0] == "vote" {
		if len(pos) < 3 || *forWho == "" {
			return usagef("usage: mutual meeting proxy vote PROPOSAL --for NAME CHOICE... [--reason R]")
		}
		c, pid, err := r.resolve(pos[1])
		if err != nil {
			return err
		}
		giver, err := c.FindMember(*forWho)
		if err != nil {
			return err
		}
		return c.VoteByProxy(pid, giver, pos[2:], *reason)
	}
	if len(pos) != 1 || (*to == "") == !*revoke {
		return usagef("usage: mutual meeting proxy MEETING --to NAME | --revoke")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	if *revoke {
		return c.RevokeProxy(id)
	}
	holder, err := c.FindMember(*to)
	if err != nil {
		return err
	}
	return c.GiveProxy(id, holder)
}

func meetingMinutes(r *run, args []string) error {
	fs := newFlags("meeting minutes")
	file := fs.String("file", "", "replace the minutes with this file's Markdown (- for standard input)")
	appendText := fs.String("append", "", "add this text at the end of the minutes")
	amend := fs.Bool("amend", false, "change minutes already approved (they then need approving again)")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (*file != "" && *appendText != "") {
		return usagef("usage: mutual meeting minutes MEETING [--file F | --append TEXT] [--amend]")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	info, err := c.Meeting(id)
	if err != nil {
		return err
	}
	switch {
	case *file != "":
		body, err := r.readBody(*file)
		if err != nil {
			return err
		}
		return c.SetMinutes(id, body, *amend)
	case *appendText != "":
		cur := info.Minutes
		if cur != "" && !strings.HasSuffix(cur, "\n") {
			cur += "\n"
		}
		return c.SetMinutes(id, cur+*appendText+"\n", *amend)
	}
	return r.out(map[string]any{"minutes": info.Minutes, "status": info.MinutesStatus}, func(w io.Writer) {
		fmt.Fprint(w, info.Minutes)
	})
}
