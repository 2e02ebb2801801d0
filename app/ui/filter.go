package ui

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// The list filters each section offers, first the default.
const (
	filterAll      = "All"
	filterOpen     = "Open"
	filterClosed   = "Closed"
	filterWaiting  = "Waiting for my vote"
	filterMyShifts = "My shifts"
	filterDraft    = "Draft"
	filterRatified = "Ratified"
	filterAmended  = "Changed since ratified"
	filterComing   = "Coming up"
	filterPast     = "Past"
)

var sectionFilters = map[section][]string{
	secProposals:  {filterAll, filterOpen, filterWaiting, filterClosed},
	secSchedules:  {filterAll, filterMyShifts},
	secAgreements: {filterAll, filterDraft, filterRatified, filterAmended},
	secMeetings:   {filterAll, filterComing, filterPast},
}

// listMarks are facts about documents that the index does not hold and the
// list learns by reading them: proposals waiting for this member's vote,
// schedules with this member's upcoming shifts.
type listMarks struct {
	waiting  map[string]bool
	myShifts map[string]bool
	found    map[string]bool // documents whose text matches the search
}

// filterDocs keeps the documents matching the search words (all of them,
// in the title, any case, or in the text as the search found) and the
// filter.
func filterDocs(all []workspace.DocSummary, query, filter string, marks listMarks) []workspace.DocSummary {
	words := strings.Fields(strings.ToLower(query))
	out := make([]workspace.DocSummary, 0, len(all))
	for _, d := range all {
		if !(matchesWords(d.Title, words) || marks.found[d.ID]) || !matchesFilter(d, filter, marks) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func matchesWords(title string, words []string) bool {
	if len(words) == 0 {
		return true
	}
	t := strings.ToLower(title)
	for _, w := range words {
		if !strings.Contains(t, w) {
			return false
		}
	}
	return true
}

func matchesFilter(d workspace.DocSummary, filter string, marks listMarks) bool {
	switch filter {
	case filterOpen:
		return d.Status == "open"
	case filterClosed:
		return d.Status == "closed"
	case filterWaiting:
		return marks.waiting[d.ID]
	case filterMyShifts:
		return marks.myShifts[d.ID]
	case filterDraft:
		return d.Status == string(workspace.AgreementDraft)
	case filterRatified:
		return d.Status == string(workspace.AgreementRatified)
	case filterAmended:
		return d.Status == string(workspace.AgreementAmended)
	case filterComing:
		return d.Kind == "meeting" && (d.Status == workspace.MeetingStatusPlanned || d.Status == workspace.MeetingStatusStarted)
	case filterPast:
		return d.Kind == "meeting" && d.Status != workspace.MeetingStatusPlanned && d.Status != workspace.MeetingStatusStarted
	}
	return true
}

// sortDocs orders a list as members look at it: proposals still open
// first, the one closing soonest on top; everything else newest first.
func sortDocs(docs []workspace.DocSummary, now time.Time) {
	open := func(d workspace.DocSummary) bool { return d.Kind == "proposal" && d.Status == "open" }
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		if open(a) != open(b) {
			return open(a)
		}
		if open(a) && !a.Deadline.Equal(b.Deadline) {
			return a.Deadline.Before(b.Deadline)
		}
		if a.Kind == "meeting" && b.Kind == "meeting" && !a.Deadline.Equal(b.Deadline) {
			return a.Deadline.After(b.Deadline) // the latest meeting first
		}
		if !a.Updated.Equal(b.Updated) {
			return a.Updated.After(b.Updated)
		}
		return a.ID < b.ID
	})
}

// statusText is how a list row describes a document's state, and how loud.
func statusText(d workspace.DocSummary, waiting bool, result workspace.TallyResult) (string, widget.Importance) {
	switch d.Kind {
	case "proposal":
		switch {
		case d.Status == "open" && waiting:
			return "Waiting for your vote", widget.WarningImportance
		case d.Status == "open":
			return "Open", widget.HighImportance
		case d.Status == "draft":
			return "Not open yet", widget.LowImportance
		}
		// A closed proposal says how it ended, in the same words as its
		// own screen: that is what a member scanning the list wants to know.
		if result.Result != "" && result.Result != workspace.ResultOpen {
			return resultText(result)
		}
		return "Closed", widget.LowImportance
	case "schedule":
		if d.Status == "conflicts" {
			return "Needs attention", widget.DangerImportance
		}
		return "", widget.LowImportance
	case "meeting":
		return meetingStatusText(d.Status)
	case "agreement":
		switch d.Status {
		case string(workspace.AgreementRatified):
			return "Ratified", widget.SuccessImportance
		case string(workspace.AgreementAmended):
			return "Changed since ratified", widget.WarningImportance
		}
		return "Draft", widget.LowImportance
	}
	return d.Status, widget.LowImportance
}

// rowDetail is a list row's second line.
func rowDetail(d workspace.DocSummary, now time.Time) string {
	if d.Kind == "proposal" && !d.Deadline.IsZero() {
		return countdown(d.Deadline, now)
	}
	if d.Kind == "meeting" && !d.Deadline.IsZero() {
		return dateTime(d.Deadline, now)
	}
	return "updated " + ago(d.Updated, now)
}
