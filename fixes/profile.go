package fixes

import (
	"context"
	"math"
	"sort"
	"strings"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/platform"
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
	// Program is the PowerShell of Windows the profile is for (pwsh or
	// powershell.exe); "" elsewhere.
	Program string
	// Guess says why the profile is a guess (nil: the shell named it).
	Guess *platform.ProfileGuess
}

// DetectShell picks the user's shell and its profile for env's OS (see
// platform.FindShell).
func DetectShell(env *checks.Env) Shell { return DetectShellContext(context.Background(), env) }

// DetectShellContext is DetectShell, stopped with ctx. On Windows the
// PowerShell in use is asked for its profile within platform.ProfileWait,
// longer than the diagnosis gives a command: a cold start takes seconds.
func DetectShellContext(ctx context.Context, env *checks.Env) Shell {
	h := env.Host()
	if env.Run != nil {
		h.Run = platform.Runner(env.Run)
	}
	f := platform.FindShell(ctx, h)
	return Shell{Name: f.Name, Profile: f.Profile, Program: f.Program, Guess: f.Guess}
}

// SourceLine is what loads the profile into a terminal already open:
// `. $PROFILE` in PowerShell (`. 'path'` when the path is a guess, which
// $PROFILE may not name), `source path` elsewhere.
func (s Shell) SourceLine() string {
	if s.Name == "powershell" {
		if s.Guess == nil {
			return ". $PROFILE"
		}
		return ". " + s.quote(s.Profile)
	}
	if strings.ContainsAny(s.Profile, " '\"$`\\") {
		return "source " + s.quote(s.Profile)
	}
	return "source " + s.Profile
}

// profileNotes are what the plan says after writing the profile: how to
// load it in an open terminal and, for PowerShell on Windows, whether its
// path is a guess and that a Restricted execution policy runs none.
func (s Shell) profileNotes(goos string) []i18n.M {
	out := []i18n.M{i18n.Msg("fixnote.reload", s.SourceLine())}
	if s.Name != "powershell" || goos != "windows" {
		return out
	}
	if g := s.Guess; g != nil {
		out = append(out, i18n.Msg("fixnote.profile_guess", s.Profile, guessReason(g), i18n.Msg("profile.docs."+g.Documents)))
	}
	return append(out, i18n.Msg("fixnote.execution_policy"))
}

// guessReason says in words why PowerShell did not name its profile.
func guessReason(g *platform.ProfileGuess) i18n.M {
	switch g.Reason {
	case platform.GuessTimeout:
		return i18n.Msg("profile.guess.timeout", g.Program, int(math.Ceil(g.Wait.Seconds())))
	case platform.GuessFailed:
		return i18n.Msg("profile.guess.failed", g.Program, g.Err)
	}
	return i18n.Msg("profile.guess."+g.Reason, g.Program)
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
// place, or appending one) and leaves every other byte alone. The block's
// lines end as the lines around it do (CRLF stays CRLF, in a file that
// mixes both too), and a byte-order mark stays first. A value of nil
// removes the variable in new shells. An empty block is removed. A
// PowerShell profile that is new or all ASCII and whose block is not plain
// ASCII gains a UTF-8 byte-order mark: Windows PowerShell 5.1 reads a
// script without one in the system's ANSI code page, which would garble a
// path like C:\Users\Jürgen\….
func (s Shell) EditBlock(content []byte, set map[string]*string) ([]byte, error) {
	text := string(content)
	start := strings.Index(text, BlockStart)
	end := strings.Index(text, BlockEnd)
	vars := map[string]*string{}
	before, after := text, ""
	nl := lineBreakBefore(text, len(text))
	if start >= 0 {
		if end < start {
			return nil, i18n.Errorf("fixerr.profile_block", BlockStart, BlockEnd)
		}
		nl = "\n"
		if strings.HasPrefix(text[start+len(BlockStart):], "\r\n") {
			nl = "\r\n"
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
	hasText := strings.TrimPrefix(before, bom) != ""
	if start < 0 && hasText && !strings.HasSuffix(before, "\n") {
		before += nl
	}
	if start < 0 && hasText {
		before += nl
	}
	// An all-ASCII file reads the same in any code page, so the mark
	// changes nothing for it; other bytes without a mark may be ANSI text
	// the mark would garble, so they are left as they are.
	if s.Name == "powershell" && !strings.HasPrefix(text, bom) && ascii(text) && !ascii(b.String()) {
		before = bom + before
	}
	return []byte(before + b.String() + after), nil
}

// bom is the UTF-8 byte-order mark.
const bom = "\uFEFF"

// lineBreakBefore is the line break of the last line that ends before
// offset i: CRLF or LF (LF when no line ends there, or anywhere).
func lineBreakBefore(text string, i int) string {
	j := strings.LastIndexByte(text[:i], '\n')
	if j < 0 {
		j = strings.IndexByte(text, '\n')
	}
	if j > 0 && text[j-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
