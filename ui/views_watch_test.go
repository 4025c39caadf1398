package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// watchWith opens the watch on the findings and feeds it probes.
func watchWith(t *testing.T, cfg Config, w, h int, probes ...checks.ProbeResult) Model {
	t.Helper()
	m := finishedFrom(t, preparedWith(t, cfg, w, h))
	nm, _ := m.Update(keyPress("w"))
	m = nm.(Model)
	for _, p := range probes {
		m = drive(t, m, probeMsg{gen: m.watch.gen, res: p})
	}
	return m
}

// failingProbes: the connection times out every time, so TLS and the
// first byte never happen.
func failingProbes(n int) []checks.ProbeResult {
	var out []checks.ProbeResult
	for i := range n {
		out = append(out, checks.ProbeResult{
			Seq: i + 1, At: fixedNow.Add(time.Duration(i) * 5 * time.Second), Fresh: true, Outcome: "tcp_timeout",
			Timing: &checks.TimingMS{DNS: 2, Total: 5000}, Error: "dial tcp 160.79.104.10:443: i/o timeout",
		})
	}
	return out
}

// mixedProbes succeed, except the third.
func mixedProbes() []checks.ProbeResult {
	var out []checks.ProbeResult
	for i := range 6 {
		p := checks.ProbeResult{Seq: i + 1, At: fixedNow, Fresh: i == 0, Outcome: "ok", Status: 200, Timing: &checks.TimingMS{DNS: 2, Connect: 3, TLS: 9, FirstByte: 10, Total: float64(20 + 10*i)}}
		if i == 2 {
			p.Outcome, p.Status, p.Error = "overloaded", 529, "529 Overloaded"
		}
		out = append(out, p)
	}
	return out
}

// TestWatchSparklineMarksFailures: a failure is the fail mark in the
// sparkline, not a full bar that reads as a slow success.
func TestWatchSparklineMarksFailures(t *testing.T) {
	m := watchWith(t, fixtureConfig(t), 100, 34, mixedProbes()...)
	s := screen(m)
	recent := lineWith(s, "recent:")
	spark := []rune(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(recent), "recent:")))
	if len(spark) != 6 || spark[2] != '✗' || strings.Count(recent, "✗") != 1 {
		t.Fatalf("the third probe failed: it should be ✗, not a bar: %q", recent)
	}
}

// TestWatchPhasesThatNeverRanAreDashes: when every connection timed
// out, TLS and the first byte have no time (a dash), not 0.0.
func TestWatchPhasesThatNeverRanAreDashes(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := watchWith(t, cfg, 100, 34, failingProbes(4)...)
		s := screen(m)
		for _, ph := range []string{"tls", "first_byte"} {
			row := lineWith(s, "  "+lang.T("watch.phase."+ph)+" ")
			if strings.Contains(row, "0.0") || strings.Count(row, "—") != 3 {
				t.Errorf("%v: %s never ran: %q\n%s", lang, ph, row, s)
			}
		}
		if row := lineWith(s, "  "+lang.T("watch.phase.dns")+" "); !strings.Contains(row, "2.0") {
			t.Errorf("%v: dns ran: %q", lang, row)
		}
	}
}

// TestWatchErrorsShowTheCauseFirst: each of the last errors starts with
// its cause, then the error's words.
func TestWatchErrorsShowTheCauseFirst(t *testing.T) {
	m := watchWith(t, fixtureConfig(t), 100, 34, failingProbes(2)...)
	s := screen(m)
	i := strings.Index(s, "last errors:")
	if i < 0 {
		t.Fatalf("no errors:\n%s", s)
	}
	rows := strings.Split(strings.TrimSpace(s[i:]), "\n")[1:3]
	for _, r := range rows {
		if !strings.HasPrefix(strings.TrimSpace(r), "tcp_timeout") || !strings.Contains(r, "i/o timeout") {
			t.Errorf("error row should start with the cause: %q", r)
		}
	}
}

// TestWatchASCII: --ascii draws the watch in ASCII, sparkline included.
func TestWatchASCII(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.ASCII = true
	m := watchWith(t, cfg, 100, 34, mixedProbes()...)
	for _, view := range []string{"stats", "advice"} {
		s := screen(m)
		if r, ok := nonASCII(s); ok {
			t.Errorf("%s: %q in the --ascii watch:\n%s", view, r, s)
		}
		m = drive(t, m, keyPress("a"))
	}
}

// TestAdvicePanelNeverCutsAWord: the advice is wrapped to the panel, in
// English and Chinese, so no line is cut at its edge.
func TestAdvicePanelNeverCutsAWord(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, w := range []int{60, 72, 90} {
			cfg := fixtureConfig(t)
			cfg.Lang = lang
			m := watchWith(t, cfg, w, 60, mixedProbes()...)
			m = drive(t, m, keyPress("a"))
			s := screen(m)
			checkFrame(t, "advice", s, w, 60)
			for _, l := range strings.Split(s, "\n") {
				if strings.Contains(l, "…") {
					t.Errorf("%v %d: a line was cut: %q", lang, w, l)
				}
				if tl := strings.TrimSpace(l); strings.HasPrefix(tl, "，") || strings.HasPrefix(tl, "。") || strings.HasPrefix(tl, "；") {
					t.Errorf("%v %d: a line starts with closing punctuation: %q", lang, w, l)
				}
			}
			if lang == i18n.EN && !strings.Contains(strings.Join(strings.Fields(s), " "), "fixed intervals make every client that failed together retry together") {
				t.Errorf("%d: the backoff reason lost words:\n%s", w, s)
			}
		}
	}
}

// TestAdvicePanelAllFailed: on a path where everything failed, the
// advice says to fix the path, not to retry twice.
func TestAdvicePanelAllFailed(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := watchWith(t, cfg, 100, 40, failingProbes(4)...)
		m = drive(t, m, keyPress("a"))
		s := screen(m)
		if !strings.Contains(s, lang.T("advice.summary_hopeless")) || strings.Contains(s, lang.T("advice.retries", 2, 0.0)) {
			t.Errorf("%v:\n%s", lang, s)
		}
	}
}

// lineWith is the first line of s holding sub.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// nonASCII finds a rune outside ASCII.
func nonASCII(s string) (rune, bool) {
	for _, r := range s {
		if r > 0x7e && r != '\n' {
			return r, true
		}
	}
	return 0, false
}

// TestWatchAdviceSaysWhatDoesNotFit: the advice is longer than a small
// screen; its last line says how many lines are below.
func TestWatchAdviceSaysWhatDoesNotFit(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := drive(t, watchWith(t, cfg, 80, 24, mixedProbes()...), keyPress("a"))
		s := screen(m)
		checkFrame(t, "advice", s, 80, 24)
		lines := strings.Split(s, "\n")
		last := strings.TrimSpace(lines[len(lines)-2])
		more := regexp.MustCompile("^" + strings.Replace(regexp.QuoteMeta(lang.T("detail.more_lines", "↓", 12345)), "12345", `\d+`, 1) + "$")
		if !more.MatchString(last) {
			t.Errorf("%v: %q\n%s", lang, last, s)
		}
	}
}
