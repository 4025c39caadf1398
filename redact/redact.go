// Package redact masks secrets: API keys, tokens, passwords in URLs and the
// values of sensitive headers. Every output of apidoctor goes through it,
// field by field and before any wrapping, cutting or encoding, and then
// through Escape, which shows control characters in a visible form (see
// display.go): Display and DisplayText do both.
package redact

import (
	"encoding/json"
	"html/template"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Ellipsis marks a masked (or cut) value.
const Ellipsis = "…"

// Secret masks a credential so that a person can still recognise it: the
// known prefix (sk-ant-api03-) and the last four characters survive.
func Secret(s string) string {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"'`))
	if t == "" {
		return ""
	}
	prefix := ""
	if m := keyPrefix.FindString(t); m != "" {
		prefix = m
	}
	rest := t[len(prefix):]
	if len(rest) <= 8 {
		return prefix + Ellipsis
	}
	return prefix + Ellipsis + rest[len(rest)-4:]
}

// cutSecret masks what is left of a credential that was cut short: its
// end is not its real end, so no tail is kept.
func cutSecret(s string) string {
	return keyPrefix.FindString(strings.TrimLeft(s, `"' `)) + Ellipsis
}

var keyPrefix = regexp.MustCompile(`^sk-ant-[a-z]+[0-9]{2}-`)

// maskShape is what Secret leaves (and what cutSecret leaves): a value of
// that shape is masked already.
var maskShape = regexp.MustCompile(`^(?:sk-ant-[a-z]+[0-9]{2}-)?…[A-Za-z0-9_\-]{0,4}$|^\*\*\*$`)

var (
	headerName  = regexp.MustCompile(`(?i)^(?:x-api-key|proxy-authorization|authorization|set-cookie|cookie)`)
	headerValue = regexp.MustCompile(`(?i)^(?:x-api-key|proxy-authorization|authorization|set-cookie|cookie)"?\s*[:=]\s*"?(?:basic\s+|bearer\s+)?`)
)

// URL masks the password in a URL's user info (http://alice:***@proxy:3128).
// A string that does not parse as a URL is returned with any user:pass@
// shape masked all the same.
func URL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.User == nil {
		return userinfo.ReplaceAllString(raw, "$1***@")
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
		return strings.Replace(u.String(), "%2A%2A%2A", "***", 1)
	}
	return raw
}

var userinfo = regexp.MustCompile(`(://[^:/@\s]+:)[^@\s]+@`)

// SensitiveName reports whether a variable or header name says it holds a
// secret: key, token, secret, password, authorization, cookie.
func SensitiveName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"key", "token", "secret", "password", "passwd", "authorization", "cookie", "passphrase"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Patterns that are secrets wherever they appear. The header patterns
// catch "name: value" and JSON "name": "value" shapes. A match followed by
// the ellipsis is a value that was cut: it is masked all the same, with
// no tail, and the ellipsis goes with it.
var patterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(?:x-api-key|proxy-authorization|authorization|set-cookie|cookie)"?\s*[:=]\s*"?(?:basic\s+|bearer\s+)?[^\s",;]{6,}`),
	// A key's public prefix and anything of its body: a key cut to a few
	// characters is still masked (the bare prefix, as in a mask, is not).
	regexp.MustCompile(`sk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_\-]+`),
	regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]+`),
	// A token cut before its signature.
	regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]*…`),
}

// FragmentLen is the shortest run of a known secret that is masked on
// its own: a secret cut (by a body limit, a column, a proxy) leaves such
// runs, and any of them is as good as the secret to someone guessing the
// rest. The public key prefix (sk-ant-api03-) does not count.
const FragmentLen = 12

