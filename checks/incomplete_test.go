package checks_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/lab"
)

// prepareLab starts a scenario's servers; the run's timeouts are stretched
// so that nothing in it gives up on its own during a test.
func prepareLab(t *testing.T, name string) (*checks.Env, checks.Options) {
	t.Helper()
	s, ok := lab.Find(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	opts.Timeout = 10 * time.Minute
	return env, opts
}

// assertIncomplete checks the verdict of a run that did not finish.
func assertIncomplete(t *testing.T, r *checks.Run, rep *checks.Report) {
	t.Helper()
	v := rep.Verdict
	if v.Status != checks.VerdictIncomplete || v.Cause != checks.CauseIncomplete || !rep.Incomplete() {
		dump(t, rep)
		t.Fatalf("verdict %s/%s, want incomplete", v.Status, v.Cause)
	}
	if len(v.Unfinished) == 0 {
		t.Fatal("an incomplete verdict names no unfinished check")
	}
	for _, id := range v.Unfinished {
		if !slices.Contains(r.IDs(), id) {
			t.Errorf("unfinished %q is not a check of the run", id)
		}
	}
	if v.Summary == "" || v.Action == "" {
		t.Errorf("the verdict says nothing: %+v", v)
	}
}

// TestCancelMidRunIsIncomplete cancels a run against an API that never
// answers, once the first results are in: the verdict is incomplete and
// names the checks that did not finish, and a check that finished before
// the cancel is not among them.
func TestCancelMidRunIsIncomplete(t *testing.T) {
	env, opts := prepareLab(t, "slow")
	r, err := checks.New(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first *checks.Result
	for ev := range r.Start(ctx) {
		if ev.Result != nil && first == nil {
			first = ev.Result
			cancel()
		}
	}
	rep := r.Report()
	assertIncomplete(t, r, rep)
	// The API never answers: the first HTTP check cannot have finished.
	if !slices.Contains(rep.Verdict.Unfinished, "http.hello") {
		t.Errorf("http.hello should be unfinished: %v", rep.Verdict.Unfinished)
	}
	if slices.Contains(rep.Verdict.Unfinished, first.ID) {
		t.Errorf("%s finished before the cancel (%s) but is listed as unfinished", first.ID, first.Status)
	}
	if len(rep.Checks) != len(r.IDs()) {
		t.Errorf("%d results, want every check's", len(rep.Checks))
	}
}

// TestCancelledBeforeStart: a run whose context is already cancelled
// checks nothing, so every check is unfinished.
func TestCancelledBeforeStart(t *testing.T) {
	env, opts := prepareLab(t, "healthy")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := checks.Execute(ctx, env, opts)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := checks.New(env, opts)
	assertIncomplete(t, r, rep)
	if len(rep.Verdict.Unfinished) != len(checks.Graph()) {
		t.Errorf("unfinished %v, want all %d checks", rep.Verdict.Unfinished, len(checks.Graph()))
	}
	var doc struct {
		Verdict struct {
			Status     string   `json:"status"`
			Cause      string   `json:"cause"`
			Unfinished []string `json:"unfinished"`
		} `json:"verdict"`
	}
	b, _ := json.Marshal(rep)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Verdict.Status != "incomplete" || doc.Verdict.Cause != "incomplete" || len(doc.Verdict.Unfinished) == 0 {
		t.Fatalf("JSON verdict %+v", doc.Verdict)
	}
}

// TestReportOfMissingResults is the wizard's path: it collects results
// itself, and those it does not pass count as unfinished; all of them
// make a complete run again.
func TestReportOfMissingResults(t *testing.T) {
	env, opts := prepareLab(t, "healthy")
	r, err := checks.New(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	for range r.Start(context.Background()) {
	}
	all := r.Results()
	if rep := r.ReportOf(all); rep.Incomplete() || rep.Verdict.Cause != checks.CauseOK {
		t.Fatalf("a finished healthy run: %s/%s %v", rep.Verdict.Status, rep.Verdict.Cause, rep.Verdict.Unfinished)
	}
	rep := r.ReportOf(all[:3])
	assertIncomplete(t, r, rep)
	var want []string
	for _, res := range all[3:] {
		want = append(want, res.ID)
	}
	if !slices.Equal(rep.Verdict.Unfinished, want) {
		t.Fatalf("unfinished %v, want %v", rep.Verdict.Unfinished, want)
	}
}
