package checks_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/lab"
)

func result(t *testing.T, rep *checks.Report, id string) checks.Result {
	t.Helper()
	for _, r := range rep.Checks {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no result %s", id)
	return checks.Result{}
}

func TestInspectionNamesTheProductAndTheRoot(t *testing.T) {
	rep := run(t, "tls-inspection")
	tlsRes := result(t, rep, "tls")
	ev := tlsRes.Evidence.(*checks.TLSEvidence)
	if ev.Interceptor != "Zscaler" || !strings.Contains(tlsRes.Summary, "Zscaler") {
		t.Fatalf("interceptor not named: %+v %q", ev.Interceptor, tlsRes.Summary)
	}
	if len(ev.Chain) != 2 || ev.Chain[1].SHA256 == "" || !ev.Chain[1].IsCA {
		t.Fatalf("chain not recorded with the root: %+v", ev.Chain)
	}
	trust := result(t, rep, "trust").Evidence.(*checks.TrustEvidence)
	if trust.ChainRoot == nil || !strings.Contains(trust.ChainRoot.Subject, "Zscaler Root CA") {
		t.Fatalf("the root to trust is not offered: %+v", trust.ChainRoot)
	}
	for _, c := range trust.Candidates {
		if c.Accepts {
			t.Fatalf("no trust source should accept the re-signed chain: %+v", c)
		}
	}
	if !contains(rep.Verdict.Fixes, checks.FixCABundle) {
		t.Fatalf("the CA fix is not offered: %+v", rep.Verdict)
	}
}

func TestCABundleFlagMakesInspectionPass(t *testing.T) {
	s, _ := lab.Find("tls-inspection")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	path := t.TempDir() + "/corp.pem"
	if err := writeFile(path, l.InspectCA.PEM()); err != nil {
		t.Fatal(err)
	}
	opts.CABundle = path
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict.Cause != checks.CauseOK {
		dump(t, rep)
		t.Fatalf("with the inspection root trusted the verdict should be ok")
	}
}

func TestProxyEvidence(t *testing.T) {
	rep := run(t, "proxy-407")
	ev := result(t, rep, "proxy").Evidence.(*checks.ProxyEvidence)
	if ev.Status != 407 || ev.Answer == nil || !strings.HasPrefix(ev.Answer.Authenticate, "Basic") {
		t.Fatalf("407 evidence: %+v", ev)
	}
	if strings.Contains(ev.Proxy, "wrong-password") || !strings.Contains(ev.Proxy, "***") {
		t.Fatalf("proxy password not masked: %s", ev.Proxy)
	}
	rep = run(t, "proxy-denies")
	ev = result(t, rep, "proxy").Evidence.(*checks.ProxyEvidence)
	if ev.Answer == nil || !strings.HasPrefix(ev.Answer.SquidError, "ERR_ACCESS_DENIED") {
		t.Fatalf("the proxy's own error is not kept: %+v", ev.Answer)
	}
}

func TestClockSkewEvidence(t *testing.T) {
	rep := run(t, "clock-skew")
	ev := result(t, rep, "clock").Evidence.(*checks.ClockEvidence)
	if ev.SkewSec < 3*365*24*3600-60 {
		t.Fatalf("skew %v s, want about three years", ev.SkewSec)
	}
}

func TestRegionEvidence(t *testing.T) {
	rep := run(t, "region-blocked")
	ev := result(t, rep, "region").Evidence.(*checks.RegionEvidence)
	if ev.Loc != "HK" || ev.Supported == nil || *ev.Supported {
		t.Fatalf("region evidence %+v", ev)
	}
	hello := result(t, rep, "http.hello").Evidence.(*checks.HTTPEvidence)
	if hello.Status != 403 || hello.Headers["cf-ray"] == "" {
		t.Fatalf("the edge's answer is not kept: %+v", hello)
	}
}

func TestRateLimitKeepsRetryAfter(t *testing.T) {
	rep := run(t, "rate-limited")
	auth := result(t, rep, "auth")
	ev := auth.Evidence.(*checks.AuthEvidence)
	if ev.Models.Headers["retry-after"] != "17" || ev.Models.RequestID == "" || !strings.Contains(auth.Summary, "retry-after 17") {
		t.Fatalf("429 evidence: %+v %q", ev.Models, auth.Summary)
	}
}

func TestAuthSendsTheRightHeader(t *testing.T) {
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	delete(env.Vars, "ANTHROPIC_API_KEY")
	env.Vars["ANTHROPIC_AUTH_TOKEN"] = lab.Key // a gateway-style bearer token
	opts.BaseURL = strings.Replace(opts.BaseURL, lab.APIHost, lab.PlatformHost, 1)
	opts.ProbeMessages = true
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.API.LastHeaders.Get("Authorization"); got != "Bearer "+lab.Key || l.API.LastHeaders.Get("X-Api-Key") != "" {
		t.Fatalf("token sent as %q / x-api-key %q", got, l.API.LastHeaders.Get("X-Api-Key"))
	}
	auth := result(t, rep, "auth")
	if auth.Status != checks.Pass || !strings.Contains(auth.Summary, "1-token message to claude-lab-haiku") {
		t.Fatalf("auth with --probe-messages: %+v", auth)
	}
}

func TestStreamReportsEveryCheckOnce(t *testing.T) {
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	r, err := checks.New(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	finished := map[string]int{}
	started := map[string]bool{}
	for ev := range r.Start(context.Background()) {
		if ev.Result != nil {
			finished[ev.ID]++
			if !started[ev.ID] {
				t.Errorf("%s finished before it started", ev.ID)
			}
		} else if ev.Note == "started" {
			started[ev.ID] = true
		}
	}
	for _, c := range checks.Graph() {
		if finished[c.ID] != 1 {
			t.Errorf("%s finished %d times", c.ID, finished[c.ID])
		}
	}
}

// TestCancelEndsEveryCheck cancels a run stuck on silent servers and
// checks that the stream closes and no goroutine is left behind.
func TestCancelEndsEveryCheck(t *testing.T) {
	s, _ := lab.Find("slow")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	env.Timeouts = checks.DefaultTimeouts // long enough that only the cancel ends it
	l.DNS.SetMode(lab.StatusHost, lab.DNSSilent)
	ctx, cancel := context.WithCancel(context.Background())
	r, err := checks.New(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	events := r.Start(ctx)
	time.AfterFunc(200*time.Millisecond, cancel)
	for range events {
	}
	for _, res := range r.Results() {
		if res.Status == checks.Fail {
			t.Errorf("%s failed after a cancel; want skip: %+v", res.ID, res)
		}
	}
	if n := len(r.Results()); n != len(checks.Graph()) {
		t.Fatalf("%d results after cancel, want all %d", n, len(checks.Graph()))
	}
	// No goroutine of the engine may be left. (The standard resolver keeps
	// its own lookups running to their timeout; those are not ours.)
	deadline := time.Now().Add(2 * time.Second)
	for engineGoroutines() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := engineGoroutines(); n > 0 {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d engine goroutines left\n%s", n, buf[:runtime.Stack(buf, true)])
	}
}

// engineGoroutines counts goroutines running code of package checks, other
// than the test itself.
func engineGoroutines() int {
	buf := make([]byte, 1<<20)
	n := 0
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "apidoctor/checks.") && !strings.Contains(g, "_test.go") {
			n++
		}
	}
	return n
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestBrokenSettingsIsAWarningWithPosition(t *testing.T) {
	rep := run(t, "settings-broken")
	files := result(t, rep, "config.files")
	if files.Status != checks.Warn || files.Cause != checks.CauseSettingsInvalid || !strings.Contains(files.Summary, "line 4, column 3") {
		t.Fatalf("config.files: %+v", files)
	}
}
