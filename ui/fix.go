package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"apidoctor/checks"
	"apidoctor/fixes"
)

// targetLabel says where a target saves, in words.
func (m Model) targetLabel(t fixes.Target) string {
	switch t {
	case fixes.TargetClaudeSettings:
		return "Claude Code's user settings"
	case fixes.TargetShell:
		return "the shell profile (" + fixes.DetectShell(m.run.Env.Home, m.run.Env.GOOS, m.run.Env.Vars).Profile + ")"
	case fixes.TargetPrint:
		return "nowhere: print the lines to paste"
	}
	return "where the value lives now"
}

// fixHelp lists the keys of the fix flow's current phase.
func (m Model) fixHelp() string {
	b := func(k, d string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, d)) }
	var keys []key.Binding
	switch m.fix.phase {
	case phaseChoose:
		keys = []key.Binding{b("↑/↓", "choose"), b("enter", "open"), b("esc", "back")}
	case phaseForm:
		if m.fix.fix == checks.FixCABundle {
			keys = []key.Binding{b("↑/↓", "choose"), b("enter", "preview"), b("v", "variable"), b("t", "save to"), b("esc", "back")}
		} else {
			keys = []key.Binding{b("tab", "next field"), b("←/→", "save to"), b("enter", "preview"), b("esc", "back")}
		}
	case phasePick:
		keys = []key.Binding{b("↑/↓", "move"), b("enter", "open/select"), b("esc", "cancel")}
	case phasePreview:
		keys = []key.Binding{b("a", "apply"), b("↑/↓", "scroll"), b("esc", "back")}
	case phaseConfirm:
		keys = []key.Binding{b("y", "apply"), b("n", "cancel")}
	case phaseApplied:
		keys = []key.Binding{b("u", "undo"), b("enter", "findings")}
	}
	return m.help.ShortHelpView(keys)
}

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
	title := "fix"
	if f.fix != "" {
		title = "fix: " + fixes.Title(f.fix)
	}
	switch f.phase {
	case phaseChoose:
		wrapped("", "Found: "+string(m.report.Verdict.Cause)+". These fixes apply:")
		add("")
		if len(f.proposals) == 0 {
			wrapped("", "No guided fix applies. What to do: "+m.report.Verdict.Action)
		}
		for i, p := range f.proposals {
			line := "  " + p.Fix + " — " + p.Title
			if i == f.cursor {
				line = m.styles.Selected.Render(pad(fit(line, w), w))
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
		add("Pick a PEM file with your organisation's root CA:", "")
		add(strings.Split(f.picker.View(), "\n")...)
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
	if f.why != "" {
		out = append(out, wrapText("Suggested because "+f.why+".", w, "")...)
	} else {
		out = append(out, wrapText("Set the proxy the client should use (each field sets both cases; empty removes).", w, "")...)
	}
	out = append(out, "")
	for i, name := range f.names {
		in := f.inputs[i]
		in.SetWidth(max(w-16, 10))
		label := pad(name, 13)
		if i == f.focus {
			label = m.styles.Key.Render(label)
		}
		out = append(out, label+"  "+in.View())
		if e := validateProxyField(name, in.Value(), m.report.Client); e != "" {
			out = append(out, "               "+m.styles.Problem.Render(fit(e, w-15)))
		}
	}
	target := "< " + m.targetLabel(targets[f.target]) + " >"
	label := pad("Save to", 13)
	if f.focus == len(f.inputs) {
		label, target = m.styles.Key.Render(label), m.styles.Selected.Render(target)
	}
	out = append(out, "", label+"  "+target)
	return out
}

func (m Model) caForm(w int) []string {
	f := m.fix
	v := caVars[f.caVar]
	if v == "" {
		v = "the client's (" + map[bool]string{true: "NODE_EXTRA_CA_CERTS", false: "SSL_CERT_FILE"}[m.report.Client == checks.ClaudeCode || m.report.Client == checks.NodeSDK] + ")"
	}
	out := []string{
		"Variable: " + v + m.styles.Subtle.Render("  (v)"),
		"Save to:  " + m.targetLabel(targets[f.target]) + m.styles.Subtle.Render("  (t)"),
		"",
	}
	if f.testing {
		out = append(out, "Testing each bundle with a live handshake…", "")
	} else {
		out = append(out, "Bundles found; "+m.glyphs.Status[checks.Pass]+" makes the handshake pass:", "")
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
		line := mark + " " + c.Path + m.styles.Subtle.Render("  "+c.Source)
		if i == f.sel {
			line = m.styles.Selected.Render(pad(fit(lipglossStrip(line), w), w))
		}
		out = append(out, line)
	}
	pick := "  Pick another file…"
	if f.sel == len(f.cands) {
		pick = m.styles.Selected.Render(pad(pick, w))
	}
	out = append(out, pick)
	if ev, ok := findTrust(m.report); ok && ev.ChainRoot != nil {
		out = append(out, "")
		out = append(out, wrapText("chain-root is "+ev.ChainRoot.Subject+", SHA-256 "+ev.ChainRoot.SHA256+": confirm it with your IT team before trusting it.", w, "")...)
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
		out = append(out, wrapText("Not possible: "+f.err.Error(), w, "  ")...)
		return append(out, "", m.styles.Subtle.Render("esc goes back."))
	}
	if f.plan == nil {
		return append(out, f.busy)
	}
	p := f.plan
	out = append(out, wrapText("Why: "+p.Why, w, "  ")...)
	for _, a := range p.Advice {
		out = append(out, wrapText(m.glyphs.Bullet+" "+a, w, "  ")...)
	}
	if p.AdviceOnly() {
		return out
	}
	out = append(out, "Saved to: "+m.targetLabel(p.Target))
	// The outcome first, so it is seen without scrolling past the diff.
	switch {
	case f.phase == phaseApplied:
		out = append(out, m.styles.OK.Render("Applied as fix "+f.entry.ID+"."))
		for _, file := range f.entry.Files {
			if file.Backup != "" {
				out = append(out, "  "+file.Path+m.styles.Subtle.Render("  backup: "+file.Backup))
			} else {
				out = append(out, "  "+file.Path+m.styles.Subtle.Render("  (new)"))
			}
		}
		switch {
		case f.busy != "":
			out = append(out, f.busy)
		case f.undone:
			out = append(out, m.styles.OK.Render("Undone: the files are as they were."))
		case f.verify != nil:
			out = append(out, "Re-check: "+m.verdictText(f.verify))
		}
	case f.busy != "":
		out = append(out, f.busy)
	case f.testErr != nil:
		out = append(out, m.styles.Problem.Render("The live test could not run: "+f.testErr.Error()))
	case f.test != nil:
		out = append(out, "Live test with these settings: "+m.verdictText(f.test))
	}
	if f.phase == phaseConfirm {
		out = append(out, m.styles.Key.Render("Apply? Each file is backed up first and `apidoctor undo` reverts it. y/n"))
	}
	for _, n := range p.Notes {
		out = append(out, wrapText("Note: "+n, w, "  ")...)
	}
	out = append(out, "")
	diff := p.Diff(f.ctx)
	if strings.TrimSpace(diff) == "" {
		out = append(out, m.styles.Subtle.Render("No change: the fix is already in place."))
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
	if rep.Verdict.Status == "ok" {
		return m.styles.OK.Render(m.glyphs.Status[checks.Pass] + " ok")
	}
	return m.styles.Problem.Render(m.glyphs.Status[checks.Fail]+" "+string(rep.Verdict.Cause)) + " — " + rep.Verdict.Summary
}
