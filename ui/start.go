package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
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
	b.WriteString(m.header("why can't this machine reach the Claude API?") + "\n")
	if m.cfg.Banner != "" {
		b.WriteString(fit(m.styles.Key.Render(m.cfg.Banner), m.width) + "\n")
	}
	b.WriteString("\n")
	if m.prepErr != nil {
		for _, l := range wrapText("Cannot prepare the checks: "+m.prepErr.Error(), m.width-2, "  ") {
			b.WriteString("  " + m.styles.Problem.Render(l) + "\n")
		}
		b.WriteString("\n" + m.helpLine())
		return b.String()
	}
	if m.run == nil {
		b.WriteString("  Reading the settings…\n")
		return b.String()
	}
	o := m.overview
	row := func(label, value, source string) {
		lw := 10
		line := "  " + m.styles.Label.Render(pad(label, lw)) + value
		if source != "" {
			room := m.width - 2 - lw - len([]rune(value)) - 3
			if room >= 8 {
				line += "   " + m.styles.Subtle.Render(fit(source, room))
			}
		}
		b.WriteString(fit(line, m.width) + "\n")
	}
	row("Target", o.Target.Display(), o.Target.Source)
	row("Client", string(o.Client), "c changes it")
	switch {
	case o.Route.Proxy != nil:
		row("Route", o.Route.String(), o.Route.ProxyVar+" ("+o.RouteSource+")")
	case o.Route.Bypassed:
		row("Route", "direct", "NO_PROXY: "+o.Route.BypassRule)
	case o.Route.Ignored != "":
		row("Route", "direct", o.Route.Ignored)
	default:
		row("Route", "direct", "no proxy set")
	}
	if o.Key != nil {
		row("Key", o.Key.Name+" "+o.Key.Display(), "sent as "+o.KeyHeader+", from "+o.Key.Source)
	} else {
		row("Key", "none", "")
	}
	row("Trust", strings.Join(o.Trust, " + "), "")
	if o.FilesTotal > 0 {
		row("Settings", itoa(o.FilesFound)+" of "+itoa(o.FilesTotal)+" Claude Code files found", "")
	}
	b.WriteString("\n")
	for _, l := range wrapText(itoa(o.Checks)+" checks, in path order: settings "+m.glyphs.Arrow+" local proxies "+m.glyphs.Arrow+" DNS "+m.glyphs.Arrow+" TCP "+m.glyphs.Arrow+" proxy "+m.glyphs.Arrow+" TLS "+m.glyphs.Arrow+" HTTP "+m.glyphs.Arrow+" auth "+m.glyphs.Arrow+" status page.", m.width-4, "") {
		b.WriteString("  " + m.styles.Subtle.Render(l) + "\n")
	}
	b.WriteString("\n  Press " + m.styles.Key.Render("enter") + " to start.\n")
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
