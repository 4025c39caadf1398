package ui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/redact"
	"apidoctor/termtext"
)

// targetLabel says where a target saves, in words.
func (m Model) targetLabel(t fixes.Target) string {
	switch t {
	case fixes.TargetClaudeSettings:
		return m.t("target.claude_settings")
	case fixes.TargetShell:
		return m.t("target.shell", m.profile)
	case fixes.TargetPrint:
		return m.t("target.print")
	}
	return m.t("target.auto")
}

// fixHelp lists the keys of the fix flow's current phase.
func (m Model) fixHelp() string { return m.shortHelp(m.fixKeys()) }

func (m Model) viewFix() string {
	f := m.fix
	w := m.width - 4
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }
	wrapped := func(prefix, s string) {
		for i, l := range wrapText(s, w-len(prefix), "") {
			if i == 0 {
				add(prefix + l)
			} else {
				add(strings.Repeat(" ", len(prefix)) + l)
			}
		}
	}
	title := m.t("fix.title")
	if f.fix != "" {
		title = m.t("fix.title_of", m.cfg.Lang.M(fixes.TitleMsg(f.fix)))
	}
	switch f.phase {
	case phaseChoose:
		wrapped("", m.t("fix.found", string(m.report.Verdict.Cause)))
		add("")
		if len(f.proposals) == 0 {
			wrapped("", m.t("fix.none", m.report.VerdictIn(m.cfg.Lang).Action))
		}
		for i, p := range f.proposals {
			line := "  " + p.Fix + " — " + m.cfg.Lang.M(fixes.TitleMsg(p.Fix))
			if i == f.cursor {
				line = m.styles.Selected.Render(termtext.Pad(fit(line, w), w))
			}
			add(line)
		}
	case phaseForm:
		if f.fix == checks.FixCABundle {
			lines = append(lines, m.caForm(w)...)
		} else {
			lines = append(lines, m.proxyForm(w)...)
		}
	case phasePick:
		add(m.t("fix.pick"), "", m.styles.Label.Render(m.t("fix.pick_dir", m.display(m.pickDir()))))
		up, pk := "  ..", f.picker
		if f.pickUp {
			// The cursor is on "..", not on the picker's first entry.
			up = m.styles.Selected.Render(termtext.Pad(up, w))
			pk.Styles.Selected, pk.Cursor = pk.Styles.File, strings.Repeat(" ", lipgloss.Width(pk.Cursor))
		}
		add(up)
		add(strings.Split(pk.View(), "\n")...)
	case phasePreview, phaseConfirm, phaseApplied:
		lines = append(lines, m.previewLines(w)...)
	}
	for i := range lines {
		lines[i] = "  " + fit(lines[i], w)
	}
	body := m.header(title) + "\n\n" + strings.Join(lines, "\n")
	return m.fixFooter(body)
}

// fixFooter fits the body above the fix flow's own help line, scrolled.
func (m Model) fixFooter(body string) string {
	lines := strings.Split(body, "\n")
	room := m.height - 1
	if len(lines) > room {
		s := min(m.fix.scroll, len(lines)-room)
		if s > 0 {
			lines = append(lines[:2:2], lines[2+s:]...)
		}
		if len(lines) > room {
			lines = lines[:room]
		}
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, m.fixHelp()), "\n")
}

func (m Model) proxyForm(w int) []string {
	f := m.fix
	var out []string
	if !f.why.IsZero() {
		out = append(out, wrapText(m.t("fix.suggested", m.cfg.Lang.M(f.why)), w, "")...)
	} else {
		out = append(out, wrapText(m.t("fix.proxy_intro"), w, "")...)
	}
	out = append(out, "")
	row := func(label string, slot int, in textinput.Model) {
		in.SetWidth(max(w-16, 10))
		label = termtext.Pad(fit(label, 13), 13)
		if slot == f.focus {
			label = m.styles.Key.Render(label)
		}
		out = append(out, label+"  "+in.View())
	}
	for i, name := range f.names {
		row(name, 2*i, f.inputs[i])
		if f.showPassword(i) {
			row("  "+m.t("fix.proxy_password"), 2*i+1, f.passwords[i])
		}
		if e := f.validateField(i, name, m.report.Client); !e.IsZero() {
			// The error may quote the URL: its password is masked.
			red := redact.New(f.passwords[i].Value(), f.pwRaw[i])
			out = append(out, "               "+m.styles.Problem.Render(fit(red.String(m.redacted(m.cfg.Lang.M(e))), w-15)))
		}
	}
	target := "< " + m.formTargetLabel(targets[f.target], f.names...) + " >"
	label := termtext.Pad(m.t("fix.save_to"), 13)
	if f.focus == 2*len(f.inputs) {
		label, target = m.styles.Key.Render(label), m.styles.Selected.Render(target)
	}
	out = append(out, "", label+"  "+target)
	return out
}

