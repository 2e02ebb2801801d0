package workspace

import (
	"bytes"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// MinutesPDF renders a meeting's minutes as a PDF (A4), with the same
// content as MinutesMarkdown. It uses the PDF core fonts, so text outside
// Windows-1252 (most European languages fit) is shown approximately.
func (c *Coop) MinutesPDF(id string) ([]byte, error) {
	r, err := c.minutesReportOf(id)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(r.Title, true)
	pdf.SetCreator("Mutual", true)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.CellFormat(0, 10, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 9, tr(r.Title), "", "L", false)
	pdf.Ln(2)
	for _, f := range r.Facts {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(25, 6, tr(f[0]), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 6, tr(f[1]), "", "L", false)
	}
	for _, s := range r.Sections {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 14)
		pdf.MultiCell(0, 8, tr(s.Heading), "", "L", false)
		pdf.SetFont("Helvetica", "", 10)
		for i, l := range s.Lines {
			mark := "-"
			if s.Numbered {
				mark = fmt.Sprintf("%d.", i+1)
			}
			pdf.CellFormat(8, 5.5, mark, "", 0, "L", false, 0, "")
			pdf.MultiCell(0, 5.5, tr(l), "", "L", false)
		}
		if s.Text != "" {
			pdfMarkdown(pdf, tr, s.Text)
		}
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("write the PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write the PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfMarkdown lays out typed Markdown simply: headings bold, list items
// indented, everything else as paragraphs. Emphasis marks are kept as
// typed: the minutes are a record, shown as written.
func pdfMarkdown(pdf *fpdf.Fpdf, tr func(string) string, md string) {
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			pdf.Ln(2)
		case strings.HasPrefix(t, "#"):
			pdf.Ln(1)
			pdf.SetFont("Helvetica", "B", 11)
			pdf.MultiCell(0, 6, tr(strings.TrimSpace(strings.TrimLeft(t, "#"))), "", "L", false)
			pdf.SetFont("Helvetica", "", 10)
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			pdf.CellFormat(8, 5.5, "-", "", 0, "L", false, 0, "")
			pdf.MultiCell(0, 5.5, tr(t[2:]), "", "L", false)
		default:
			pdf.MultiCell(0, 5.5, tr(t), "", "L", false)
		}
	}
}
