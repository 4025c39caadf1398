package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"apidoctor/redact"
	"apidoctor/termtext"
)

func (m Model) updateRunning(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		// Cancel: every check returns promptly as skip; the results still
		// arrive, and the last one takes the wizard back to the start.
		if m.cancel != nil {
			m.cancel()
		}
		m.canceled = true
		m.status = m.t("running.cancelling")
	case key.Matches(msg, m.keys.Quit):
		return m.Interrupt().quit()
	}
	return m, nil
}

// progressBar draws the overall progress as a bar of width cells.
func (m Model) progressBar(done, total, width int) string {
	if width < 4 {
		return ""
	}
	full := width * done / max(total, 1)
	return m.styles.Bar.Render(strings.Repeat(m.glyphs.BarFull, full)) +
		m.styles.BarEmpty.Render(strings.Repeat(m.glyphs.BarEmpty, width-full))
}

func (m Model) viewRunning() string {
	var b strings.Builder
	ids := m.run.IDs()
	count := itoa(len(m.results)) + "/" + itoa(len(ids))
	title := m.t("running.title", m.display(m.run.Target.Host), string(m.overview.Client))
	b.WriteString(m.header(title) + "\n")
	barW := min(40, m.width-len(count)-4)
	b.WriteString("  " + m.progressBar(len(m.results), len(ids), barW) + " " + count + "\n\n")
	elapsed := m.now.Sub(m.runStart)
	idW := 0
	for _, id := range ids {
		idW = max(idW, len(id))
	}
	rows := m.height - 5
	start := 0
	if len(ids) > rows {
		// Keep the first unfinished check in view.
		for i, id := range ids {
			if _, done := m.results[id]; !done {
				start = min(max(i-2, 0), len(ids)-rows)
				break
			}
		}
	}
	// When checks are hidden below, the last line says how many.
	shown := rows
	if start+rows < len(ids) {
		shown = max(rows-1, 1)
	}
	for i, id := range ids {
		if i < start || i >= start+shown {
			continue
		}
		var mark, text, dur string
		if r, done := m.results[id]; done {
			mark = m.styles.Status[r.Status].Render(m.glyphs.Status[r.Status])
			text, dur = redact.Escape(m.rowSummary(r)), m.dur(r.Duration)
		} else {
			mark = m.styles.Key.Render(m.glyphs.Spinner[m.frame%len(m.glyphs.Spinner)])
			text = m.t("check." + id)
			if elapsed >= slowAfter {
				text = m.waitingFor(id)
				text += " — " + m.dur(elapsed)
			}
		}
		line := mark + " " + termtext.Pad(id, idW) + "  "
		room := m.width - lipgloss.Width(line) - lipgloss.Width(dur) - 1
		line += termtext.Pad(fit(text, room), room) + " " + m.styles.Subtle.Render(dur)
		b.WriteString(fit(line, m.width) + "\n")
	}
	if hidden := len(ids) - start - shown; hidden > 0 {
		b.WriteString(m.styles.Subtle.Render(fit(m.t("findings.more", "↓", hidden), m.width)) + "\n")
	}
	if m.status != "" {
		b.WriteString("\n" + m.status + "\n")
	}
	return m.withFooter(b.String())
}

// waitingFor says what a slow check is doing: its own note, or the checks
// it still waits on.
func (m Model) waitingFor(id string) string {
	if n := m.notes[id]; n != "" {
		return m.display(n) // redacted by the engine; escaped here
	}
	var pending []string
	for _, dep := range m.needs[id] {
		if _, done := m.results[dep]; !done {
			pending = append(pending, dep)
		}
	}
	if len(pending) > 0 {
		return m.t("running.waiting_for", strings.Join(pending, m.t("list.sep")))
	}
	return m.t("running.running", m.t("check."+id))
}
