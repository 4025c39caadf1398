package ui

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/report"
	"apidoctor/termtext"
)

// fixPhase is where the guided fix is: propose, form, preview (with the
// live test), confirm, applied.
type fixPhase int

const (
	phaseChoose fixPhase = iota
	phaseForm
	phasePick
	phasePreview
	phaseConfirm
	phaseApplied
)

// targets are the places a fix can save to, in the order the form cycles.
var targets = []fixes.Target{fixes.TargetAuto, fixes.TargetClaudeSettings, fixes.TargetShell, fixes.TargetPrint}

// caVars are the variables the CA fix can set.
var caVars = []string{"", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "CURL_CA_BUNDLE"}

// proxyFields are the proxy form's fields; each sets both cases.
var proxyFields = []string{"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}

// fixFlow is the state of one guided fix.
type fixFlow struct {
	gen int
	ctx fixes.Context

	phase     fixPhase
	proposals []fixes.Proposal
	cursor    int
	fix       string

	inputs []textinput.Model
	names  []string
	// passwords are the proxy fields' passwords, each in a field of its
	// own that shows only stars: the URL field holds the rest of the URL
	// (the user name too), so editing the host or the port never touches
	// the password, and the mask is never what gets written. pwTyped and
	// pwRaw remember a password as it was written in the URL (percent
	// escapes and all), so an untouched one is written back byte for byte.
	passwords []textinput.Model
	pwTyped   []string
	pwRaw     []string
	focus     int // a form slot: 2i the URL field i, 2i+1 its password, 2n the target row
	target    int
	why       i18n.M

	cands   []fixes.Candidate
	sel     int  // the selected CA candidate row
	testing bool // CA candidates under live test
	caVar   int
	picker  filepicker.Model
	pickUp  bool // the picker's ".." row has the cursor

	plan    *fixes.Plan
	err     error
	test    *checks.Report
	testErr error
	busy    string // the key of what a command is doing now
	entry   fixes.Entry
	verify  *checks.Report
	undone  bool
	scroll  int
	// stop cancels the live test or the re-check in flight (esc);
	// verifyStopped: the re-check after the apply was stopped.
	stop          context.CancelFunc
	verifyStopped bool
}

// work returns the context of a live test or a re-check, which esc
// cancels.
func (f *fixFlow) work() context.Context {
	f.stopWork()
	ctx, cancel := context.WithCancel(context.Background())
	f.stop = cancel
	return ctx
}

// Messages of the fix flow; gen drops answers for an abandoned flow.
type (
	planBuiltMsg struct {
		gen  int
		plan *fixes.Plan
		err  error
	}
	planTestedMsg struct {
		gen int
		rep *checks.Report
		err error
	}
	planAppliedMsg struct {
		gen   int
		entry fixes.Entry
		err   error
	}
	planVerifiedMsg struct {
		gen int
		rep *checks.Report
		err error
		// run is a fresh run prepared with the environment after the fix,
		// for what starts from the findings (watch, routes).
		run *checks.Run
	}
	undoneMsg struct {
		gen int
		err error
		// list: asked from the list of the session's fixes (u on the
		// findings), for fix id, not from the applied screen.
		list    bool
		id, fix string
	}
	candidatesMsg struct {
		gen   int
		cands []fixes.Candidate
	}
)

func buildPlan(gen int, c fixes.Context, fix string, p fixes.Params) tea.Cmd {
	return func() tea.Msg {
		plan, err := fixes.Build(c, fix, p)
		return planBuiltMsg{gen, plan, err}
	}
}

func testPlan(ctx context.Context, gen int, c fixes.Context, plan *fixes.Plan) tea.Cmd {
	return func() tea.Msg {
		rep, err := plan.Test(ctx, c)
		return planTestedMsg{gen, rep, err}
	}
}

func applyPlan(gen int, c fixes.Context, plan *fixes.Plan) tea.Cmd {
	return func() tea.Msg {
		e, err := plan.Apply(c)
		return planAppliedMsg{gen, e, err}
	}
}

// verifyPlan re-checks after an apply, and prepares a run with newEnv
// (the environment after the fix) for the watch and the routes.
func verifyPlan(ctx context.Context, gen int, c fixes.Context, plan *fixes.Plan, newEnv func() *checks.Env, opts checks.Options) tea.Cmd {
	return func() tea.Msg {
		rep, err := plan.Verify(ctx, c)
		msg := planVerifiedMsg{gen: gen, rep: rep, err: err}
		if err == nil {
			msg.run, _ = checks.New(newEnv(), opts)
		}
		return msg
	}
}

func undoFix(gen int, c fixes.Context, id string) tea.Cmd {
	return func() tea.Msg {
		_, err := c.Store.Undo(id)
		return undoneMsg{gen: gen, err: err}
	}
}

// undoListed undoes a fix chosen from the list of the session's fixes.
func undoListed(it undoItem) tea.Cmd {
	return func() tea.Msg {
		_, err := it.ctx.Store.Undo(it.id)
		return undoneMsg{err: err, list: true, id: it.id, fix: it.fix}
	}
}

func findCandidates(gen int, c fixes.Context, variable string, extra []fixes.Candidate) tea.Cmd {
	return func() tea.Msg {
		cands := append(fixes.Candidates(c), extra...)
		return candidatesMsg{gen, fixes.TestCandidates(context.Background(), c, cands, variable)}
	}
}

// openFix starts the fix step for the current findings.
func (m Model) openFix(from step) (tea.Model, tea.Cmd) {
	m.fix.stopWork() // an abandoned flow's test or re-check
	m.fixGen++
	f := fixFlow{gen: m.fixGen, ctx: fixes.NewContext(m.run.Env, m.run.Opts, m.report, m.cfg.Disk, m.cfg.ConfigDir)}
	f.proposals = fixes.Propose(m.report)
	if r, ok := m.selected(); ok && from == stepDetail {
		// From a row's detail, that row's fixes come first.
		var first []fixes.Proposal
		for _, id := range r.Fixes {
			first = append(first, fixes.Proposal{Fix: id, Title: fixes.Title(id)})
		}
		f.proposals = dedupe(append(first, f.proposals...))
	}
	for _, p := range f.proposals {
		m.session.AddFix(report.FixEvent{Fix: p.Fix, Title: p.Title, Event: "proposed"})
	}
	m.fix, m.back, m.step = f, from, stepFix
	return m, nil
}

func dedupe(ps []fixes.Proposal) []fixes.Proposal {
	seen := map[string]bool{}
	var out []fixes.Proposal
	for _, p := range ps {
		if !seen[p.Fix] {
			seen[p.Fix] = true
			out = append(out, p)
		}
	}
	return out
}

// choose opens the chosen fix: a form for the proxy and the CA, straight
// to the preview for the others.
func (m Model) choose() (tea.Model, tea.Cmd) {
	f := &m.fix
	if f.cursor >= len(f.proposals) {
		return m, nil
	}
	f.fix = f.proposals[f.cursor].Fix
	f.err, f.plan, f.test = nil, nil, nil
	switch f.fix {
	case checks.FixProxyEdit:
		f.phase = phaseForm
		vars, why := fixes.SuggestProxy(m.report)
		f.why = why
		f.inputs, f.names, f.passwords = nil, nil, nil
		f.pwTyped, f.pwRaw = make([]string, len(proxyFields)), make([]string, len(proxyFields))
		for i, name := range proxyFields {
			ti := textinput.New()
			ti.Prompt = ""
			ti.CharLimit = 2048
			pw := textinput.New()
			pw.Prompt = ""
			pw.CharLimit = 512
			pw.EchoMode = textinput.EchoPassword
			val, has := "", false
			if v, ok := vars[name]; ok {
				if v != nil {
					val, has = *v, true
				}
			} else if cur, ok := lookupSetting(m.report, name); ok {
				val, has = cur, true
			}
			if has {
				if rest, raw, typed, ok := splitPassword(val); ok {
					val = rest
					pw.SetValue(typed)
					f.pwTyped[i], f.pwRaw[i] = typed, raw
				}
				ti.SetValue(val)
			}
			f.inputs = append(f.inputs, ti)
			f.passwords = append(f.passwords, pw)
			f.names = append(f.names, name)
		}
		f.focus = 0
		return m, f.inputs[0].Focus()
	case checks.FixCABundle:
		f.phase, f.testing = phaseForm, true
		f.picker = filepicker.New()
		f.picker.CurrentDirectory = filepath.Join(m.cfg.Disk.Root, m.run.Env.Home)
		f.picker.AllowedTypes = []string{".pem", ".crt", ".cer"}
		f.picker.SetHeight(max(m.height-10, 4)) // below the title, the directory and ".."
		return m, findCandidates(f.gen, f.ctx, caVars[f.caVar], nil)
	}
	f.phase, f.busy = phasePreview, "busy.preparing"
	return m, buildPlan(f.gen, f.ctx, f.fix, fixes.Params{Target: targets[f.target]})
}

func lookupSetting(rep *checks.Report, name string) (string, bool) {
	for _, v := range rep.Settings {
		if v.Name == name {
			return v.Raw, true
		}
	}
	return "", false
}

// proxyParams turns the form into --set values: each field sets both
// cases, its password put back into the URL; an emptied field removes a
// variable that is set.
func (f fixFlow) proxyParams(rep *checks.Report) map[string]string {
	set := map[string]string{}
	for i, name := range f.names {
		v := f.proxyValue(i)
		for _, n := range []string{name, strings.ToLower(name)} {
			_, isSet := lookupSetting(rep, n)
			if v != "" || isSet {
				set[n] = v
			}
		}
	}
	return set
}

// proxyValue is field i's value as it will be written: the URL with its
// password.
func (f fixFlow) proxyValue(i int) string {
	v := strings.TrimSpace(f.inputs[i].Value())
	if i >= len(f.passwords) || f.names[i] == "NO_PROXY" || v == "" {
		return v // an emptied field removes the variable, password and all
	}
	pw := f.passwords[i].Value()
	if rest, _, typed, ok := splitPassword(v); ok {
		// Still typed inline (the form was sent with the cursor in it).
		v, pw = rest, typed
	}
	raw := url.UserPassword("", pw).String()[1:] // escaped for the user info
	if pw == f.pwTyped[i] && f.pwRaw[i] != "" {
		raw = f.pwRaw[i]
	}
	return joinPassword(v, pw, raw)
}

// takePassword moves a password typed into URL field i into its own
// field, once the cursor is out of it (or always, with force): from then
// on it shows as stars.
func (f *fixFlow) takePassword(i int, force bool) {
	if i >= len(f.passwords) || f.names[i] == "NO_PROXY" {
		return
	}
	in := &f.inputs[i]
	v := in.Value()
	rest, raw, typed, ok := splitPassword(v)
	if !ok {
		return
	}
	_, colon, at := userinfoSpan(v)
	pos := in.Position() // in runes
	colonR, atR := utf8.RuneCountInString(v[:colon]), utf8.RuneCountInString(v[:at])
	if !force && pos > colonR && pos <= atR {
		return // the cursor is still in the password: it is being typed
	}
	if pos > atR {
		pos -= atR - colonR
	} else if pos > colonR {
		pos = colonR
	}
	in.SetValue(rest)
	in.SetCursor(pos)
	f.passwords[i].SetValue(typed)
	f.pwTyped[i], f.pwRaw[i] = typed, raw
}

// hasPassword reports whether URL field i takes a password: a proxy URL
// (not NO_PROXY's list) that names a user, or has a password already.
func (f fixFlow) hasPassword(i int) bool {
	if i >= len(f.passwords) || f.names[i] == "NO_PROXY" {
		return false
	}
	_, _, at := userinfoSpan(f.inputs[i].Value())
	return at >= 0 || f.passwords[i].Value() != ""
}

// showPassword reports whether URL field i's password row is on the form:
// when it takes a password, or has the focus (emptied, it stays until
// the focus leaves it).
func (f fixFlow) showPassword(i int) bool {
	return f.hasPassword(i) || (f.focus == 2*i+1 && i < len(f.passwords))
}

// focused is the text field that has the focus, or nil (the target row).
func (f *fixFlow) focused() *textinput.Model {
	i := f.focus / 2
	switch {
	case i >= len(f.inputs):
		return nil
	case f.focus%2 == 1:
		return &f.passwords[i]
	}
	return &f.inputs[i]
}

// userinfoSpan finds the user info of a proxy URL as typed: where it
// starts (after scheme://), the ':' before a password (-1: none) and the
// '@' that ends it (-1: no user info). The user info ends at the last '@'
// before the path, as URL parsers read it.
func userinfoSpan(raw string) (start, colon, at int) {
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + 3
	}
	end := len(raw)
	if i := strings.IndexAny(raw[start:], "/?#"); i >= 0 {
		end = start + i
	}
	at = strings.LastIndex(raw[start:end], "@")
	if at < 0 {
		return start, -1, -1
	}
	at += start
	colon = strings.Index(raw[start:at], ":")
	if colon >= 0 {
		colon += start
	}
	return start, colon, at
}

