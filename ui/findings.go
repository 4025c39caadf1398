package ui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"apidoctor/checks"
	"apidoctor/redact"
)

// rows returns the results failures first, then warnings, then the rest,
// each group in path order.
func (m Model) rows() []checks.Result {
	if m.report == nil {
		return nil
	}
	rows := append([]checks.Result(nil), m.report.Checks...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Status.Worse(rows[j].Status) })
	return rows
}

// selected is the result under the cursor.
func (m Model) selected() (checks.Result, bool) {
	rows := m.rows()
	if m.cursor < 0 || m.cursor >= len(rows) {
		return checks.Result{}, false
	}
	return rows[m.cursor], true
}

func (m Model) wide() bool { return m.width >= wideWidth }

func (m Model) updateFindings(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	n := len(m.rows())
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Up):
		if m.cursor > 0 {
			m.cursor--
		}
	case key.Matches(msg, m.keys.Down):
		if m.cursor < n-1 {
			m.cursor++
		}
	case key.Matches(msg, m.keys.Open):
		m.back, m.step = stepFindings, stepDetail
	case key.Matches(msg, m.keys.Fix):
		return m.openFix(stepFindings)
	case key.Matches(msg, m.keys.Recheck):
		return m.recheck()
	case key.Matches(msg, m.keys.Export):
		return m.openExport(stepFindings)
	case key.Matches(msg, m.keys.Copy):
		return m.copyReport()
	case key.Matches(msg, m.keys.Watch):
		m.back, m.step = stepFindings, stepWatch
		return m, m.watch.start(m.run.Env, m.run.Opts)
	case key.Matches(msg, m.keys.Routes):
		return m.openRoutes()
	}
	m.keepCursorVisible()
	m.layout()
	return m, nil
}

// recheck keeps the current report for the before/after view and runs
// everything again with freshly read settings.
func (m Model) recheck() (tea.Model, tea.Cmd) {
	m.previous = m.report
	m.gen++
	m.status = "Re-checking…"
	return m, prepareAndRun(m.cfg, m.overview.Client, m.gen)
}

// verdictBox renders the verdict, its evidence and its fixes in a box.
func (m Model) verdictBox(width int) string {
	v := m.report.Verdict
	vt := m.report.VerdictIn(m.cfg.Lang)
	inner := width - 4
	var lines []string
	switch {
	case v.Status == "ok":
		lines = append(lines, m.styles.OK.Render(m.glyphs.Status[checks.Pass]+" "+m.t("report.ok")))
	case m.report.Incomplete():
		lines = append(lines, m.styles.Status[checks.Warn].Render(m.glyphs.Status[checks.Skip]+" "+m.t("report.incomplete")))
	default:
		lines = append(lines, m.styles.Problem.Render(m.glyphs.Status[checks.Fail]+" "+string(v.Cause)))
	}
	// Each value is redacted and escaped before it is wrapped or cut.
	lines = append(lines, wrapText(m.display(vt.Summary), inner, "")...)
	ev := append(vt.Evidence, vt.Alternatives...)
	if len(ev) > 3 {
		ev = ev[:3]
	}
	for _, e := range ev {
		lines = append(lines, fit(m.styles.Subtle.Render(m.glyphs.Bullet+" "+m.display(e)), inner))
	}
	if vt.Action != "" && m.height >= 20 {
		lines = append(lines, wrapText(m.t("report.what_to_do", m.display(vt.Action)), inner, "  ")...)
	}
	if len(v.Fixes) > 0 {
		lines = append(lines, fit(m.t("report.guided_fix", m.styles.Key.Render(strings.Join(v.Fixes, ", ")))+m.styles.Subtle.Render("  (f)"), inner))
	}
	if m.previous != nil && m.previous.Verdict.Cause != v.Cause {
		lines = append(lines, fit(m.styles.Subtle.Render(m.t("findings.before_after", string(m.previous.Verdict.Cause), m.glyphs.Arrow, string(v.Cause))), inner))
	}
	return m.styles.Verdict.Width(width).Render(strings.Join(lines, "\n"))
}

// listRows is how many result rows fit under the verdict.
func (m Model) listRows(verdictHeight int) int {
	help := lipgloss.Height(m.helpLine())
	status := 0
	if m.status != "" {
		status = 1
	}
	return max(m.height-1-verdictHeight-help-status, 1)
}

func (m *Model) keepCursorVisible() {
	if m.report == nil {
		return
	}
	rows := m.listRows(lipgloss.Height(m.verdictBox(m.width)))
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
}

// renderList draws the result rows, with the before glyph after a re-check.
func (m Model) renderList(width, height int) []string {
	var prev map[string]checks.Status
	if m.previous != nil {
		prev = map[string]checks.Status{}
		for _, r := range m.previous.Checks {
			prev[r.ID] = r.Status
		}
	}
	rows := m.rows()
	idW := 0
	for _, r := range rows {
		idW = max(idW, len(r.ID))
	}
	var out []string
	for i := m.offset; i < len(rows) && len(out) < height; i++ {
		r := rows[i]
		mark := m.styles.Status[r.Status].Render(m.glyphs.Status[r.Status])
		if prev != nil {
			before := prev[r.ID]
			b := m.glyphs.Status[before]
			if before == r.Status {
				b = " "
			}
			mark = m.styles.Status[before].Render(b) + m.styles.Subtle.Render(strings.Repeat(" ", 1)) + mark
		}
		// The summary is redacted whole (m.summary) and escaped before the
		// row is cut to the width.
		line := mark + " " + pad(r.ID, idW) + "  " + redact.Escape(m.summary(r))
		line = pad(fit(line, width), width)
		if i == m.cursor {
			line = m.styles.Selected.Render(lipglossStrip(line))
		}
		out = append(out, line)
	}
	return out
}

func (m Model) viewFindings() string {
	var b strings.Builder
	sub := m.display(m.run.Target.Host) + " · " + string(m.overview.Client) + " · " + fmtDur(m.elapsed)
	if m.previous != nil {
		sub += " · " + m.t("findings.rechecked", m.glyphs.Arrow)
	}
	b.WriteString(m.header(sub) + "\n")
	box := m.verdictBox(m.width)
	b.WriteString(box + "\n")
	rows := m.listRows(lipgloss.Height(box))
	if m.wide() {
		listW := m.width/2 - 1
		left := m.renderList(listW, rows)
		right := strings.Split(m.detail.View(), "\n")
		for i := 0; i < rows; i++ {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			b.WriteString(pad(l, listW) + m.styles.Subtle.Render(" │ ") + fit(r, m.width-listW-3) + "\n")
		}
	} else {
		for _, l := range m.renderList(m.width, rows) {
			b.WriteString(l + "\n")
		}
	}
	if m.status != "" {
		b.WriteString(fit(m.status, m.width) + "\n")
	}
	return m.withFooter(b.String())
}
