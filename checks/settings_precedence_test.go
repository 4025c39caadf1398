package checks

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A fake machine: the user's home, a project below it, and the path of
// each Claude Code settings file.
const (
	pHome    = "/home/u"
	pCwd     = "/home/u/p"
	pUser    = "/home/u/.claude/settings.json"
	pProject = "/home/u/p/.claude/settings.json"
	pLocal   = "/home/u/p/.claude/settings.local.json"
	pManaged = "/etc/claude-code/managed-settings.json"
)

// precSource is one place a value can be given.
type precSource struct {
	name string // for the test's name
	src  string // Value.Source it yields
}

var (
	srcFlag    = precSource{"flag", SourceFlag}
	srcManaged = precSource{"managed", pManaged}
	srcLocal   = precSource{"local", pLocal}
	srcProject = precSource{"project", pProject}
	srcUser    = precSource{"user", pUser}
	srcShell   = precSource{"shell", SourceShell}
)

// claudeOrder is Claude Code's precedence, highest first.
var claudeOrder = []precSource{srcFlag, srcManaged, srcLocal, srcProject, srcUser, srcShell}

// precMachine writes env blocks into the settings files below a temporary
// root and returns the engine environment and the flags.
type precMachine struct {
	t     *testing.T
	root  string
	vars  map[string]string
	flags map[string]string
	files map[string]map[string]string
}

func newPrecMachine(t *testing.T) *precMachine {
	return &precMachine{t: t, root: t.TempDir(), vars: map[string]string{}, flags: map[string]string{}, files: map[string]map[string]string{}}
}

// give puts name=value at a source.
func (m *precMachine) give(s precSource, name, value string) {
	switch s.src {
	case SourceFlag:
		m.flags[name] = value
	case SourceShell:
		m.vars[name] = value
	default:
		if m.files[s.src] == nil {
			m.files[s.src] = map[string]string{}
		}
		m.files[s.src][name] = value
	}
}

func (m *precMachine) load(client ClientName, cwd string) *Settings {
	m.t.Helper()
	for path, env := range m.files {
		b, _ := json.Marshal(map[string]any{"env": env})
		full := filepath.Join(m.root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			m.t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			m.t.Fatal(err)
		}
	}
	env := &Env{Vars: m.vars, Home: pHome, Cwd: cwd, GOOS: "linux", Files: RootFS{Root: m.root}}
	return LoadSettings(env, client, m.flags)
}

// TestClaudeCodePrecedenceEveryPair: for every two sources, the higher one
// wins and the lower one is listed as shadowed, with its source.
func TestClaudeCodePrecedenceEveryPair(t *testing.T) {
	for i, hi := range claudeOrder {
		for _, lo := range claudeOrder[i+1:] {
			t.Run(hi.name+">"+lo.name, func(t *testing.T) {
				m := newPrecMachine(t)
				m.give(hi, "ANTHROPIC_BASE_URL", "https://"+hi.name+".example")
				m.give(lo, "ANTHROPIC_BASE_URL", "https://"+lo.name+".example")
				s := m.load(ClaudeCode, pCwd)
				if v, _ := s.Lookup("ANTHROPIC_BASE_URL"); v.Raw != "https://"+hi.name+".example" || v.Source != hi.src {
					t.Fatalf("winner %+v, want %s", v, hi.name)
				}
				want := []Value{{Name: "ANTHROPIC_BASE_URL", Raw: "https://" + lo.name + ".example", Source: lo.src}}
				if got := s.Hidden("ANTHROPIC_BASE_URL"); !sameValues(got, want) {
					t.Fatalf("shadowed %+v, want %+v", got, want)
				}
			})
		}
	}
}

