package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/report"
)

// step is where the wizard is.
type step int

const (
	stepStart step = iota
	stepRunning
	stepFindings
	stepDetail
	stepFix
	stepExport
	stepWatch
	stepRoutes
	// stepUndo lists the fixes applied in this session, to undo one.
	stepUndo
)

// Minimum terminal size; below it the wizard asks for a larger window.
const (
	minWidth  = 60
	minHeight = 16
	// wideWidth is where the detail pane sits beside the list.
	wideWidth = 110
)

// slowAfter is when a running check starts saying what it waits for.
const slowAfter = 2 * time.Second

// Config is what the wizard runs against.
type Config struct {
	// NewEnv returns the environment for a run (a fresh one each time).
	NewEnv func() *checks.Env
	Opts   checks.Options
	// ASCII selects plain glyphs; NoColor drops colour.
	ASCII, NoColor bool
	// Banner is an extra line on the start screen (the demo's scenario).
	Banner string
	// Clock is the wall clock; tests pin it.
	Clock func() time.Time
	// ExportDir is where reports are written by default.
	ExportDir string
	// Disk is where fixes write (the real file system in production) and
	// ConfigDir holds their backups and undo log (os.UserConfigDir()).
	Disk      fixes.DiskFS
	ConfigDir string
	// Host describes the machine for the session report; RedactPaths hides
	// the user name and host name in exports.
	Host        report.HostInfo
	RedactPaths bool
	// Lang is the language of every word the wizard shows.
	Lang i18n.Lang
}

// Model is the wizard's root model.
type Model struct {
	cfg  Config
	keys KeyMap
	// fixKeyMap are the fix flow's keys.
	fixKeyMap FixKeyMap
	styles    Styles
	glyphs    Glyphs
	isDark    bool
	width     int
	height    int
	step      step
	back      step // where esc returns to from detail, fix and export

	// The prepared or running run.
	gen      int
	run      *checks.Run
	overview checks.Overview
	profile  string // the shell profile the shell target writes
	prepErr  error
	cancel   context.CancelFunc
	runStart time.Time
	now      time.Time
	elapsed  time.Duration  // how long the last run took, on the wizard's clock
	timed    *checks.Report // the report elapsed is of
	frame    int
	running  bool
	canceled bool

	// needs maps each check to the checks it waits for (from the graph).
	needs map[string][]string
	// Results of the current run, by id, in arrival order.
	results map[string]checks.Result
	notes   map[string]string
	// summaries caches the rows' texts; shared by the model's copies.
	summaries *summaryCache
	report    *checks.Report
	// previous is the report before a re-check, for the comparison.
	previous *checks.Report

	fix    fixFlow
	fixGen int
	// baseEnv is the environment apidoctor started with; applied holds
	// the variables each fix applied here saved to the shell profile.
	// This process never sees a profile again, so every later run (a
	// re-check, the watch, the routes, the next fix) gets them laid over
	// baseEnv: the environment the client will see in a new terminal.
	baseEnv func() *checks.Env
	applied []appliedFix
	// undoable are the fixes applied in this session and not undone, in
	// the order they were applied; u on the findings lists them.
	undoable []undoItem
	undo     undoList

	watch  watchPanel
	routes routesPanel

	cursor int
	offset int
	detail viewport.Model
	help   help.Model
	export exportState
	status string
	notice string // shown once the current run's findings arrive
	// session records every run and fix step for the report.
	session  *report.Session
	quitting bool
}

// New returns the wizard's model.
func New(cfg Config) Model {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Opts.Client == "" {
		cfg.Opts.Client = checks.ClaudeCode
	}
	m := Model{
		cfg:  cfg,
		keys: DefaultKeyMap(cfg.Lang),

		fixKeyMap: DefaultFixKeyMap(cfg.Lang),
		isDark:    true,
		width:     80,
		height:    24,
		detail:    viewport.New(),
		help:      help.New(),
		results:   map[string]checks.Result{},
		notes:     map[string]string{},

		summaries: &summaryCache{},
	}
	m.glyphs = UnicodeGlyphs
	if cfg.ASCII {
		m.glyphs = ASCIIGlyphs
		m.help.Ellipsis = "..."
		m.help.ShortSeparator = " | "
	}
	m.baseEnv = cfg.NewEnv
	m.export = newExportState(cfg.ExportDir)
	m.session = report.NewSession(cfg.Host, cfg.Clock)
	m.needs = map[string][]string{}
	for _, c := range checks.Graph() {
		m.needs[c.ID] = c.Needs
	}
	m.setStyles()
	return m
}

