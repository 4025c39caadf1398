package checks_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/lab"
)

// directFailures are the causes of a direct path that does not get bytes
// to the API; a working alternative the client could be pointed at then
// names the configuration instead.
var directFailures = map[checks.Cause]bool{
	checks.CauseDNSNXDomain: true, checks.CauseDNSTimeout: true, checks.CauseDNSFailure: true,
	checks.CauseTCPRefused: true, checks.CauseTCPTimeout: true, checks.CauseNetUnreachable: true,
	checks.CauseTLSReset: true, checks.CauseTLSTimeout: true, checks.CauseTLSProtocol: true, checks.CauseTLSUntrusted: true,
	checks.CauseTLSHostnameMismatch: true, checks.CauseTLSExpired: true, checks.CauseTLSNotYetValid: true,
	checks.CauseTimeout: true, checks.CauseMiddleboxResponse: true, checks.CauseRegionBlocked: true, checks.CauseEdgeChallenge: true,
}

// ownAlternatives are causes proven by an alternative of their own (the
// proxy that NO_PROXY skips, DNS's answer): they outrank a stray local
// proxy, since fixing them fixes the path the client is set up to use.
var ownAlternatives = map[checks.Cause]bool{
	checks.CauseProxyBypassed: true, checks.CauseProxyIgnoredByClient: true, checks.CauseHostsOverride: true,
	checks.CauseDNSPoisoned: true, checks.CauseWSLDNS: true, checks.CauseWSLWindowsProxy: true, checks.CauseProxyNotExported: true,
}

// oracle asks, without the engine, whether the client's request gets a
// genuine API answer through the proxy at addr: Go's own HTTP client over
// the lab's loopback dialer, trusting the lab's public roots, on the
// client's clock. It is the independent judge of "the alternative works".
func oracle(l *lab.Lab, env *checks.Env, addr, baseURL string) bool {
	wait := 3 * lab.Timeouts.HTTP
	// Claude Code gives up at API_TIMEOUT_MS on any path (docs/clients.md).
	if ms, err := strconv.Atoi(env.Vars["API_TIMEOUT_MS"]); err == nil && ms > 0 {
		wait = time.Duration(ms) * time.Millisecond
	}
	if baseURL == "" {
		baseURL = checks.DefaultBaseURL
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyURL(&url.URL{Scheme: "http", Host: addr}),
		DialContext:           lab.Dial,
		TLSClientConfig:       &tls.Config{RootCAs: l.PublicCA.Pool(), Time: env.Now},
		ResponseHeaderTimeout: lab.Timeouts.HTTP,
	}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+"/api/hello", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.Header.Get("Request-Id") != ""
}

// cell is one scenario under one condition and client.
type cell struct {
	scenario  lab.Scenario
	condition lab.Condition
	client    checks.ClientName
}

func (c cell) name() string {
	return c.scenario.Name + "/" + c.condition.Name + "/" + string(c.client)
}

// runCell prepares and runs one cell and returns the report and the
// verdict the cell must reach.
func runCell(t *testing.T, c cell) (*checks.Report, checks.Cause) {
	t.Helper()
	s := c.scenario
	if c.client != "" {
		s.Client = c.client
	}
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if errors.Is(err, lab.ErrNotHere) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	if c.client != "" && env.Vars["ANTHROPIC_API_KEY"] == "" && env.Vars["ANTHROPIC_AUTH_TOKEN"] == "" {
		env.Vars["ANTHROPIC_API_KEY"] = lab.Key // an SDK needs one; the fault is elsewhere
	}
	alt, err := c.condition.Apply(l, env, &opts)
	if err != nil {
		t.Fatal(err)
	}
	run, err := checks.New(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := c.scenario.Want
	if alt != "" && run.Route.Direct() && directFailures[want] && !ownAlternatives[want] {
		// The request is the client's own: its base URL as the client
		// resolves it (that precedence has tests of its own).
		if run.Target.URL != nil && oracle(l, env, alt, run.Target.URL.String()) {
			want = checks.CauseProxyNotExported
		}
	}
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep, want
}

// clientNeutral are the faults of the network or the server whose
// verdict no client's own rules change.
var clientNeutral = []string{
	"dns-nxdomain", "dns-timeout", "dns-servfail", "dns-poisoned", "dns-offline", "hosts-override",
	"tcp-refused", "tcp-timeout", "tls-expired", "tls-not-yet-valid", "tls-wrong-host", "sni-filtered", "tls-stall",
	"plain-http", "region-blocked", "edge-challenge", "middlebox", "overloaded", "server-error", "rate-limited",
	"key-revoked", "permission", "billing", "slow", "gateway-name-down", "gateway-name-dropped", "healthy", "healthy-gateway",
	"ipv6-dead", "ipv6-dropped", "ipv6-blackhole", "ipv4-dead", "gateway-split-horizon",
}

// matrix lists every cell: each scenario under each condition with its
// own client, and the client-neutral faults under every other client.
func matrix() []cell {
	var cells []cell
	for _, s := range lab.Scenarios() {
		for i, c := range lab.Conditions() {
			if i > 0 && s.Scripted {
				continue // every extra request shifts the server's script
			}
			cells = append(cells, cell{scenario: s, condition: c})
		}
	}
	alone := lab.Conditions()[0]
	for _, name := range clientNeutral {
		s, ok := lab.Find(name)
		if !ok {
			panic("no scenario " + name)
		}
		for _, cl := range checks.ClientNames() {
			if cl == checks.ClaudeCode {
				continue
			}
			cells = append(cells, cell{scenario: s, condition: alone, client: cl})
		}
	}
	return cells
}

// TestComposedFaults runs every fault with a second thing true (a local
// proxy, an OS proxy, the API's name on loopback) and under every client
// where rules could differ: the verdict is the fault's own cause unless
// the alternative truly works end to end, as an independent client
// judges, and the verdict never contradicts the results it rests on.
func TestComposedFaults(t *testing.T) {
	cells := matrix()
	t.Logf("%d cells (%d scenarios under %d conditions, scripted ones alone, plus %d client-neutral faults under %d other clients)",
		len(cells), len(lab.Scenarios()), len(lab.Conditions()), len(clientNeutral), len(checks.ClientNames())-1)
	// Most cells are loopback-quick; the few that wait on a timeout run
	// side by side, beyond the default of one test per core.
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, c := range cells {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t.Run(c.name(), func(t *testing.T) {
				rep, want := runCell(t, c)
				if rep.Verdict.Cause != want {
					dump(t, rep)
					t.Errorf("verdict %s, want %s", rep.Verdict.Cause, want)
				}
				for _, problem := range contradictions(rep) {
					t.Errorf("inconsistent: %s", problem)
				}
			})
		}()
	}
	wg.Wait()
}