// splitPassword takes the password out of a proxy URL: the URL without it
// (the user name stays), the password as written (percent escapes and
// all) and as typed.
func splitPassword(v string) (rest, raw, typed string, ok bool) {
	_, colon, at := userinfoSpan(v)
	if colon < 0 {
		return v, "", "", false
	}
	raw = v[colon+1 : at]
	typed, err := url.PathUnescape(raw)
	if err != nil {
		typed = raw
	}
	return v[:colon] + v[at:], raw, typed, true
}

// joinPassword puts a password (raw: as it is to be written) back into a
// URL that names a user; without a user, the URL stays as it is (and the
// form says a password needs one).
func joinPassword(v, pw, raw string) string {
	_, colon, at := userinfoSpan(v)
	if pw == "" || at < 0 || colon >= 0 {
		return v
	}
	return v[:at] + ":" + raw + v[at:]
}

// validate says what is wrong with a proxy field as it is typed.
func validateProxyField(name, v string, client checks.ClientName) i18n.M {
	v = strings.TrimSpace(v)
	if v == "" || name == "NO_PROXY" {
		return i18n.M{}
	}
	u, err := checks.ParseProxyURL(v)
	if err != nil {
		return i18n.Msg("raw", err.Error())
	}
	if prof := checks.ProfileOf(client); !prof.Speaks(u.Scheme) {
		return i18n.Msg("validate.scheme", string(client), u.Scheme, strings.Join(prof.ProxySchemes, ", "))
	}
	if u.Scheme == "https" {
		return i18n.Msg(validateHTTPSHint)
	}
	return i18n.M{}
}

