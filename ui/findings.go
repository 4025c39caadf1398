package ui

import (
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"apidoctor/checks"
	"apidoctor/redact"
	"apidoctor/termtext"
)

// rows returns the results failures first, then warnings, then the rest,
// each group in path order.
func (m Model) rows() []checks.Result {
	if m.report == nil {
		return nil
	}
	rows := append([]checks.Result(nil), m.report.Checks...)
	// The checks the verdict rests on come first, so the row selected
	// when the findings open is the verdict's own.
	own := map[string]int{}
	var rests []string
	if m.report.Verdict.Status != "ok" {
		rests = m.report.Verdict.Checks
	}
	for i, id := range rests {
		if _, ok := own[id]; !ok {
			own[id] = i
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		oi, iok := own[rows[i].ID]
		oj, jok := own[rows[j].ID]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return rows[i].Status.Worse(rows[j].Status)
	})
	return rows
}

// directPath are the checks of the direct path to the API, which a
// client that goes through a proxy never takes.
var directPath = map[string]bool{"tcp.ipv4": true, "tcp.ipv6": true}

// notUsed reports whether a result is of a path the client does not take
// (the direct path of a proxied client) and does not say so itself (the
// engine's message says it for a failure there).
func (m Model) notUsed(r checks.Result) bool {
	return directPath[r.ID] && m.run != nil && m.run.Route.Proxy != nil && r.Msg.Key != checks.OffRouteKey
}

// rowSummary is a row's summary as the list and the detail show it: a
// direct-path row of a proxied client says first that it is not used.
func (m Model) rowSummary(r checks.Result) string {
	s := m.summary(r)
	if m.notUsed(r) {
		s = m.t("findings.not_used") + " " + s
	}
	return s
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
	m.status = m.t("findings.rechecking")
	return m, prepareAndRun(m.cfg, m.overview.Client, m.gen)
}

// runTime is how long the run behind the findings took: the wizard's own
// measure of a run it recorded, else the report's (a fix's re-check).
func (m Model) runTime() time.Duration {
	if m.report != nil && m.report != m.timed {
		return m.report.Duration
	}
	return m.elapsed
}

// changed reports whether the re-check's report differs from the one
// before it: another verdict, or a check with another status.
func (m Model) changed() bool {
	if m.previous == nil || m.report == nil {
		return false
	}
	if m.previous.Verdict.Status != m.report.Verdict.Status || m.previous.Verdict.Cause != m.report.Verdict.Cause {
		return true
	}
	before := map[string]checks.Status{}
	for _, r := range m.previous.Checks {
		before[r.ID] = r.Status
	}
	if len(before) != len(m.report.Checks) {
		return true
	}
	for _, r := range m.report.Checks {
		if st, ok := before[r.ID]; !ok || st != r.Status {
			return true
		}
	}
	return false
}

// minListRows is how many list lines the verdict leaves at least (with
// the "more" line when rows are hidden).
const minListRows = 3

// verdictBox renders the verdict, its evidence and its fixes in a box.
// Nothing in it is cut: every part is wrapped to the box. The verdict,
// its summary and what to do are always there; the guided fix, the
// evidence (each item whole) and the before/after line are added while
// the list keeps minListRows lines.
func (m Model) verdictBox(width int) string {
	v := m.report.Verdict
	vt := m.report.VerdictIn(m.cfg.Lang)
	inner := width - 4
	var head []string
	switch {
	case v.Status == "ok":
		head = append(head, m.styles.OK.Render(m.glyphs.Status[checks.Pass]+" "+m.t("report.ok")))
	case m.report.Incomplete():
		head = append(head, m.styles.Status[checks.Warn].Render(m.glyphs.Status[checks.Skip]+" "+m.t("report.incomplete")))
	default:
		head = append(head, m.styles.Problem.Render(m.glyphs.Status[checks.Fail]+" "+string(v.Cause)))
	}
	// Each value is redacted and escaped before it is wrapped.
	head = append(head, wrapText(m.display(m.tidy(vt.Summary)), inner, "")...)
	var action, fixes, compare []string
	if vt.Action != "" {
		action = wrapText(m.tidy(m.t("report.what_to_do", m.display(vt.Action))), inner, "  ")
	}
	if len(v.Fixes) > 0 {
		fixes = wrapStyled(m.t("report.guided_fix", strings.Join(v.Fixes, m.t("list.sep")))+"  "+m.t("findings.fix_key"), inner, "  ", m.styles.Key)
	}
	if m.previous != nil && m.previous.Verdict.Cause != v.Cause {
		compare = wrapStyled(m.t("findings.before_after", string(m.previous.Verdict.Cause), m.glyphs.Arrow, string(v.Cause)), inner, "  ", m.styles.Subtle)
	}
	room := m.verdictRoom()
	used := len(head) + len(action)
	take := func(part []string) []string {
		if used+len(part) > room {
			return nil
		}
		used += len(part)
		return part
	}
	fixes = take(fixes)
	var evidence []string
	for _, e := range m.verdictEvidence() {
		item := wrapStyled(m.glyphs.Bullet+" "+m.display(e), inner, "  ", m.styles.Subtle)
		if used+len(item) > room {
			break
		}
		used += len(item)
		evidence = append(evidence, item...)
	}
	compare = take(compare)
	lines := append(head, evidence...)
	lines = append(lines, action...)
	lines = append(lines, fixes...)
	lines = append(lines, compare...)
	return m.styles.Verdict.Width(width).Render(strings.Join(lines, "\n"))
}