// contradictions lists where a report's words say what its results do
// not show.
func contradictions(rep *checks.Report) []string {
	var out []string
	by := map[string]checks.Result{}
	for _, r := range rep.Checks {
		by[r.ID] = r
	}
	v := rep.Verdict
	known := false
	for _, ci := range checks.Causes() {
		known = known || ci.Cause == v.Cause
	}
	if !known {
		out = append(out, fmt.Sprintf("verdict cause %q is not in the catalogue", v.Cause))
	}
	switch v.Status {
	case "ok":
		hello, auth := by["http.hello"], by["auth"]
		ev, _ := hello.Evidence.(*checks.HTTPEvidence)
		genuine := hello.Status == checks.Warn && ev != nil && ev.RequestID != ""
		if hello.Status != checks.Pass && auth.Status != checks.Pass && !genuine {
			out = append(out, "ok without a genuine answer on the client's route")
		}
		for _, r := range rep.Checks {
			if r.Status == checks.Fail {
				out = append(out, "ok with a failed check: "+r.ID)
			}
		}
	case "problem":
		if len(v.Checks) == 0 {
			out = append(out, "a problem verdict resting on no check")
		} else if r := by[v.Checks[0]]; r.Status == checks.Pass || r.Status == checks.NA {
			out = append(out, fmt.Sprintf("the verdict rests on %s, which is %s", r.ID, r.Status))
		}
	}
	// Words about an alternative hold only when its proof does.
	if r := by["local_proxy"]; r.Msg.Key == "local.found" || r.Msg.Key == "local.os_proxy" {
		if ev, ok := r.Evidence.(*checks.LocalProxyEvidence); !ok || !ev.Proven() {
			out = append(out, "local_proxy says a proxy works without the proof")
		}
	}
	if v.Cause == checks.CauseProxyNotExported {
		ev, _ := by["local_proxy"].Evidence.(*checks.LocalProxyEvidence)
		wsl, _ := by["wsl"].Evidence.(*checks.WSLEvidence)
		if (ev == nil || !ev.Proven()) && wsl.WorkingProxy() == "" {
			out = append(out, "proxy_not_exported with no proxy that carried the request")
		}
	}
	if r := by["proxy"]; r.Msg.Key == "proxy.request_ok" {
		if ev, ok := r.Evidence.(*checks.ProxyEvidence); !ok || ev.Request == nil || !ev.Request.Works {
			out = append(out, "proxy says the request went through without the proof")
		}
	}
	if r := by["dns.reference"]; r.Evidence != nil {
		ev, _ := r.Evidence.(*checks.DNSEvidence)
		agrees := ev != nil && ev.Agrees != nil && *ev.Agrees
		switch {
		case r.Msg.Key == "dnsref.agrees" && !agrees:
			out = append(out, "dns.reference says it agrees, but the answers differ")
		case strings.HasPrefix(r.Msg.Key, "dnsref.disagree") && agrees:
			out = append(out, "dns.reference says the resolvers disagree, but they agree")
		case (r.Msg.Key == "dnsref.poisoned" || r.Msg.Key == "dnsref.hosts_proven") && (ev.RefProof == nil || !ev.RefProof.Works):
			out = append(out, "dns.reference blames the system answer without the reference answer's proof")
		}
	}
	if (v.Cause == checks.CauseDNSPoisoned || v.Cause == checks.CauseHostsOverride) && by["dns.reference"].Status != checks.Fail {
		out = append(out, string(v.Cause)+" without the reference answer carrying the request")
	}
	return out
}

// TestConditionsAreReal: each condition really adds what it says (a
// proxy found, an OS proxy read, the published ranges in force), so a
// passing matrix is not a matrix of no-ops.
func TestConditionsAreReal(t *testing.T) {
	for _, c := range lab.Conditions()[1:] {
		// A resolver that hides the API: a proxy that resolves names
		// itself is a way out, when there is one.
		s, _ := lab.Find("dns-nxdomain")
		t.Run(c.Name, func(t *testing.T) {
			rep, want := runCell(t, cell{scenario: s, condition: c})
			if rep.Verdict.Cause != want {
				t.Fatalf("verdict %s, want %s", rep.Verdict.Cause, want)
			}
			switch c.Name {
			case "clash", "os-proxy":
				if want != checks.CauseProxyNotExported {
					t.Fatalf("a working proxy was added, yet the oracle says it does not work")
				}
			case "loopback-dns":
				if len(rep.Target.Expected) == 0 {
					t.Fatalf("the published ranges are not in force")
				}
			}
		})
	}
}