// validateHTTPSHint is a warning, not an error: the form may go on.
const validateHTTPSHint = "validate.https"

func (m Model) updateFixFlow(msg tea.Msg) (tea.Model, tea.Cmd) {
	f := &m.fix
	switch msg := msg.(type) {
	case planBuiltMsg:
		if msg.gen != f.gen {
			return m, nil
		}
		f.plan, f.err, f.busy, f.scroll = msg.plan, msg.err, "", 0
		if msg.err != nil {
			m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "failed", Error: msg.err.Error()})
			return m, nil
		}
		m.session.AddFix(report.FixEvent{Fix: f.fix, Title: msg.plan.Title, Event: "previewed", Target: string(msg.plan.Target), Diff: msg.plan.Diff(f.ctx)}, planSecrets(msg.plan)...)
		if msg.plan.AdviceOnly() {
			return m, nil
		}
		f.busy = "busy.testing"
		ctx := f.work()
		return m, testPlan(ctx, f.gen, f.ctx, f.plan)
	case planTestedMsg:
		if msg.gen == f.gen {
			f.stopWork() // done: release its context
			f.test, f.testErr, f.busy = msg.rep, msg.err, ""
			if msg.err == nil {
				m.session.AddRun("fix-test", f.fix, msg.rep)
				m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "tested", Verdict: string(msg.rep.Verdict.Cause)})
			}
		}
		return m, nil
	case planAppliedMsg:
		if msg.gen != f.gen {
			return m, nil
		}
		if msg.err != nil {
			f.err, f.phase, f.busy = msg.err, phasePreview, ""
			m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "failed", Error: msg.err.Error()})
			return m, nil
		}
		ev := report.FixEvent{Fix: f.fix, Event: "applied", Target: string(f.plan.Target), UndoID: msg.entry.ID}
		for _, file := range msg.entry.Files {
			ev.Files = append(ev.Files, report.FixedFile{Path: file.Path, Backup: file.Backup})
		}
		m.session.AddFix(ev)
		f.entry, f.phase, f.busy = msg.entry, phaseApplied, "busy.rechecking"
		if msg.entry.ID != "" {
			m.undoable = append(m.undoable, undoItem{id: msg.entry.ID, fix: f.fix, target: f.plan.Target, ctx: f.ctx})
		}
		if vars := f.plan.ShellVars(); len(vars) > 0 && msg.entry.ID != "" {
			sh := fixes.DetectShell(f.ctx.Env)
			m.applied = append(m.applied, appliedFix{id: msg.entry.ID, vars: vars, profile: sh.Profile, source: sh.SourceLine()})
			m.syncEnv()
		}
		ctx := f.work()
		return m, verifyPlan(ctx, f.gen, f.ctx, f.plan, m.cfg.NewEnv, m.run.Opts)
	case planVerifiedMsg:
		if msg.gen != f.gen {
			return m, nil
		}
		f.stopWork() // done: release its context
		f.busy = ""
		if msg.err != nil {
			f.err = msg.err
			return m, nil
		}
		f.verify = msg.rep
		m.session.AddRun("verify", f.fix, msg.rep)
		m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "verified", Verdict: string(msg.rep.Verdict.Cause)})
		// The findings now show before and after the fix.
		m.previous, m.report = m.report, msg.rep
		m.cursor, m.offset = 0, 0
		if msg.run != nil {
			// What starts from the findings (w, o, the next fix) runs with
			// the environment after the fix; the redactor still knows the
			// secrets of before.
			msg.run.Redactor.Add(m.run.Redactor.Secrets()...)
			m.run, m.overview = msg.run, msg.run.Overview()
		}
		m.layout()
		return m, nil
	case undoneMsg:
		if msg.list {
			return m.onListUndone(msg)
		}
		if msg.gen != f.gen {
			return m, nil
		}
		f.err, f.undone, f.busy = msg.err, msg.err == nil, ""
		if msg.err != nil {
			m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "failed", Error: msg.err.Error()})
			return m, nil
		}
		return m.afterUndo(f.fix, f.entry.ID)
	case candidatesMsg:
		if msg.gen == f.gen {
			f.cands, f.testing = msg.cands, false
			// The list arriving never leaves the cursor on "pick
			// another file": keys pressed while it was empty or
			// shorter must not open the picker by surprise.
			if len(f.cands) > 0 {
				f.sel = min(f.sel, len(f.cands)-1)
			}
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.fixKey(msg)
	case tea.PasteMsg:
		if f.phase == phaseForm && f.fix == checks.FixProxyEdit {
			return m.proxyFormInput(msg)
		}
		return m, nil
	}
	if f.phase == phasePick {
		var cmd tea.Cmd
		f.picker, cmd = f.picker.Update(msg)
		return m.afterPick(msg, cmd)
	}
	return m, nil
}

