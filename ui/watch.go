package ui

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"apidoctor/advisor"
	"apidoctor/checks"
	"apidoctor/redact"
	"apidoctor/termtext"
	"apidoctor/watch"
)

// watchPanel is a live watch: probes arrive as messages, the stats and
// the advice are drawn from them. The wizard hosts it as a step, and
// `apidoctor watch` runs it as its own program.
type watchPanel struct {
	gen      int
	stats    *watch.Stats
	opts     watch.Options
	target   string
	running  bool
	advice   bool
	err      error
	cancel   context.CancelFunc
	onProbe  func(checks.ProbeResult) // metrics, NDJSON: the caller's sinks
	finished bool
	// standalone: `apidoctor watch`, where esc ends the program rather
	// than going back to the findings.
	standalone bool
	showAll    bool // "?": the help in full
}

type (
	watchStartedMsg struct {
		gen    int
		ch     <-chan checks.ProbeResult
		target string
		err    error
	}
	probeMsg struct {
		gen int
		res checks.ProbeResult
		ch  <-chan checks.ProbeResult
	}
	watchEndedMsg struct{ gen int }
)

// startWatch opens a prober and runs the watch in the background; each
// probe comes back through the channel, which closes when the watch ends.
func startWatch(ctx context.Context, gen int, env *checks.Env, opts checks.Options, wo watch.Options) tea.Cmd {
	return func() tea.Msg {
		p, err := checks.NewProber(env, opts)
		if err != nil {
			return watchStartedMsg{gen: gen, err: err}
		}
		ch := make(chan checks.ProbeResult, 16)
		go func() {
			defer close(ch)
			defer p.Close()
			watch.Run(ctx, p, wo, func(r checks.ProbeResult) {
				select {
				case ch <- r:
				case <-ctx.Done():
				}
			})
		}()
		return watchStartedMsg{gen: gen, ch: ch, target: p.Run().Target.Host}
	}
}

func waitProbe(gen int, ch <-chan checks.ProbeResult) tea.Cmd {
	return func() tea.Msg {
		r, ok := <-ch
		if !ok {
			return watchEndedMsg{gen}
		}
		return probeMsg{gen, r, ch}
	}
}

// start begins a new watch, cancelling any before it.
func (w *watchPanel) start(env *checks.Env, opts checks.Options) tea.Cmd {
	w.stop()
	w.gen++
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel, w.running, w.finished, w.err = cancel, true, false, nil
	w.stats = watch.NewStats()
	return startWatch(ctx, w.gen, env, opts, w.opts)
}

func (w *watchPanel) stop() {
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
	w.running = false
}

// update handles the watch's own messages; done reports the watch ended.
func (w *watchPanel) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case watchStartedMsg:
		if msg.gen != w.gen {
			return nil, false
		}
		if msg.err != nil {
			w.err, w.running = msg.err, false
			return nil, true
		}
		w.target = msg.target
		return waitProbe(msg.gen, msg.ch), false
	case probeMsg:
		if msg.gen != w.gen {
			return nil, false
		}
		w.stats.Add(msg.res)
		if w.onProbe != nil {
			w.onProbe(msg.res)
		}
		return waitProbe(msg.gen, msg.ch), false
	case watchEndedMsg:
		if msg.gen != w.gen {
			return nil, false
		}
		w.running, w.finished = false, true
		return nil, true
	}
	return nil, false
}

// Advice is the advisor's reading of the watch so far.
func (w *watchPanel) Advice() advisor.Advice {
	iv := w.opts.Interval
	if iv == 0 {
		iv = watch.DefaultInterval
	}
	return advisor.Recommend(w.stats.Results, iv, w.stats.ConnectP99())
}

func (w *watchPanel) view(m Model) string {
	iv := w.opts.Interval
	if iv == 0 {
		iv = watch.DefaultInterval
	}
	state := m.t("watch.stopped")
	if w.running {
		state = m.t("watch.every", iv.String())
	}
	head := m.header(m.t("watch.title", w.target, state))
	var body string
	switch {
	case w.err != nil:
		body = m.styles.Problem.Render(m.t("watch.error", w.err.Error()))
	case w.stats == nil || w.stats.Probes == 0:
		body = m.t("watch.waiting")
	case w.advice:
		// Wrapped to the panel, so no word is cut at its edge.
		body = w.Advice().TextWidth(m.cfg.Lang, m.width-2)
	default:
		body = w.statsText(m, m.width-2)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		lines = append(lines, " "+fit(l, m.width-2))
	}
	return m.withFooterText(head+"\n\n"+strings.Join(lines, "\n"), w.helpLine(m))
}

