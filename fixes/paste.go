package fixes

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"

	"apidoctor/i18n"
	"apidoctor/platform"
	"apidoctor/redact"
)

// The lines a person pastes (the print target, and the Windows user
// environment's lines on Windows) are run as they are printed, so they
// carry the real value of what is no secret: a proxy's address, NO_PROXY,
// a CA path. A secret (a key, a token, a proxy URL with a password) is
// never printed: the line reads it from the variable of this shell that
// already holds it (the case of a key moved to another name, or of two
// cases made to agree), or from one that holds it with the spaces, line
// breaks and quotes of a bad paste around it (the key.clean fix). With
// no such variable the line is left out and the plan says so.

// keyOnly keeps the characters a key or token is made of: what a bad
// paste adds (spaces, line breaks, quotes) goes.
var keyOnly = regexp.MustCompile(`[^` + platform.KeyChars + `]`)

// shellName is a variable name every shell can read as $NAME.
var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// source is where a pasted line reads a secret from: the variable, and
// whether its value needs the paste's stray characters removed.
type source struct {
	name  string
	clean bool
}

// secretValue reports whether a variable's value is a secret (see
// ValueSecrets).
func secretValue(name, v string) bool {
	return len(ValueSecrets(map[string]*string{name: &v})) > 0
}

// sourceOf finds the variable of this environment a pasted line can read
// the secret v of variable name from: one holding v itself (name first,
// then its other case, then any other, by name), else, for a key or a
// token, one holding it inside the characters a bad paste adds.
func (c Context) sourceOf(name, v string) (source, bool) {
	vars := c.Env.Vars
	var names []string
	for k := range vars {
		if shellName.MatchString(k) {
			names = append(names, k)
		}
	}
	rank := func(k string) int {
		switch {
		case k == name:
			return 0
		case strings.EqualFold(k, name):
			return 1
		}
		return 2
	}
	sort.Slice(names, func(i, j int) bool {
		if ri, rj := rank(names[i]), rank(names[j]); ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	for _, k := range names {
		if vars[k] == v {
			return source{name: k}, true
		}
	}
	if redact.SensitiveName(name) && keyOnly.ReplaceAllString(v, "") == v {
		for _, k := range names {
			if keyOnly.ReplaceAllString(vars[k], "") == v {
				return source{name: k, clean: true}, true
			}
		}
	}
	return source{}, false
}

// pasteLine is the line of sh that sets name to v (nil: removes it) for
// a person to paste, and the variable it reads ("" for none); ok is
// false for a secret no variable holds. The line is "" for a secret the
// variable holds already (PowerShell's names are one in any case).
func (c Context) pasteLine(sh Shell, name string, v *string) (line, reads string, ok bool) {
	if v == nil || !secretValue(name, *v) {
		return sh.line(name, v), "", true
	}
	src, ok := c.sourceOf(name, *v)
	if !ok {
		return "", "", false
	}
	if !src.clean && (src.name == name || sh.Name == "powershell" && strings.EqualFold(src.name, name)) {
		return "", "", true // it holds the value already: a line would change nothing
	}
	return sh.refLine(name, src), src.name, true
}

// pasted is one line to paste: the variable it sets and the one it reads.
type pasted struct{ line, sets, reads string }

// pasteOrder orders the lines so that each runs before any line that
// changes the variable it reads: the key moved to ANTHROPIC_AUTH_TOKEN is
// read before ANTHROPIC_API_KEY is unset. (A cycle keeps its order.)
func pasteOrder(lines []pasted) []string {
	var out []string
	left := append([]pasted(nil), lines...)
	for len(left) > 0 {
		next := 0
		for i, l := range left {
			readLater := false
			for j, o := range left {
				readLater = readLater || (j != i && strings.EqualFold(o.reads, l.sets))
			}
			if !readLater {
				next = i
				break
			}
		}
		out = append(out, left[next].line)
		left = append(left[:next], left[next+1:]...)
	}
	return out
}

// refLine is the statement that sets name to what src holds.
func (s Shell) refLine(name string, src source) string {
	return platform.RefLine(s.Name, name, src.name, src.clean)
}

// userEnvLines are the commands that save the variables in the Windows
// user environment: setx with the value as it is, reg delete for a
// removal, and for a secret a PowerShell call that reads it from the
// variable holding it (setx would need it typed out). They are joined
// with "; ", PowerShell's separator. left lists the secrets no variable
// holds, whose lines are left out.
func (c Context) userEnvLines(vars map[string]*string) (lines, left []string) {
	for _, k := range sortedKeys(vars) {
		v := vars[k]
		if v == nil || !secretValue(k, *v) {
			lines = append(lines, platform.SetxLines(map[string]*string{k: v}, []string{k})...)
			continue
		}
		src, ok := c.sourceOf(k, *v)
		if !ok {
			left = append(left, k)
			continue
		}
		lines = append(lines, platform.UserEnvRef(k, src.name, src.clean))
	}
	return lines, left
}

// leftOutNotes say which variables were not printed, and why: a
// password in a proxy URL, or a key or a token.
func leftOutNotes(vars map[string]*string, names []string) []i18n.M {
	var keys, proxies []string
	for _, k := range names {
		if v := vars[k]; v != nil && !redact.SensitiveName(k) {
			if u, err := url.Parse(strings.TrimSpace(*v)); err == nil && u.User != nil {
				proxies = append(proxies, k)
				continue
			}
		}
		keys = append(keys, k)
	}
	var out []i18n.M
	if len(proxies) > 0 {
		out = append(out, i18n.Msg("fixnote.left_out", strings.Join(proxies, ", "), i18n.Msg("fixnote.left_out.password")))
	}
	if len(keys) > 0 {
		out = append(out, i18n.Msg("fixnote.left_out", strings.Join(keys, ", "), i18n.Msg("fixnote.left_out.key")))
	}
	return out
}

// shellCache holds the shell found per environment, so the plans built
// for one context (every CA candidate is tested with one) ask PowerShell
// once; callers for the same environment wait for the first.
type shellCache struct {
	mu     sync.Mutex
	shells map[string]Shell
}

// shell is the shell of the context's environment, found once per
// environment (its OS, home and the variables that choose the shell).
func (c Context) shell() Shell {
	if c.shells == nil {
		return DetectShell(c.Env)
	}
	v := c.Env.Vars
	key := strings.Join([]string{c.Env.GOOS, c.Env.Home, v["SHELL"], v["ZDOTDIR"], v["XDG_CONFIG_HOME"], v["PSModulePath"], v["USERPROFILE"]}, "\x00")
	c.shells.mu.Lock()
	defer c.shells.mu.Unlock()
	if sh, ok := c.shells.shells[key]; ok {
		return sh
	}
	sh := DetectShell(c.Env)
	if c.shells.shells == nil {
		c.shells.shells = map[string]Shell{}
	}
	c.shells.shells[key] = sh
	return sh
}
