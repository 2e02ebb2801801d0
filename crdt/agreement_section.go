package crdt

import (
	"fmt"
	"strings"
)

// agreementSection is a Markdown ATX heading's section in a body, as byte offsets:
// the heading line starts at Start, its content runs from ContentStart to
// End, where the next heading of the same or a higher level (fewer #) begins
// or the body ends. Subsections belong to the content.
type agreementSection struct {
	Heading      string
	Level        int
	Start        int
	ContentStart int
	End          int
	// Open is true when the heading is the body's last line with no newline
	// after it, so content added under it must start with one.
	Open bool
}

// agreementSections lists the body's ATX headings ("## Hours") in order, ignoring
// lines inside fenced code blocks. Setext headings (underlined) are not
// recognised: Mutual's editor writes ATX headings.
func agreementSections(body string) []agreementSection {
	var out []agreementSection
	var fence string // the opening fence while inside a code block
	for start := 0; start < len(body); {
		end := strings.IndexByte(body[start:], '\n')
		next := len(body)
		if end >= 0 {
			end += start
			next = end + 1
		} else {
			end = len(body)
		}
		line := strings.TrimRight(body[start:end], "\r")
		trimmed, indented := agreementTrimIndent(line)
		switch {
		case indented:
		case fence != "":
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \t") == "" {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
			for len(fence) < len(trimmed) && trimmed[len(fence)] == fence[0] {
				fence = trimmed[:len(fence)+1]
			}
		default:
			if level, text, ok := agreementParseHeading(trimmed); ok {
				for i := range out {
					if out[i].End < 0 && out[i].Level >= level {
						out[i].End = start
					}
				}
				out = append(out, agreementSection{Heading: text, Level: level, Start: start, ContentStart: next, End: -1, Open: next == end})
			}
		}
		start = next
	}
	for i := range out {
		if out[i].End < 0 {
			out[i].End = len(body)
		}
	}
	return out
}

// agreementTrimIndent drops up to three leading spaces; indented is true for four or
// more (an indented code block, never a heading or fence).
func agreementTrimIndent(line string) (string, bool) {
	for i := 0; i < 4; i++ {
		if i == len(line) || line[i] != ' ' {
			return line[i:], false
		}
	}
	return line, true
}

// agreementParseHeading reads "## Text ##" into (2, "Text").
func agreementParseHeading(line string) (level int, text string, ok bool) {
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(line) && line[level] != ' ' && line[level] != '\t') {
		return 0, "", false
	}
	return level, agreementNormalizeHeading(line), true
}

// agreementNormalizeHeading strips the #s and spaces around a heading's text, so
// "Hours", "## Hours" and "## Hours ##" all name the same section.
func agreementNormalizeHeading(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimLeft(s, "#"))
	if t := strings.TrimRight(s, "#"); t != s && (t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t")) {
		s = strings.TrimSpace(t)
	}
	return s
}

// agreementFindSection finds the one section whose heading is heading.
func agreementFindSection(body, heading string) (agreementSection, error) {
	want := agreementNormalizeHeading(heading)
	var found []agreementSection
	for _, s := range agreementSections(body) {
		if s.Heading == want {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return agreementSection{}, fmt.Errorf("no section headed %q: %w", want, ErrNotFound)
	case 1:
		return found[0], nil
	}
	return agreementSection{}, fmt.Errorf("%d sections are headed %q; propose the change by its text instead: %w", len(found), want, ErrInvalid)
}
