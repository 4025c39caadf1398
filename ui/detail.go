package ui

import (
	"encoding/json"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"apidoctor/checks"
	"apidoctor/redact"
	"apidoctor/termtext"
)

// detailSize is the detail pane's size: beside the list on a wide
// terminal, the whole screen below the header otherwise.
func (m *Model) detailSize() (int, int) {
	help := lipgloss.Height(m.helpLine())
	if m.wide() && m.report != nil && m.step != stepDetail {
		return m.width - m.width/2 - 2, m.listRows(lipgloss.Height(m.verdictBox(m.width)))
	}
	return m.width, max(m.height-1-help, 1)
}

// refreshDetail fills the detail pane for the selected result.
func (m *Model) refreshDetail() {
	r, ok := m.selected()
	if !ok {
		m.detail.SetContent("")
		return
	}
	m.detail.SetContent(m.detailText(r, m.detail.Width()))
}

// fitDetail sizes the pane for the step on screen: beside the list on
// the findings, the whole screen on the detail step.
func (m *Model) fitDetail() {
	if w, h := m.detailSize(); m.detail.Width() != w || m.detail.Height() != h {
		m.detail.SetWidth(w)
		m.detail.SetHeight(h)
		m.refreshDetail()
	}
}

func (m Model) updateDetail(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.fitDetail()
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Back):
		m.step = m.back
		m.layout() // the pane goes back beside the list
		return m, nil
	case key.Matches(msg, m.keys.Fix):
		return m.openFix(stepDetail)
	case key.Matches(msg, m.keys.Recheck):
		return m.recheck()
	case key.Matches(msg, m.keys.Export):
		return m.openExport(stepDetail)
	}
	var cmd tea.Cmd
	m.detail, cmd = m.detail.Update(msg)
	return m, cmd
}

// viewDetail is the selected result as a scrollable pane; when lines are
// hidden below, its last line says how many.
func (m Model) viewDetail() string {
	m.fitDetail()
	r, _ := m.selected()
	head := m.header(r.ID + " — " + r.TitleIn(m.cfg.Lang))
	body := m.detail.View()
	if hidden := m.detail.TotalLineCount() - m.detail.YOffset() - m.detail.Height(); hidden > 0 {
		lines := strings.Split(body, "\n")
		lines[len(lines)-1] = termtext.Pad(m.styles.Subtle.Render(fit(m.t("detail.more_lines", "↓", hidden+1), m.detail.Width())), m.detail.Width())
		body = strings.Join(lines, "\n")
	}
	return m.withFooter(head + "\n" + body)
}

// detailText is everything known about one result, for the pane. The
// evidence is raw (a server may echo a key back, or send terminal
// escapes), so every value goes through the report's redactor and is
// escaped (redact.Display) before it is wrapped or cut to the pane.
func (m Model) detailText(r checks.Result, width int) string {
	red := m.displayRedactor()
	// A last pass over the finished text, for what the styles left alone.
	return red.String(m.detailRaw(red, r, width))
}

// displayRedactor knows the secrets of the report on screen (or of the
// run, before there is one).
func (m Model) displayRedactor() *redact.Redactor {
	switch {
	case m.report != nil:
		return reportRedactor(m.report)
	case m.run != nil:
		return m.run.Redactor
	}
	return nil
}

// redactors keeps the last report's redactor: building one indexes every
// secret, and the verdict box asks for it on every frame.
var redactors struct {
	sync.Mutex
	rep *checks.Report
	red *redact.Redactor
}

func reportRedactor(rep *checks.Report) *redact.Redactor {
	redactors.Lock()
	defer redactors.Unlock()
	if redactors.rep != rep {
		redactors.rep, redactors.red = rep, redact.New(rep.Secrets()...)
	}
	return redactors.red
}

// display is a value from outside as the wizard shows it: redacted and
// escaped, on one line.
func (m Model) display(s string) string { return m.displayRedactor().Display(s) }

