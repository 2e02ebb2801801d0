package crdt

import (
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// AgreementJSON is the agreement's export. Every slice is sorted, so two
// replicas holding the same changes marshal to identical bytes. Signatures
// are exported as stored; verify them with Ratifications and the roster.
type AgreementJSON struct {
	Header
	Body          string               `json:"body"`
	Status        AgreementStatus      `json:"status"`
	Versions      []Version            `json:"versions"`
	Amendments    []Amendment          `json:"amendments"`
	Ratifications []RatificationRecord `json:"ratifications"`
}

// JSON exports the agreement, read in one consistent snapshot.
func (a *Agreement) JSON() (out AgreementJSON, err error) {
	err = a.read(func(root *automerge.Map) error {
		if out.Header, err = readHeader(root); err != nil {
			return err
		}
		if out.Body, err = readAgreementBody(root); err != nil {
			return err
		}
		if out.Versions, err = readVersions(root); err != nil {
			return err
		}
		if out.Amendments, err = readAmendments(root); err != nil {
			return err
		}
		out.Ratifications, err = readRatifications(root)
		return err
	})
	if err != nil {
		return AgreementJSON{}, err
	}
	out.Status = AgreementDraft
	if n := len(out.Ratifications); n > 0 {
		out.Status = AgreementAmended
		if agreementSHA(out.Body) == out.Ratifications[n-1].SHA256 {
			out.Status = AgreementRatified
		}
	}
	return out, nil
}

// Markdown renders the agreement for reading or printing: the title, its
// status, the body as written, then its versions, amendments and
// ratifications. Members appear by short ID (the app has the roster's names).
func (a *Agreement) Markdown() (string, error) {
	j, err := a.JSON()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n*%s* · created %s by %s\n\n", j.Title, j.Status, agreementDate(j.CreatedAt), j.CreatedBy.Short())
	b.WriteString(strings.TrimRight(j.Body, "\n"))
	b.WriteString("\n\n---\n")
	if len(j.Versions) > 0 {
		b.WriteString("\n## Versions\n\n")
		for _, v := range j.Versions {
			fmt.Fprintf(&b, "- **%s** — %s by %s (sha256 %s…)\n", v.Name, agreementDate(v.At), v.By.Short(), v.SHA256[:min(12, len(v.SHA256))])
		}
	}
	if len(j.Amendments) > 0 {
		b.WriteString("\n## Amendments\n")
		for _, am := range j.Amendments {
			where := "Text"
			if am.Section != "" {
				where = "Section “" + am.Section + "”"
			}
			fmt.Fprintf(&b, "\n### %s — %s\n\nProposed %s by %s", where, am.Status, agreementDate(am.At), am.By.Short())
			if am.Reason != "" {
				fmt.Fprintf(&b, ": %s", am.Reason)
			}
			b.WriteString("\n\nReplaces:\n\n" + agreementQuote(am.Original) + "\nWith:\n\n" + agreementQuote(am.Replacement))
			if am.Status != AmendmentProposed {
				fmt.Fprintf(&b, "\n%s %s by %s", capitalise(string(am.Status)), agreementDate(am.DecidedAt), am.DecidedBy.Short())
				if am.DecisionReason != "" {
					fmt.Fprintf(&b, ": %s", am.DecisionReason)
				}
				b.WriteString("\n")
			}
		}
	}
	if len(j.Ratifications) > 0 {
		b.WriteString("\n## Ratifications\n\n")
		for _, r := range j.Ratifications {
			fmt.Fprintf(&b, "- Version **%s** ratified %s by proposal %s (sha256 %s…), %d signature(s) recorded\n",
				r.VersionName, agreementDate(r.At), r.Proposal, r.SHA256[:min(12, len(r.SHA256))], len(r.Signatures))
		}
	}
	return b.String(), nil
}

func agreementDate(t time.Time) string {
	if t.IsZero() {
		return "(no date)"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// agreementQuote renders text as a Markdown block quote ("(nothing)" when empty).
func agreementQuote(s string) string {
	s = strings.Trim(s, "\r\n")
	if strings.TrimSpace(s) == "" {
		return "> (nothing)\n"
	}
	return "> " + strings.ReplaceAll(s, "\n", "\n> ") + "\n"
}

// capitalise upper-cases the first letter; a status read from a hostile
// document may be empty.
func capitalise(s string) string {
	if s == "" {
		return "Decided"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