func (m *Model) setStyles() {
	m.styles = NewStyles(m.isDark, m.cfg.NoColor)
	m.help.Styles = help.DefaultStyles(m.isDark)
	if m.cfg.NoColor {
		m.help.Styles = help.Styles{}
	}
}

// Init prepares the first run and asks the terminal for its background.
func (m Model) Init() tea.Cmd {
	return tea.Batch(prepareRun(m.cfg, m.cfg.Opts.Client, m.gen), tea.RequestBackgroundColor)
}

// Update changes state; all I/O happens in the commands it returns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.setStyles()
		m.refreshDetail()
		return m, nil
	case preparedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.run, m.overview, m.prepErr, m.profile = msg.run, msg.overview, msg.err, msg.profile
		if msg.thenRun && msg.err == nil {
			return m.startRun()
		}
		return m, nil
	case checkFinishedMsg:
		return m.onCheckFinished(msg)
	case noteMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		if msg.ev.Note != "" && msg.ev.Note != "started" {
			note := msg.ev.Note
			if !msg.ev.Msg.IsZero() {
				note = m.cfg.Lang.M(msg.ev.Msg)
			}
			m.notes[msg.ev.ID] = note
		}
		return m, waitNote(msg.gen, msg.ch)
	case notesClosedMsg:
		return m, nil
	case tickMsg:
		if msg.gen != m.gen || !m.running {
			return m, nil // idle means idle: no tick outlives the run
		}
		m.now, m.frame = msg.t, m.frame+1
		return m, tick(m.gen)
	case savedMsg:
		return m.onSaved(msg)
	case planBuiltMsg, planTestedMsg, planAppliedMsg, planVerifiedMsg, undoneMsg, candidatesMsg:
		return m.updateFixFlow(msg)
	case watchStartedMsg, probeMsg, watchEndedMsg:
		cmd, _ := m.watch.update(msg)
		return m, cmd
	case routesDoneMsg:
		return m.updateRoutes(msg)
	case tea.MouseWheelMsg:
		if m.step == stepDetail {
			var cmd tea.Cmd
			m.detail, cmd = m.detail.Update(msg)
			return m, cmd
		}
		return m, nil
	case tea.KeyPressMsg:
		if m.tooSmall() {
			// The screen only asks for a larger window: no key may act on
			// what it hides, but the way out.
			if msg.String() == "ctrl+c" || key.Matches(msg, m.keys.Quit) {
				return m.Interrupt().quit()
			}
			return m, nil
		}
		return m.onKey(msg)
	case tea.PasteMsg:
		if m.tooSmall() {
			return m, nil
		}
		if m.step == stepExport {
			return m.updateExport(msg)
		}
	}
	if m.step == stepFix {
		return m.updateFixFlow(msg) // the file picker reads folders through messages
	}
	return m, nil
}

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m.Interrupt().quit()
	}
	if m.step == stepExport {
		// The path field takes every printable key, so the export step
		// handles its own.
		return m.updateExport(msg)
	}
	if m.step == stepFix {
		// So do the fix forms.
		return m.updateFixFlow(msg)
	}
	if m.step == stepRoutes {
		return m.updateRoutes(msg)
	}
	if m.step == stepWatch {
		return m.updateWatch(msg)
	}
	if key.Matches(msg, m.keys.Help) {
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	}
	switch m.step {
	case stepStart:
		return m.updateStart(msg)
	case stepRunning:
		return m.updateRunning(msg)
	case stepFindings:
		if key.Matches(msg, m.keys.Undo) {
			return m.openUndo()
		}
		return m.updateFindings(msg)
	case stepDetail:
		return m.updateDetail(msg)
	case stepUndo:
		return m.updateUndo(msg)
	}
	return m, nil
}

// tooSmall reports whether the window is below the wizard's minimum, when
// the screen shows nothing but the request to resize it.
func (m Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// Interrupt ends a run in flight, if any: it cancels the checks and keeps
// what arrived as an incomplete report (the checks still out count as
// unfinished), so leaving mid-run never reads as a verdict. The wizard
// calls it on ctrl+c; the caller calls it on the final model when the
// program was stopped from outside (a signal).
func (m Model) Interrupt() Model {
	if !m.running {
		return m
	}
	if m.cancel != nil {
		m.cancel()
	}
	m.running = false
	m.gen++ // the cancelled checks' late results belong to no run now
	m.record(m.run.ReportOf(m.ordered()))
	return m
}

// record keeps a run's report as the latest and adds it to the session.
func (m *Model) record(rep *checks.Report) {
	m.report = rep
	m.elapsed, m.timed = m.cfg.Clock().Sub(m.runStart), rep
	kind := "check"
	if len(m.session.Runs) > 0 {
		kind = "recheck"
	}
	m.session.AddRun(kind, "", rep)
}

func (m Model) quit() (tea.Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
	}
	m.watch.stop()
	m.fix.stopWork()
	m.quitting = true
	return m, tea.Quit
}