// verdictEvidence is the verdict's evidence and the open alternatives,
// each built from its result as the rows show it (a request's phase and a
// trust source as words, the direct path of a proxied client marked as
// not used, the way a route goes in the language, Chinese seams closed).
func (m Model) verdictEvidence() []string {
	v := m.report.Verdict
	by := map[string]checks.Result{}
	for _, r := range m.report.Checks {
		by[r.ID] = r
	}
	var out []string
	for _, id := range v.Checks {
		if r, ok := by[id]; ok {
			s := m.summaryText(r)
			if m.notUsed(r) {
				s = m.t("findings.not_used") + " " + s
			}
			out = append(out, m.tidy(m.t("verdict.evidence", r.TitleIn(m.cfg.Lang), s)))
		}
	}
	for _, a := range checks.AlternativeMsgs(v, m.report.Routes) {
		out = append(out, m.tidy(m.cfg.Lang.M(routeWords(a))))
	}
	return out
}

// verdictRoom is how many lines the verdict may fill inside its box and
// still leave the list minListRows lines.
func (m Model) verdictRoom() int {
	status := 0
	if m.status != "" {
		status = 1
	}
	return m.height - 1 - lipgloss.Height(m.helpLine()) - status - 2 - minListRows
}

// wrapStyled wraps plain text (kept as it is when it fits) and styles
// each line.
func wrapStyled(s string, width int, indent string, st lipgloss.Style) []string {
	lines := []string{s}
	if lipgloss.Width(s) > width {
		lines = wrapText(s, width, indent)
	}
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
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
	if len(m.rows()) > rows {
		rows = max(rows-1, 1) // the last line says how many more
	}
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
	if m.previous != nil && m.changed() {
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
	// When rows are hidden below, the last line says how many.
	shown := height
	if len(rows)-m.offset > height {
		shown = max(height-1, 1)
	}
	var out []string
	for i := m.offset; i < len(rows) && len(out) < shown; i++ {
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
		line := mark + " " + termtext.Pad(r.ID, idW) + "  " + redact.Escape(m.rowSummary(r))
		line = termtext.Pad(fit(line, width), width)
		if i == m.cursor {
			line = m.styles.Selected.Render(lipglossStrip(line))
		}
		out = append(out, line)
	}
	if more := len(rows) - m.offset - len(out); more > 0 && len(out) < height {
		out = append(out, m.styles.Subtle.Render(fit(m.t("findings.more", "↓", more), width)))
	}
	return out
}

func (m Model) viewFindings() string {
	var b strings.Builder
	sub := m.display(m.run.Target.Host) + " · " + string(m.overview.Client) + " · " + m.dur(m.runTime())
	if m.previous != nil && m.report != m.previous {
		// Only once the re-check's own report is here.
		if m.changed() {
			sub += " · " + m.t("findings.rechecked", m.glyphs.Arrow)
		} else {
			sub += " · " + m.t("findings.no_changes")
		}
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
			b.WriteString(termtext.Pad(l, listW) + m.styles.Subtle.Render(" │ ") + fit(r, m.width-listW-3) + "\n")
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
