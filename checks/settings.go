package checks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"unicode/utf16"

	"apidoctor/i18n"
	"apidoctor/platform"
	"apidoctor/redact"
)

// Value is one setting as the client would see it, with where it came from.
type Value struct {
	Name   string `json:"name"`
	Raw    string `json:"-"`
	Source string `json:"source"`
}

// Display is the value as it may be shown: secrets and proxy passwords masked.
func (v Value) Display() string {
	switch {
	case redact.SensitiveName(v.Name):
		return redact.Secret(v.Raw)
	case v.Name == "ANTHROPIC_CUSTOM_HEADERS":
		var lines []string
		for _, h := range customHeaders(v.Raw) {
			lines = append(lines, h[0]+": "+redact.Secret(h[1]))
		}
		return strings.Join(lines, "\n")
	}
	return redact.URL(v.Raw)
}

// customHeaders splits ANTHROPIC_CUSTOM_HEADERS ("Name: value" lines).
// Every value is treated as a secret: people put tokens there.
func customHeaders(raw string) [][2]string {
	var out [][2]string
	for _, line := range strings.Split(raw, "\n") {
		if name, val, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(val) != "" {
			out = append(out, [2]string{strings.TrimSpace(name), strings.TrimSpace(val)})
		}
	}
	return out
}

// MarshalJSON writes the masked value, never the raw one.
func (v Value) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name   string `json:"name"`
		Value  string `json:"value"`
		Source string `json:"source"`
	}{v.Name, v.Display(), v.Source})
}

// Sources of a value, besides a settings file's path.
const (
	SourceFlag    = "flag"
	SourceShell   = "environment"
	SourceDefault = "default"
)