func (m Model) fixKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f, k := &m.fix, m.fixKeyMap
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	switch f.phase {
	case phaseChoose:
		switch {
		case key.Matches(msg, k.Up):
			f.cursor = max(f.cursor-1, 0)
		case key.Matches(msg, k.Down):
			f.cursor = min(f.cursor+1, len(f.proposals)-1)
		case key.Matches(msg, k.Open):
			return m.choose()
		case key.Matches(msg, k.Back):
			m.step = m.back
		case key.Matches(msg, k.Quit):
			return m.quit()
		}
	case phaseForm:
		if f.fix == checks.FixCABundle {
			return m.caFormKey(msg)
		}
		return m.proxyFormKey(msg)
	case phasePick:
		return m.pickKey(msg)
	case phasePreview:
		switch {
		case key.Matches(msg, k.Back): // also stops a live test in flight
			f.stopWork()
			if f.fix == checks.FixProxyEdit || f.fix == checks.FixCABundle {
				f.phase = phaseForm
			} else {
				f.phase = phaseChoose
			}
			f.gen++ // drop a test still running for this plan
			m.fixGen = f.gen
			f.busy = ""
		case key.Matches(msg, k.Apply):
			if f.appliable() && f.busy == "" {
				f.phase = phaseConfirm
			}
		case key.Matches(msg, k.ScrollDown):
			f.scroll++
		case key.Matches(msg, k.ScrollUp):
			f.scroll = max(f.scroll-1, 0)
		case key.Matches(msg, k.Quit):
			return m.quit()
		}
	case phaseConfirm:
		switch {
		case f.busy != "":
			// Writing: a second yes must not apply twice.
		case key.Matches(msg, k.Yes):
			f.busy = "busy.writing"
			return m, applyPlan(f.gen, f.ctx, f.plan)
		case key.Matches(msg, k.No), f.testFailed() && key.Matches(msg, k.NoDefault):
			// After a failed live test, no is the default.
			f.phase = phasePreview
		}
	case phaseApplied:
		switch {
		case key.Matches(msg, k.Undo):
			if f.entry.ID != "" && !f.undone && f.busy == "" {
				f.busy = "busy.undoing"
				return m, undoFix(f.gen, f.ctx, f.entry.ID)
			}
		case f.busy == "busy.rechecking" && key.Matches(msg, k.StopVerify):
			// Stop the re-check; the fix stays applied. r on the findings
			// checks again.
			f.stopWork()
			f.gen++
			m.fixGen = f.gen
			f.busy, f.verifyStopped = "", true
		case key.Matches(msg, k.Findings):
			m.step = stepFindings
			if a, ok := m.appliedBy(f.entry.ID); ok && !f.undone {
				m.status = m.t("fix.overlay_status", a.profile, a.source)
			}
		case key.Matches(msg, k.Quit):
			return m.quit()
		}
	}
	return m, nil
}

