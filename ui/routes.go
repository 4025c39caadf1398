package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/termtext"
)

// routesKeyMap holds the routes panel's bindings; they drive both the
// matching in updateRoutes and the panel's help line, so the help offers
// only what works.
type routesKeyMap struct {
	Retry, Back, Help, Quit key.Binding
}

// newRoutesKeyMap returns the routes panel's bindings, described in l.
func newRoutesKeyMap(l i18n.Lang) routesKeyMap {
	return routesKeyMap{
		Retry: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", l.T("routes.key_retry"))),
		Back:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.back"))),
		Help:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", l.T("key.help"))),
		Quit:  key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", l.T("key.quit"))),
	}
}

// routesKeys are the keys that work on the panel now: r waits for the
// routes being tried.
func (m Model) routesKeys() stepKeys {
	k := newRoutesKeyMap(m.cfg.Lang)
	var short []key.Binding
	if !m.routes.running {
		short = append(short, k.Retry)
	}
	return stepKeys{append(short, k.Back, k.Quit, k.Help), nil}
}

// routesHelp renders the panel's keys: one line, or every key with ?.
func (m Model) routesHelp() string {
	keys := m.routesKeys()
	if m.help.ShowAll {
		return m.help.View(keys)
	}
	return m.shortHelp(keys.ShortHelp())
}

// routesPanel shows the other ways to reach Claude from this machine.
type routesPanel struct {
	gen     int
	running bool
	results []checks.RouteResult
	err     error
}

type routesDoneMsg struct {
	gen     int
	results []checks.RouteResult
	err     error
}

// testRoutes tries every alternate route (network I/O, so a command).
func testRoutes(gen int, env *checks.Env, opts checks.Options) tea.Cmd {
	return func() tea.Msg {
		r, err := checks.New(env, opts)
		if err != nil {
			return routesDoneMsg{gen: gen, err: err}
		}
		return routesDoneMsg{gen: gen, results: r.TestRoutes(context.Background(), r.Endpoints())}
	}
}

func (m Model) openRoutes() (tea.Model, tea.Cmd) {
	m.routes.gen++
	m.routes.running, m.routes.err = true, nil
	m.back, m.step = stepFindings, stepRoutes
	return m, testRoutes(m.routes.gen, m.run.Env, m.run.Opts)
}

func (m Model) updateRoutes(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case routesDoneMsg:
		if msg.gen == m.routes.gen {
			m.routes.running, m.routes.results, m.routes.err = false, msg.results, msg.err
			if m.report != nil && msg.err == nil {
				m.report.WithRoutes(msg.results)
			}
		}
	case tea.KeyPressMsg:
		k := newRoutesKeyMap(m.cfg.Lang)
		switch {
		case key.Matches(msg, k.Back):
			m.step = m.back
		case key.Matches(msg, k.Retry):
			if !m.routes.running {
				return m.openRoutes()
			}
		case key.Matches(msg, k.Help):
			m.help.ShowAll = !m.help.ShowAll
			m.layout() // the findings' panes depend on the help's height
		case key.Matches(msg, k.Quit):
			return m.quit()
		}
	}
	return m, nil
}

func (m Model) viewRoutes() string {
	p := m.routes
	var lines []string
	switch {
	case p.err != nil:
		lines = append(lines, m.styles.Problem.Render(m.t("routes.error", m.display(p.err.Error()))))
	case p.running:
		lines = append(lines, m.t("routes.trying"))
	default:
		w := m.width - 2
		nameW, viaW := 30, 26
		if w < 90 {
			nameW, viaW = 24, 16
		}
		for _, r := range p.results {
			st, what := checks.Pass, m.t("routes.open", r.MS)
			if !r.Open {
				st, what = checks.Fail, string(r.Cause)
			}
			via := r.Via
			switch {
			case via == "direct":
				via = m.t("route.direct")
			case strings.HasPrefix(via, "via "):
				via = m.t("route.via", m.display(strings.TrimPrefix(via, "via ")))
			}
			line := m.styles.Status[st].Render(m.glyphs.Status[st]) + " " + termtext.Pad(fit(r.Endpoint.Name, nameW), nameW) + " " + termtext.Pad(fit(via, viaW), viaW) + " " + what
			lines = append(lines, fit(line, w))
		}
		if alts := checks.AlternativeMsgs(m.report.Verdict, p.results); len(alts) > 0 {
			lines = append(lines, "", m.t("routes.alts"))
			for _, a := range alts {
				lines = append(lines, wrapText(m.glyphs.Bullet+" "+m.redacted(m.tidy(m.cfg.Lang.M(routeWords(a)))), w, "  ")...)
			}
		} else if m.report.Verdict.Status != "ok" {
			lines = append(lines, "", m.t("routes.none_open"))
		}
	}
	for i := range lines {
		lines[i] = " " + lines[i]
	}
	body := m.header(m.t("routes.title")) + "\n\n" + strings.Join(lines, "\n")
	return m.withHelpLines(body, m.routesHelp())
}

// withHelpLines puts help (one line or more) at the foot of the screen,
// cutting the body, with a line that says so, when it does not fit.
func (m Model) withHelpLines(body, help string) string {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	foot := strings.Split(help, "\n")
	for i := range foot {
		foot[i] = fit(foot[i], m.width)
	}
	room := max(m.height-len(foot), 1)
	if len(lines) > room {
		keep := max(room-1, 0)
		more := " " + m.styles.Subtle.Render(m.t("detail.more_lines", "↓", len(lines)-keep))
		lines = append(lines[:keep], fit(more, m.width))
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, foot...), "\n")
}

// routeWords is a route message with the way the route goes ("direct",
// "via <proxy>", which the checks pass as codes) as words of the
// language.
func routeWords(msg i18n.M) i18n.M {
	args := append([]any(nil), msg.Args...)
	for i, a := range args {
		if v, ok := a.(string); ok {
			switch {
			case v == "direct":
				args[i] = i18n.Msg("route.direct")
			case strings.HasPrefix(v, "via "):
				args[i] = i18n.Msg("route.via", strings.TrimPrefix(v, "via "))
			}
		}
	}
	return i18n.Msg(msg.Key, args...)
}
