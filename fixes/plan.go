package fixes

import (
	"context"
	"io/fs"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/platform"
	"apidoctor/redact"
)

// Target is where a fix saves variables.
type Target string

// The places a fix can save to.
const (
	// TargetAuto saves where the value already lives: the settings file it
	// came from, the shell profile for the environment, Claude Code's user
	// settings for a new variable (the shell profile for an SDK client).
	TargetAuto           Target = ""
	TargetClaudeSettings Target = "claude-settings"
	TargetShell          Target = "shell"
	TargetPrint          Target = "print"
)

// ParseTarget validates a --target value.
func ParseTarget(s string) (Target, error) {
	switch t := Target(s); t {
	case TargetAuto, TargetClaudeSettings, TargetShell, TargetPrint:
		return t, nil
	}
	return "", i18n.Errorf("fixerr.target", s)
}

// Context is what a fix works with: the machine, the options of the run,
// what was found, and where to write.
type Context struct {
	Env    *checks.Env
	Opts   checks.Options
	Report *checks.Report
	FS     DiskFS
	Store  *Store

	// roots holds the OS store's roots once read: listing the keychain
	// runs a program, and every candidate test would run it again.
	roots *storeCache
	// shells holds the shell found, for the same reason (PowerShell is
	// asked for its profile).
	shells *shellCache
}

// NewContext builds a context whose undo log and backups live in
// configDir/apidoctor (os.UserConfigDir() on a real machine).
func NewContext(env *checks.Env, opts checks.Options, rep *checks.Report, disk DiskFS, configDir string) Context {
	return Context{Env: env, Opts: opts, Report: rep, FS: disk, Store: &Store{FS: disk, Dir: filepath.Join(configDir, "apidoctor"), Now: env.Now}, roots: &storeCache{}, shells: &shellCache{}}
}

// Plan is one proposed fix: what changes and why, the file edits, and the
// variables it sets for the live test.
type Plan struct {
	Fix    string
	Title  string // what will change, in words (English; TitleMsg translates)
	WhyMsg i18n.M // why it addresses the cause
	Target Target
	// Vars are the variables the fix sets (nil value: removes).
	Vars map[string]*string
	// Changes are the file edits; empty for the print target.
	Changes []Change
	// Exports are the lines to paste into a shell (the print target).
	Exports []string
	// AdviceMsgs are what to do where nothing can be changed locally.
	AdviceMsgs []i18n.M
	// NoteMsgs are caveats shown with the preview.
	NoteMsgs []i18n.M
	// Only limits the live test to these checks (nil: every check).
	Only    []string
	secrets []string
	// shellVars are the variables a new shell gets from the fix (the
	// profile block or the printed lines): the live test sets them.
	shellVars map[string]*string
	// managed are the variables whose winning value sits in the managed
	// settings, which outrank everything the user can write: the fix
	// writes nothing for them and advises whoever manages that file.
	managed []string
	// adminChanges are the managed settings as the advice would leave
	// them: the live test reads them, nothing ever writes them.
	adminChanges []Change
}

// Managed lists the variables the fix leaves to whoever manages the
// managed settings (it cannot change them here).
func (p *Plan) Managed() []string { return append([]string(nil), p.managed...) }

// ShellVars are the variables a new shell gets once the plan is applied
// (the profile block it writes), nil value for a removal; nil when it
// writes no profile. A re-check in this process sets them, since the
// process's own environment is the one from before the fix.
func (p *Plan) ShellVars() map[string]*string {
	if p.Target == TargetPrint || len(p.shellVars) == 0 {
		return nil
	}
	out := map[string]*string{}
	for k, v := range p.shellVars {
		out[k] = v
	}
	return out
}

// Secrets are the secret values the plan handles (a key it moves, a proxy
// password it writes), for every redactor its words go through.
func (p *Plan) Secrets() []string { return append([]string(nil), p.secrets...) }