func (m Model) caForm(w int) []string {
	f := m.fix
	v, caVarName := caVars[f.caVar], caVars[f.caVar]
	if v == "" {
		caVarName = map[bool]string{true: "NODE_EXTRA_CA_CERTS", false: "SSL_CERT_FILE"}[m.report.Client == checks.ClaudeCode || m.report.Client == checks.NodeSDK]
		v = m.t("fix.client_var", caVarName)
	}
	out := []string{
		m.t("fix.variable", v) + m.styles.Subtle.Render("  (v)"),
		m.t("fix.save_to_value", m.formTargetLabel(targets[f.target], caVarName)) + m.styles.Subtle.Render("  (t)"),
		"",
	}
	if f.testing {
		out = append(out, m.t("fix.testing_bundles"), "")
	} else {
		out = append(out, m.t("fix.bundles", m.glyphs.Status[checks.Pass]), "")
	}
	for i, c := range f.cands {
		mark := " "
		if c.Works != nil {
			st := checks.Fail
			if *c.Works {
				st = checks.Pass
			}
			mark = m.styles.Status[st].Render(m.glyphs.Status[st])
		}
		line := mark + " " + c.Path + m.styles.Subtle.Render("  "+m.word("candidate", c.Source))
		if i == f.sel {
			line = m.styles.Selected.Render(termtext.Pad(fit(lipglossStrip(line), w), w))
		}
		out = append(out, line)
	}
	pick := "  " + m.t("fix.pick_other")
	if f.sel == len(f.cands) && !f.testing { // not a choice until the list is ready
		pick = m.styles.Selected.Render(termtext.Pad(pick, w))
	}
	out = append(out, pick)
	if ev, ok := findTrust(m.report); ok && ev.ChainRoot != nil {
		out = append(out, "")
		out = append(out, wrapText(m.t("fix.chain_root", ev.ChainRoot.Subject, ev.ChainRoot.SHA256), w, "")...)
	}
	return out
}

func findTrust(rep *checks.Report) (*checks.TrustEvidence, bool) {
	for _, r := range rep.Checks {
		if ev, ok := r.Evidence.(*checks.TrustEvidence); ok {
			return ev, true
		}
	}
	return nil, false
}