// helpLine is the watch's footer, from the bindings that work now: "?"
// shows them in full.
func (w *watchPanel) helpLine(m Model) string {
	keys := w.keys(m)
	if w.showAll {
		return m.help.FullHelpView(keys.FullHelp())
	}
	return m.shortHelp(keys.ShortHelp())
}

// watchAction is what a key on the watch screen asks of its host.
type watchAction int

const (
	watchNone watchAction = iota
	watchBack             // stop the watch and leave the screen
	watchQuit             // stop the watch and quit
)

// key handles a key on the watch screen: the panel's own (the advice,
// the help) here, leaving and quitting to the host.
func (w *watchPanel) key(m Model, msg tea.KeyPressMsg) watchAction {
	k := DefaultWatchKeyMap(m.cfg.Lang)
	switch {
	case key.Matches(msg, k.Quit):
		w.stop()
		return watchQuit
	case key.Matches(msg, k.Back):
		w.stop()
		if w.standalone {
			return watchQuit
		}
		return watchBack
	case key.Matches(msg, k.Advice):
		w.advice = !w.advice
	case key.Matches(msg, k.Help):
		w.showAll = !w.showAll
	}
	return watchNone
}

// updateWatch is the wizard's watch step: the root Update hands it the
// step's keys.
func (m Model) updateWatch(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch m.watch.key(m, msg) {
	case watchBack:
		m.step = m.back
	case watchQuit:
		return m.quit()
	}
	return m, nil
}

// withFooterText is withFooter with a given help (one line, or the full
// help's several).
func (m Model) withFooterText(body, help string) string {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	foot := strings.Split(help, "\n")
	room := m.height - len(foot)
	if len(lines) > room {
		// What does not fit is said, not silently dropped.
		keep := max(room-1, 0)
		more := " " + m.styles.Subtle.Render(m.t("detail.more_lines", "↓", len(lines)-keep))
		lines = append(lines[:keep], fit(more, m.width))
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	for _, l := range foot {
		lines = append(lines, fit(l, m.width))
	}
	return strings.Join(lines, "\n")
}

// WatchProgram is `apidoctor watch` on a terminal: the watch panel alone.
type WatchProgram struct {
	m           Model
	panel       watchPanel
	env         *checks.Env
	opts        checks.Options
	interrupted bool // left with ctrl+c rather than q or esc
}

// NewWatchProgram prepares a standalone watch; onProbe sees every probe
// (metrics, NDJSON).
func NewWatchProgram(cfg Config, wo watch.Options, onProbe func(checks.ProbeResult)) *WatchProgram {
	m := New(cfg)
	return &WatchProgram{m: m, panel: watchPanel{opts: wo, onProbe: onProbe, standalone: true}, env: cfg.NewEnv(), opts: cfg.Opts}
}

// Init starts the watch.
func (w *WatchProgram) Init() tea.Cmd { return w.panel.start(w.env, w.opts) }

// Update handles keys and probes; the program ends with the watch.
func (w *WatchProgram) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		w.m.width, w.m.height = msg.Width, msg.Height
		w.m.help.SetWidth(msg.Width - 2) // as the wizard's layout does
	case tea.KeyPressMsg:
		if w.panel.key(w.m, msg) == watchQuit {
			w.interrupted = msg.String() == "ctrl+c"
			return w, tea.Quit
		}
		return w, nil
	}
	cmd, done := w.panel.update(msg)
	if done {
		return w, tea.Quit
	}
	return w, cmd
}