// TestOtherClientsPrecedence: SDKs and curl never read Claude Code's
// files; a flag still beats the shell.
func TestOtherClientsPrecedence(t *testing.T) {
	for _, client := range []ClientName{PythonSDK, NodeSDK, GoSDK, Curl} {
		for _, c := range []struct {
			name     string
			given    []precSource
			want     precSource
			shadowed []precSource
		}{
			{"flag>shell", []precSource{srcFlag, srcShell}, srcFlag, []precSource{srcShell}},
			{"shell>user", []precSource{srcUser, srcShell}, srcShell, nil},
			{"shell>managed", []precSource{srcManaged, srcShell}, srcShell, nil},
			{"files only", []precSource{srcManaged, srcLocal, srcProject, srcUser}, precSource{}, nil},
			{"flag>all", claudeOrder, srcFlag, []precSource{srcShell}},
		} {
			t.Run(string(client)+"/"+c.name, func(t *testing.T) {
				m := newPrecMachine(t)
				for _, g := range c.given {
					m.give(g, "HTTPS_PROXY", "http://"+g.name+":1")
				}
				s := m.load(client, pCwd)
				v, ok := s.Lookup("HTTPS_PROXY")
				if c.want.src == "" {
					if ok {
						t.Fatalf("%s read a settings file: %+v", client, v)
					}
					return
				}
				if v.Source != c.want.src {
					t.Fatalf("winner %+v, want %s", v, c.want.name)
				}
				var want []Value
				for _, sh := range c.shadowed {
					want = append(want, Value{Name: "HTTPS_PROXY", Raw: "http://" + sh.name + ":1", Source: sh.src})
				}
				if !sameValues(s.Shadowed, want) {
					t.Fatalf("shadowed %+v, want %+v", s.Shadowed, want)
				}
			})
		}
	}
}

// TestShadowedListsEveryHiddenValue: with all six sources set, the flag
// wins and the five others are listed highest first, equal values too
// (removing the winner would bring them in).
func TestShadowedListsEveryHiddenValue(t *testing.T) {
	m := newPrecMachine(t)
	for _, s := range claudeOrder {
		m.give(s, "ANTHROPIC_BASE_URL", "https://"+s.name+".example")
	}
	m.give(srcUser, "HTTPS_PROXY", "http://same:1")
	m.give(srcShell, "HTTPS_PROXY", "http://same:1")
	s := m.load(ClaudeCode, pCwd)
	var want []Value
	for _, src := range claudeOrder[1:] {
		want = append(want, Value{Name: "ANTHROPIC_BASE_URL", Raw: "https://" + src.name + ".example", Source: src.src})
	}
	if got := s.Hidden("ANTHROPIC_BASE_URL"); !sameValues(got, want) {
		t.Fatalf("hidden %+v\nwant %+v", got, want)
	}
	if v, _ := s.Lookup("HTTPS_PROXY"); v.Source != pUser {
		t.Fatalf("HTTPS_PROXY from %s, want the user file", v.Source)
	}
	if got := s.Hidden("HTTPS_PROXY"); !sameValues(got, []Value{{Name: "HTTPS_PROXY", Raw: "http://same:1", Source: SourceShell}}) {
		t.Fatalf("an equal shell value is hidden too: %+v", got)
	}
	if len(s.Shadowed) != len(want)+1 {
		t.Fatalf("shadowed has %d values, want %d: %+v", len(s.Shadowed), len(want)+1, s.Shadowed)
	}
}

// TestSettingsOverrideOnlyTheirNames: a settings HTTPS_PROXY does not hide
// the shell's https_proxy; which of the two the client uses is the proxy
// variable order's business.
func TestSettingsOverrideOnlyTheirNames(t *testing.T) {
	m := newPrecMachine(t)
	m.give(srcUser, "HTTPS_PROXY", "http://settings:1")
	m.give(srcShell, "https_proxy", "http://stale:1")
	s := m.load(ClaudeCode, pCwd)
	if v, _ := s.Lookup("HTTPS_PROXY"); v.Source != pUser {
		t.Errorf("HTTPS_PROXY %+v", v)
	}
	if v, _ := s.Lookup("https_proxy"); v.Source != SourceShell || v.Raw != "http://stale:1" {
		t.Errorf("https_proxy %+v", v)
	}
	if len(s.Shadowed) != 0 {
		t.Errorf("nothing is hidden: %+v", s.Shadowed)
	}
	if rt := ProfileOf(ClaudeCode).RouteFor(s, mustURL(t, "https://api.anthropic.com")); rt.ProxyVar != "https_proxy" {
		t.Errorf("Claude Code reads https_proxy first: route %+v", rt)
	}
}

