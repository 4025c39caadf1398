package ui

import (
	"apidoctor/i18n"
	"context"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/redact"
	"apidoctor/report"
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
var caVars = []string{"", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"}

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
	// masked maps a field's masked prefill (a proxy password shown as ***)
	// back to the real value, so the password is never on screen.
	masked map[string]string
	focus  int // an input, or len(inputs) for the target row
	target int
	why    i18n.M

	cands   []fixes.Candidate
	sel     int  // the selected CA candidate row
	testing bool // CA candidates under live test
	caVar   int
	picker  filepicker.Model

	plan    *fixes.Plan
	err     error
	test    *checks.Report
	testErr error
	busy    string // the key of what a command is doing now
	entry   fixes.Entry
	verify  *checks.Report
	undone  bool
	scroll  int
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
	}
	undoneMsg struct {
		gen int
		err error
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

func testPlan(gen int, c fixes.Context, plan *fixes.Plan) tea.Cmd {
	return func() tea.Msg {
		rep, err := plan.Test(context.Background(), c)
		return planTestedMsg{gen, rep, err}
	}
}

func applyPlan(gen int, c fixes.Context, plan *fixes.Plan) tea.Cmd {
	return func() tea.Msg {
		e, err := plan.Apply(c)
		return planAppliedMsg{gen, e, err}
	}
}

func verifyPlan(gen int, c fixes.Context, plan *fixes.Plan) tea.Cmd {
	return func() tea.Msg {
		rep, err := plan.Verify(context.Background(), c)
		return planVerifiedMsg{gen, rep, err}
	}
}

func undoFix(gen int, c fixes.Context, id string) tea.Cmd {
	return func() tea.Msg {
		_, err := c.Store.Undo(id)
		return undoneMsg{gen, err}
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
		f.inputs, f.names, f.masked = nil, nil, map[string]string{}
		for _, name := range proxyFields {
			ti := textinput.New()
			ti.Prompt = ""
			ti.CharLimit = 2048
			val, has := "", false
			if v, ok := vars[name]; ok {
				if v != nil {
					val, has = *v, true
				}
			} else if cur, ok := lookupSetting(m.report, name); ok {
				val, has = cur, true
			}
			if has {
				shown := redact.URL(val)
				f.masked[name+"\x00"+shown] = val
				ti.SetValue(shown)
			}
			f.inputs = append(f.inputs, ti)
			f.names = append(f.names, name)
		}
		f.focus = 0
		return m, f.inputs[0].Focus()
	case checks.FixCABundle:
		f.phase, f.testing = phaseForm, true
		f.picker = filepicker.New()
		f.picker.CurrentDirectory = filepath.Join(m.cfg.Disk.Root, m.run.Env.Home)
		f.picker.AllowedTypes = []string{".pem", ".crt", ".cer"}
		f.picker.SetHeight(max(m.height-8, 4))
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

// proxyParams turns the form into --set values: each field sets both cases;
// an emptied field removes a variable that is set.
func (f fixFlow) proxyParams(rep *checks.Report) map[string]string {
	set := map[string]string{}
	for i, name := range f.names {
		v := strings.TrimSpace(f.inputs[i].Value())
		if raw, ok := f.masked[name+"\x00"+v]; ok {
			v = raw // the field still shows the masked prefill
		}
		for _, n := range []string{name, strings.ToLower(name)} {
			_, isSet := lookupSetting(rep, n)
			if v != "" || isSet {
				set[n] = v
			}
		}
	}
	return set
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
	if strings.HasPrefix(u.Scheme, "socks") && !checks.ProfileOf(client).SOCKS {
		return i18n.Msg("validate.socks", string(client))
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
		return m, testPlan(f.gen, f.ctx, f.plan)
	case planTestedMsg:
		if msg.gen == f.gen {
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
		return m, verifyPlan(f.gen, f.ctx, f.plan)
	case planVerifiedMsg:
		if msg.gen != f.gen {
			return m, nil
		}
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
		m.layout()
		return m, nil
	case undoneMsg:
		if msg.gen != f.gen {
			return m, nil
		}
		f.err, f.undone, f.busy = msg.err, msg.err == nil, ""
		if msg.err != nil {
			m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "failed", Error: msg.err.Error()})
			return m, nil
		}
		m.session.AddFix(report.FixEvent{Fix: f.fix, Event: "undone", UndoID: f.entry.ID})
		// The findings must show the machine as it is again: re-check.
		nm, cmd := m.recheck()
		mm := nm.(Model)
		mm.notice = m.t("fix.undone_notice", f.entry.ID)
		return mm, cmd
	case candidatesMsg:
		if msg.gen == f.gen {
			f.cands, f.testing = msg.cands, false
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.fixKey(msg)
	}
	if f.phase == phasePick {
		var cmd tea.Cmd
		f.picker, cmd = f.picker.Update(msg)
		return m.afterPick(msg, cmd)
	}
	return m, nil
}

func (m Model) fixKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f := &m.fix
	k := msg.String()
	if k == "ctrl+c" {
		return m.quit()
	}
	switch f.phase {
	case phaseChoose:
		switch k {
		case "up", "k":
			f.cursor = max(f.cursor-1, 0)
		case "down", "j":
			f.cursor = min(f.cursor+1, len(f.proposals)-1)
		case "enter":
			return m.choose()
		case "esc":
			m.step = m.back
		case "q":
			return m.quit()
		}
	case phaseForm:
		if f.fix == checks.FixCABundle {
			return m.caFormKey(k)
		}
		return m.proxyFormKey(msg)
	case phasePick:
		if k == "esc" {
			f.phase = phaseForm
			return m, nil
		}
		var cmd tea.Cmd
		f.picker, cmd = f.picker.Update(msg)
		return m.afterPick(msg, cmd)
	case phasePreview:
		switch k {
		case "esc":
			if f.fix == checks.FixProxyEdit || f.fix == checks.FixCABundle {
				f.phase = phaseForm
			} else {
				f.phase = phaseChoose
			}
			f.gen++ // drop a test still running for this plan
			m.fixGen = f.gen
			f.busy = ""
		case "a":
			if f.plan != nil && !f.plan.AdviceOnly() && !f.plan.Empty() && f.plan.Target != fixes.TargetPrint && f.busy == "" {
				f.phase = phaseConfirm
			}
		case "down", "j":
			f.scroll++
		case "up", "k":
			f.scroll = max(f.scroll-1, 0)
		case "q":
			return m.quit()
		}
	case phaseConfirm:
		switch k {
		case "y":
			f.busy = "busy.writing"
			return m, applyPlan(f.gen, f.ctx, f.plan)
		case "n", "esc":
			f.phase = phasePreview
		}
	case phaseApplied:
		switch k {
		case "u":
			if f.entry.ID != "" && !f.undone && f.busy == "" {
				f.busy = "busy.undoing"
				return m, undoFix(f.gen, f.ctx, f.entry.ID)
			}
		case "esc", "enter":
			m.step = stepFindings
		case "q":
			return m.quit()
		}
	}
	return m, nil
}

func (m Model) proxyFormKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	f := &m.fix
	n := len(f.inputs)
	move := func(d int) tea.Cmd {
		if f.focus < n {
			f.inputs[f.focus].Blur()
		}
		f.focus = (f.focus + d + n + 1) % (n + 1)
		if f.focus < n {
			return f.inputs[f.focus].Focus()
		}
		return nil
	}
	switch msg.String() {
	case "esc":
		f.phase = phaseChoose
		return m, nil
	case "tab", "down":
		return m, move(1)
	case "shift+tab", "up":
		return m, move(-1)
	case "left", "right":
		if f.focus == n {
			d := 1
			if msg.String() == "left" {
				d = len(targets) - 1
			}
			f.target = (f.target + d) % len(targets)
			return m, nil
		}
	case "enter":
		for i, name := range f.names {
			if e := validateProxyField(name, f.inputs[i].Value(), m.report.Client); !e.IsZero() && e.Key != validateHTTPSHint {
				f.focus = i
				return m, nil
			}
		}
		f.phase, f.busy = phasePreview, "busy.preparing"
		return m, buildPlan(f.gen, f.ctx, f.fix, fixes.Params{Target: targets[f.target], Set: f.proxyParams(m.report)})
	}
	if f.focus < n {
		var cmd tea.Cmd
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m Model) caFormKey(k string) (tea.Model, tea.Cmd) {
	f := &m.fix
	rows := len(f.cands) + 1 // the last row opens the file picker
	switch k {
	case "esc":
		f.phase = phaseChoose
	case "up", "k":
		f.cursor2(-1, rows)
	case "down", "j":
		f.cursor2(1, rows)
	case "v":
		f.caVar = (f.caVar + 1) % len(caVars)
		f.testing = true
		f.gen++
		m.fixGen = f.gen
		return m, findCandidates(f.gen, f.ctx, caVars[f.caVar], f.extraCands())
	case "t":
		f.target = (f.target + 1) % len(targets)
	case "enter":
		if f.sel == len(f.cands) {
			f.phase = phasePick
			return m, f.picker.Init()
		}
		f.phase, f.busy = phasePreview, "busy.preparing"
		return m, buildPlan(f.gen, f.ctx, f.fix, fixes.Params{Target: targets[f.target], Pick: f.cands[f.sel].Path, Var: caVars[f.caVar]})
	case "q":
		return m.quit()
	}
	return m, nil
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

// planSecrets are the secret values a plan handles (a key it moves), for
// the session's redactor.
func planSecrets(p *fixes.Plan) []string {
	var out []string
	for k, v := range p.Vars {
		if v != nil && redact.SensitiveName(k) {
			out = append(out, *v)
		}
	}
	return out
}
