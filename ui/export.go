package ui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"apidoctor/report"
	"apidoctor/termtext"
)

// exportState is the export step's form: a format and a path. The path
// is read-only until the person chooses to edit it (tab), so the step's
// own keys (y, ?, q) act instead of being typed into it.
type exportState struct {
	format  int
	path    textinput.Model
	editing bool // the path field has the focus and takes every key
	edited  bool // the person typed a path: keep it when the format changes
	saving  bool
	saved   string
	err     error
	note    string // what the last copy did
}

func newExportState(dir string) exportState {
	ti := textinput.New()
	ti.Prompt = ""
	ti.SetValue(filepath.Join(dir, "apidoctor-report"+report.FormatMarkdown.Ext()))
	ti.CharLimit = 4096
	return exportState{path: ti}
}

func (e exportState) current() report.Format { return report.Formats()[e.format] }

func (m Model) updateExport(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "ctrl+c" {
			return m.quit()
		}
		if k.String() == "enter" {
			return m.save()
		}
		if m.export.editing {
			if key.Matches(k, m.keys.Done) {
				m.export.editing = false
				m.export.path.Blur()
				m.layout()
				return m, nil
			}
		} else {
			return m.exportKey(k)
		}
	}
	if !m.export.editing {
		return m, nil // a paste while the path is read-only
	}
	before := m.export.path.Value()
	var cmd tea.Cmd
	m.export.path, cmd = m.export.path.Update(msg)
	if m.export.path.Value() != before {
		m.export.edited = true
	}
	return m, cmd
}

// exportKey handles a key while the path is read-only.
func (m Model) exportKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.step = m.back
		return m, nil
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	case key.Matches(msg, m.keys.Copy):
		nm, cmd := m.copyReport()
		mm := nm.(Model)
		mm.export.note = mm.status
		return mm, cmd
	case key.Matches(msg, m.keys.EditPath):
		m.export.editing = true
		m.export.path.CursorEnd()
		m.layout()
		return m, m.export.path.Focus()
	case key.Matches(msg, m.keys.Format):
		n := len(report.Formats())
		if msg.String() == "right" {
			m.export.format = (m.export.format + 1) % n
		} else {
			m.export.format = (m.export.format + n - 1) % n
		}
		if !m.export.edited {
			p := m.export.path.Value()
			m.export.path.SetValue(strings.TrimSuffix(p, filepath.Ext(p)) + m.export.current().Ext())
			m.export.path.CursorEnd()
		}
	}
	return m, nil
}

// save writes the report to the path (enter, in either focus).
func (m Model) save() (tea.Model, tea.Cmd) {
	if m.export.saving || m.report == nil {
		return m, nil
	}
	m.export.editing = false
	m.export.path.Blur()
	m.export.saving = true
	return m, saveReport(m.export.path.Value(), m.export.current(), m.session.Snapshot(), report.Options{RedactPaths: m.cfg.RedactPaths, Lang: m.cfg.Lang})
}

// onSaved takes the wizard back where the export was opened from, the
// status line saying where the report went; a failure stays on the form.
func (m Model) onSaved(msg savedMsg) (tea.Model, tea.Cmd) {
	m.export.saving = false
	if msg.err != nil {
		m.export.err = msg.err // the form says it
		return m, nil
	}
	m.export.err = nil
	m.export.saved = msg.path
	m.status = m.t("export.saved", msg.path)
	if m.step == stepExport {
		m.step = m.back
		m.layout()
	}
	return m, nil
}

// saveReport writes the session report without overwriting anything.
func saveReport(path string, f report.Format, s *report.Session, o report.Options) tea.Cmd {
	return func() tea.Msg {
		p, err := report.SaveNew(path, s, f, o)
		return savedMsg{path: p, err: err}
	}
}

// copyReport puts the Markdown report on the clipboard with OSC 52.
func (m Model) copyReport() (tea.Model, tea.Cmd) {
	if m.report == nil {
		return m, nil
	}
	text, err := report.RenderSession(m.session, report.FormatMarkdown, report.Options{RedactPaths: m.cfg.RedactPaths, Lang: m.cfg.Lang})
	if err != nil {
		m.status = m.t("export.not_copied", err.Error())
		return m, nil
	}
	m.status = m.t("export.copied")
	return m, tea.SetClipboard(text)
}

func (m Model) viewExport() string {
	var b strings.Builder
	b.WriteString(m.header(m.t("export.title")) + "\n\n")
	b.WriteString("  " + m.styles.Label.Render(termtext.Pad(m.t("export.format"), 6)) + "  ")
	for i, f := range report.Formats() {
		label := " " + string(f) + " "
		if i == m.export.format {
			label = m.styles.Selected.Render(label)
		}
		b.WriteString(label + " ")
	}
	label := m.styles.Label.Render(termtext.Pad(m.t("export.path"), 6))
	if m.export.editing {
		label = m.styles.Key.Render(termtext.Pad(m.t("export.path"), 6))
	}
	b.WriteString("\n\n  " + label + "  ")
	m.export.path.SetWidth(max(m.width-12, 10))
	b.WriteString(m.export.path.View() + "\n\n")
	w := m.width - 4
	switch {
	case m.export.saving:
		b.WriteString("  " + m.t("export.saving") + "\n")
	case m.export.err != nil:
		for _, l := range wrapText(m.t("export.not_saved", m.export.err.Error()), w, "  ") {
			b.WriteString("  " + m.styles.Problem.Render(l) + "\n")
		}
	case m.export.note != "":
		for _, l := range wrapText(m.export.note, w, "  ") {
			b.WriteString("  " + l + "\n")
		}
	}
	b.WriteString("\n")
	for _, l := range wrapText(m.t("export.promise"), w, "") {
		b.WriteString("  " + m.styles.Subtle.Render(l) + "\n")
	}
	return m.withFooter(b.String())
}

// openExport enters the export step, the path read-only.
func (m Model) openExport(from step) (tea.Model, tea.Cmd) {
	m.back, m.step = from, stepExport
	m.export.saved, m.export.err, m.export.note = "", nil, ""
	m.export.editing = false
	m.export.path.Blur()
	return m, nil
}
