package ui

import (
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
)

// TestCraftNewValueTargetIsNamed: NODE_EXTRA_CA_CERTS is set nowhere, so
// the default target is a real place, and the CA form names it.
func TestCraftNewValueTargetIsNamed(t *testing.T) {
	m := caFormModel(t)
	s := screen(m)
	want := "Save to:  new: Claude Code's user settings (~/.claude/settings.json)"
	if !strings.Contains(s, want) {
		t.Errorf("CA form lacks %q:\n%s", want, s)
	}
	if strings.Contains(s, "where the value lives now") {
		t.Errorf("a new value has nowhere it lives now:\n%s", s)
	}
}

// TestCraftWillWriteThenSaved: before applying, the preview lists every
// file it will write ("Will write to:"); after, "Saved to:" lists them.
func TestCraftWillWriteThenSaved(t *testing.T) {
	m := caFormModel(t)
	m.fix.phase = phasePreview
	plan := &fixes.Plan{Fix: checks.FixCABundle, Target: fixes.TargetClaudeSettings, WhyMsg: i18n.Msg("fix.title"), Changes: []fixes.Change{
		{Path: "/home/u/.claude/settings.json", After: []byte("{}\n"), Mode: 0o600},
		{Path: "/home/u/.bashrc", Before: []byte("# rc\n"), After: []byte("# rc\nexport X=1\n")},
	}}
	m = drive(t, m, planBuiltMsg{gen: m.fix.gen, plan: plan})
	s := screen(m)
	if !strings.Contains(s, "Will write to:") || strings.Contains(s, "Saved to") {
		t.Errorf("preview should say Will write to, not Saved to:\n%s", s)
	}
	for _, want := range []string{"/home/u/.claude/settings.json  (new)", "/home/u/.bashrc"} {
		if !strings.Contains(s, want) {
			t.Errorf("preview lacks %q:\n%s", want, s)
		}
	}
	m.fix.phase, m.fix.busy = phaseApplied, ""
	m.fix.entry = fixes.Entry{ID: "20260101-000000", Files: []fixes.FileRecord{{Path: "/home/u/.claude/settings.json"}, {Path: "/home/u/.bashrc", Existed: true, Backup: "/home/u/.apidoctor/b1"}}}
	s = screen(m)
	if !strings.Contains(s, "Saved to:") || strings.Contains(s, "Will write to") {
		t.Errorf("applied should say Saved to:\n%s", s)
	}
	for _, want := range []string{"/home/u/.claude/settings.json", "/home/u/.bashrc  backup: /home/u/.apidoctor/b1"} {
		if !strings.Contains(s, want) {
			t.Errorf("applied lacks %q:\n%s", want, s)
		}
	}
}

// TestCraftReloadLineOnce: after a shell fix is applied, the line that
// tells open terminals what to run appears once: the plan's own reload
// note gives way to the line under the re-check.
func TestCraftReloadLineOnce(t *testing.T) {
	m := caFormModel(t)
	m.fix.phase = phasePreview
	plan := &fixes.Plan{Fix: checks.FixProxyEdit, Target: fixes.TargetShell, WhyMsg: i18n.Msg("fix.title"),
		NoteMsgs: []i18n.M{i18n.Msg("fixnote.reload", "source /home/u/.bashrc")},
		Changes:  []fixes.Change{{Path: "/home/u/.bashrc", Before: []byte("# rc\n"), After: []byte("# rc\nexport X=1\n")}}}
	m = drive(t, m, planBuiltMsg{gen: m.fix.gen, plan: plan})
	m.fix.phase, m.fix.busy = phaseApplied, ""
	m.fix.entry = fixes.Entry{ID: "20260101-000000", Files: []fixes.FileRecord{{Path: "/home/u/.bashrc", Existed: true}}}
	m.applied = append(m.applied, appliedFix{id: m.fix.entry.ID, profile: "/home/u/.bashrc", source: "source /home/u/.bashrc"})
	if s := screen(m); strings.Count(s, "already open") != 1 {
		t.Errorf("the reload line should appear once:\n%s", s)
	}
}