// startRun launches every check as its own command, plus the note stream
// and the clock that animates the spinners.
func (m Model) startRun() (tea.Model, tea.Cmd) {
	if m.run == nil {
		return m, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.step = stepRunning
	m.running, m.canceled = true, false
	m.results = map[string]checks.Result{}
	m.notes = map[string]string{}
	m.report = nil
	m.status = ""
	m.runStart = m.cfg.Clock()
	m.now = m.runStart
	events := m.run.Begin()
	cmds := []tea.Cmd{waitNote(m.gen, events), tick(m.gen)}
	for _, id := range m.run.IDs() {
		cmds = append(cmds, runCheck(ctx, m.gen, m.run, id))
	}
	return m, tea.Batch(cmds...)
}

func (m Model) onCheckFinished(msg checkFinishedMsg) (tea.Model, tea.Cmd) {
	if msg.gen != m.gen {
		return m, nil
	}
	m.results[msg.res.ID] = msg.res
	delete(m.notes, msg.res.ID)
	if len(m.results) < len(m.run.IDs()) {
		return m, nil
	}
	m.running = false
	if m.cancel != nil {
		m.cancel()
	}
	m.record(m.run.ReportOf(m.ordered()))
	if m.canceled {
		// The cancelled run's report stays the last one (incomplete), so
		// quitting from the start screen does not read as a verdict.
		m.step = stepStart
		m.status = m.t("run.cancelled")
		// A fresh run for the next start: a Run runs once.
		m.gen++
		return m, prepareRun(m.cfg, m.overview.Client, m.gen)
	}
	m.status, m.notice = m.notice, ""
	m.step, m.cursor, m.offset = stepFindings, 0, 0
	m.layout() // the panes depend on the verdict's height
	return m, nil
}

// ordered returns the results in path order.
func (m Model) ordered() []checks.Result {
	out := make([]checks.Result, 0, len(m.results))
	for _, id := range m.run.IDs() {
		if r, ok := m.results[id]; ok {
			out = append(out, r)
		}
	}
	return out
}

// layout re-sizes what depends on the window.
func (m *Model) layout() {
	m.help.SetWidth(m.width - 2)
	w, h := m.detailSize()
	m.detail.SetWidth(w)
	m.detail.SetHeight(h)
	m.refreshDetail()
}

// View renders the current step.
func (m Model) View() tea.View {
	var content string
	switch {
	case m.quitting:
		content = ""
	case m.tooSmall():
		content = m.viewTooSmall()
	default:
		switch m.step {
		case stepStart:
			content = m.viewStart()
		case stepRunning:
			content = m.viewRunning()
		case stepFindings:
			content = m.viewFindings()
		case stepDetail:
			content = m.viewDetail()
		case stepFix:
			content = m.viewFix()
		case stepExport:
			content = m.viewExport()
		case stepWatch:
			content = m.watch.view(m)
		case stepRoutes:
			content = m.viewRoutes()
		case stepUndo:
			content = m.viewUndo()
		}
	}
	if m.cfg.ASCII {
		content = asciiOnly.Replace(content)
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "apidoctor"
	if m.step == stepDetail {
		v.MouseMode = tea.MouseModeCellMotion
	}
	if m.running && m.run != nil {
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, 100*len(m.results)/max(len(m.run.IDs()), 1))
	}
	return v
}

func (m Model) viewTooSmall() string {
	return lipgloss.NewStyle().Width(m.width).Render(m.t("tiny", minWidth, minHeight, m.width, m.height))
}

// asciiOnly swaps what Unicode is left (borders, ellipses, arrows in the
// help) for one-cell ASCII, so --ascii keeps the layout.
var asciiOnly = strings.NewReplacer(
	"…", "~", "—", "-", "·", "-", "→", ">", "←", "<", "↑", "^", "↓", "v", "×", "x", "•", "*",
	"│", "|", "─", "-", "╭", "+", "╮", "+", "╰", "+", "╯", "+",
)

// helpLine renders the keys of the current step, fitted to the width.
func (m Model) helpLine() string {
	keys := m.helpFor()
	if m.help.ShowAll {
		return m.help.View(keys)
	}
	return m.shortHelp(keys.ShortHelp())
}

// shortHelp renders bindings on one line of at most the help's width.
// When they do not fit it drops the others from the end, with an
// ellipsis, but keeps "? help" and "q quit" to the last: the way to the
// rest and the way out. The help bubble's own fitting cannot keep them,
// and can overshoot by the separator when the ellipsis does not fit
// either, which wide (Chinese) labels hit.
func (m Model) shortHelp(bindings []key.Binding) string {
	var others, pinned []key.Binding
	for _, b := range bindings {
		if m.keys.pinned(b) {
			pinned = append(pinned, b)
		} else {
			others = append(others, b)
		}
	}
	w := m.help.Width()
	fits := func(s string) bool { return w <= 0 || lipgloss.Width(s) <= w }
	// The bubble cuts a line to its width itself; measure it uncut.
	h := m.help
	h.SetWidth(0)
	if s := h.ShortHelpView(bindings); fits(s) {
		return s
	}
	ellipsis := m.help.Styles.Ellipsis.Render(m.help.Ellipsis)
	tail := h.ShortHelpView(pinned)
	for n := len(others) - 1; n >= 0; n-- {
		s := ellipsis
		if n > 0 {
			s = h.ShortHelpView(others[:n]) + " " + ellipsis
		}
		if tail != "" {
			s += " " + tail
		}
		if fits(s) {
			return s
		}
	}
	// Too narrow even for the pinned keys: the first that fit.
	for n := len(bindings); n > 0; n-- {
		if s := h.ShortHelpView(bindings[:n]); fits(s) {
			return s
		}
	}
	return ""
}

// Report returns the finished report of the last run, if any.
func (m Model) Report() *checks.Report { return m.report }

// Session returns everything the wizard found and did.
func (m Model) Session() *report.Session { return m.session }

// t translates a key into the wizard's language.
func (m Model) t(key string, args ...any) string { return m.cfg.Lang.T(key, args...) }

// Lang is the wizard's language.
func (m Model) Lang() i18n.Lang { return m.cfg.Lang }

// Width is the terminal's last known width.
func (m Model) Width() int { return m.width }

// Quitting reports whether the person asked to leave.
func (m Model) Quitting() bool { return m.quitting }

// appliedFix is what a fix applied in this session saved to the shell
// profile: the variables new shells get (nil: removed).
type appliedFix struct {
	id      string
	vars    map[string]*string
	profile string
	source  string // the line that loads it into a terminal already open
}

// syncEnv points the runs at the environment the client will see: the
// one apidoctor started with, the profile's values of every applied fix
// laid over it, in the order they were applied.
func (m *Model) syncEnv() {
	base := m.baseEnv
	if base == nil {
		return
	}
	if len(m.applied) == 0 {
		m.cfg.NewEnv = base
		return
	}
	overlay := map[string]*string{}
	for _, a := range m.applied {
		for k, v := range a.vars {
			overlay[k] = v
		}
	}
	m.cfg.NewEnv = func() *checks.Env { return withVars(base(), overlay) }
}

// withVars is env with vars set (nil: unset), on a copy of its variables.
func withVars(env *checks.Env, vars map[string]*string) *checks.Env {
	e := *env
	e.Vars = make(map[string]string, len(env.Vars)+len(vars))
	for k, v := range env.Vars {
		e.Vars[k] = v
	}
	for k, v := range vars {
		if v == nil {
			delete(e.Vars, k)
		} else {
			e.Vars[k] = *v
		}
	}
	return &e
}

// ExitSummary is what the wizard adds to the summary it leaves in the
// scrollback: how many checks failed and warned, and the fixes applied in
// this session (not undone) with the command that undoes each.
func (m Model) ExitSummary() string {
	if m.report == nil {
		return ""
	}
	var fails, warns int
	for _, r := range m.report.Checks {
		switch r.Status {
		case checks.Fail:
			fails++
		case checks.Warn:
			warns++
		}
	}
	var b strings.Builder
	b.WriteString(m.t("exit.counts", fails, warns) + "\n")
	if len(m.undoable) > 0 {
		b.WriteString("\n" + m.t("exit.fixes_head") + "\n")
		for _, it := range m.undoable {
			b.WriteString(m.t("exit.fix_line", m.cfg.Lang.M(fixes.TitleMsg(it.fix)), m.targetLabel(it.target), it.id) + "\n")
		}
	}
	return b.String()
}