// Why is the reason in a language.
func (p *Plan) Why(l i18n.Lang) string { return redact.New(p.secrets...).String(l.M(p.WhyMsg)) }

// Notes are the caveats in a language, the values the plan sets masked.
func (p *Plan) Notes(l i18n.Lang) []string { return p.translate(l, p.NoteMsgs) }

// Advice is the advice in a language.
func (p *Plan) Advice(l i18n.Lang) []string { return p.translate(l, p.AdviceMsgs) }

// translate renders messages in l through the plan's redactor: a note
// may quote what the plan writes (the setx lines on Windows, say).
func (p *Plan) translate(l i18n.Lang, ms []i18n.M) []string {
	red := redact.New(p.secrets...)
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = red.String(l.M(m))
	}
	return out
}

// AdviceOnly reports whether the plan changes nothing on the machine.
func (p *Plan) AdviceOnly() bool { return len(p.Changes) == 0 && len(p.Vars) == 0 }

// Empty reports whether applying the plan would change nothing.
func (p *Plan) Empty() bool {
	for _, c := range p.Changes {
		if !c.Noop() {
			return false
		}
	}
	return true
}

// Diff is the preview: a unified diff of every file, secrets masked.
func (p *Plan) Diff(c Context) string {
	red := p.redactor(c)
	var b strings.Builder
	for _, ch := range p.Changes {
		if ch.Noop() {
			continue
		}
		before, after := red.String(string(ch.Before)), red.String(string(ch.After))
		from, to := ch.Path, ch.Path
		if ch.Before == nil {
			from = "/dev/null"
		}
		if ch.After == nil {
			to = "/dev/null"
		}
		b.WriteString(udiff.Unified(from, to, before, after))
	}
	if len(p.Exports) > 0 {
		for _, l := range p.Exports {
			b.WriteString(red.String(l) + "\n")
		}
	}
	return b.String()
}

func (p *Plan) redactor(c Context) *redact.Redactor {
	red := redact.New(p.secrets...)
	if c.Report != nil {
		red.Add(c.Report.Secrets()...)
	}
	return red
}

