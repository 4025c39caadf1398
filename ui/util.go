package ui

import (
	"strconv"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
	"apidoctor/termtext"
)

func itoa(n int) string { return strconv.Itoa(n) }

// fit cuts s (which may hold ANSI styles) to width cells.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// word translates a code the checks report (a value's source, a trust
// source) when the catalogue has it as prefix.code, and keeps it otherwise
// (a file path, a variable name).
func (m Model) word(prefix, code string) string {
	if key := prefix + "." + code; i18n.Has(key) {
		return m.t(key)
	}
	return code
}

// wrapText wraps plain text to width cells (a Chinese character takes
// two), indenting continuation lines.
func wrapText(s string, width int, indent string) []string {
	if width <= len(indent)+4 {
		return []string{fit(s, width)}
	}
	lines := termtext.Wrap(s, width, indent)
	for i := range lines {
		lines[i] = fit(lines[i], width)
	}
	return lines
}

// summary is a result's summary in the wizard's language, redacted.
func (m Model) summary(r checks.Result) string {
	c := m.summaries
	if c == nil {
		return m.redacted(m.summaryText(r))
	}
	// Translating and redacting every row on every frame costs more than
	// the rest of the frame; a result's text changes only with the run.
	if c.run != m.run {
		c.run, c.text = m.run, map[string]string{}
	}
	key := r.ID + "\x00" + r.Summary
	s, ok := c.text[key]
	if !ok {
		s = m.redacted(m.summaryText(r))
		c.text[key] = s
	}
	return s
}

// summaryText is a result's summary in the wizard's language, with the
// codes the checks pass into their sentences (a request's phase) as
// words, and the seams of Chinese templates closed.
func (m Model) summaryText(r checks.Result) string {
	if r.Msg.IsZero() {
		return m.tidy(r.Summary)
	}
	return m.tidy(m.cfg.Lang.M(phaseWords(r.Msg)))
}

// phaseWords puts the codes the checks pass into sentences as words of
// the language: the phase of a failed request ("tls"; "in" dropped when
// no phase is known) and a trust source ("system").
func phaseWords(msg i18n.M) i18n.M {
	if msg.Key == "trust.other_accepts" && len(msg.Args) == 1 {
		// A trust source's code ("system") as the word for it.
		if code, ok := msg.Args[0].(string); ok && i18n.Has("trust."+code) {
			return i18n.Msg(msg.Key, i18n.Msg("trust."+code))
		}
	}
	if msg.Key != "http.failed_in" || len(msg.Args) != 3 {
		return msg
	}
	phase, _ := msg.Args[1].(string)
	switch {
	case phase == "":
		return i18n.Msg("http.failed_no_phase", msg.Args[0], msg.Args[2])
	case i18n.Has("http.phase." + phase):
		return i18n.Msg(msg.Key, msg.Args[0], i18n.Msg("http.phase."+phase), msg.Args[2])
	}
	return msg
}

// summaryCache holds the rows' translated, redacted summaries for one run.
type summaryCache struct {
	run  *checks.Run
	text map[string]string
}

// redacted masks the current run's secrets in translated text.
func (m Model) redacted(s string) string {
	if m.run == nil {
		return redact.EscapeText(s)
	}
	return m.run.Redactor.DisplayText(s)
}

// dur is a duration in the wizard's language ("66 ms", "66 毫秒").
func (m Model) dur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return m.t("unit.under_ms")
	case d < time.Second:
		return m.t("unit.ms", strconv.FormatInt(d.Milliseconds(), 10))
	}
	return m.t("unit.s", strconv.FormatFloat(d.Seconds(), 'f', 1, 64))
}

// msText is milliseconds with one decimal in the wizard's language.
func (m Model) msText(v float64) string {
	return m.t("unit.ms", strconv.FormatFloat(v, 'f', 1, 64))
}

// tidy closes the seams of Chinese templates that got a Chinese word in
// a slot spaced for a Latin value ("该主机 的证书链").
func (m Model) tidy(s string) string {
	if m.cfg.Lang == i18n.ZH {
		return i18n.Tidy(s)
	}
	return s
}

// lipglossStrip removes styling so a selected row can be re-styled whole.
func lipglossStrip(s string) string { return ansi.Strip(s) }
