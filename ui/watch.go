package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"apidoctor/advisor"
	"apidoctor/checks"
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
		body = w.Advice().Text(m.cfg.Lang)
	default:
		body = w.stats.Text(m.width-2, m.cfg.Lang)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		lines = append(lines, " "+fit(l, m.width-2))
	}
	help := m.t("watch.help")
	if w.advice {
		help = m.t("watch.help_advice")
	}
	return m.withFooterText(head+"\n\n"+strings.Join(lines, "\n"), m.styles.Subtle.Render(help))
}

// withFooterText is withFooter with a given help line.
func (m Model) withFooterText(body, help string) string {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	room := m.height - 1
	if len(lines) > room {
		lines = lines[:max(room, 0)]
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, fit(help, m.width)), "\n")
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
	return &WatchProgram{m: m, panel: watchPanel{opts: wo, onProbe: onProbe}, env: cfg.NewEnv(), opts: cfg.Opts}
}

// Init starts the watch.
func (w *WatchProgram) Init() tea.Cmd { return w.panel.start(w.env, w.opts) }

// Update handles keys and probes; the program ends with the watch.
func (w *WatchProgram) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		w.m.width, w.m.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c", "esc":
			w.panel.stop()
			w.interrupted = msg.String() == "ctrl+c"
			return w, tea.Quit
		case "a":
			w.panel.advice = !w.panel.advice
		}
	}
	cmd, done := w.panel.update(msg)
	if done {
		return w, tea.Quit
	}
	return w, cmd
}

// View draws the panel.
func (w *WatchProgram) View() tea.View {
	v := tea.NewView(w.panel.view(w.m))
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
