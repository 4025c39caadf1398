// Package termtext is display width in terminal cells, wrapping and
// padding of text for terminals. It holds what measures text the way a
// terminal shows it, so that the engine and the catalogue (apidoctor/checks,
// apidoctor/i18n) need not link the terminal libraries that do it.
package termtext

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// Width is the display width of a line of text in terminal cells: a
// Chinese character takes two, ANSI styling none. Layout is measured with
// it, never with bytes or runes.
func Width(s string) int { return ansi.StringWidth(s) }

// Pad right-pads s (one line, which may hold ANSI styles) with spaces to
// width cells. Text already that wide or wider comes back unchanged: Pad
// never cuts, so a caller that must fit a column cuts first.
func Pad(s string, width int) string {
	if w := Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// PadLeft is Pad with the spaces on the left, for numbers in a column.
func PadLeft(s string, width int) string {
	if w := Width(s); w < width {
		return strings.Repeat(" ", width-w) + s
	}
	return s
}

// Wrap breaks plain text into lines of at most width cells where the
// Unicode line breaking rules (UAX #14) allow: between words, between
// Chinese characters, but never inside a word nor before a closing
// punctuation mark (，。；：）」 stay on the line they close). Only a
// word wider than a whole line is cut. Runs of white space count as one
// space; continuation lines start with indent.
func Wrap(s string, width int, indent string) []string {
	s = strings.Join(strings.Fields(s), " ")
	if width <= Width(indent)+2 {
		return []string{s}
	}
	var lines []string
	line, lw := "", 0
	pending := "" // the spaces after the last word on the line
	fresh := true // nothing on the line yet but its indent
	state := -1
	rest := s
	for rest != "" {
		var seg string
		seg, rest, _, state = uniseg.FirstLineSegmentInString(rest, state)
		word := strings.TrimRight(seg, " ")
		trail := seg[len(word):]
		ww := Width(word)
		if !fresh && lw+len(pending)+ww > width {
			lines = append(lines, line)
			line, lw, pending, fresh = indent, Width(indent), "", true
		}
		if fresh {
			pending = ""
		}
		// A word wider than a whole line is cut where it must be.
		for lw+len(pending)+ww > width {
			head := ansi.Truncate(word, width-lw-len(pending), "")
			// Even a cut word leaves no closing mark at the start of a line.
			for head != "" && noLineStart(word[len(head):]) {
				_, n := utf8.DecodeLastRuneInString(head)
				head = head[:len(head)-n]
			}
			if head == "" {
				break
			}
			lines = append(lines, line+pending+head)
			word = word[len(head):]
			ww = Width(word)
			line, lw, pending = indent, Width(indent), ""
		}
		line += pending + word
		lw += len(pending) + ww
		pending = trail
		fresh = false
	}
	if strings.TrimSpace(line) != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// noLineStart reports whether s starts with a mark that closes what is
// before it (Chinese and ASCII punctuation, closing brackets).
func noLineStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("，。；：、！？）」』】》,.;:!?)]}", r)
}