// TestStartedFromHome: run from the home folder, ~/.claude/settings.json is
// the user file and the project file at once; it is read once and counts
// as the project file, never shadowing itself.
func TestStartedFromHome(t *testing.T) {
	m := newPrecMachine(t)
	m.give(srcUser, "ANTHROPIC_BASE_URL", "https://home.example")
	m.give(srcShell, "ANTHROPIC_BASE_URL", "https://shell.example")
	s := m.load(ClaudeCode, pHome)
	if v, _ := s.Lookup("ANTHROPIC_BASE_URL"); v.Source != pUser || v.Raw != "https://home.example" {
		t.Fatalf("winner %+v", v)
	}
	if got := s.Hidden("ANTHROPIC_BASE_URL"); len(got) != 1 || got[0].Source != SourceShell {
		t.Fatalf("the file must not shadow itself: %+v", got)
	}
	kinds := map[string]SettingsFile{}
	for _, f := range s.Files {
		kinds[f.Kind] = f
	}
	if u, p := kinds["user"], kinds["project"]; u.Path != p.Path || u.SameAs != "project" || !u.Exists || p.SameAs != "" {
		t.Fatalf("user %+v project %+v", u, p)
	}
}

// TestStartedFromHomeWithConfigDir: CLAUDE_CONFIG_DIR moves the user file,
// but started from home ~/.claude/settings.json is still the project file,
// which outranks the user file.
func TestStartedFromHomeWithConfigDir(t *testing.T) {
	m := newPrecMachine(t)
	m.vars["CLAUDE_CONFIG_DIR"] = "/home/u/.config/claude"
	m.give(precSource{"moved-user", "/home/u/.config/claude/settings.json"}, "ANTHROPIC_BASE_URL", "https://moved-user.example")
	m.give(srcUser, "ANTHROPIC_BASE_URL", "https://home-project.example")
	s := m.load(ClaudeCode, pHome)
	if v, _ := s.Lookup("ANTHROPIC_BASE_URL"); v.Raw != "https://home-project.example" || v.Source != pUser {
		t.Fatalf("winner %+v, want ~/.claude/settings.json as the project file", v)
	}
	if got := s.Hidden("ANTHROPIC_BASE_URL"); len(got) != 1 || got[0].Source != "/home/u/.config/claude/settings.json" {
		t.Fatalf("hidden %+v", got)
	}
	for _, f := range s.Files {
		if f.SameAs != "" {
			t.Fatalf("two different files: %+v", f)
		}
	}
}

// TestSamePathFollowsTheOS: Windows and macOS compare paths without case.
func TestSamePathFollowsTheOS(t *testing.T) {
	for _, c := range []struct {
		goos, a, b string
		want       bool
	}{
		{"linux", "/home/U/.claude/settings.json", "/home/u/.claude/settings.json", false},
		{"linux", "/home/u/.claude/settings.json", "/home/u/.claude/settings.json", true},
		{"darwin", "/Users/U/.claude/settings.json", "/Users/u/.claude/settings.json", true},
		{"windows", `C:\Users\U\.claude\settings.json`, `c:\users\u\.claude\settings.json`, true},
	} {
		if got := samePath(c.goos, c.a, c.b); got != c.want {
			t.Errorf("%s %q %q: %v", c.goos, c.a, c.b, got)
		}
	}
}

func sameValues(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestHiddenValuesAreSecretsToo: a proxy password or key in a shadowed
// value is masked like a winning one.
func TestHiddenValuesAreSecretsToo(t *testing.T) {
	m := newPrecMachine(t)
	m.give(srcUser, "HTTPS_PROXY", "http://proxy:1")
	m.give(srcShell, "HTTPS_PROXY", "http://alice:hidden-pw@proxy:1")
	m.give(srcUser, "ANTHROPIC_API_KEY", "settings-key-value")
	m.give(srcShell, "ANTHROPIC_API_KEY", "shell-key-value")
	secrets := strings.Join(m.load(ClaudeCode, pCwd).Secrets(), "\n")
	for _, want := range []string{"hidden-pw", "shell-key-value", "settings-key-value"} {
		if !strings.Contains(secrets, want) {
			t.Errorf("%q is not among the secrets", want)
		}
	}
}