// Redactor masks every secret a session has seen, plus anything shaped like
// one. It is safe for concurrent use once built.
type Redactor struct {
	secrets []string // longest first, so a secret inside another is not half-masked
	// forms holds each secret as the outputs may encode it (JSON, HTML).
	forms [][]string
	// grams indexes every FragmentLen-byte run of every secret's body
	// (the secret without its public prefix), except for values that are
	// paths or URLs (a variable named like a key often holds the path of
	// one, and runs of it would mask every path beside it) and runs of
	// fewer than five different characters.
	grams map[string][]gramAt
	// paths, when set, hides a home, a user and a host name (WithPaths).
	paths *pathHider
}

// gramAt is where a run occurs: the secret's index and the offset in its body.
type gramAt struct{ sec, off int }

// New returns a Redactor that knows the given secret values.
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add teaches the redactor more secret values. Values shorter than four
// characters are ignored: masking them would garble ordinary text.
func (r *Redactor) Add(secrets ...string) {
	for _, s := range secrets {
		for _, v := range []string{s, strings.TrimSpace(s), strings.Trim(strings.TrimSpace(s), `"'`)} {
			if len(v) >= 4 && !contains(r.secrets, v) {
				r.secrets = append(r.secrets, v)
			}
		}
	}
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	r.grams, r.forms = map[string][]gramAt{}, make([][]string, len(r.secrets))
	for i, sec := range r.secrets {
		r.forms[i] = encodings(sec)
		body := bodyOf(sec)
		if pathLike.MatchString(body) {
			continue
		}
		for off := 0; off+FragmentLen <= len(body); off++ {
			if g := body[off : off+FragmentLen]; varied(g) {
				r.grams[g] = append(r.grams[g], gramAt{i, off})
			}
		}
	}
}

// varied reports whether a run has at least five different characters: a
// run like 000000000000 (made-up keys have them) is no credential's own,
// and masking it would mask every such run in the output.
func varied(g string) bool {
	var seen [256]bool
	n := 0
	for i := 0; i < len(g); i++ {
		if !seen[g[i]] {
			seen[g[i]] = true
			n++
		}
	}
	return n >= 5
}

// pathLike is a value that names a file or a place rather than being a
// credential itself.
var pathLike = regexp.MustCompile(`^(?:[/~.]|[A-Za-z]:[\\/])|://`)

// bodyOf is a secret without its public prefix.
func bodyOf(sec string) string { return sec[len(keyPrefix.FindString(sec)):] }

// Secrets returns the values the redactor knows (for leak scans in tests
// and before a report is written).
func (r *Redactor) Secrets() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.secrets...)
}

// String masks every known secret, every run of FragmentLen or more
// characters of one, and every secret-shaped run in s. Call it on each
// value before the value is wrapped, cut, escaped or encoded: a secret
// broken across two lines, cut with an ellipsis or turned into &#43; is no
// longer the secret the redactor knows.
func (r *Redactor) String(s string) string {
	if r != nil {
		for _, sec := range r.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, Secret(sec))
			}
		}
		s = r.fragments(s, true)
	}
	for _, p := range patterns {
		s = replaceUnmasked(p, s)
	}
	s = userinfo.ReplaceAllString(s, "$1***@")
	// The tail a mask keeps can, with the text around it, spell the secret
	// (or a long run of it) again; such a secret is masked with no tail.
	if r != nil && len(r.Leaks(s)) > 0 {
		for _, sec := range r.secrets {
			s = strings.ReplaceAll(s, sec, cutSecret(sec))
		}
		s = r.fragments(s, false)
	}
	if r != nil {
		s = r.paths.hide(s)
	}
	return s
}

