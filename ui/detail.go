package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"apidoctor/checks"
	"apidoctor/redact"
)

// detailSize is the detail pane's size: beside the list on a wide
// terminal, the whole screen below the header otherwise.
func (m *Model) detailSize() (int, int) {
	help := lipgloss.Height(m.helpLine())
	if m.wide() && m.report != nil {
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

func (m Model) updateDetail(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Back):
		m.step = m.back
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

func (m Model) viewDetail() string {
	r, _ := m.selected()
	head := m.header(r.ID + " — " + r.TitleIn(m.cfg.Lang))
	return m.withFooter(head + "\n" + m.detail.View())
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
	st := m.styles.Status[r.Status].Render(m.glyphs.Status[r.Status] + " " + string(r.Status))
	line := st
	if r.Cause != "" {
		line += m.styles.Subtle.Render(" · ") + string(r.Cause)
	}
	line += m.styles.Subtle.Render(" · " + fmtDur(r.Duration))
	b.WriteString(line + "\n")
	for _, l := range wrapText(red.Display(r.SummaryIn(m.cfg.Lang)), width, "") {
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
		for _, l := range wrapText(m.cfg.Lang.M(r.Cause.Meaning()), width-2, "") {
			b.WriteString("  " + l + "\n")
		}
		b.WriteString(m.styles.Label.Render(m.t("detail.action")) + "\n")
		for _, l := range wrapText(m.cfg.Lang.M(r.Cause.Action()), width-2, "") {
			b.WriteString("  " + l + "\n")
		}
	}
	if len(r.Fixes) > 0 {
		b.WriteString(m.styles.Label.Render(m.t("detail.fix")) + "  " + m.styles.Key.Render(strings.Join(r.Fixes, ", ")) + m.styles.Subtle.Render("  (f)") + "\n")
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
		b.WriteString("\n" + m.styles.Label.Render(m.t("detail.timing")) + "\n")
		b.WriteString(m.waterfall(t, width))
	}
	b.WriteString("\n" + m.styles.Label.Render(m.t("detail.evidence")) + "\n")
	var ev strings.Builder
	tree.render(&ev, "  ")
	for _, l := range strings.Split(strings.TrimRight(ev.String(), "\n"), "\n") {
		b.WriteString(fit(l, width) + "\n")
	}
	return b.String()
}

// waterfall draws the request phases as bars on one time axis, like
// httpstat: each phase starts where the previous one ended.
func (m Model) waterfall(t node, width int) string {
	phases := []struct{ label, key string }{
		{"DNS", "dns_ms"}, {m.t("phase.connect"), "connect_ms"}, {m.t("phase.proxy"), "proxy_connect_ms"}, {"TLS", "tls_ms"}, {m.t("phase.first_byte"), "first_byte_ms"},
	}
	total := t.number("total_ms")
	var sum float64
	for _, p := range phases {
		sum += t.number(p.key)
	}
	scale := max(total, sum)
	const labelW, numW = 14, 10
	barW := max(width-labelW-numW-4, 8)
	var b strings.Builder
	var at float64
	for _, p := range phases {
		v := t.number(p.key)
		if v == 0 && (p.key == "proxy_connect_ms" || p.key == "first_byte_ms") {
			continue
		}
		start, n := 0, 0
		if scale > 0 {
			start = int(at / scale * float64(barW))
			n = max(int(v/scale*float64(barW)+0.5), 1)
		}
		if start+n > barW {
			n = max(barW-start, 1)
			start = barW - n
		}
		bar := strings.Repeat(" ", start) + m.styles.Bar.Render(strings.Repeat(m.glyphs.BarFull, n)) + strings.Repeat(" ", barW-start-n)
		b.WriteString("  " + pad(p.label, labelW) + bar + " " + fmt.Sprintf("%*.1f ms", numW-3, v) + "\n")
		at += v
	}
	b.WriteString("  " + pad(m.t("phase.total"), labelW) + strings.Repeat(" ", barW) + " " + fmt.Sprintf("%*.1f ms", numW-3, total) + "\n")
	return b.String()
}
