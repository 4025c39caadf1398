package ui

import (
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// routesScreen opens the routes panel on the findings and, unless
// running, feeds it one open and one closed route.
func routesScreen(t *testing.T, cfg Config, w, h int, running bool) Model {
	t.Helper()
	m := finishedFrom(t, preparedWith(t, cfg, w, h))
	m = drive(t, m, keyPress("o"))
	if m.step != stepRoutes {
		t.Fatalf("o: step %v", m.step)
	}
	if !running {
		m = drive(t, m, routesDoneMsg{gen: m.routes.gen, results: []checks.RouteResult{
			{Endpoint: checks.RouteEndpoint{Name: "Claude API", Kind: "api"}, Via: "direct", Cause: checks.CauseTLSReset},
			{Endpoint: checks.RouteEndpoint{Name: "Amazon Bedrock us-east-1", Kind: "bedrock"}, Via: "direct", Open: true, MS: 42},
		}})
	}
	return m
}

func lastLine(m Model) string {
	lines := strings.Split(screen(m), "\n")
	return lines[len(lines)-1]
}

// TestRoutesFooterIsItsBindings: the panel's footer is generated from the
// keys that work now, keeps "? help" and "q quit" (in both languages, on
// the narrowest window), and r is offered only when nothing is running.
func TestRoutesFooterIsItsBindings(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, w := range []int{minWidth, 100} {
			cfg := fixtureConfig(t)
			cfg.Lang = lang
			m := routesScreen(t, cfg, w, 24, false)
			foot := lastLine(m)
			for _, want := range []string{"? " + lang.T("key.help"), "q " + lang.T("key.quit")} {
				if !strings.Contains(foot, want) {
					t.Errorf("%s %d: footer %q lacks %q", lang, w, foot, want)
				}
			}
			if w == 100 && (!strings.Contains(foot, "r "+lang.T("routes.key_retry")) || !strings.Contains(foot, "esc "+lang.T("key.back"))) {
				t.Errorf("%s: footer %q lacks r and esc", lang, foot)
			}
			checkFrame(t, "routes", screen(m), w, 24)
		}
	}
	m := routesScreen(t, fixtureConfig(t), 100, 24, true)
	if foot := lastLine(m); strings.Contains(foot, "r test again") || !strings.Contains(foot, "q quit") {
		t.Errorf("while trying: footer %q", foot)
	}
	// r while running starts nothing new.
	if gen := m.routes.gen; drive(t, m, keyPress("r")).routes.gen != gen {
		t.Error("r while running started another test")
	}
}

// TestRoutesHelpKeyShowsEveryKey: ? on the routes panel shows the full
// help and ? again hides it; the panel stays.
func TestRoutesHelpKeyShowsEveryKey(t *testing.T) {
	m := routesScreen(t, fixtureConfig(t), 100, 24, false)
	m = drive(t, m, keyPress("?"))
	if m.step != stepRoutes || !m.help.ShowAll {
		t.Fatalf("?: step %v, full help %v", m.step, m.help.ShowAll)
	}
	s := screen(m)
	if !strings.Contains(s, "test again") || !strings.Contains(s, "quit") {
		t.Fatalf("full help:\n%s", s)
	}
	checkFrame(t, "routes full help", s, 100, 24)
	if m = drive(t, m, keyPress("?")); m.help.ShowAll {
		t.Fatal("? again should hide the full help")
	}
	if m = drive(t, m, keyPress("r")); !m.routes.running {
		t.Fatal("r should test the routes again")
	}
	if m = drive(t, m, keyPress("esc")); m.step != stepFindings {
		t.Fatalf("esc: step %v", m.step)
	}
}