// previewLines show the plan: why, where, the diff, notes, the live test,
// and after applying, what was written and the re-check.
func (m Model) previewLines(w int) []string {
	f := m.fix
	var out []string
	if f.err != nil {
		out = append(out, wrapText(m.t("fix.not_possible", m.redacted(f.err.Error())), w, "  ")...)
		return append(out, "", m.styles.Subtle.Render(m.t("fix.esc_back")))
	}
	if f.plan == nil {
		return append(out, m.t(f.busy))
	}
	p := f.plan
	out = append(out, wrapText(m.t("fix.why", m.redacted(p.Why(m.cfg.Lang))), w, "  ")...)
	for _, a := range p.Advice(m.cfg.Lang) {
		out = append(out, wrapText(m.glyphs.Bullet+" "+a, w, "  ")...)
	}
	if p.AdviceOnly() {
		return out
	}
	managedOnly := len(p.Managed()) > 0 && len(p.Changes) == 0 && len(p.Exports) == 0
	// Before saving, every file the fix will write; after, every file it
	// wrote (with its backup), below the outcome.
	written := m.willWrite(p)
	switch {
	case managedOnly, f.phase == phaseApplied:
	case len(written) == 0: // the print target: nothing is written
		out = append(out, m.t("fix.save_to_value", m.targetLabel(p.Target)))
	default:
		out = append(out, m.t("fix.will_write"))
		out = append(out, written...)
	}
	// The outcome first, so it is seen without scrolling past the diff.
	switch {
	case f.phase == phaseApplied:
		out = append(out, m.styles.OK.Render(m.t("fix.applied", f.entry.ID)))
		if len(f.entry.Files) > 0 {
			out = append(out, m.t("fix.saved_files"))
		}
		for _, file := range f.entry.Files {
			if file.Backup != "" {
				out = append(out, "  "+file.Path+m.styles.Subtle.Render("  "+m.t("fix.backup", file.Backup)))
			} else {
				out = append(out, "  "+file.Path+m.styles.Subtle.Render("  "+m.t("md.new_file")))
			}
		}
		switch {
		case f.busy != "":
			out = append(out, m.t(f.busy))
		case f.undone:
			out = append(out, m.styles.OK.Render(m.t("fix.undone")))
		case f.verify != nil:
			out = append(out, m.t("fix.recheck", m.verdictText(f.verify)))
		case f.verifyStopped:
			out = append(out, m.t("fix.recheck_stopped"))
		}
		if a, ok := m.appliedBy(f.entry.ID); ok && !f.undone {
			// Said once, here: the profile reaches new terminals only.
			out = append(out, wrapText(m.t("fix.reopen", a.profile, a.source), w, "  ")...)
		}
	case f.busy != "":
		out = append(out, m.t(f.busy))
	case f.testErr != nil:
		out = append(out, m.styles.Problem.Render(m.t("fix.test_error", f.testErr.Error())))
	case f.test != nil:
		out = append(out, m.t("fix.live_test", m.verdictText(f.test)))
	}
	if f.phase == phaseConfirm {
		if f.testFailed() {
			out = append(out, m.styles.Problem.Render(m.t("fix.confirm_failed")))
		} else {
			out = append(out, m.styles.Key.Render(m.t("fix.confirm")))
		}
	}
	for i, n := range p.Notes(m.cfg.Lang) {
		if _, ok := m.appliedBy(f.entry.ID); ok && f.phase == phaseApplied && p.NoteMsgs[i].Key == "fixnote.reload" {
			continue // the line under the re-check says it
		}
		out = append(out, wrapText(m.t("fix.note", m.redacted(n)), w, "  ")...)
	}
	out = append(out, "")
	diff := p.Diff(f.ctx)
	switch {
	case strings.TrimSpace(diff) != "":
	case managedOnly:
		out = append(out, wrapText(m.t("fix.managed_nothing"), w, "  ")...)
	default:
		out = append(out, m.styles.Subtle.Render(m.t("fix.in_place")))
	}
	for _, l := range strings.Split(strings.TrimRight(diff, "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++"):
			l = m.styles.Status[checks.Pass].Render(l)
		case strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "---"):
			l = m.styles.Status[checks.Fail].Render(l)
		}
		out = append(out, l)
	}
	return out
}

// verdictText is a verdict in a few words, marked.
func (m Model) verdictText(rep *checks.Report) string {
	switch {
	case rep.Verdict.Status == "ok":
		return m.styles.OK.Render(m.glyphs.Status[checks.Pass] + " ok")
	case rep.Incomplete():
		return m.styles.Status[checks.Warn].Render(m.glyphs.Status[checks.Skip]+" "+string(rep.Verdict.Cause)) + " — " + rep.VerdictIn(m.cfg.Lang).Summary
	}
	return m.styles.Problem.Render(m.glyphs.Status[checks.Fail]+" "+string(rep.Verdict.Cause)) + " — " + rep.VerdictIn(m.cfg.Lang).Summary
}

// willWrite lists the files a plan writes, one a line, a new one marked.
func (m Model) willWrite(p *fixes.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		if c.Noop() {
			continue
		}
		line := "  " + m.display(c.Path)
		if c.Before == nil {
			line += m.styles.Subtle.Render("  " + m.t("md.new_file"))
		}
		out = append(out, line)
	}
	return out
}

// formTargetLabel says where a form's values will be saved. The default
// target keeps a value where it lives; for a value set nowhere yet that
// is a real place, so it is named: Claude Code's user settings, or the
// shell profile for a client that does not read them.
func (m Model) formTargetLabel(t fixes.Target, vars ...string) string {
	if t != fixes.TargetAuto || m.report == nil || m.run == nil {
		return m.targetLabel(t)
	}
	set := 0
	for _, v := range vars {
		for _, s := range m.report.Settings {
			if s.Name == v && s.Source != checks.SourceDefault {
				set++
				break
			}
		}
	}
	if set == len(vars) {
		return m.targetLabel(t)
	}
	dest := m.targetLabel(fixes.TargetShell)
	if checks.ProfileOf(m.report.Client).ReadsClaudeSettings {
		path := filepath.Join(m.run.Env.Home, ".claude", "settings.json")
		if d := m.run.Env.Vars["CLAUDE_CONFIG_DIR"]; d != "" {
			path = filepath.Join(d, "settings.json")
		}
		if rest, ok := strings.CutPrefix(path, m.run.Env.Home+"/"); ok {
			path = "~/" + rest
		}
		dest = m.t("target.claude_settings_at", m.display(path))
	}
	if set == 0 {
		return m.t("target.new", dest)
	}
	return m.t("target.auto_and_new", m.targetLabel(t), dest)
}