func (m Model) detailRaw(red *redact.Redactor, r checks.Result, width int) string {
	var b strings.Builder
	st := m.styles.Status[r.Status].Render(m.glyphs.Status[r.Status] + " " + m.word("status.word", string(r.Status)))
	line := st
	if r.Cause != "" {
		line += m.styles.Subtle.Render(" · ") + string(r.Cause)
	}
	line += m.styles.Subtle.Render(" · " + m.dur(r.Duration))
	b.WriteString(line + "\n")
	summary := m.summaryText(r)
	if m.notUsed(r) {
		summary = m.t("findings.not_used") + " " + summary
	}
	for _, l := range wrapText(red.Display(summary), width, "") {
		b.WriteString(l + "\n")
	}
	if r.Error != "" {
		b.WriteString("\n" + m.styles.Label.Render(m.t("detail.error")) + "\n")
		for _, line := range strings.Split(red.DisplayText(r.Error), "\n") {
			for _, l := range wrapText(line, width-2, "") {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	if r.Cause != "" {
		b.WriteString("\n" + m.styles.Label.Render(m.t("detail.meaning")) + "\n")
		for _, l := range wrapText(m.tidy(m.cfg.Lang.M(r.Cause.Meaning())), width-2, "") {
			b.WriteString("  " + l + "\n")
		}
		b.WriteString(m.styles.Label.Render(m.t("detail.action")) + "\n")
		for _, l := range wrapText(m.tidy(m.cfg.Lang.M(r.Cause.Action())), width-2, "") {
			b.WriteString("  " + l + "\n")
		}
	}
	if len(r.Fixes) > 0 {
		b.WriteString(m.styles.Label.Render(m.t("detail.fix")) + "  " + m.styles.Key.Render(strings.Join(r.Fixes, m.t("list.sep"))) + m.styles.Subtle.Render("  "+m.t("findings.fix_key")) + "\n")
	}
	if r.Evidence == nil {
		return b.String()
	}
	// Each value of the evidence is redacted and escaped, newlines
	// included (a value is shown on one line), before the tree is laid out.
	data, err := json.Marshal(r.Evidence)
	if err == nil {
		data, err = redact.JSONStrings(data, red.Display)
	}
	if err != nil {
		return b.String()
	}
	tree, err := decodeOrdered(data)
	if err != nil {
		return b.String()
	}
	if t, ok := tree.find("total_ms"); ok {
		// The total on the heading: the rows below add up to it.
		b.WriteString("\n" + m.styles.Label.Render(m.t("detail.timing")) + m.styles.Subtle.Render(m.t("detail.timing_total", m.msText(t.number("total_ms")))) + "\n")
		b.WriteString(m.waterfall(t, width))
	}
	b.WriteString("\n" + m.styles.Label.Render(m.t("detail.evidence")) + "\n")
	var ev strings.Builder
	tree.render(&ev, "  ")
	// Long values wrap under themselves, so every value is whole (the
	// pane scrolls).
	for _, l := range strings.Split(strings.TrimRight(ev.String(), "\n"), "\n") {
		if lipgloss.Width(l) <= width {
			b.WriteString(l + "\n")
			continue
		}
		lead := l[:len(l)-len(strings.TrimLeft(l, " "))]
		for _, w := range wrapText(strings.TrimLeft(l, " "), width-len(lead), "  ") {
			b.WriteString(lead + w + "\n")
		}
	}
	return b.String()
}

// waterfall draws the request phases as bars on one time axis, like
// httpstat: each phase starts where the previous one ended, and its row
// ends with the time at that boundary (since the request began). A phase
// that did not happen is not drawn: a proxied request makes no DNS
// lookup or connection to the API (those rows are the proxy's), and
// a reused connection has no DNS, connect or TLS. Time the phases do not
// account for (total minus their sum: writing the request, the client's
// own work) is a segment of its own, so the bars add up to the total
// (which the heading above says).
func (m Model) waterfall(t node, width int) string {
	phases := []struct{ label, key string }{
		{"DNS", "dns_ms"}, {m.t("phase.connect"), "connect_ms"}, {m.t("phase.proxy"), "proxy_connect_ms"}, {"TLS", "tls_ms"}, {m.t("phase.first_byte"), "first_byte_ms"},
	}
	if t.number("proxy_connect_ms") > 0 {
		// Through a proxy, the name looked up and the connection made
		// are the proxy's: the API's are the proxy's business.
		phases[0].label, phases[1].label = m.t("phase.proxy_dns"), m.t("phase.proxy_tcp")
	}
	type seg struct {
		label string
		v     float64
	}
	var segs []seg
	var sum float64
	for _, p := range phases {
		if v := t.number(p.key); v > 0 { // 0: the phase never ran
			segs = append(segs, seg{p.label, v})
			sum += v
		}
	}
	total := t.number("total_ms")
	if rest := total - sum; rest >= 0.05 { // shown to 0.1 ms
		segs = append(segs, seg{m.t("phase.unaccounted"), rest})
	}
	scale := max(total, sum)
	const labelW, numW = 14, 10
	atW := lipgloss.Width(m.glyphs.Arrow+" "+m.msText(scale)) + 1
	barW := max(width-labelW-numW-atW-4, 8)
	var b strings.Builder
	var at float64
	for _, s := range segs {
		start, n := 0, 0
		if scale > 0 {
			start = int(at / scale * float64(barW))
			n = max(int((at+s.v)/scale*float64(barW)+0.5)-start, 1)
		}
		if start+n > barW {
			n = max(barW-start, 1)
			start = barW - n
		}
		at += s.v
		style := m.styles.Bar
		if s.label == m.t("phase.unaccounted") {
			style = m.styles.Subtle
		}
		bar := strings.Repeat(" ", start) + style.Render(strings.Repeat(m.glyphs.BarFull, n)) + strings.Repeat(" ", barW-start-n)
		b.WriteString("  " + termtext.Pad(s.label, labelW) + bar + " " + termtext.PadLeft(m.msText(s.v), numW) + " " + m.styles.Subtle.Render(termtext.PadLeft(m.glyphs.Arrow+" "+m.msText(at), atW)) + "\n")
	}
	return b.String()
}
