package crdt

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// AmendmentStatus is where an amendment stands.
type AmendmentStatus string

// Amendment statuses.
const (
	AmendmentProposed AmendmentStatus = "proposed"
	AmendmentAccepted AmendmentStatus = "accepted"
	AmendmentRejected AmendmentStatus = "rejected"
)

// AmendmentSpec is what a member proposes: replacement text either for the
// content of a section (under the Markdown heading Section, up to the next
// heading of the same or a higher level) or for an exact passage Original,
// which must occur exactly once in the body.
type AmendmentSpec struct {
	Section     string
	Original    string
	Replacement string
	Reason      string
}

// Amendment is a proposed replacement and its fate. Original is the text it
// replaces as it was when proposed; Before and After are the text around it
// then, used to find it again in a body that changed elsewhere.
type Amendment struct {
	ID             string          `json:"id"`
	Section        string          `json:"section,omitempty"`
	Original       string          `json:"original"`
	Before         string          `json:"before"`
	After          string          `json:"after"`
	Replacement    string          `json:"replacement"`
	Reason         string          `json:"reason"`
	By             MemberID        `json:"by"`
	At             time.Time       `json:"at"`
	Status         AmendmentStatus `json:"status"`
	DecidedBy      MemberID        `json:"decidedBy,omitempty"`
	DecidedAt      time.Time       `json:"decidedAt,omitzero"`
	DecisionReason string          `json:"decisionReason,omitempty"`
}

// amendmentContext is how many code points of text around the original an
// amendment keeps to find it again.
const amendmentContext = 40

// ProposeAmendment records a proposed change to the body and returns its ID.
// The body itself is not changed until the amendment is accepted.
func (a *Agreement) ProposeAmendment(spec AmendmentSpec) (string, error) {
	spec.Section, spec.Reason = strings.TrimSpace(spec.Section), strings.TrimSpace(spec.Reason)
	switch {
	case (spec.Section == "") == (spec.Original == ""):
		return "", fmt.Errorf("an amendment names either a section or the original text, not both or neither: %w", ErrInvalid)
	case !utf8.ValidString(spec.Section + spec.Original + spec.Replacement + spec.Reason):
		return "", fmt.Errorf("amendment text is not valid UTF-8: %w", ErrInvalid)
	case a.Me() == nil:
		return "", ErrReadOnly
	}
	body, err := a.Body()
	if err != nil {
		return "", err
	}
	am := Amendment{ID: NewID(), Replacement: spec.Replacement, Reason: spec.Reason,
		By: a.Me().Member(), At: agreementMillis(a.Now()), Status: AmendmentProposed}
	var start, end int
	if spec.Section != "" {
		sec, err := agreementFindSection(body, spec.Section)
		if err != nil {
			return "", err
		}
		am.Section, start, end = sec.Heading, sec.ContentStart, sec.End
		am.Replacement = amendmentFitSection(body, sec, spec.Replacement)
	} else {
		if start, err = agreementUniqueIndex(body, spec.Original); err != nil {
			return "", err
		}
		end = start + len(spec.Original)
	}
	am.Original = body[start:end]
	if am.Original == am.Replacement {
		return "", fmt.Errorf("the replacement is the same as the text it replaces: %w", ErrInvalid)
	}
	am.Before, am.After = agreementLastRunes(body[:start], amendmentContext), agreementFirstRunes(body[end:], amendmentContext)
	msg := "propose amendment"
	if am.Section != "" {
		msg += " to " + am.Section
	}
	err = a.change(msg, func(root *automerge.Map) error {
		m, err := agreementMap(root, agreementAmendmentsKey)
		if err != nil {
			return err
		}
		return m.Set(am.ID, map[string]any{
			"section": am.Section, "original": am.Original, "before": am.Before, "after": am.After,
			"replacement": am.Replacement, "reason": am.Reason, "by": string(am.By),
			"at": am.At.UnixMilli(), "status": string(am.Status),
		})
	})
	if err != nil {
		return "", err
	}
	return am.ID, nil
}

