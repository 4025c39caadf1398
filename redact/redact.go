// Package redact masks secrets: API keys, tokens, passwords in URLs and the
// values of sensitive headers. Every output of apidoctor goes through it.
package redact

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
)

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
		return prefix + "…"
	}
	return prefix + "…" + rest[len(rest)-4:]
}

var keyPrefix = regexp.MustCompile(`^sk-ant-[a-z]+[0-9]{2}-`)

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
// catch "name: value" and JSON "name": "value" shapes.
var patterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(?:x-api-key|proxy-authorization|authorization|set-cookie|cookie)"?\s*[:=]\s*"?(?:basic\s+|bearer\s+)?[^\s",;]{6,}`),
	regexp.MustCompile(`sk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_\-]{8,}`),
	regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]+`),
}

// Redactor masks every secret a session has seen, plus anything shaped like
// one. It is safe for concurrent use once built.
type Redactor struct {
	secrets []string // longest first, so a secret inside another is not half-masked
}

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
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

// Secrets returns the values the redactor knows (for leak scans in tests
// and before a report is written).
func (r *Redactor) Secrets() []string { return append([]string(nil), r.secrets...) }

// String masks every known secret and every secret-shaped run in s.
func (r *Redactor) String(s string) string {
	if r != nil {
		for _, sec := range r.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, Secret(sec))
			}
		}
	}
	for _, p := range patterns {
		s = replaceUnmasked(p, s)
	}
	s = userinfo.ReplaceAllString(s, "$1***@")
	// The tail a mask keeps can, with the text around it, spell the secret
	// again; such a secret is masked with no tail at all.
	if r != nil {
		for _, sec := range r.Leaks(s) {
			s = strings.ReplaceAll(s, sec, keyPrefix.FindString(sec)+"…")
		}
	}
	return s
}

// replaceUnmasked masks each match of p in s, except a match that is
// already a masked value (followed by the ellipsis Secret leaves).
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
		switch {
		case strings.HasPrefix(s[m[1]:], "…"):
			b.WriteString(match)
		case strings.HasPrefix(strings.ToLower(match), "bearer"):
			tok := strings.TrimLeft(match[6:], " \t")
			b.WriteString(match[:len(match)-len(tok)] + Secret(tok))
		case headerName.MatchString(match):
			// Keep the header's name (and a Basic/Bearer word); mask the value.
			n := len(headerValue.FindString(match))
			b.WriteString(match[:n] + Secret(match[n:]))
		default:
			b.WriteString(Secret(match))
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// Leaks returns the known secrets that occur in s; a writer refuses to
// write text for which it is not empty.
func (r *Redactor) Leaks(s string) []string {
	var out []string
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			out = append(out, sec)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
