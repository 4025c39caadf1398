package checks_test

import (
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/lab"
)

// runComposed runs a scenario under a named condition.
func runComposed(t *testing.T, scenario, condition string) *checks.Report {
	t.Helper()
	s, ok := lab.Find(scenario)
	if !ok {
		t.Fatalf("no scenario %q", scenario)
	}
	for _, c := range lab.Conditions() {
		if c.Name == condition {
			rep, _ := runCell(t, cell{scenario: s, condition: c})
			return rep
		}
	}
	t.Fatalf("no condition %q", condition)
	return nil
}

func resultOf(rep *checks.Report, id string) checks.Result {
	for _, r := range rep.Checks {
		if r.ID == id {
			return r
		}
	}
	return checks.Result{}
}

// TestAFailingLocalProxyIsEvidence: Clash listens and tunnels, but the
// API's certificate has expired, so the request through Clash fails the
// same way: the verdict is the certificate, and the proxy is named in
// its evidence as tried.
func TestAFailingLocalProxyIsEvidence(t *testing.T) {
	for _, fault := range []string{"tls-expired", "sni-filtered", "region-blocked", "slow"} {
		t.Run(fault, func(t *testing.T) {
			rep := runComposed(t, fault, "clash")
			s, _ := lab.Find(fault)
			if rep.Verdict.Cause != s.Want {
				dump(t, rep)
				t.Fatalf("verdict %s, want %s", rep.Verdict.Cause, s.Want)
			}
			lp := resultOf(rep, "local_proxy")
			ev, _ := lp.Evidence.(*checks.LocalProxyEvidence)
			if ev == nil || len(ev.Found) != 1 || ev.Found[0].Works || ev.Found[0].Request == nil {
				t.Fatalf("local proxy evidence: %+v", lp)
			}
			if ev.Found[0].Status != 200 {
				t.Errorf("the tunnel itself was fine (CONNECT 200), got %d", ev.Found[0].Status)
			}
			if !strings.Contains(strings.Join(rep.Verdict.Checks, ","), "local_proxy") {
				t.Errorf("the tried proxy is not in the verdict's evidence: %v", rep.Verdict.Checks)
			}
		})
	}
}

// TestGatewayAddressesAreFacts: a custom gateway on loopback is not a
// hosts entry to remove nor a poisoned answer, and a base URL fix is
// offered for a base URL that was set.
func TestGatewayAddressesAreFacts(t *testing.T) {
	for _, name := range []string{"gateway-localhost-down", "gateway-name-down", "healthy-gateway"} {
		t.Run(name, func(t *testing.T) {
			rep := run(t, name)
			if d := resultOf(rep, "dns.system"); d.Status != checks.Pass {
				t.Errorf("dns.system %s %s: %s", d.Status, d.Cause, d.Summary)
			}
			for _, r := range rep.Checks {
				if r.Cause == checks.CauseHostsOverride || r.Cause == checks.CauseDNSPoisoned {
					t.Errorf("%s names %s for a gateway: %s", r.ID, r.Cause, r.Summary)
				}
			}
			if name != "healthy-gateway" && !strings.Contains(strings.Join(rep.Verdict.Fixes, ","), checks.FixBaseURL) {
				t.Errorf("no base URL fix for a gateway URL that was set: %v", rep.Verdict.Fixes)
			}
		})
	}
}

// TestAdviceFitsTheCase: the same cause, told for the case at hand.
func TestAdviceFitsTheCase(t *testing.T) {
	cases := []struct {
		scenario, advice, summaryKey string
	}{
		{"dns-offline", "advice.dns_hides_public", "dns.hides_public"},
		{"dns-nxdomain", "advice.dns_hides_api", "dns.hides_api"},
		{"proxy-hung", "advice.proxy_hung", "proxy.hung"},
		{"slow", "advice.no_answer_yet", "http.no_answer_yet"},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			rep := run(t, c.scenario)
			v := rep.Verdict
			if v.ActionMsg.Key != c.advice {
				t.Fatalf("advice %q, want %q (%s)", v.ActionMsg.Key, c.advice, v.Action)
			}
			first := resultOf(rep, v.Checks[0])
			if first.Msg.Key != c.summaryKey {
				t.Errorf("%s says %q (%s), want %q", first.ID, first.Msg.Key, first.Summary, c.summaryKey)
			}
			// The report in Chinese carries the same advice.
			if got := rep.VerdictIn(i18n.ZH).Action; got != i18n.ZH.M(v.ActionMsg) {
				t.Errorf("Chinese advice %q", got)
			}
		})
	}
	// No base URL set: no base URL fix, whatever the cause's catalogue says.
	rep := run(t, "dns-offline")
	if strings.Contains(strings.Join(rep.Verdict.Fixes, ","), checks.FixBaseURL) {
		t.Errorf("base_url.fix offered for the default host: %v", rep.Verdict.Fixes)
	}
}

// TestOneWordPerFact: the words a result uses match what it saw, for the
// cases the review found told wrong.
func TestOneWordPerFact(t *testing.T) {
	cases := []struct{ scenario, check, key string }{
		{"gateway-split-horizon", "dns.reference", "dnsref.split_horizon"}, // evidence, not poisoning
		{"socks-hung", "proxy", "proxy.hung"},                              // hung, not refusing
		{"ipv4-dead", "tcp.ipv4", "tcp.v4_fallback"},                       // the race took IPv6
		{"ipv6-dead", "tcp.ipv6", "tcp.v6_fallback"},
		{"ipv6-dropped", "tcp.ipv6", "tcp.v6_fallback"}, // Claude Code races the families
		{"slow-login", "http.hello", "hello.slow"},      // slow is still an answer
		{"ipv6-blackhole", "tls", "tls.v6_breaks"},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			rep := run(t, c.scenario)
			if r := resultOf(rep, c.check); r.Msg.Key != c.key {
				t.Errorf("%s says %q (%s %s: %s), want %q", c.check, r.Msg.Key, r.Status, r.Cause, r.Summary, c.key)
			}
		})
	}
}
