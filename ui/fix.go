package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
)

// fixTitles say in words what each guided fix changes.
var fixTitles = map[string]string{
	checks.FixProxyEdit: "Set the proxy variables (HTTPS_PROXY, https_proxy, NO_PROXY) in Claude Code's settings or the shell profile",
	checks.FixCABundle:  "Point NODE_EXTRA_CA_CERTS (SSL_CERT_FILE for Python and curl) at a PEM bundle with your organisation's root",
	checks.FixBaseURL:   "Correct or remove ANTHROPIC_BASE_URL",
	checks.FixKeyClean:  "Store the key bare, in the variable for its header",
}

func (m Model) updateFix(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Back):
		m.step = m.back
	case key.Matches(msg, m.keys.Recheck):
		return m.recheck()
	}
	return m, nil
}

// fixTarget is the cause and fixes the fix step is about: from the
// findings, the verdict's (the finding that matters); from a row's detail,
// that row's, when it offers any.
func (m Model) fixTarget() (checks.Cause, []string) {
	if r, ok := m.selected(); ok && m.back == stepDetail && len(r.Fixes) > 0 {
		return r.Cause, r.Fixes
	}
	return m.report.Verdict.Cause, m.report.Verdict.Fixes
}

func (m Model) viewFix() string {
	var b strings.Builder
	cause, fixes := m.fixTarget()
	b.WriteString(m.header("fix: "+string(cause)) + "\n\n")
	w := m.width - 4
	if len(fixes) == 0 {
		for _, l := range wrapText("No guided fix applies to "+string(cause)+". What to do: "+cause.Info().Action, w, "") {
			b.WriteString("  " + l + "\n")
		}
		return m.withFooter(b.String())
	}
	for _, f := range fixes {
		b.WriteString("  " + m.styles.Key.Render(f) + "\n")
		for _, l := range wrapText(fixTitles[f], w-2, "") {
			b.WriteString("    " + l + "\n")
		}
	}
	b.WriteString("\n  " + m.styles.Label.Render("Why") + "\n")
	for _, l := range wrapText(cause.Info().Meaning, w-2, "") {
		b.WriteString("    " + l + "\n")
	}
	if hints := m.hints(cause); len(hints) > 0 {
		b.WriteString("\n  " + m.styles.Label.Render("From what was found") + "\n")
		for _, h := range hints {
			for _, l := range wrapText(h, w-2, "  ") {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	b.WriteString("\n")
	for _, l := range wrapText("The guided flow (preview, live test, apply with a backup, undo) is not built yet; until then, make the change by hand and press r to re-check.", w, "") {
		b.WriteString("  " + m.styles.Subtle.Render(l) + "\n")
	}
	return m.withFooter(b.String())
}

// hints turns the evidence into the concrete values a fix would use.
func (m Model) hints(cause checks.Cause) []string {
	var out []string
	for _, r := range m.report.Checks {
		switch ev := r.Evidence.(type) {
		case *checks.LocalProxyEvidence:
			for _, f := range ev.Found {
				if f.Works {
					out = append(out, "A proxy at "+f.Addr+" tunnels to the API: export HTTPS_PROXY=http://"+f.Addr+" https_proxy=http://"+f.Addr)
				}
			}
			if ev.OSTry != nil && ev.OSTry.Works {
				out = append(out, "The OS proxy "+ev.OS.Addr()+" tunnels to the API: export HTTPS_PROXY=http://"+ev.OS.Addr())
			}
		case *checks.TrustEvidence:
			if cause == checks.CauseTLSUntrusted && ev.ChainRoot != nil {
				out = append(out, "The proxy sends its root: "+ev.ChainRoot.Subject+", SHA-256 "+ev.ChainRoot.SHA256+". Confirm this fingerprint with your IT team before trusting it.")
			}
			for _, c := range ev.Candidates {
				if c.Accepts && !c.UsedByClient {
					out = append(out, c.Name+" "+c.Path+" accepts the chain.")
				}
			}
		}
	}
	return out
}
