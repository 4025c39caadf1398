package i18n

import (
	"strings"
	"unicode"
)

// Tidy closes the seams a template leaves in Chinese text when a slot
// spaced for a Latin value gets a Chinese word ("该主机 的证书链"): a
// space between two Chinese characters, or between one and a full-width
// punctuation mark, goes. Spaces next to Latin text stay. It is a rule of
// the language, not of the terminal: measuring and wrapping text for a
// terminal is apidoctor/termtext's.
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
