package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/watch"
)

// TestASCIIEverywhere: with --ascii every screen is plain ASCII: each
// step, the watch (sparkline included) and its advice, and the routes.
func TestASCIIEverywhere(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN} {
		cfg := fixtureConfig(t)
		cfg.ASCII, cfg.Lang = true, lang
		for _, sz := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
			screens := stepScreens(t, cfg, sz[0], sz[1])
			m := watchWith(t, cfg, sz[0], sz[1], mixedProbes()...)
			screens["watch"] = screen(m)
			screens["advice"] = screen(drive(t, m, keyPress("a")))
			r := finishedFrom(t, preparedWith(t, cfg, sz[0], sz[1]))
			nm, _ := r.Update(keyPress("o"))
			r = nm.(Model)
			screens["routes-trying"] = screen(r)
			r = drive(t, r, routesDoneMsg{gen: r.routes.gen, results: []checks.RouteResult{
				{Endpoint: checks.RouteEndpoint{Name: "Claude API", Kind: "api"}, Via: "direct", Cause: checks.CauseTLSReset},
				{Endpoint: checks.RouteEndpoint{Name: "Amazon Bedrock us-east-1", Kind: "bedrock", Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=us-east-1"}, Via: "direct", Open: true, MS: 42},
			}})
			screens["routes"] = screen(r)
			for name, s := range screens {
				if c, bad := nonASCII(s); bad {
					t.Errorf("%dx%d %s: %q on an --ascii screen:\n%s", sz[0], sz[1], name, c, s)
				}
			}
		}
	}
}

// TestASCIIWatchProgram: `apidoctor watch --ascii` is ASCII too.
func TestASCIIWatchProgram(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.ASCII = true
	w := NewWatchProgram(cfg, watch.Options{}, nil)
	w.panel.gen = 1
	w.panel.running = true
	w.panel.stats = watch.NewStats()
	w.Update(tea.WindowSizeMsg{Width: 80, Height: 30})
	for _, p := range mixedProbes() {
		w.Update(probeMsg{gen: 1, res: p})
	}
	for _, view := range []string{"stats", "advice"} {
		s := ansi.Strip(w.View().Content)
		if c, bad := nonASCII(s); bad {
			t.Errorf("%s: %q on an --ascii screen:\n%s", view, c, s)
		}
		w.Update(keyPress("a"))
	}
}
