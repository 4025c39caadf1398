package redact

import (
	"encoding/json"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paths is what --redact-paths hides: the home folder, the user name and
// the host name of the machine a report was made on.
type Paths struct {
	Home, User, Host string
}

// The placeholders of what Paths hides.
const (
	HomePlaceholder = "~"
	UserPlaceholder = "<user>"
	HostPlaceholder = "<host>"
)

// WithPaths returns a copy of the redactor that also hides p, in every
// value it redacts (String, Display, DisplayText, JSON), so a path is
// hidden before it is cut, wrapped or encoded:
//
//   - the home folder, shown as ~, in any form a path takes: any case
//     (Windows paths are case-insensitive, and so are macOS's), forward or
//     back slashes, doubled backslashes (a JSON string inside a JSON
//     string), the \\?\ and \\.\ prefixes, \\localhost\C$\…, the 8.3 short
//     name of its last folder (C:\Users\ALEXAN~1), an apostrophe or an
//     ampersand written as an HTML entity or a JSON escape;
//   - the user name (and the home's last folder) where it is a path
//     component — after a slash or a backslash, as in D:\Backups\alice\
//     or CORP\alice — or the value of a "user" field; never inside a
//     word ("admin" stays in "administrator") nor as a word of prose;
//   - the host name, as a word, in values: never in a JSON key (a host
//     named "server" must not rename the document's "server" keys).
//
// A separator may also be URL-escaped (%5C, %2F; a drive's colon %3A): a
// proxy URL's user info writes DOMAIN\user as DOMAIN%5Cuser.
//
// Names shorter than two characters are hidden only as the home.
func (r *Redactor) WithPaths(p Paths) *Redactor {
	c := &Redactor{}
	if r != nil {
		*c = *r
	}
	c.paths = newPathHider(p)
	return c
}

// pathHider holds the patterns of one machine's home, user and host.
type pathHider struct {
	home  *regexp.Regexp // nil when there is no home to hide
	user  *regexp.Regexp // a separator, then a name; nil without names
	host  *regexp.Regexp // nil without a host name
	field *regexp.Regexp // "user": "name" in text
	names []string
	// keys is this hider without the host: for JSON keys, which are the
	// document's schema (home and user patterns need a separator, which
	// no schema key holds, so a path used as a key still loses them).
	keys *pathHider
}

// Separators: a slash, a backslash or either URL-escaped; sepRun is any
// run of them, so C:/Users, C:\Users, the C:\\Users of a JSON string and
// C%3A%5CUsers all match.
const (
	sepOne = `(?:[\\/]|%5[cC]|%2[fF])`
	sepRun = sepOne + `+`
)

func newPathHider(p Paths) *pathHider {
	h := &pathHider{}
	home := strings.TrimSpace(p.Home)
	comps, root := splitHome(home)
	if len(comps) > 0 || root != "" {
		if len(comps) >= 2 {
			h.names = append(h.names, comps[len(comps)-1])
		}
		h.home = regexp.MustCompile(`(?i)` + homePattern(comps, root))
	}
	if u := strings.TrimSpace(p.User); u != "" {
		// DOMAIN\user: the name is the last part.
		if i := strings.LastIndexAny(u, `\/`); i >= 0 {
			u = u[i+1:]
		}
		if !containsFold(h.names, u) {
			h.names = append([]string{u}, h.names...)
		}
	}
	var alts []string
	for _, n := range h.names {
		if utf8.RuneCountInString(n) < 2 {
			continue
		}
		alts = append(alts, namePattern(n))
		if s := shortPattern(n); s != "" {
			alts = append(alts, s)
		}
	}
	if len(alts) > 0 {
		h.user = regexp.MustCompile(`(?i)` + sepOne + `(?:` + strings.Join(alts, "|") + `)`)
		h.field = regexp.MustCompile(`(?i)"(?:user|username|user_name)"\s*:\s*"(?:` + strings.Join(alts, "|") + `)"`)
	}
	if hn := strings.TrimSpace(p.Host); hn != "" {
		hosts := []string{regexp.QuoteMeta(hn)}
		// A host named by its full name is known by its first label too.
		if i := strings.IndexByte(hn, '.'); i >= 2 {
			hosts = append(hosts, regexp.QuoteMeta(hn[:i]))
		}
		h.host = regexp.MustCompile(`(?i)(?:` + strings.Join(hosts, "|") + `)`)
	}
	k := *h
	k.host = nil
	h.keys = &k
	return h
}

// splitHome splits a home into its components and its root: a drive
// letter ("c"), a UNC server and share ("\\server\share"), "/" for an
// absolute Unix path, or "" for anything else. A \\?\ or \\.\ prefix is
// dropped. A bare root is no home.
func splitHome(home string) (comps []string, root string) {
	if len(home) <= 1 {
		return nil, ""
	}
	unc := false
	if len(home) >= 4 && isSep(home[0]) && isSep(home[1]) && (home[2] == '?' || home[2] == '.') && isSep(home[3]) {
		home = home[4:]
		if len(home) >= 4 && strings.EqualFold(home[:3], "UNC") && isSep(home[3]) {
			home, unc = home[4:], true
		}
	} else if len(home) >= 2 && isSep(home[0]) && isSep(home[1]) {
		unc = true
	}
	abs := isSep(home[0])
	comps = strings.FieldsFunc(home, func(r rune) bool { return r == '/' || r == '\\' })
	switch {
	case unc && len(comps) >= 2:
		return comps[2:], `\\` + comps[0] + `\` + comps[1]
	case unc:
		return nil, ""
	case len(comps) >= 2 && len(comps[0]) == 2 && comps[0][1] == ':' && isASCIILetter(comps[0][0]):
		return comps[1:], comps[0][:1]
	case len(comps) >= 1 && abs:
		return comps, "/"
	case len(comps) >= 2:
		return comps, ""
	}
	return nil, ""
}

// homePattern is the regexp of a home in every form (see WithPaths).
func homePattern(comps []string, root string) string {
	var b strings.Builder
	switch {
	case strings.HasPrefix(root, `\\`):
		parts := strings.SplitN(root[2:], `\`, 2)
		b.WriteString(sepOne + `{2,}(?:[?.]` + sepRun + `UNC` + sepRun + `)?` + namePattern(parts[0]) + sepRun + namePattern(parts[1]))
	case root != "" && root != "/":
		d := regexp.QuoteMeta(root)
		// C:, \\?\C:, \\localhost\C$ and \\?\UNC\localhost\C$.
		b.WriteString(`(?:(?:` + sepOne + `{2,}[?.]` + sepRun + `)?` + d + `(?::|%3[aA])|` + sepOne + `{2,}(?:[?.]` + sepRun + `UNC` + sepRun + `)?(?:localhost|127\.0\.0\.1)` + sepRun + d + `(?:\$|%24))`)
	}
	for i, c := range comps {
		switch {
		case i == 0 && root == "/":
			// One separator before the first component, an escaped one
			// (\/) or a URL-escaped one.
			b.WriteString(`(?:\\*/|\\+|%2[fF]|%5[cC])`)
		case i > 0 || root != "":
			b.WriteString(sepRun)
		}
		p := namePattern(c)
		if i == len(comps)-1 {
			if s := shortPattern(c); s != "" {
				p = `(?:` + p + `|` + s + `)`
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// namePattern matches a file name as it is, or with the characters an
// encoder or a URL may rewrite in it rewritten: ' and & as HTML entities
// or JSON escapes, a space as %20.
func namePattern(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch r {
		case '\'':
			b.WriteString(`(?:'|&#0*39;|&#[xX]0*27;|&apos;|\\+u0027|%27)`)
		case '&':
			b.WriteString(`(?:&|&amp;|&#0*38;|&#[xX]0*26;|\\+u0026|%26)`)
		case '+':
			b.WriteString(`(?:\+|&#0*43;|&#[xX]0*2[bB];|%2[bB])`)
		case ' ':
			b.WriteString(`(?: |%20)`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// shortPattern matches the 8.3 short names Windows gives a long name
// (ALEXAN~1, and AL4F2B~1 once there are many), or "" when the name is a
// valid short name already.
func shortPattern(name string) string {
	base, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		base, ext = name[:i], name[i+1:]
	}
	if valid83(base, ext) {
		return ""
	}
	var s []rune
	for _, r := range strings.ToUpper(base) {
		switch {
		case r == ' ' || r == '.':
			continue
		case r > unicode.MaxASCII || strings.ContainsRune(`+,;=[]`, r):
			r = '_'
		}
		s = append(s, r)
	}
	if len(s) == 0 {
		return ""
	}
	six := regexp.QuoteMeta(string(s[:min(6, len(s))]))
	two := regexp.QuoteMeta(string(s[:min(2, len(s))]))
	return `(?:` + six + `|` + two + `[0-9A-F]{4})~[0-9]+(?:\.[^\\/\s.]{1,3})?`
}

func valid83(base, ext string) bool {
	if base == "" || len(base) > 8 || len(ext) > 3 || strings.Contains(base, ".") {
		return false
	}
	for _, r := range base + ext {
		if r > unicode.MaxASCII || r == ' ' || strings.ContainsRune(`+,;=[]`, r) {
			return false
		}
	}
	return true
}

func isSep(c byte) bool           { return c == '/' || c == '\\' }
func isASCIILetter(c byte) bool   { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWordRune(r rune) bool      { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }
func isFileNameRune(r rune) bool  { return isWordRune(r) || r == '-' || r == '~' || r == '$' }
func isPathStartRune(r rune) bool { return isFileNameRune(r) || r == '.' }

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// before and after are the runes next to s[i:j] (utf8.RuneError at an end).
func before(s string, i int) rune {
	if i <= 0 {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func after(s string, j int) rune {
	if j >= len(s) {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return r
}

// homeAt reports whether s[i:j] is the home itself, not the start of a
// longer name (/home/alice2, /home/alice.bak) nor the end of a longer
// path (/mnt/home/alice). A dot that ends a sentence ends the home.
func homeAt(s string, i, j int) bool {
	if p := before(s, i); p != utf8.RuneError && isPathStartRune(p) && !escapedSepBefore(s, i) {
		return false
	}
	n := after(s, j)
	if n == '.' {
		n = after(s, j+1)
		return n == utf8.RuneError || !isFileNameRune(n)
	}
	return n == utf8.RuneError || !isFileNameRune(n)
}

// escapedSepBefore reports whether s[:i] ends with a URL-escaped
// separator (%2F, %5C): its last rune is a letter, yet it ends a folder.
func escapedSepBefore(s string, i int) bool {
	return i >= 3 && s[i-3] == '%' && (s[i-2] == '2' && (s[i-1] == 'f' || s[i-1] == 'F') || s[i-2] == '5' && (s[i-1] == 'c' || s[i-1] == 'C'))
}

// userAt reports whether s[i:j] (a separator and a name) is the name as
// a whole path component: not the start of a longer word (admin in
// \administrator), not an HTML closing tag (</code>).
func userAt(s string, i, j int) bool {
	if s[i] == '/' && before(s, i) == '<' {
		return false
	}
	n := after(s, j)
	return n == utf8.RuneError || !isWordRune(n)
}

// hostAt reports whether s[i:j] is the host name as a word, and not the
// placeholder (a host named "host").
func hostAt(s string, i, j int) bool {
	p, n := before(s, i), after(s, j)
	if p == '<' && n == '>' {
		return false
	}
	return (p == utf8.RuneError || !isWordRune(p)) && (n == utf8.RuneError || !isWordRune(n))
}

// replaceAt replaces each match of re in s that ok accepts with repl(m).
func replaceAt(re *regexp.Regexp, s string, ok func(s string, i, j int) bool, repl func(m string) string) string {
	if re == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for pos := 0; pos < len(s); {
		loc := re.FindStringIndex(s[pos:])
		if loc == nil {
			break
		}
		i, j := pos+loc[0], pos+loc[1]
		if !ok(s, i, j) {
			_, n := utf8.DecodeRuneInString(s[i:])
			pos = i + n
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl(s[i:j]))
		last, pos = j, j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func (h *pathHider) hide(s string) string {
	if h == nil {
		return s
	}
	s = replaceAt(h.home, s, homeAt, func(string) string { return HomePlaceholder })
	s = replaceAt(h.user, s, userAt, func(m string) string { return m[:sepLen(m)] + UserPlaceholder })
	return replaceAt(h.host, s, hostAt, func(string) string { return HostPlaceholder })
}

// sepLen is the length of the separator a user match starts with.
func sepLen(m string) int {
	if m[0] == '%' {
		return 3
	}
	return 1
}

// found names what of the home and the user s still shows.
func (h *pathHider) found(s string) []string {
	var out []string
	if replaceAt(h.home, s, homeAt, func(string) string { return "" }) != s {
		out = append(out, "home")
	}
	if replaceAt(h.user, s, userAt, func(string) string { return "" }) != s || (h.field != nil && h.field.MatchString(s)) {
		out = append(out, "user")
	}
	return out
}

// userField reports whether a JSON value under key is the user name.
func (h *pathHider) userField(key, v string) bool {
	switch strings.ToLower(key) {
	case "user", "username", "user_name":
		return containsFold(h.names, strings.TrimSpace(v))
	}
	return false
}

// PathLeaks names what of the home ("home") and the user name ("user"),
// in that order, the finished text s still shows, as it is or decoded:
// the strings of a JSON document, HTML entities, JSON \u escapes, URL
// escapes (%5C, %2F, and a name's own: Zo%C3%AB). A writer refuses to
// write text for which it is not empty. The host name is not looked for:
// as a word it may be any word of the page around the values.
func (r *Redactor) PathLeaks(s string) []string {
	if r == nil || r.paths == nil {
		return nil
	}
	views := []string{s, html.UnescapeString(s), unescapeJSON(s)}
	if strings.HasPrefix(s, "{") && json.Valid([]byte(s)) {
		jsonWalk([]byte(s), func(v, key string, isKey bool) string {
			views = append(views, v, html.UnescapeString(v))
			if !isKey && r.paths.userField(key, v) {
				views = append(views, `"user":"`+v+`"`)
			}
			return v
		})
	}
	for _, v := range views[:len(views):len(views)] {
		if d := unescapeURL(v); d != v {
			views = append(views, d)
		}
	}
	var out []string
	for _, v := range views {
		for _, f := range r.paths.found(v) {
			if !contains(out, f) {
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	return out
}

var jsonEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// unescapeJSON decodes the \u escapes of JSON text (a document or one
// quoted in other text); other escapes stay.
func unescapeJSON(s string) string {
	return jsonEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:], 16, 32)
		return string(rune(n))
	})
}

var urlEscape = regexp.MustCompile(`%[0-9a-fA-F]{2}`)

// unescapeURL decodes the %XX escapes of s; a % that starts no escape
// stays (url.PathUnescape would refuse the whole text).
func unescapeURL(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return urlEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[1:], 16, 8)
		return string([]byte{byte(n)})
	})
}