// amendmentFitSection keeps a section's layout when its content is replaced:
// the blank lines after the heading and before the next heading stay, so a
// replacement typed as a bare paragraph does not glue onto its neighbours.
func amendmentFitSection(body string, sec agreementSection, replacement string) string {
	core := strings.Trim(replacement, "\r\n")
	if core == "" {
		return ""
	}
	content := body[sec.ContentStart:sec.End]
	lead := content[:len(content)-len(strings.TrimLeft(content, "\r\n"))]
	trail := ""
	if strings.Trim(content, "\r\n") != "" {
		trail = content[len(strings.TrimRight(content, "\r\n")):]
	}
	if sec.Open {
		lead = "\n"
	}
	if trail == "" && sec.End < len(body) {
		trail = "\n"
	}
	return lead + core + trail
}

// Amendments lists every amendment, oldest first.
func (a *Agreement) Amendments() (out []Amendment, err error) {
	err = a.read(func(root *automerge.Map) error {
		out, err = readAmendments(root)
		return err
	})
	return out, err
}

// Amendment looks one amendment up.
func (a *Agreement) Amendment(id string) (Amendment, error) {
	var found Amendment
	err := a.read(func(root *automerge.Map) error {
		var err error
		found, err = readAmendment(root, id)
		return err
	})
	return found, err
}

func readAmendment(root *automerge.Map, id string) (Amendment, error) {
	all, err := readAmendments(root)
	if err != nil {
		return Amendment{}, err
	}
	for _, am := range all {
		if am.ID == id {
			return am, nil
		}
	}
	return Amendment{}, fmt.Errorf("amendment %q: %w", id, ErrNotFound)
}

func readAmendments(root *automerge.Map) ([]Amendment, error) {
	var r reader
	mm := r.mapAt(root, agreementAmendmentsKey)
	out := []Amendment{}
	for _, id := range r.ids(mm) {
		m := r.mapAt(mm, id)
		out = append(out, Amendment{
			ID: id, Section: r.str(m, "section"), Original: r.str(m, "original"),
			Before: r.str(m, "before"), After: r.str(m, "after"), Replacement: r.str(m, "replacement"),
			Reason: r.str(m, "reason"), By: MemberID(r.str(m, "by")), At: r.millis(m, "at"),
			Status: AmendmentStatus(r.str(m, "status")), DecidedBy: MemberID(r.str(m, "decidedBy")),
			DecidedAt: r.millis(m, "decidedAt"), DecisionReason: r.str(m, "decisionReason"),
		})
	}
	if r.err != nil {
		return nil, fmt.Errorf("agreement amendments: %w", r.err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// agreementOccurrences lists the byte offsets of every occurrence of s in
// body, overlapping ones included ("aa" occurs twice in "aaa").
func agreementOccurrences(body, s string) []int {
	var out []int
	for from := 0; from <= len(body)-len(s); {
		i := strings.Index(body[from:], s)
		if i < 0 {
			break
		}
		out = append(out, from+i)
		_, size := utf8.DecodeRuneInString(body[from+i:])
		from += i + max(size, 1)
	}
	return out
}

// agreementUniqueIndex is the byte offset of the only occurrence of s.
func agreementUniqueIndex(body, s string) (int, error) {
	at := agreementOccurrences(body, s)
	switch len(at) {
	case 0:
		return 0, fmt.Errorf("the text to replace is not in the agreement: %w", ErrNotFound)
	case 1:
		return at[0], nil
	}
	return 0, fmt.Errorf("the text to replace occurs %d times; include more of it so it is unique: %w", len(at), ErrInvalid)
}

func agreementLastRunes(s string, n int) string {
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		if n--; n == 0 {
			return s[i:]
		}
	}
	return s
}

func agreementFirstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
