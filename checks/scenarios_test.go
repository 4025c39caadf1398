package checks_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// run executes a lab scenario and returns the report.
func run(t *testing.T, name string) *checks.Report {
	t.Helper()
	s, ok := lab.Find(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if errors.Is(err, lab.ErrNotHere) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func dump(t *testing.T, rep *checks.Report) {
	t.Helper()
	for _, r := range rep.Checks {
		t.Logf("%-16s %-4s %-24s %s %s", r.ID, r.Status, r.Cause, r.Summary, r.Error)
	}
	b, _ := json.MarshalIndent(rep.Verdict, "", "  ")
	t.Logf("verdict: %s", b)
}

// TestScenarioVerdicts runs every lab scenario against real loopback
// sockets and checks the verdict names the cause the scenario builds.
func TestScenarioVerdicts(t *testing.T) {
	for _, s := range lab.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			rep := run(t, s.Name)
			if rep.Verdict.Cause != s.Want {
				dump(t, rep)
				t.Fatalf("verdict %s, want %s", rep.Verdict.Cause, s.Want)
			}
			wantStatus := "problem"
			if s.Want == checks.CauseOK {
				wantStatus = "ok"
			}
			if rep.Verdict.Status != wantStatus {
				t.Errorf("verdict status %q, want %q", rep.Verdict.Status, wantStatus)
			}
		})
	}
}

// TestEveryCauseHasAScenario keeps the lab honest: each verdict cause is
// produced by at least one scenario from real sockets, except the one
// loopback cannot produce (an unreachable network; see classify_test.go).
func TestEveryCauseHasAScenario(t *testing.T) {
	covered := map[checks.Cause]bool{checks.CauseNetUnreachable: true, checks.CauseSettingsInvalid: true, checks.CauseIncomplete: true}
	for _, s := range lab.Scenarios() {
		covered[s.Want] = true
	}
	for _, c := range checks.Causes() {
		if !covered[c.Cause] {
			t.Errorf("no lab scenario produces %s", c.Cause)
		}
	}
}
