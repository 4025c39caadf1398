package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/i18n"
)

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
		switch msg.String() {
		case "esc":
			m.step = m.back
		case "r":
			if !m.routes.running {
				return m.openRoutes()
			}
		case "q", "ctrl+c":
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
			line := m.styles.Status[st].Render(m.glyphs.Status[st]) + " " + pad(fit(r.Endpoint.Name, nameW), nameW) + " " + pad(fit(via, viaW), viaW) + " " + what
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
	return m.withFooterText(body, m.styles.Subtle.Render(m.t("routes.help")))
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
