package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
)

// caForm opens the CA bundle fix on a disk with a certificate under the
// home directory; the candidates are still being tested.
func caFormModel(t *testing.T) Model {
	t.Helper()
	cfg := fixtureConfig(t)
	cfg.Disk = fixes.DiskFS{Root: t.TempDir()}
	certs := filepath.Join(cfg.Disk.Root, "home", "u", "certs")
	if err := os.MkdirAll(certs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(certs, "corp.pem"), []byte("-----BEGIN CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := drive(t, finishedFrom(t, preparedWith(t, cfg, 80, 24)), keyPress("f"))
	for m.fix.proposals[m.fix.cursor].Fix != checks.FixCABundle {
		m = drive(t, m, keyPress("down"))
	}
	m = drive(t, m, keyPress("enter"))
	if m.fix.phase != phaseForm || !m.fix.testing {
		t.Fatalf("phase %v testing %v", m.fix.phase, m.fix.testing)
	}
	return m
}

// run runs a command's message through the model (one level: enough for
// the picker's directory read).
func runCmd(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	return drive(t, m, cmd())
}

// TestCraftPickerOpensOnlyWhenAsked: keys typed while the candidates are
// tested do not open the picker, the list arriving does not leave the
// cursor on "pick another file", and b opens it once the list is ready.
func TestCraftPickerOpensOnlyWhenAsked(t *testing.T) {
	m := caFormModel(t)
	m = drive(t, m, keyPress("down"), keyPress("enter"), keyPress("b"))
	if m.fix.phase != phaseForm {
		t.Fatalf("keys typed during the test opened phase %v", m.fix.phase)
	}
	if f := footer(m); strings.Contains(f, "preview") || strings.Contains(f, "browse") {
		t.Errorf("the footer offers what does nothing yet: %q", f)
	}
	yes := true
	m = drive(t, m, candidatesMsg{gen: m.fix.gen, cands: []fixes.Candidate{{Path: "/etc/ssl/corp.pem", Source: "system", Works: &yes}}})
	// Down to "pick another file", then a re-test (v) starts: enter while
	// it runs does nothing, and the new list puts the cursor on a file.
	m = drive(t, m, keyPress("down"), keyPress("v"), keyPress("enter"))
	if m.fix.phase != phaseForm {
		t.Fatalf("enter during a re-test opened phase %v", m.fix.phase)
	}
	m = drive(t, m, candidatesMsg{gen: m.fix.gen, cands: []fixes.Candidate{{Path: "/etc/ssl/corp.pem", Source: "system", Works: &yes}}})
	if m.fix.sel != 0 {
		t.Errorf("the list arrived with the cursor on row %d", m.fix.sel)
	}
	if f := footer(m); !strings.Contains(f, "b browse") {
		t.Errorf("ready, the footer lacks b browse: %q", f)
	}
	nm, cmd := m.Update(keyPress("b"))
	m = runCmd(t, nm.(Model), cmd)
	if m.fix.phase != phasePick {
		t.Fatalf("b: phase %v", m.fix.phase)
	}
}

// TestCraftPickerHeaderAndParent: the picker says which directory it
// shows, has a ".." entry reached with ↑, and its footer says ← up and
// enter open.
func TestCraftPickerHeaderAndParent(t *testing.T) {
	m := caFormModel(t)
	m = drive(t, m, candidatesMsg{gen: m.fix.gen})
	nm, cmd := m.Update(keyPress("b"))
	m = runCmd(t, nm.(Model), cmd)
	s := screen(m)
	for _, want := range []string{"In /home/u", "  ..", "certs", "← up", "enter open", "esc cancel"} {
		if !strings.Contains(s, want) {
			t.Errorf("picker lacks %q:\n%s", want, s)
		}
	}
	checkFrame(t, "picker", s, 80, 24)
	// ↑ on the first entry reaches "..", enter there goes up.
	m = drive(t, m, keyPress("up"))
	if !m.fix.pickUp {
		t.Fatalf("↑ on the first entry did not reach ..")
	}
	nm, cmd = m.Update(keyPress("enter"))
	m = runCmd(t, nm.(Model), cmd)
	if s := screen(m); m.fix.phase != phasePick || !strings.Contains(s, "In /home\n") && !strings.Contains(s, "In /home ") {
		t.Errorf("enter on .. did not go up:\n%s", s)
	}
	// ← goes up too; enter opens a directory.
	nm, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	m = runCmd(t, nm.(Model), cmd)
	if !strings.Contains(screen(m), "In / ") && !strings.Contains(screen(m), "In /\n") {
		t.Errorf("← did not go up:\n%s", screen(m))
	}
}
