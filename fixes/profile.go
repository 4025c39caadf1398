package fixes

import (
	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/platform"
	"context"
	"sort"
	"strings"
)

// Markers around the one block apidoctor owns in a shell profile.
const (
	BlockStart = "# >>> apidoctor >>>"
	BlockEnd   = "# <<< apidoctor <<<"
)

// Shell is a shell whose profile a fix can write.
type Shell struct {
	Name    string // bash, zsh, fish, powershell
	Profile string // the file
}

// DetectShell picks the user's shell and its profile for env's OS (see
// platform.DetectShell).
func DetectShell(env *checks.Env) Shell {
	s := platform.DetectShell(context.Background(), env.Host())
	return Shell{Name: s.Name, Profile: s.Profile}
}

// SourceLine is what loads the profile into a terminal already open.
func (s Shell) SourceLine() string {
	if s.Name == "powershell" {
		return ". " + s.quote(s.Profile)
	}
	if strings.ContainsAny(s.Profile, " '\"$`\\") {
		return "source " + s.quote(s.Profile)
	}
	return "source " + s.Profile
}

// quote quotes a value for the shell.
func (s Shell) quote(v string) string {
	switch s.Name {
	case "fish":
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
	case "powershell":
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// line is the statement that sets (or, v nil, removes) one variable.
func (s Shell) line(name string, v *string) string {
	switch s.Name {
	case "fish":
		if v == nil {
			return "set -e " + name
		}
		return "set -gx " + name + " " + s.quote(*v)
	case "powershell":
		if v == nil {
			return "Remove-Item Env:" + name + " -ErrorAction SilentlyContinue"
		}
		return "$env:" + name + " = " + s.quote(*v)
	}
	if v == nil {
		return "unset " + name
	}
	return "export " + name + "=" + s.quote(*v)
}

// parseLine reads back a statement the block holds.
func (s Shell) parseLine(l string) (string, *string, bool) {
	unq := func(q string) string {
		switch s.Name {
		case "fish":
			q = strings.TrimSuffix(strings.TrimPrefix(q, "'"), "'")
			return strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(q)
		case "powershell":
			q = strings.TrimSuffix(strings.TrimPrefix(q, "'"), "'")
			return strings.ReplaceAll(q, "''", "'")
		}
		q = strings.TrimSuffix(strings.TrimPrefix(q, "'"), "'")
		return strings.ReplaceAll(q, `'\''`, `'`)
	}
	switch {
	case strings.HasPrefix(l, "export "):
		k, v, ok := strings.Cut(strings.TrimPrefix(l, "export "), "=")
		val := unq(v)
		return k, &val, ok
	case strings.HasPrefix(l, "unset "):
		return strings.TrimPrefix(l, "unset "), nil, true
	case strings.HasPrefix(l, "set -gx "):
		k, v, ok := strings.Cut(strings.TrimPrefix(l, "set -gx "), " ")
		val := unq(v)
		return k, &val, ok
	case strings.HasPrefix(l, "set -e "):
		return strings.TrimPrefix(l, "set -e "), nil, true
	case strings.HasPrefix(l, "$env:"):
		k, v, ok := strings.Cut(strings.TrimPrefix(l, "$env:"), " = ")
		val := unq(v)
		return k, &val, ok
	case strings.HasPrefix(l, "Remove-Item Env:"):
		k, _, _ := strings.Cut(strings.TrimPrefix(l, "Remove-Item Env:"), " ")
		return k, nil, true
	}
	return "", nil, false
}

// EditBlock merges set into the profile's apidoctor block (replacing it in
// place, or appending one) and leaves every other line alone, in the
// file's own line breaks (CRLF stays CRLF). A value of nil removes the
// variable in new shells. An empty block is removed.
func (s Shell) EditBlock(content []byte, set map[string]*string) ([]byte, error) {
	text := string(content)
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	start := strings.Index(text, BlockStart)
	end := strings.Index(text, BlockEnd)
	vars := map[string]*string{}
	before, after := text, ""
	if start >= 0 {
		if end < start {
			return nil, i18n.Errorf("fixerr.profile_block", BlockStart, BlockEnd)
		}
		before = text[:start]
		after = strings.TrimPrefix(strings.TrimPrefix(text[end+len(BlockEnd):], "\r"), "\n")
		for _, l := range strings.Split(text[start+len(BlockStart):end], "\n") {
			if k, v, ok := s.parseLine(strings.TrimSpace(l)); ok {
				vars[k] = v
			}
		}
	}
	for k, v := range set {
		vars[k] = v
	}
	if len(vars) == 0 {
		return []byte(before + after), nil
	}
	var b strings.Builder
	b.WriteString(BlockStart + nl)
	b.WriteString("# Written by apidoctor; `apidoctor undo` reverts it. Edit outside this block." + nl)
	for _, k := range sortedKeys(vars) {
		b.WriteString(s.line(k, vars[k]) + nl)
	}
	b.WriteString(BlockEnd + nl)
	if start < 0 && before != "" && !strings.HasSuffix(before, "\n") {
		before += nl
	}
	if start < 0 && before != "" {
		before += nl
	}
	return []byte(before + b.String() + after), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