// stopWork cancels the live test or the re-check in flight, if any.
func (f *fixFlow) stopWork() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
}

// appliable reports whether the previewed plan has something to write
// (not advice, not the print target, not values only an administrator
// can change).
func (f fixFlow) appliable() bool {
	return f.plan != nil && !f.plan.AdviceOnly() && !f.plan.Empty() && f.plan.Target != fixes.TargetPrint
}

// appliedBy finds what fix id saved to the shell profile.
func (m Model) appliedBy(id string) (appliedFix, bool) {
	for _, a := range m.applied {
		if a.id == id && id != "" {
			return a, true
		}
	}
	return appliedFix{}, false
}

func (m Model) proxyFormKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f := &m.fix
	n := len(f.inputs)
	slots := 2*n + 1
	visible := func(s int) bool {
		return s == 2*n || s%2 == 0 || f.hasPassword(s/2)
	}
	move := func(d int) tea.Cmd {
		if in := f.focused(); in != nil {
			in.Blur()
		}
		if f.focus%2 == 0 {
			f.takePassword(f.focus/2, true) // the cursor leaves the URL
		}
		from := f.focus
		f.focus = (f.focus + d + slots) % slots
		for !visible(f.focus) && f.focus != from {
			f.focus = (f.focus + d + slots) % slots
		}
		if in := f.focused(); in != nil {
			return in.Focus()
		}
		return nil
	}
	k := m.fixKeyMap
	switch {
	case key.Matches(msg, k.Back):
		f.phase = phaseChoose
		return m, nil
	case key.Matches(msg, k.NextField):
		return m, move(1)
	case key.Matches(msg, k.PrevField):
		return m, move(-1)
	case key.Matches(msg, k.SaveTo):
		if f.focus == 2*n {
			d := 1
			if msg.String() == "left" {
				d = len(targets) - 1
			}
			f.target = (f.target + d) % len(targets)
			return m, nil
		}
	case key.Matches(msg, k.Preview):
		for i := range f.inputs {
			f.takePassword(i, true)
		}
		for i, name := range f.names {
			if e := f.validateField(i, name, m.report.Client); !e.IsZero() && e.Key != validateHTTPSHint {
				if in := f.focused(); in != nil {
					in.Blur()
				}
				f.focus = 2 * i
				return m, f.inputs[i].Focus()
			}
		}
		f.phase, f.busy = phasePreview, "busy.preparing"
		return m, buildPlan(f.gen, f.ctx, f.fix, fixes.Params{Target: targets[f.target], Set: f.proxyParams(m.report)})
	}
	return m.proxyFormInput(msg)
}

