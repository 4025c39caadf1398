package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text that came from the network or from a file may hold terminal
// control sequences: ESC ] 0 ; … BEL retitles the window, ESC [ 2 J clears
// the screen, ESC ] 52 ; c ; … writes the clipboard. Shown raw, they act on
// the reader's terminal (or on the terminal of whoever cats the report).
// Escape shows each control character as text instead:
//
//   - C0 controls and DEL as \x1b, \x07, \x0d, \x7f (newline and tab too,
//     unless the output allows line breaks: EscapeText keeps them);
//   - C1 controls (U+0080–U+009F; U+009B is a one-character CSI) and the
//     characters that reorder or split text without being seen (bidi
//     embeddings, overrides and isolates, U+2028, U+2029) as \u009b, \u202e;
//   - bytes that are not UTF-8 as \xff.
//
// A backslash is left as it is, so a literal "\x1b" in the input reads the
// same as an escaped ESC: both are plain text on the screen.

// Escape shows every control character in s in a visible form, newlines
// and tabs included: for a value shown on one line.
func Escape(s string) string { return escape(s, false) }

// EscapeText is Escape that keeps newlines and tabs, for outputs where a
// value may span lines.
func EscapeText(s string) string { return escape(s, true) }

// Display redacts s and escapes its control characters, newlines
// included: every value that came from outside goes through it (or
// DisplayText) before it is wrapped, cut or encoded. A nil Redactor masks
// secret-shaped runs only.
func (r *Redactor) Display(s string) string { return r.display(s, false) }

// DisplayText is Display that keeps newlines and tabs.
func (r *Redactor) DisplayText(s string) string { return r.display(s, true) }

// display redacts, escapes, and — when escaping changed anything — redacts
// again: the hex digits of an escape, next to what is left of a secret,
// could spell a run of it (the second pass is idempotent on the first).
func (r *Redactor) display(s string, keepLines bool) string {
	s = r.String(s)
	if firstUnsafe(s, keepLines) < 0 {
		return s
	}
	return r.String(escape(s, keepLines))
}

func escape(s string, keepLines bool) string {
	i := firstUnsafe(s, keepLines)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if unsafeByte(c, keepLines) {
				fmt.Fprintf(&b, `\x%02x`, c)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, c)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// firstUnsafe is the index of the first byte that needs escaping, or -1.
func firstUnsafe(s string, keepLines bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if unsafeByte(c, keepLines) {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return i
		}
		i += n
	}
	return -1
}

func unsafeByte(c byte, keepLines bool) bool {
	if c == '\n' || c == '\t' {
		return !keepLines
	}
	return c < 0x20 || c == 0x7f
}

func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // bidi marks
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// Safe reports whether s holds nothing Escape (keepLines: EscapeText)
// would change: a check for tests and writers.
func Safe(s string, keepLines bool) bool { return firstUnsafe(s, keepLines) < 0 }

// JSONStrings rewrites every string in a JSON document (object keys
// included) with f, and keeps everything else byte for byte: the layout,
// the numbers, the order of the keys. The document must be valid JSON, as
// json.Marshal writes it.
func JSONStrings(data []byte, f func(string) string) ([]byte, error) {
	return jsonWalk(data, func(s, _ string, _ bool) string { return f(s) })
}

// jsonWalk calls f with every string of a JSON document: with isKey for
// an object's key, and otherwise with the key the value sits under ("" in
// an array or at the top).
func jsonWalk(data []byte, f func(s, key string, isKey bool) string) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(data))
	last := 0
	// open holds each open object or array: the values of an array sit
	// under the array's own key.
	type frame struct {
		array bool
		key   string
	}
	var open []frame
	key := ""
	outer := func() string { // the key a value gets after a comma or a close
		if n := len(open); n > 0 && open[n-1].array {
			return open[n-1].key
		}
		return ""
	}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			open = append(open, frame{false, key})
			key = ""
			continue
		case '[':
			open = append(open, frame{true, key})
			continue
		case '}', ']':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
			key = outer()
			continue
		case ',':
			key = outer()
			continue
		case '"':
		default:
			continue
		}
		j := i + 1
		for j < len(data) && data[j] != '"' {
			if data[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(data) {
			return nil, fmt.Errorf("redact: unterminated JSON string at %d", i)
		}
		var v string
		if err := json.Unmarshal(data[i:j+1], &v); err != nil {
			return nil, err
		}
		k := j + 1
		for k < len(data) && (data[k] == ' ' || data[k] == '\n' || data[k] == '\t' || data[k] == '\r') {
			k++
		}
		isKey := k < len(data) && data[k] == ':'
		w := f(v, key, isKey)
		if isKey {
			key = v
		}
		if w != v {
			enc, err := json.Marshal(w)
			if err != nil {
				return nil, err
			}
			out.Write(data[last:i])
			out.Write(enc)
			last = j + 1
		}
		i = j
	}
	out.Write(data[last:])
	return out.Bytes(), nil
}

// JSON redacts and escapes every string of a JSON document, keys
// included (DisplayText: newlines and tabs stay, as JSON's own \n and
// \t), and masks whole any value under a key named like a secret
// ("x-api-key": "…") and, with WithPaths, the user name under a "user"
// key. The host name is hidden in values only: a key is the document's
// schema, and a host may be named like one (server, status). Strings
// that came from outside then hold no control character even once
// decoded, so `apidoctor check --json | jq -r` prints \x1b, never ESC. It works string by string: a pass over the encoded
// text could eat the backslash of an escaped quote.
func (r *Redactor) JSON(data []byte) ([]byte, error) {
	keys := r
	if r != nil && r.paths != nil {
		k := *r
		k.paths = r.paths.keys
		keys = &k
	}
	return jsonWalk(data, func(s, key string, isKey bool) string {
		if isKey {
			return keys.DisplayText(s)
		}
		s = r.DisplayText(s)
		if s != "" && (SensitiveName(key) || headerName.MatchString(key)) && !maskShape.MatchString(s) {
			s = Secret(s)
		}
		if r != nil && r.paths != nil && r.paths.userField(key, s) {
			s = UserPlaceholder
		}
		return s
	})
}

// Marshal is json.Marshal (json.MarshalIndent with indent) through JSON.
func (r *Redactor) Marshal(v any, indent string) ([]byte, error) {
	var data []byte
	var err error
	if indent == "" {
		data, err = json.Marshal(v)
	} else {
		data, err = json.MarshalIndent(v, "", indent)
	}
	if err != nil {
		return nil, err
	}
	return r.JSON(data)
}
