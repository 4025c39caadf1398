package i18n

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Width is the display width of plain text: a Chinese character takes two
// cells. Layout is measured with it, never with bytes or runes.
func Width(s string) int { return ansi.StringWidth(s) }

// unit is a piece of text that wrapping does not split: a word, or one
// wide (CJK) character, which may break from its neighbours anywhere.
type unit struct {
	text  string
	space bool // a space stood before it in the source
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

func units(s string) []unit {
	var out []unit
	var cur strings.Builder
	space := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, unit{cur.String(), space})
			cur.Reset()
			space = false
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			flush()
			space = len(out) > 0
		case isWide(r):
			flush()
			out = append(out, unit{string(r), space})
			space = false
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// Wrap breaks plain text into lines of at most width cells: between
// words, between wide characters, and inside a word longer than a line.
// Continuation lines start with indent.
func Wrap(s string, width int, indent string) []string {
	if width <= Width(indent)+2 {
		return []string{s}
	}
	var lines []string
	line, lw := "", 0
	fresh := true // nothing on the line yet but its indent
	for _, u := range units(s) {
		uw := Width(u.text)
		sep := ""
		if u.space && !fresh {
			sep = " "
		}
		if lw+len(sep)+uw > width && !fresh {
			lines = append(lines, line)
			line, lw, sep = indent, Width(indent), ""
		}
		// A word wider than a whole line is cut where it must be.
		for lw+len(sep)+uw > width {
			room := width - lw - len(sep)
			head := ansi.Truncate(u.text, room, "")
			if head == "" {
				break
			}
			lines = append(lines, line+sep+head)
			u.text = u.text[len(head):]
			uw = Width(u.text)
			line, lw, sep = indent, Width(indent), ""
		}
		line += sep + u.text
		lw += len(sep) + uw
		fresh = false
	}
	if strings.TrimSpace(line) != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
