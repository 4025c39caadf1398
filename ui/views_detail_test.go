package ui

import (
	"regexp"
	"strings"
	"testing"

	"apidoctor/i18n"
)

// TestDetailScrollsToTheWholeEvidence: at the smallest size the detail
// says how much is below, scrolls, and every evidence value is whole
// (wrapped, not cut), down to the last one.
func TestDetailScrollsToTheWholeEvidence(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := drive(t, finishedFrom(t, preparedWith(t, cfg, 60, 16)), keyPress("enter"))
		s := screen(m)
		more := regexp.MustCompile(strings.Replace(regexp.QuoteMeta(lang.T("detail.more_lines", "↓", 12345)), "12345", `\d+`, 1))
		if !more.MatchString(s) {
			t.Errorf("%v: nothing says more is below:\n%s", lang, s)
		}
		var seen strings.Builder
		for range 80 {
			checkFrame(t, "detail", screen(m), 60, 16)
			seen.WriteString(screen(m) + "\n")
			m = drive(t, m, keyPress("down"))
		}
		all := seen.String()
		for _, want := range []string{"O=Zscaler Inc.", "is_ca: true", "interceptor: Zscaler", "26E8F4B0858F"} {
			if !strings.Contains(all, want) {
				t.Errorf("%v: %q never reachable", lang, want)
			}
		}
		if s := screen(m); more.MatchString(s) {
			t.Errorf("%v: at the bottom, still says more:\n%s", lang, s)
		}
	}
}

// TestWideDetailUsesTheScreen: the detail step on a wide terminal fills
// the screen, not the size of the pane beside the list.
func TestWideDetailUsesTheScreen(t *testing.T) {
	m := drive(t, finished(t, 120, 40), keyPress("enter"))
	s := screen(m)
	if !strings.Contains(s, "not_before: 2026-10-01T00:00:00Z") || !strings.Contains(s, "O=Zscaler Inc.") {
		t.Fatalf("wide detail:\n%s", s)
	}
	// Back on the findings, the pane is beside the list again.
	m = drive(t, m, keyPress("esc"))
	checkFrame(t, "findings", screen(m), 120, 40)
	if w := m.detail.Width(); w >= 100 {
		t.Fatalf("the side pane is %d wide", w)
	}
}