// View draws the panel.
func (w *WatchProgram) View() tea.View {
	content := w.panel.view(w.m)
	if w.m.cfg.ASCII {
		content = asciiOnly.Replace(content)
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "apidoctor watch"
	return v
}

// Stats returns what the watch measured.
func (w *WatchProgram) Stats() *watch.Stats { return w.panel.stats }

// Advice returns the advisor's reading.
func (w *WatchProgram) Advice() advisor.Advice { return w.panel.Advice() }

// Interrupted reports whether the watch was left with ctrl+c.
func (w *WatchProgram) Interrupted() bool { return w.interrupted }

// statsText is the watch's numbers for the panel: outcomes, latency
// percentiles per phase (a dash for a phase that never ran), the recent
// totals as a sparkline where a failure is a mark of its own, and the
// last errors with their cause first.
func (w *watchPanel) statsText(m Model, width int) string {
	s, l := w.stats, m.cfg.Lang
	var b strings.Builder
	b.WriteString(l.T("watch.probes", s.Probes, s.SuccessRate()*100) + "\n")
	outs := s.OutcomesByCount()
	line := l.T("watch.outcomes")
	for _, o := range outs {
		line += fmt.Sprintf(" %s %d", redact.Escape(o), s.ByOutcome[o])
	}
	if len(s.ByStatus) > 0 {
		codes := make([]int, 0, len(s.ByStatus))
		for c := range s.ByStatus {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		line += " · " + l.T("watch.status")
		for _, c := range codes {
			line += fmt.Sprintf(" %d×%d", c, s.ByStatus[c])
		}
	}
	for _, wl := range wrapText(line, width, "  ") {
		b.WriteString(wl + "\n")
	}
	b.WriteString("\n" + termtext.Pad(l.T("watch.latency"), 14) + "     p50      p95      p99\n")
	for _, ph := range watch.Phases {
		v := phaseSamples(s.Results, ph, nil)
		if ph == "proxy" && len(v) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s %8s %8s %8s\n", termtext.Pad(l.T("watch.phase."+ph), 11), msOrDash(v, .5), msOrDash(v, .95), msOrDash(v, .99))
	}
	reused, fresh := false, true
	withUnit := func(v string) string {
		if v == "—" {
			return v
		}
		return m.t("unit.ms", v)
	}
	b.WriteString("\n" + l.T("watch.p50_fresh_reused", withUnit(msOrDash(phaseSamples(s.Results, "total", &reused), .5)), withUnit(msOrDash(phaseSamples(s.Results, "total", &fresh), .5))) + "\n")
	if width > 10 {
		b.WriteString(l.T("watch.recent", w.sparkline(m, width-10)) + "\n")
	}
	if len(s.LastErrors) > 0 {
		b.WriteString("\n" + l.T("watch.last_errors") + "\n")
		for _, e := range s.LastErrors {
			// The cause first: it is what the row is about; the error's
			// own words next, then when and how.
			row := "  " + termtext.Pad(redact.Escape(e.Outcome), 18)
			if e.Error != "" {
				row += " " + redact.Escape(e.Error)
			}
			row += m.styles.Subtle.Render(fmt.Sprintf("  #%d %s", e.Seq, e.At.Format("15:04:05")))
			if e.Status != 0 {
				row += m.styles.Subtle.Render(fmt.Sprintf(" %d", e.Status))
			}
			b.WriteString(fit(row, width) + "\n")
		}
	}
	return b.String()
}

// sparkline draws the last width totals: a bar for a success, the fail
// mark for a failure (its time says nothing of the path), in the
// wizard's glyphs, so --ascii draws ASCII.
func (w *watchPanel) sparkline(m Model, width int) string {
	bars := []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}
	if m.cfg.ASCII {
		bars = []string{"_", ".", "-", "=", "+", "*", "%", "#"}
	}
	res := w.stats.Results
	recent := res[max(len(res)-width, 0):]
	top := 0.0
	for _, p := range recent {
		if p.OK() && p.Timing != nil {
			top = math.Max(top, p.Timing.Total)
		}
	}
	var b strings.Builder
	for _, p := range recent {
		if !p.OK() {
			b.WriteString(m.styles.Problem.Render(m.glyphs.Status[checks.Fail]))
			continue
		}
		i := 0
		if top > 0 && p.Timing != nil {
			i = int(p.Timing.Total / top * float64(len(bars)-1))
		}
		b.WriteString(bars[i])
	}
	return b.String()
}

// phaseSamples are a phase's times in milliseconds: connection phases
// from fresh connections only, and only where the phase ran (a probe
// that failed before TLS has no TLS time, not a time of 0); fresh
// selects fresh or reused connections for the total (nil: all).
func phaseSamples(res []checks.ProbeResult, phase string, fresh *bool) []float64 {
	var out []float64
	for _, p := range res {
		t := p.Timing
		if t == nil || fresh != nil && p.Fresh != *fresh {
			continue
		}
		var v float64
		switch phase {
		case "dns":
			v = t.DNS
		case "connect":
			v = t.Connect
		case "proxy":
			v = t.Proxy
		case "tls":
			v = t.TLS
		case "first_byte":
			v = t.FirstByte
		default:
			v = t.Total
		}
		if phase != "total" && phase != "first_byte" && !p.Fresh {
			continue
		}
		if v <= 0 {
			continue // the phase never ran
		}
		out = append(out, v)
	}
	return out
}

// msOrDash is the nearest-rank percentile q of v, or a dash for none.
func msOrDash(v []float64, q float64) string {
	if len(v) == 0 {
		return "—"
	}
	v = append([]float64(nil), v...)
	sort.Float64s(v)
	i := int(math.Ceil(q*float64(len(v)))) - 1
	return fmt.Sprintf("%.1f", v[min(max(i, 0), len(v)-1)])
}
