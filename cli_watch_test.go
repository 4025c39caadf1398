package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"apidoctor/checks"
)

func TestWatchNDJSON(t *testing.T) {
	sys, opts, _, out, errb := labSystem(t, "flapping")
	args := append([]string{"watch", "--json", "--count", "6", "--interval", "10ms", "--fresh-every", "3"}, labArgs(opts)...)
	code := run(context.Background(), args, sys)
	var probes []checks.ProbeResult
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	for sc.Scan() {
		var p checks.ProbeResult
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		probes = append(probes, p)
	}
	if len(probes) != 6 {
		t.Fatalf("%d NDJSON lines, want 6\n%s\n%s", len(probes), out, errb)
	}
	// The flapping lab's turns: ok ok 529 ok 429 ok (the check that the
	// CLI runs first takes none: the watch opens its own prober).
	want := []string{"ok", "ok", "overloaded", "ok", "rate_limited", "ok"}
	for i, p := range probes {
		if p.Seq != i+1 || p.Outcome != want[i] || p.Timing == nil {
			t.Errorf("probe %d: %+v, want outcome %s", i+1, p, want[i])
		}
	}
	if code != exitOK {
		t.Errorf("exit %d: the last probe was ok", code)
	}
	if !strings.Contains(errb.String(), "Resilience advice") || !strings.Contains(errb.String(), "latency (ms)") {
		t.Fatalf("with --json the summary and advice go to stderr:\n%s", errb)
	}
	if strings.Contains(out.String(), "Resilience") {
		t.Fatal("stdout must stay pure NDJSON")
	}
}

func TestWatchPlainAndUsage(t *testing.T) {
	sys, opts, _, out, _ := labSystem(t, "healthy")
	if code := run(context.Background(), append([]string{"watch", "--count", "2", "--interval", "5ms"}, labArgs(opts)...), sys); code != exitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if strings.Count(out.String(), "\n#") < 1 || !strings.Contains(out.String(), "2 probes, 100.0% ok") {
		t.Fatalf("plain watch output:\n%s", out)
	}
	for _, bad := range [][]string{{"watch", "--interval", "-1s"}, {"watch", "--count", "-2"}, {"watch", "extra"}} {
		if code := run(context.Background(), append(bad, labArgs(opts)...), sys); code != exitUsage {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
}