// proxyFormInput hands a key or a paste to the focused field; a password
// typed or pasted into a URL goes to its own field once the cursor is
// out of it.
func (m Model) proxyFormInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	f := &m.fix
	in := f.focused()
	if in == nil {
		return m, nil
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if f.focus%2 == 0 {
		f.takePassword(f.focus/2, false)
	}
	return m, cmd
}

// validateField says what is wrong with proxy field i as it will be
// written.
func (f fixFlow) validateField(i int, name string, client checks.ClientName) i18n.M {
	if e := validateProxyField(name, f.proxyValue(i), client); !e.IsZero() {
		return e
	}
	if u := strings.TrimSpace(f.inputs[i].Value()); u != "" && i < len(f.passwords) && f.passwords[i].Value() != "" && name != "NO_PROXY" {
		if _, _, at := userinfoSpan(u); at < 0 {
			return i18n.Msg("validate.password_no_user")
		}
	}
	return i18n.M{}
}

func (m Model) caFormKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f, k := &m.fix, m.fixKeyMap
	rows := len(f.cands) + 1 // the last row opens the file picker
	switch {
	case key.Matches(msg, k.Back):
		f.phase = phaseChoose
	case key.Matches(msg, k.Up):
		f.cursor2(-1, rows)
	case key.Matches(msg, k.Down):
		f.cursor2(1, rows)
	case key.Matches(msg, k.Variable):
		f.caVar = (f.caVar + 1) % len(caVars)
		f.testing = true
		f.gen++
		m.fixGen = f.gen
		return m, findCandidates(f.gen, f.ctx, caVars[f.caVar], f.extraCands())
	case key.Matches(msg, k.CycleSaveTo):
		f.target = (f.target + 1) % len(targets)
	case key.Matches(msg, k.Browse):
		if f.testing {
			return m, nil
		}
		return m.openPicker()
	case key.Matches(msg, k.Preview):
		if f.testing {
			// The list is not ready: enter would act on a row that
			// is about to move.
			return m, nil
		}
		if f.sel == len(f.cands) {
			return m.openPicker()
		}
		f.phase, f.busy = phasePreview, "busy.preparing"
		return m, buildPlan(f.gen, f.ctx, f.fix, fixes.Params{Target: targets[f.target], Pick: f.cands[f.sel].Path, Var: caVars[f.caVar]})
	case key.Matches(msg, k.Quit):
		return m.quit()
	}
	return m, nil
}