// fragments masks the runs of FragmentLen or more characters of a known
// secret. A run that reaches the secret's end keeps the four characters
// Secret would (when tails is set); one that does not is a cut secret and
// takes the ellipsis that marked the cut with it.
func (r *Redactor) fragments(s string, tails bool) string {
	if len(r.grams) == 0 || len(s) < FragmentLen {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i+FragmentLen <= len(s); {
		hits := r.grams[s[i:i+FragmentLen]]
		if len(hits) == 0 {
			i++
			continue
		}
		n, body := 0, ""
		end := false
		for _, h := range hits {
			bd := bodyOf(r.secrets[h.sec])
			k := FragmentLen
			for i+k < len(s) && h.off+k < len(bd) && s[i+k] == bd[h.off+k] {
				k++
			}
			if k > n {
				n, body, end = k, bd, h.off+k == len(bd)
			}
		}
		b.WriteString(s[last:i])
		b.WriteString(Ellipsis)
		j := i + n
		switch {
		case end && tails && len(body) > 8:
			b.WriteString(body[len(body)-4:])
		case !end && strings.HasPrefix(s[j:], Ellipsis):
			j += len(Ellipsis)
		}
		i, last = j, j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// replaceUnmasked masks each match of p in s, except a match that is
// already a masked value. A match followed by the ellipsis was cut: it
// keeps no tail, and the ellipsis goes with it.
func replaceUnmasked(p *regexp.Regexp, s string) string {
	idx := p.FindAllStringIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		b.WriteString(s[last:m[0]])
		match := s[m[0]:m[1]]
		end := m[1]
		cut := strings.HasSuffix(match, Ellipsis)
		if !cut && strings.HasPrefix(s[end:], Ellipsis) {
			cut = true
			end += len(Ellipsis)
		}
		keep := 0 // the header name or the Bearer word stays
		switch {
		case strings.HasPrefix(strings.ToLower(match), "bearer"):
			keep = len(match) - len(strings.TrimLeft(match[6:], " \t"))
		case headerName.MatchString(match):
			keep = len(headerValue.FindString(match))
		}
		value := strings.TrimSuffix(match[keep:], Ellipsis)
		rest := s[m[1]:end]
		switch {
		case alreadyMasked(value, s[m[1]:]):
			b.WriteString(match + rest)
		case cut:
			b.WriteString(match[:keep] + cutSecret(value))
		default:
			b.WriteString(match[:keep] + Secret(value) + rest)
		}
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// alreadyMasked reports whether a matched value is a mask (or only the
// scheme word of an Authorization header): masking it again would lose
// the tail a person recognises it by.
func alreadyMasked(value, after string) bool {
	switch strings.ToLower(value) {
	case "basic", "bearer":
		return true
	}
	if maskShape.MatchString(value) {
		return true
	}
	// The key's public prefix right before a mask's ellipsis.
	if keyPrefix.FindString(value) == value && strings.HasPrefix(after, Ellipsis) {
		tail := strings.TrimPrefix(after, Ellipsis)
		n := 0
		for n < len(tail) && n < 5 && isKeyChar(tail[n]) {
			n++
		}
		return n <= 4
	}
	return false
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// Leaks returns the known secrets that occur in s — whole, as a run of
// FragmentLen or more characters, or in the form JSON or HTML gives them —
// a writer refuses to write text for which it is not empty.
func (r *Redactor) Leaks(s string) []string {
	if r == nil {
		return nil
	}
	var out []string
	seen := map[int]bool{}
	for i, sec := range r.secrets {
		for _, form := range r.forms[i] {
			if strings.Contains(s, form) {
				out, seen[i] = append(out, sec), true
				break
			}
		}
	}
	if len(r.grams) > 0 {
		for i := 0; i+FragmentLen <= len(s); i++ {
			for _, h := range r.grams[s[i:i+FragmentLen]] {
				if !seen[h.sec] {
					out, seen[h.sec] = append(out, r.secrets[h.sec]), true
				}
			}
		}
	}
	return out
}

// encodings are the forms a secret takes in the outputs: as it is, in a
// JSON string, in HTML text.
func encodings(sec string) []string {
	forms := []string{sec}
	if j, err := json.Marshal(sec); err == nil {
		if f := string(j[1 : len(j)-1]); f != sec {
			forms = append(forms, f)
		}
	}
	// text/template's escaping, and html/template's (which also escapes +).
	for _, h := range []string{template.HTMLEscapeString(sec), htmlText.Replace(sec)} {
		if h != sec && !contains(forms, h) {
			forms = append(forms, h)
		}
	}
	return forms
}

// htmlText escapes text as html/template does in an element's text.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