// SettingsFile is one Claude Code file that was looked for.
type SettingsFile struct {
	Kind   string `json:"kind"` // user, project, local, managed, state
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
	Error  string `json:"error,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Onboarded is the hasCompletedOnboarding flag of the state file.
	Onboarded *bool `json:"onboarded,omitempty"`
	// SameAs names the kind this entry is also read as (the user file is
	// the project file when Claude Code starts in the home folder); the
	// file counts once, as that kind.
	SameAs string            `json:"same_as,omitempty"`
	env    map[string]string // the file's "env" block
	// unreadable is why the file could not be read (a named pipe, a file
	// too large, no permission), as a message; zero when it was read, or
	// when Error is a JSON error.
	unreadable i18n.M
}

// Settings is what the client would use, resolved once.
type Settings struct {
	Client   ClientName        `json:"client"`
	Vars     map[string]Value  `json:"-"`
	Shadowed []Value           `json:"shadowed,omitempty"` // every value a higher-precedence source hides, highest first
	Files    []SettingsFile    `json:"files,omitempty"`
	CABundle string            `json:"ca_bundle,omitempty"` // --ca-bundle
	flags    map[string]string // values given on the command line
	// noHome: no home folder is known, so the user settings and the state
	// file (~/.claude.json) were not looked for (unless CLAUDE_CONFIG_DIR
	// names their folder).
	noHome bool
}

// watchedVars are the variables any supported client reads.
var watchedVars = []string{
	"ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_CUSTOM_HEADERS",
	"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
	"NODE_EXTRA_CA_CERTS", "NODE_USE_SYSTEM_CA", "NODE_USE_ENV_PROXY", "NODE_OPTIONS", "NODE_TLS_REJECT_UNAUTHORIZED", "CLAUDE_CODE_CERT_STORE",
	"SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
	"CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY", "API_TIMEOUT_MS", "CLAUDE_CODE_MAX_RETRIES",
}

// Get returns the effective value of a variable ("" when unset).
func (s *Settings) Get(name string) string { return s.Vars[name].Raw }

// Lookup returns the effective value of a variable and whether it is set.
func (s *Settings) Lookup(name string) (Value, bool) {
	v, ok := s.Vars[name]
	return v, ok
}

// Sorted returns every set variable in name order.
func (s *Settings) Sorted() []Value {
	out := make([]Value, 0, len(s.Vars))
	for _, v := range s.Vars {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Secrets returns every secret value the settings hold, for the redactor.
// A hidden value counts as much as a winning one: the report lists it.
func (s *Settings) Secrets() []string {
	var out []string
	all := append(s.Sorted(), s.Shadowed...)
	for _, v := range all {
		if redact.SensitiveName(v.Name) {
			out = append(out, v.Raw)
		}
		if u := proxyPassword(v.Raw); u != "" {
			out = append(out, u, basicCredential(v.Raw))
		}
		if v.Name == "ANTHROPIC_CUSTOM_HEADERS" {
			for _, h := range customHeaders(v.Raw) {
				out = append(out, h[1])
			}
		}
	}
	return out
}

// basicCredential is the Proxy-Authorization value a proxy URL's user
// info turns into, a secret a proxy may echo back.
func basicCredential(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return base64.StdEncoding.EncodeToString([]byte(u.User.Username() + ":" + p))
}

// claudeFiles lists the Claude Code files in ascending precedence.
// Started from the home folder, the project file is ~/.claude/settings.json,
// the user file too (unless CLAUDE_CONFIG_DIR moved it): one file then,
// read once and marked as the project file's alias, never counted twice.
// With no home folder known (and no CLAUDE_CONFIG_DIR), the user file and
// the state file are left out: their paths would be relative, read from
// the current folder.
func claudeFiles(env *Env) []SettingsFile {
	p := platform.Claude(env.GOOS, env.Home, env.Cwd, env.Vars)
	var files []SettingsFile
	if p.State != "" {
		files = append(files, SettingsFile{Kind: "state", Path: p.State})
	}
	if p.User != "" {
		user := SettingsFile{Kind: "user", Path: p.User}
		if samePath(env.GOOS, p.User, p.Project) {
			user.SameAs = "project"
		}
		files = append(files, user)
	}
	files = append(files,
		SettingsFile{Kind: "project", Path: p.Project},
		SettingsFile{Kind: "local", Path: p.Local},
		SettingsFile{Kind: "managed", Path: p.Managed},
	)
	return append(files, managedDropIns(env, p.Managed)...)
}

// managedDropIns lists managed-settings.d/*.json next to the managed
// settings file, in name order (Claude Code 2.1.83 and later merges them
// on top of managed-settings.json, a later file winning a name; hidden
// files are not read). A folder that cannot be listed is one entry,
// unreadable, so that config.files says so.
func managedDropIns(env *Env, managed string) []SettingsFile {
	folder := managed[:strings.LastIndexAny(managed, `/\`)+1] + "managed-settings.d"
	entries, err := env.readDir(folder)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, errors.ErrUnsupported):
		return nil
	case err != nil:
		return []SettingsFile{{Kind: "managed", Path: folder, Exists: true, Error: err.Error(), unreadable: readReason(err)}}
	}
	var out []SettingsFile
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") {
			out = append(out, SettingsFile{Kind: "managed", Path: joinPath(env.GOOS, folder, n)})
		}
	}
	return out
}

// samePath compares two paths as the OS would: Windows and macOS file
// systems ignore case by default.
func samePath(goos, a, b string) bool {
	if goos == "windows" || goos == "darwin" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// settingsRank is the precedence of a settings file's env block, highest
// first (managed > local > project > user; managed-settings.d's files
// above managed-settings.json).
var settingsRank = []string{"managed", "local", "project", "user"}

// LoadSettings resolves what the client would use, name by name.
//
// Claude Code 2.x, highest first: this tool's command-line flags (a what-if
// the person asked for), the env blocks of the managed, local, project and
// user settings, then the shell. The settings env block overrides a value
// exported in the shell or given as VAR=x claude, by design (claude-code
// #78567), so a shell export does nothing while the same name sits in a
// settings file. It overrides only the names it sets: the proxy variable
// order is applied afterwards, to whatever each name resolved to.
//
// Other clients never read Claude Code's files: flags, then the shell.
// Every value a higher source hides goes to Shadowed, with its source.
func LoadSettings(env *Env, client ClientName, flags map[string]string) *Settings {
	s := &Settings{Client: client, Vars: map[string]Value{}, flags: flags}
	files := claudeFiles(env)
	s.noHome = env.Home == "" && env.Vars["CLAUDE_CONFIG_DIR"] == ""
	for i := range files {
		// An entry already in error (a drop-in folder that cannot be
		// listed) keeps that error: reading it as a file would hide it.
		if files[i].SameAs == "" && files[i].Error == "" {
			readSettingsFile(env, &files[i])
		}
	}
	for i := range files {
		if alias := files[i].SameAs; alias != "" {
			for _, f := range files {
				if f.Kind == alias {
					kind := files[i].Kind
					files[i] = f
					files[i].Kind, files[i].SameAs = kind, alias
				}
			}
		}
	}
	s.Files = files
	set := func(v Value) {
		if _, ok := s.Vars[v.Name]; ok {
			s.Shadowed = append(s.Shadowed, v)
			return
		}
		s.Vars[v.Name] = v
	}
	for _, name := range sortedNames(flags) {
		set(Value{Name: name, Raw: flags[name], Source: SourceFlag})
	}
	if ProfileOf(client).ReadsClaudeSettings {
		for _, kind := range settingsRank {
			// Files of one kind are listed in merge order: the last wins
			// (the managed drop-ins).
			for i := len(files) - 1; i >= 0; i-- {
				f := files[i]
				if f.Kind != kind || f.SameAs != "" {
					continue
				}
				for _, name := range sortedNames(f.env) {
					set(Value{Name: name, Raw: f.env[name], Source: f.Path})
				}
			}
		}
	}
	for _, name := range watchedVars {
		if val, ok := env.Vars[name]; ok {
			set(Value{Name: name, Raw: val, Source: SourceShell})
		}
	}
	return s
}

// Hidden returns the values of name that a higher source hides, highest
// first: what the report shows as "the settings file wins over the shell".
func (s *Settings) Hidden(name string) []Value {
	var out []Value
	for _, v := range s.Shadowed {
		if v.Name == name {
			out = append(out, v)
		}
	}
	return out
}

func sortedNames(m map[string]string) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// readSettingsFile fills f from disk; a broken file records the position
// of the error instead of failing.
// settingsText is a settings file's text as Claude Code reads it: a UTF-8
// byte-order mark is dropped and UTF-16LE with its mark is decoded
// (Claude Code 2.1.332 in the lab loads both, and CRLF; it refuses
// comments and trailing commas, as json.Unmarshal does). UTF-16BE was not
// tried, so it stays unreadable.
func settingsText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		body := data[2:]
		units := make([]uint16, len(body)/2)
		for i := range units {
			units[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
		}
		return []byte(string(utf16.Decode(units)))
	}
	return data
}

func readSettingsFile(env *Env, f *SettingsFile) {
	data, err := env.readFile(f.Path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			f.Exists = true
			f.Error = err.Error()
			f.unreadable = readReason(err)
		}
		return
	}
	f.Exists = true
	data = settingsText(data)
	var doc struct {
		Env       map[string]any `json:"env"`
		Onboarded *bool          `json:"hasCompletedOnboarding"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		f.Error = err.Error()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			// Offset is just past the byte that broke the parse.
			f.Line, f.Column = lineCol(data, max(se.Offset-1, 0))
		case errors.As(err, &te):
			f.Line, f.Column = lineCol(data, te.Offset)
		}
		return
	}
	f.Onboarded = doc.Onboarded
	if len(doc.Env) > 0 {
		f.env = map[string]string{}
		for k, v := range doc.Env {
			switch t := v.(type) {
			case string:
				f.env[k] = t
			case float64, bool:
				b, _ := json.Marshal(t)
				f.env[k] = string(b)
			}
		}
	}
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}
