package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// section is one entry of the sidebar.
type section int

const (
	secProposals section = iota
	secSchedules
	secAgreements
	secMeetings
	secMembers
	secSync
	sectionCount
)

var sectionInfo = [sectionCount]struct {
	name, title, kind, noun string
	icon                    func() fyne.Resource
}{
	{"proposals", "Proposals", "proposal", "proposal", theme.MailComposeIcon},
	{"schedules", "Schedules", "schedule", "schedule", theme.CalendarIcon},
	{"agreements", "Agreements", "agreement", "agreement", theme.FileTextIcon},
	{"meetings", "Meetings", "meeting", "meeting", theme.ListIcon},
	{"members", "Members", "", "member", theme.AccountIcon},
	{"sync", "Sync", "", "", theme.ViewRefreshIcon},
}

// hasList reports whether the section shows a list of documents.
func (s section) hasList() bool { return sectionInfo[s].kind != "" }

func (s section) title() string { return sectionInfo[s].title }

// sectionByName reads MUTUAL_SCREEN-style names; unknown names give the
// proposals, where most members start.
func sectionByName(name string) section {
	name = strings.ToLower(strings.TrimSpace(name))
	for i, info := range sectionInfo {
		if info.name == name {
			return section(i)
		}
	}
	return secProposals
}