// overlayFS serves the plan's pending file contents over the real files,
// so the live test reads the settings as they would be after the fix.
type overlayFS struct {
	base  checks.FileSystem
	files map[string][]byte
	gone  map[string]bool
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	if b, ok := o.files[name]; ok {
		return b, nil
	}
	if o.gone[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.base.ReadFile(name)
}

// ReadDir lists a folder of the base file system: a fix never writes
// into the folders the engine lists (Claude Code's managed-settings.d, the
// SSL_CERT_DIR folders), so the re-check after a fix sees them as they are.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if fr, ok := o.base.(checks.FolderReader); ok {
		return fr.ReadDir(name)
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// candidateEnv is the environment a new shell would have after the fix:
// pending file edits overlaid, and the variables set where the fix puts
// them in the shell.
func (p *Plan) candidateEnv(c Context, pending bool) *checks.Env {
	e := *c.Env
	e.Vars = map[string]string{}
	for k, v := range c.Env.Vars {
		e.Vars[k] = v
	}
	if p.shellVars != nil {
		for k, v := range p.shellVars {
			if v == nil {
				delete(e.Vars, k)
			} else {
				e.Vars[k] = *v
			}
		}
	}
	if pending && len(p.Changes)+len(p.adminChanges) > 0 {
		o := overlayFS{base: c.Env.Files, files: map[string][]byte{}, gone: map[string]bool{}}
		for _, ch := range append(append([]Change(nil), p.Changes...), p.adminChanges...) {
			if ch.After == nil {
				o.gone[ch.Path] = true
			} else {
				o.files[ch.Path] = ch.After
			}
		}
		e.Files = o
	}
	return &e
}

// Test runs the engine with the candidate settings, before anything is
// saved, and returns what it found.
func (p *Plan) Test(ctx context.Context, c Context) (*checks.Report, error) {
	opts := c.Opts
	opts.Only = p.Only
	return checks.Execute(ctx, p.candidateEnv(c, true), opts)
}

// Apply writes the plan's changes through the store.
func (p *Plan) Apply(c Context) (Entry, error) {
	if p.Target == TargetPrint {
		if len(p.managed) > 0 && len(p.Changes) == 0 {
			return Entry{}, i18n.Errorf("fixerr.managed_only", strings.Join(p.managed, ", "))
		}
		return Entry{}, i18n.Errorf("fixerr.print")
	}
	return c.Store.Apply(p.Fix, p.Title, p.Changes)
}

// Verify re-checks after Apply: files as they are now on disk, plus what a
// new shell would have.
func (p *Plan) Verify(ctx context.Context, c Context) (*checks.Report, error) {
	return checks.Execute(ctx, p.candidateEnv(c, false), c.Opts)
}

// read returns a file's bytes for a Change (nil when it does not exist).
func (c Context) read(path string) ([]byte, error) {
	return c.Store.current(path)
}

// settingsPath is Claude Code's user settings file, the path the engine
// reads (written the way env's OS writes paths).
func (c Context) settingsPath() string {
	return platform.Claude(c.Env.GOOS, c.Env.Home, c.Env.Cwd, c.Env.Vars).User
}

// editFile adds a change built from a file's current bytes.
func (c Context) editFile(p *Plan, path string, edit func([]byte) ([]byte, error)) error {
	before, err := c.read(path)
	if err != nil {
		return i18n.Errorf("fixerr.read", path, err)
	}
	after, err := edit(before)
	if err != nil {
		return i18n.Errorf("fixerr.not_edited", path, err)
	}
	p.Changes = append(p.Changes, Change{Path: path, Before: before, After: after, Mode: 0o600})
	return nil
}

// setVars fills a plan's changes for its variables at its target. For
// TargetAuto, a variable that lives in a settings file is edited there,
// one from the shell goes to the shell profile, and a new one goes to
// Claude Code's user settings (the shell profile for SDK clients, which
// do not read those files). Claude Code takes a settings file's env block
// over the shell, so for it a value living in a settings file is edited
// there even under the shell target. A value the managed settings hold
// outranks everything the user can write: nothing is written for it,
// under any target; the plan says where it is managed and what to ask
// for. Removing a variable that is set nowhere writes nothing.
func (c Context) setVars(p *Plan, vars map[string]*string) error {
	p.Vars = vars
	if c.Report == nil {
		return i18n.Errorf("fixerr.no_report")
	}
	target := p.Target
	byFile := map[string]map[string]*string{}
	managed := map[string]map[string]*string{}
	shellVars := map[string]*string{}
	toProfile := false
	settings := map[string]checks.Value{}
	for _, v := range c.Report.Settings {
		settings[v.Name] = v
	}
	readsSettings := checks.ProfileOf(c.Report.Client).ReadsClaudeSettings
	for _, k := range sortedKeys(vars) {
		if v := vars[k]; v != nil && holdsMask(k, *v) {
			return i18n.Errorf("fixerr.masked_value", k)
		}
	}
	for _, k := range sortedKeys(vars) {
		cur, has := settings[k]
		if vars[k] == nil && !has {
			continue // nothing to remove
		}
		// Claude Code takes a settings file's env block over the shell.
		inFile := readsSettings && has && cur.Source != checks.SourceShell && cur.Source != checks.SourceFlag && cur.Source != checks.SourceDefault
		if inFile && c.settingsKind(cur.Source) == "managed" {
			if v := vars[k]; v != nil && *v == cur.Raw {
				continue // already what the fix wants
			}
			if managed[cur.Source] == nil {
				managed[cur.Source] = map[string]*string{}
			}
			managed[cur.Source][k] = vars[k]
			continue
		}
		dest := target
		if dest == TargetAuto {
			switch {
			case inFile:
				dest = TargetClaudeSettings
			case has && cur.Source == checks.SourceShell, !readsSettings:
				dest = TargetShell
			default:
				dest = TargetClaudeSettings
			}
			p.Target = dest
		}
		// An export changes nothing while the value lives in a settings
		// file: the shell target saves it there instead; printed lines
		// come with a warning.
		switch {
		case inFile && dest == TargetShell:
			p.NoteMsgs = append(p.NoteMsgs, i18n.Msg("fixnote.settings_wins", k, cur.Source))
			dest = TargetClaudeSettings
		case inFile && dest == TargetPrint:
			p.NoteMsgs = append(p.NoteMsgs, i18n.Msg("fixnote.settings_wins_print", k, cur.Source))
		}
		switch dest {
		case TargetClaudeSettings:
			path := c.settingsPath()
			if inFile {
				path = cur.Source
			}
			if byFile[path] == nil {
				byFile[path] = map[string]*string{}
			}
			byFile[path][k] = vars[k]
			if readsSettings {
				p.NoteMsgs = append(p.NoteMsgs, c.fallbackNotes(k, path, vars[k], cur, has)...)
			}
		default:
			shellVars[k] = vars[k]
			toProfile = toProfile || dest == TargetShell
		}
	}
	for _, path := range sortedKeys(byFile) {
		set := byFile[path]
		if err := c.editFile(p, path, func(b []byte) ([]byte, error) { return SetEnv(b, set) }); err != nil {
			return err
		}
	}
	if len(shellVars) > 0 {
		p.shellVars = shellVars
		sh := c.shell()
		left := map[string]bool{}
		var lines []pasted
		var readers []string // the variables the printed lines read secrets from
		for _, k := range sortedKeys(shellVars) {
			l, reads, ok := c.pasteLine(sh, k, shellVars[k])
			switch {
			case !ok && !toProfile:
				left[k] = true
			case l != "":
				lines = append(lines, pasted{l, k, reads})
				if reads != "" && !toProfile && !slices.Contains(readers, reads) {
					readers = append(readers, reads)
				}
			}
		}
		p.Exports = pasteOrder(lines)
		if len(readers) > 0 {
			p.NoteMsgs = append(p.NoteMsgs, i18n.Msg("fixnote.reads_from", strings.Join(readers, ", ")))
		}
		if c.Env.GOOS == "windows" {
			// The user environment reaches programs the profile never runs
			// for (an IDE, a GUI launcher), but only those started later.
			lines, notSet := c.userEnvLines(shellVars)
			for _, k := range notSet {
				left[k] = true
			}
			if len(lines) > 0 {
				p.NoteMsgs = append(p.NoteMsgs, i18n.Msg("fixnote.setx", strings.Join(lines, "; ")))
			}
		}
		p.NoteMsgs = append(p.NoteMsgs, leftOutNotes(shellVars, sortedKeys(left))...)
		if toProfile {
			p.Exports = nil
			if err := c.editFile(p, sh.Profile, func(b []byte) ([]byte, error) { return sh.EditBlock(b, shellVars) }); err != nil {
				return err
			}
			p.NoteMsgs = append(p.NoteMsgs, sh.profileNotes(c.Env.GOOS)...)
		}
	}
	c.adviseManaged(p, managed)
	if len(p.managed) > 0 && len(byFile) == 0 && len(shellVars) == 0 {
		// Nothing the user can write would change what Claude Code uses.
		p.Target = TargetPrint
	}
	p.secrets = append(p.secrets, ValueSecrets(vars)...)
	return nil
}

// holdsMask reports whether a value holds the masked form of a secret
// where the secret belongs: a proxy URL whose password is the *** the
// screens show, a key or token with the … or *** of a masked one. Written,
// it would replace the real secret for good.
func holdsMask(name, v string) bool {
	if redact.SensitiveName(name) {
		return strings.Contains(v, "…") || strings.Contains(v, "***")
	}
	if u, err := url.Parse(strings.TrimSpace(v)); err == nil && u.User != nil {
		pw, _ := u.User.Password()
		return pw == "***" || strings.Contains(pw, "…")
	}
	return false
}

// adviseManaged says, for each managed settings file, which variables it
// holds that the fix leaves alone, and what to ask its manager for. The
// live test reads the file as that change would leave it.
func (c Context) adviseManaged(p *Plan, managed map[string]map[string]*string) {
	for _, path := range sortedKeys(managed) {
		set := managed[path]
		var setLines, removed []string
		p.NoteMsgs = append(p.NoteMsgs, i18n.Msg("fixnote.managed", strings.Join(sortedKeys(set), ", "), path))
		for _, k := range sortedKeys(set) {
			p.managed = append(p.managed, k)
			name, _ := encode(k)
			if v := set[k]; v != nil {
				val, _ := encode(*v)
				setLines = append(setLines, string(name)+": "+string(val))
			} else {
				removed = append(removed, string(name))
			}
		}
		if len(setLines) > 0 {
			p.AdviceMsgs = append(p.AdviceMsgs, i18n.Msg("fixadvice.managed_set", path, strings.Join(setLines, ", ")))
		}
		if len(removed) > 0 {
			p.AdviceMsgs = append(p.AdviceMsgs, i18n.Msg("fixadvice.managed_remove", path, strings.Join(removed, ", ")))
		}
		if before, err := c.read(path); err == nil {
			if after, err := SetEnv(before, set); err == nil {
				p.adminChanges = append(p.adminChanges, Change{Path: path, Before: before, After: after})
			}
		}
	}
}

// settingsKind is the kind of the Claude Code settings file at path
// (managed, local, project, user, state), "" when it is none of them.
func (c Context) settingsKind(path string) string {
	if path == platform.Claude(c.Env.GOOS, c.Env.Home, c.Env.Cwd, c.Env.Vars).Managed {
		return "managed"
	}
	kind := ""
	if ev, ok := result(c.Report, "config.files").Evidence.(*checks.FilesEvidence); ok {
		for _, f := range ev.Files {
			switch {
			case f.Path != path:
			case f.Kind == "managed":
				return f.Kind
			case kind == "":
				kind = f.Kind
			}
		}
	}
	return kind
}

// ValueSecrets are the secrets in variable values, for a redactor: the
// whole value of a variable whose name says it is secret, a proxy URL's
// password and its Basic form. Anything else (a proxy's host and port, a
// base URL, a CA path) is no secret and is shown as it is.
func ValueSecrets(vars map[string]*string) []string {
	s := checks.Settings{Vars: map[string]checks.Value{}}
	for k, v := range vars {
		if v != nil {
			s.Vars[k] = checks.Value{Name: k, Raw: *v}
		}
	}
	return s.Secrets()
}

// fallbackNotes say what Claude Code takes for k once path is saved: a
// value set there wins over the shell's; a value removed from there
// leaves the next source below it (LoadSettings' Shadowed) in charge.
func (c Context) fallbackNotes(k, path string, v *string, cur checks.Value, has bool) []i18n.M {
	if v != nil {
		if has && cur.Source == checks.SourceShell && *v != cur.Raw {
			return []i18n.M{i18n.Msg("fixnote.settings_over_shell", k)}
		}
		return nil
	}
	hidden := c.Report.Shadowed
	if has && cur.Source == checks.SourceShell {
		// The value to remove is the shell's own: nothing in a file hides it.
		hidden = []checks.Value{cur}
	}
	for _, h := range hidden {
		switch {
		case h.Name != k || h.Source == path || h.Source == checks.SourceFlag:
		case h.Source == checks.SourceShell:
			return []i18n.M{i18n.Msg("fixnote.shell_fallback", k)}
		default:
			return []i18n.M{i18n.Msg("fixnote.file_fallback", k, h.Source, path)}
		}
	}
	return nil
}

func str(s string) *string { return &s }
