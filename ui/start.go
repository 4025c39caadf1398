package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/redact"
	"apidoctor/termtext"
)

func (m Model) updateStart(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Start):
		if m.run == nil || m.prepErr != nil {
			return m, nil
		}
		return m.startRun()
	case key.Matches(msg, m.keys.Client):
		next := nextClient(m.overview.Client)
		m.gen++
		m.overview.Client = next
		m.status = ""
		return m, prepareRun(m.cfg, next, m.gen)
	}
	return m, nil
}

// nextClient cycles through the supported clients.
func nextClient(c checks.ClientName) checks.ClientName {
	all := checks.ClientNames()
	for i, x := range all {
		if x == c {
			return all[(i+1)%len(all)]
		}
	}
	return all[0]
}

func (m Model) header(sub string) string {
	t := m.styles.Title.Render("apidoctor")
	if sub != "" {
		t += m.styles.Subtle.Render("  " + sub)
	}
	return fit(t, m.width)
}

func (m Model) viewStart() string {
	var b strings.Builder
	b.WriteString(m.header(m.t("start.tagline")) + "\n")
	if m.cfg.Banner != "" {
		b.WriteString(fit(m.styles.Key.Render(m.cfg.Banner), m.width) + "\n")
	}
	b.WriteString("\n")
	if m.prepErr != nil {
		for _, l := range wrapText(m.t("start.prep_error", m.display(m.prepErr.Error())), m.width-2, "  ") {
			b.WriteString("  " + m.styles.Problem.Render(l) + "\n")
		}
		b.WriteString("\n" + m.helpLine())
		return b.String()
	}
	if m.run == nil {
		b.WriteString("  " + m.t("start.reading") + "\n")
		return b.String()
	}
	o := m.overview
	row := func(label, value, source string) {
		// Values and sources come from the environment and files.
		value, source = redact.Escape(value), redact.Escape(source)
		lw := 10
		line := "  " + m.styles.Label.Render(termtext.Pad(label, lw)) + value
		if source != "" {
			room := m.width - 2 - lw - termtext.Width(value) - 3
			if room >= 8 {
				line += "   " + m.styles.Subtle.Render(fit(source, room))
			}
		}
		b.WriteString(fit(line, m.width) + "\n")
	}
	row(m.t("start.target"), o.Target.Display(), m.word("source", o.Target.Source))
	row(m.t("start.client"), string(o.Client), m.t("start.client_hint"))
	switch {
	case o.Route.Proxy != nil:
		row(m.t("start.route"), m.t("route.via", o.Route.ProxyDisplay), o.Route.ProxyVar+" ("+m.word("source", o.RouteSource)+")")
	case o.Route.Bypassed:
		row(m.t("start.route"), m.t("route.direct"), m.cfg.Lang.M(checks.BypassRuleMsg(o.Route.BypassRule)))
	case o.Route.Ignored != "":
		row(m.t("start.route"), m.t("route.direct"), m.cfg.Lang.M(o.Route.IgnoredMsg))
	default:
		row(m.t("start.route"), m.t("route.direct"), m.t("start.no_proxy"))
	}
	if o.Key != nil {
		row(m.t("start.key"), o.Key.Name+" "+o.Key.Display(), m.t("start.key_source", o.KeyHeader, m.word("source", o.Key.Source)))
	} else {
		row(m.t("start.key"), m.t("start.none"), "")
	}
	trust := make([]string, len(o.Trust))
	for i, s := range o.Trust {
		trust[i] = m.word("trust", s)
	}
	row(m.t("start.trust"), strings.Join(trust, " + "), "")
	if o.FilesTotal > 0 {
		row(m.t("start.settings"), m.t("start.files", o.FilesFound, o.FilesTotal), "")
	}
	b.WriteString("\n")
	for _, l := range wrapText(m.t("start.path", o.Checks, strings.Join([]string{m.t("start.path.settings"), m.t("start.path.local"), "DNS", "TCP", m.t("start.path.proxy"), "TLS", "HTTP", m.t("start.path.auth"), m.t("start.path.status")}, " "+m.glyphs.Arrow+" ")), m.width-4, "") {
		b.WriteString("  " + m.styles.Subtle.Render(l) + "\n")
	}
	b.WriteString("\n  " + m.t("start.press", m.styles.Key.Render("enter")) + "\n")
	if m.status != "" {
		b.WriteString("\n  " + fit(m.status, m.width-2) + "\n")
	}
	return m.withFooter(b.String())
}

// withFooter puts the help line on the last row of the screen.
func (m Model) withFooter(body string) string {
	body = strings.TrimRight(body, "\n")
	lines := strings.Split(body, "\n")
	help := strings.Split(m.helpLine(), "\n")
	room := m.height - len(help)
	if len(lines) > room {
		lines = lines[:max(room, 0)]
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, help...), "\n")
}
