package watch_test

import (
	"context"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"apidoctor/checks"
	"apidoctor/lab"
	"apidoctor/watch"
)

func TestPercentilesByHand(t *testing.T) {
	s := watch.NewStats()
	for i, total := range []float64{10, 20, 30, 40, 100} {
		s.Add(checks.ProbeResult{Outcome: "ok", Fresh: i == 0 || i == 4, Timing: &checks.TimingMS{Connect: total / 10, Total: total}})
	}
	// Nearest rank over [10 20 30 40 100]: p50 is the 3rd, p95 and p99 the 5th.
	if p := s.Percentile("total", 0.5); p != 30 {
		t.Errorf("p50 %v", p)
	}
	if p := s.Percentile("total", 0.95); p != 100 {
		t.Errorf("p95 %v", p)
	}
	// Connect is taken over fresh probes only: 1 and 10.
	if p := s.Percentile("connect", 0.5); p != 1 {
		t.Errorf("connect p50 %v", p)
	}
	if f, r := s.TotalPercentile(true, 0.5), s.TotalPercentile(false, 0.5); f != 10 || r != 30 {
		t.Errorf("fresh p50 %v, reused p50 %v", f, r)
	}
	if !math.IsNaN(watch.NewStats().Percentile("total", 0.5)) {
		t.Error("no sample should be NaN")
	}
}

// flappingLab is a lab whose API answers by turns: ok, 529, 429 with
// retry-after, a slow ok, a reset.
func flappingLab(t *testing.T) (*checks.Prober, *lab.Lab) {
	t.Helper()
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	l.API.SetSteps(
		lab.Step{Status: 200},
		lab.Step{Status: 529},
		lab.Step{Status: 429, RetryAfter: "1"},
		lab.Step{Status: 200, Delay: 150 * time.Millisecond},
		lab.Step{Reset: true},
	)
	p, err := checks.NewProber(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p, l
}

func TestWatchCountsAFlappingServer(t *testing.T) {
	p, _ := flappingLab(t)
	stats := watch.NewStats()
	metrics := watch.NewMetrics()
	err := watch.Run(context.Background(), p, watch.Options{Interval: 10 * time.Millisecond, Count: 10, FreshEvery: 3}, func(r checks.ProbeResult) {
		stats.Add(r)
		metrics.Observe(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Probes != 10 || stats.OK != 4 {
		t.Fatalf("probes %d ok %d: %v", stats.Probes, stats.OK, stats.ByOutcome)
	}
	if stats.ByOutcome["overloaded"] != 2 || stats.ByOutcome["rate_limited"] != 2 || stats.ByStatus[529] != 2 || stats.ByStatus[429] != 2 || stats.ByStatus[200] != 4 {
		t.Fatalf("outcomes %v statuses %v", stats.ByOutcome, stats.ByStatus)
	}
	resets := 0
	for _, r := range stats.Results {
		if r.Status == 0 && !r.OK() {
			resets++
		}
		if r.Outcome == "rate_limited" && r.RetryAfter != "1" {
			t.Errorf("retry-after not kept: %+v", r)
		}
	}
	if resets != 2 {
		t.Fatalf("resets %d, want 2: %v", resets, stats.ByOutcome)
	}
	// The connection is reused between probes, except after a reset and
	// every third probe.
	fresh := 0
	for _, r := range stats.Results {
		if r.Fresh {
			fresh++
		}
	}
	if fresh == 0 || fresh == 10 {
		t.Fatalf("fresh connections: %d of 10", fresh)
	}
	if len(stats.LastErrors) != 5 {
		t.Fatalf("last errors %d", len(stats.LastErrors))
	}
	// The slow answer shows in the percentiles: p99 of the total is at least its delay.
	if p99 := stats.Percentile("total", 0.99); p99 < 150 {
		t.Fatalf("p99 %.1f ms should include the 150 ms answer", p99)
	}
}

func TestMetricsEndpointIsScrapable(t *testing.T) {
	p, _ := flappingLab(t)
	metrics := watch.NewMetrics()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, errc, err := metrics.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	watch.Run(ctx, p, watch.Options{Interval: 5 * time.Millisecond, Count: 5}, metrics.Observe)
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("not Prometheus text: %v", err)
	}
	count := func(outcome, status string) float64 {
		for _, m := range families["apidoctor_probes_total"].GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["outcome"] == outcome && labels["status"] == status {
				return m.GetCounter().GetValue()
			}
		}
		return -1
	}
	if count("ok", "200") != 2 || count("overloaded", "529") != 1 || count("rate_limited", "429") != 1 {
		t.Fatalf("counters: %v", families["apidoctor_probes_total"])
	}
	if up := families["apidoctor_up"].GetMetric()[0].GetGauge().GetValue(); up != 0 {
		t.Fatalf("up %v after a reset, want 0", up)
	}
	var totals uint64
	for _, m := range families["apidoctor_probe_duration_seconds"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "phase" && l.GetValue() == "total" {
				totals += m.GetHistogram().GetSampleCount()
			}
		}
	}
	if totals != 5 {
		t.Fatalf("total-phase observations %d, want 5", totals)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func TestDurationEndsTheWatch(t *testing.T) {
	p, _ := flappingLab(t)
	n := 0
	if err := watch.Run(context.Background(), p, watch.Options{Interval: 20 * time.Millisecond, Duration: 100 * time.Millisecond}, func(checks.ProbeResult) { n++ }); err != nil {
		t.Fatal(err)
	}
	if n == 0 || n > 8 {
		t.Fatalf("%d probes in a 100 ms watch at 20 ms", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n = 0
	watch.Run(ctx, p, watch.Options{Interval: time.Hour}, func(checks.ProbeResult) { n++ })
	if n > 1 {
		t.Fatalf("a cancelled watch kept probing: %d", n)
	}
	if err := watch.Run(context.Background(), p, watch.Options{Interval: -1}, nil); err == nil || !strings.Contains(err.Error(), "interval") {
		t.Fatalf("a negative interval: %v", err)
	}
}

// BenchmarkProbe measures one probe over the kept-alive connection: the
// cost a watch left running all day pays per probe.
func BenchmarkProbe(b *testing.B) {
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	p, err := checks.NewProber(env, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	stats, metrics := watch.NewStats(), watch.NewMetrics()
	b.ReportAllocs()
	for b.Loop() {
		r := p.Probe(context.Background(), false)
		stats.Add(r)
		metrics.Observe(r)
	}
}