// openPicker shows the file picker, its cursor on the first entry.
func (m Model) openPicker() (tea.Model, tea.Cmd) {
	f := &m.fix
	f.phase, f.pickUp = phasePick, false
	return m, f.picker.Init()
}

// pickKey handles the file picker: esc cancels, ← (or enter on "..")
// goes up a directory, ↑ on the first entry reaches "..".
func (m Model) pickKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f, k := &m.fix, m.fixKeyMap
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.PickCancel):
		f.phase, f.pickUp = phaseForm, false
		return m, nil
	case key.Matches(msg, k.PickUp), f.pickUp && key.Matches(msg, k.PickOpen):
		f.pickUp = false
		f.picker, cmd = f.picker.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
		return m, cmd
	case f.pickUp && key.Matches(msg, k.Down):
		f.pickUp = false
		return m, nil
	case f.pickUp:
		return m, nil
	case key.Matches(msg, k.Up):
		before := f.picker.HighlightedPath()
		f.picker, cmd = f.picker.Update(msg)
		if f.picker.HighlightedPath() == before { // already on the first
			f.pickUp = true
		}
		return m, cmd
	}
	f.picker, cmd = f.picker.Update(msg)
	return m.afterPick(msg, cmd)
}

// pickDir is the picker's directory as the person knows it: under the
// disk root the wizard runs on.
func (m Model) pickDir() string {
	dir := m.fix.picker.CurrentDirectory
	if root := m.cfg.Disk.Root; root != "" {
		dir = "/" + strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(dir, root)), "/")
	}
	return dir
}

// extraCands are the files the person picked, kept across re-tests.
func (f fixFlow) extraCands() []fixes.Candidate {
	var out []fixes.Candidate
	for _, c := range f.cands {
		if c.Source == "picked" {
			out = append(out, fixes.Candidate{Path: c.Path, Source: c.Source, Certs: c.Certs})
		}
	}
	return out
}

func (f *fixFlow) cursor2(d, rows int) { f.sel = min(max(f.sel+d, 0), rows-1) }

// afterPick adds a picked file as a candidate and tests it.
func (m Model) afterPick(msg tea.Msg, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	f := &m.fix
	if ok, path := f.picker.DidSelectFile(msg); ok {
		if root := m.cfg.Disk.Root; root != "" {
			path = "/" + strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(path, root)), "/")
		}
		f.phase, f.testing = phaseForm, true
		extra := append(f.extraCands(), fixes.Candidate{Path: path, Source: "picked"})
		f.sel = len(f.cands)
		return m, findCandidates(f.gen, f.ctx, caVars[f.caVar], extra)
	}
	return m, cmd
}

