package crdt

import (
	"fmt"
	"sort"
	"strings"
)

// RosterJSON is the roster's export shape (docs/SCHEMA.md).
type RosterJSON struct {
	Header
	Founder  MemberID        `json:"founder"`
	Members  []Member        `json:"members"`
	Rejected []RejectedEntry `json:"rejected"`
}

// JSON exports the roster as its valid entries establish it, with the
// entries that were refused and why.
func (r *Roster) JSON() (RosterJSON, error) {
	h, err := r.Header()
	if err != nil {
		return RosterJSON{}, err
	}
	v, err := r.View()
	if err != nil {
		return RosterJSON{}, err
	}
	members := append([]Member(nil), v.Members...)
	sort.Slice(members, func(i, j int) bool { return members[i].ID < members[j].ID })
	rejected := append([]RejectedEntry{}, v.Rejected...)
	return RosterJSON{Header: h, Founder: v.Founder, Members: members, Rejected: rejected}, nil
}

// Markdown renders the roster as a readable member list.
func (r *Roster) Markdown() (string, error) {
	v, err := r.View()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — members\n\n| Name | Role | Status | Since |\n|---|---|---|---|\n", r.Name())
	for _, m := range v.Members {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(m.Name), m.Role, m.Status, m.AddedAt.Format("2006-01-02"))
	}
	if len(v.Rejected) > 0 {
		fmt.Fprintf(&b, "\n%d roster change(s) were refused:\n\n", len(v.Rejected))
		for _, x := range v.Rejected {
			fmt.Fprintf(&b, "- %s → %s %s: %s\n", x.Entry.Name, x.Entry.Role, x.Entry.Status, x.Reason)
		}
	}
	return b.String(), nil
}

// mdCell keeps a value from breaking a Markdown table.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
