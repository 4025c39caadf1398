package ui

import (
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
)

func headerLine(m Model) string { return strings.SplitN(screen(m), "\n", 2)[0] }

// recheckedWith presses r on the findings, prepares the re-check and
// feeds it results, the clock moved on by took.
func recheckedWith(t *testing.T, m Model, now *time.Time, took time.Duration, results []checks.Result) Model {
	t.Helper()
	nm, cmd := m.Update(keyPress("r"))
	m = nm.(Model)
	if cmd == nil {
		t.Fatal("r started no re-check")
	}
	*now = now.Add(time.Minute)
	m = drive(t, m, cmd())
	if m.step != stepRunning {
		t.Fatalf("re-check: step %v", m.step)
	}
	*now = now.Add(took)
	for _, r := range results {
		m = drive(t, m, checkFinishedMsg{gen: m.gen, res: r})
	}
	if m.step != stepFindings {
		t.Fatalf("after the re-check: step %v", m.step)
	}
	return m
}

// TestRecheckWithoutChangesSaysSo: a re-check that found what the run
// before found says "no changes" (no before/after marks); one that found
// something else keeps the before/after header. The duration is the
// re-check's.
func TestRecheckWithoutChangesSaysSo(t *testing.T) {
	now := fixedNow
	cfg := fixtureConfig(t)
	cfg.Clock = func() time.Time { return now }
	m := finishedFrom(t, preparedWith(t, cfg, 100, 30))
	m = recheckedWith(t, m, &now, 2500*time.Millisecond, fixtureResults())
	h := headerLine(m)
	if !strings.Contains(h, "no changes") || strings.Contains(h, "before") || !strings.Contains(h, "2.5 s") {
		t.Fatalf("header after an unchanged re-check: %q", h)
	}
	// A check that now passes: the header says before/after again.
	changed := fixtureResults()
	for i := range changed {
		if changed[i].Status == checks.Warn {
			changed[i].Status = checks.Pass
			break
		}
	}
	m = recheckedWith(t, m, &now, 1200*time.Millisecond, changed)
	if h := headerLine(m); strings.Contains(h, "no changes") || !strings.Contains(h, "before") || !strings.Contains(h, "1.2 s") {
		t.Fatalf("header after a re-check with a change: %q", h)
	}
}

// TestHeaderDurationFollowsAFixesRecheck: the re-check a fix runs
// replaces the report the findings show; the header's duration is then
// that re-check's, not the first run's.
func TestHeaderDurationFollowsAFixesRecheck(t *testing.T) {
	m := finished(t, 100, 30)
	before := headerLine(m)
	rep := *m.report
	rep.Duration = 3400 * time.Millisecond
	m = drive(t, m, planVerifiedMsg{gen: m.fix.gen, rep: &rep})
	m.step = stepFindings
	if h := headerLine(m); !strings.Contains(h, "3.4 s") {
		t.Fatalf("header after a fix's re-check: %q (before %q)", h, before)
	}
}

// TestExitSummaryCountsAndNamesTheFixes: the summary left in the
// scrollback counts failures and warnings and names each fix applied in
// the session with the command that undoes it, in both languages.
func TestExitSummaryCountsAndNamesTheFixes(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := finishedFrom(t, preparedWith(t, cfg, 100, 30))
		var fails, warns int
		for _, r := range m.report.Checks {
			switch r.Status {
			case checks.Fail:
				fails++
			case checks.Warn:
				warns++
			}
		}
		if fails == 0 || warns == 0 {
			t.Fatalf("fixture: %d failures, %d warnings", fails, warns)
		}
		s := m.ExitSummary()
		if !strings.Contains(s, lang.T("exit.counts", fails, warns)) || strings.Contains(s, "apidoctor undo") {
			t.Errorf("%s, no fix: %q", lang, s)
		}
		m.undoable = []undoItem{{id: "20260101-000000", fix: checks.FixProxyEdit, target: fixes.TargetClaudeSettings}}
		s = m.ExitSummary()
		title := lang.M(fixes.TitleMsg(checks.FixProxyEdit))
		if !strings.Contains(s, "apidoctor undo 20260101-000000") || !strings.Contains(s, title) || !strings.Contains(s, lang.T("exit.fixes_head")) {
			t.Errorf("%s, one fix: %q", lang, s)
		}
	}
	if s := New(fixtureConfig(t)).ExitSummary(); s != "" {
		t.Errorf("no report, summary %q", s)
	}
}