// planSecrets are the secret values a plan handles (a key it moves, a
// proxy password it writes), for the session's redactor.
func planSecrets(p *fixes.Plan) []string { return p.Secrets() }

// testFailed reports whether the live test of the previewed plan did not
// find the problem gone (or did not run to the end): applying it anyway
// is what the command line needs --force for, so the wizard asks so.
func (f fixFlow) testFailed() bool {
	return f.testErr != nil || f.test == nil || f.test.Verdict.Status != "ok" || f.test.Incomplete()
}

// undoItem is a fix applied in this session, with what undoes it.
type undoItem struct {
	id, fix string
	target  fixes.Target
	ctx     fixes.Context
}

// undoList is the state of the list of the session's fixes.
type undoList struct {
	cursor int
	busy   bool
	err    error
}

// afterUndo records an undone fix, drops what it saved from the re-check's
// environment and re-checks: the findings must show the machine as it is
// again.
func (m Model) afterUndo(fix, id string) (tea.Model, tea.Cmd) {
	m.session.AddFix(report.FixEvent{Fix: fix, Event: "undone", UndoID: id})
	// The profile is as it was: its values leave the re-check's
	// environment too.
	kept := m.applied[:0:0]
	for _, a := range m.applied {
		if a.id != id {
			kept = append(kept, a)
		}
	}
	m.applied = kept
	m.syncEnv()
	left := m.undoable[:0:0]
	for _, it := range m.undoable {
		if it.id != id {
			left = append(left, it)
		}
	}
	m.undoable = left
	if m.fix.entry.ID == id {
		m.fix.undone = true
	}
	nm, cmd := m.recheck()
	mm := nm.(Model)
	mm.notice = m.t("fix.undone_notice", id)
	return mm, cmd
}

// openUndo lists the fixes applied in this session (u on the findings),
// the latest selected; with none, u does nothing.
func (m Model) openUndo() (tea.Model, tea.Cmd) {
	if len(m.undoable) == 0 {
		return m, nil
	}
	m.undo = undoList{cursor: len(m.undoable) - 1}
	m.step = stepUndo
	return m, nil
}

func (m Model) updateUndo(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	u := &m.undo
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case u.busy:
		return m, nil
	case key.Matches(msg, m.keys.Back):
		m.step = stepFindings
	case key.Matches(msg, m.keys.Up):
		u.cursor = max(u.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		u.cursor = min(u.cursor+1, len(m.undoable)-1)
	case key.Matches(msg, m.keys.Open):
		if u.cursor < len(m.undoable) {
			u.busy, u.err = true, nil
			return m, undoListed(m.undoable[u.cursor])
		}
	}
	return m, nil
}

// onListUndone: a fix undone from the list takes the wizard to the
// re-check; a failure stays on the list and says why.
func (m Model) onListUndone(msg undoneMsg) (tea.Model, tea.Cmd) {
	m.undo.busy = false
	if msg.err != nil {
		m.undo.err = msg.err
		m.session.AddFix(report.FixEvent{Fix: msg.fix, Event: "failed", Error: msg.err.Error()})
		return m, nil
	}
	m.step = stepFindings
	return m.afterUndo(msg.fix, msg.id)
}

func (m Model) viewUndo() string {
	var b strings.Builder
	w := m.width - 4
	b.WriteString(m.header(m.t("undo.title")) + "\n\n")
	for _, l := range wrapText(m.t("undo.intro"), w, "") {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("\n")
	for i, it := range m.undoable {
		line := "  " + it.id + "  " + m.cfg.Lang.M(fixes.TitleMsg(it.fix)) + m.styles.Subtle.Render("  "+m.targetLabel(it.target))
		if i == m.undo.cursor {
			line = "  " + m.styles.Selected.Render(termtext.Pad(fit(lipglossStrip(line[2:]), w), w))
		}
		b.WriteString(fit(line, m.width) + "\n")
	}
	b.WriteString("\n")
	switch {
	case m.undo.busy:
		b.WriteString("  " + m.t("busy.undoing") + "\n")
	case m.undo.err != nil:
		for _, l := range wrapText(m.t("undo.failed", m.redacted(m.undo.err.Error())), w, "  ") {
			b.WriteString("  " + m.styles.Problem.Render(l) + "\n")
		}
	}
	return m.withFooter(b.String())
}
