package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"apidoctor/watch"
)

func watchFoot(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestCraftWatchFooterKeepsHelpAndQuit: the wizard's watch footer offers
// "? help" and "q quit" beside its own keys, and says what a does next.
func TestCraftWatchFooterKeepsHelpAndQuit(t *testing.T) {
	m := watchWith(t, fixtureConfig(t), 100, 34, mixedProbes()...)
	foot := watchFoot(screen(m))
	for _, want := range []string{"a advice", "esc stop and go back", "q quit", "? help"} {
		if !strings.Contains(foot, want) {
			t.Errorf("watch footer lacks %q: %q", want, foot)
		}
	}
	nm, _ := m.updateWatch(keyPress("a"))
	m = nm.(Model)
	if foot := watchFoot(screen(m)); !strings.Contains(foot, "a statistics") || !strings.Contains(foot, "? help") {
		t.Errorf("advice footer: %q", foot)
	}
	// esc goes back to the findings and stops the watch.
	nm, _ = m.updateWatch(keyPress("esc"))
	if m = nm.(Model); m.step != stepFindings || m.watch.running {
		t.Errorf("esc: step %v, running %v", m.step, m.watch.running)
	}
}

// TestCraftWatchProgramKeys: standalone, esc ends the watch (and its
// help says so, not "go back"), ? shows the help in full within the
// screen, and the footer lists only keys that do something.
func TestCraftWatchProgramKeys(t *testing.T) {
	w := NewWatchProgram(fixtureConfig(t), watch.Options{}, nil)
	w.panel.gen, w.panel.running, w.panel.stats = 1, true, watch.NewStats()
	w.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, p := range mixedProbes() {
		w.Update(probeMsg{gen: 1, res: p})
	}
	view := func() string { return ansi.Strip(w.View().Content) }
	foot := watchFoot(view())
	for _, want := range []string{"a advice", "esc stop", "q quit", "? help"} {
		if !strings.Contains(foot, want) {
			t.Errorf("footer lacks %q: %q", want, foot)
		}
	}
	if strings.Contains(foot, "go back") {
		t.Errorf("standalone, esc has nothing to go back to: %q", foot)
	}
	short := view()
	if _, cmd := w.Update(keyPress("?")); cmd != nil {
		t.Fatal("? quit the watch")
	}
	full := view()
	if full == short || !strings.Contains(full, "help") {
		t.Errorf("? changed nothing:\n%s", full)
	}
	if n := len(strings.Split(full, "\n")); n != 24 {
		t.Errorf("full help frame is %d lines, want 24", n)
	}
	w.Update(keyPress("?"))
	// Every key offered works: a toggles, esc and q end the watch.
	for _, b := range w.panel.keys(w.m).ShortHelp() {
		k := b.Keys()[0]
		ww := *w
		_, cmd := ww.Update(keyPress(k))
		switch k {
		case "a":
			if ww.panel.advice == w.panel.advice {
				t.Errorf("a did nothing")
			}
		case "?":
			if ww.panel.showAll == w.panel.showAll {
				t.Errorf("? did nothing")
			}
		default:
			if cmd == nil {
				t.Errorf("%s (%s) did nothing", k, b.Help().Desc)
			}
		}
	}
	if _, cmd := w.Update(keyPress("ctrl+c")); cmd == nil || !w.Interrupted() {
		t.Error("ctrl+c does not interrupt")
	}
}
