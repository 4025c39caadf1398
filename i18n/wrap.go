package i18n

import (
	"strings"

	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// Width is the display width of plain text: a Chinese character takes two
// cells. Layout is measured with it, never with bytes or runes.
func Width(s string) int { return ansi.StringWidth(s) }

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

// Tidy closes the seams a template leaves in Chinese text when a slot
// spaced for a Latin value gets a Chinese word ("该主机 的证书链"): a
// space between two Chinese characters, or between one and a full-width
// punctuation mark, goes. Spaces next to Latin text stay.
func Tidy(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && isCJK(rs[i-1]) && isCJK(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCJK reports whether r is a Chinese character or a full-width mark.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFF60)
}
