package checks

import (
	"regexp"
	"strings"
	"testing"

	"apidoctor/i18n"
)

// res builds a result for the Diagnose table.
func res(id string, st Status, c Cause) Result {
	return Result{ID: id, Title: id, Status: st, Cause: c, Summary: id + " summary"}
}

func healthyDirect() []Result {
	return []Result{
		res("config.base_url", Pass, ""), res("config.proxy", Pass, ""), res("config.ca", Pass, ""), res("config.key", Pass, ""),
		res("local_proxy", Pass, ""), res("dns.system", Pass, ""), res("dns.reference", Pass, ""),
		res("tcp.ipv4", Pass, ""), res("tcp.ipv6", NA, ""), res("proxy", NA, ""), res("tls", Pass, ""), res("trust", Pass, ""),
		res("http.hello", Pass, ""), res("http.platform", Pass, ""), res("auth", Pass, ""), res("clock", Pass, ""),
		res("status_page", Pass, ""), res("region", Pass, ""),
	}
}

// proven gives an alternative-path result the proof that the client's
// request went through (works) or not.
func proven(r Result, works bool) Result {
	p := &PathProof{Via: "alt", Works: works}
	switch r.ID {
	case "proxy":
		r.Evidence = &ProxyEvidence{Request: p}
	case "local_proxy":
		r.Evidence = &LocalProxyEvidence{Found: []LocalProxyTry{{Addr: "127.0.0.1:7890", Works: works, Request: p}}}
	case "dns.reference":
		r.Evidence = &DNSEvidence{RefProof: p}
	}
	return r
}

// with replaces results by id.
func with(base []Result, rs ...Result) []Result {
	out := append([]Result(nil), base...)
	for _, r := range rs {
		for i := range out {
			if out[i].ID == r.ID {
				out[i] = r
			}
		}
	}
	return out
}

func TestDiagnoseRules(t *testing.T) {
	direct := Facts{Direct: true}
	proxied := Facts{Direct: false}
	h := healthyDirect()
	dnsDown := []Result{res("dns.system", Fail, CauseDNSTimeout), res("tcp.ipv4", Skip, ""), res("tcp.ipv6", Skip, ""), res("tls", Skip, ""), res("http.hello", Skip, ""), res("auth", Skip, "")}
	cases := []struct {
		name  string
		facts Facts
		in    []Result
		want  Cause
	}{
		{"healthy", direct, h, CauseOK},
		{"warnings never outrank", direct, with(h, res("config.files", Warn, CauseSettingsInvalid), res("clock", Warn, CauseClockSkew)), CauseOK},
		{"base url first", direct, with(h, res("config.base_url", Fail, CauseBaseURLInvalid), res("tls", Fail, CauseTLSUntrusted)), CauseBaseURLInvalid},
		{"most upstream on the path", direct, with(h, res("dns.system", Fail, CauseDNSNXDomain), res("http.platform", Fail, CauseDNSNXDomain), res("auth", Fail, CauseKeyInvalid)), CauseDNSNXDomain},
		{"proxy bypassed needs the proxy to work", direct, with(h, append(dnsDown, res("config.proxy", Warn, CauseProxyBypassed), proven(res("proxy", Pass, ""), true))...), CauseProxyBypassed},
		{"a tunnel alone proves no bypass", direct, with(h, append(dnsDown, res("config.proxy", Warn, CauseProxyBypassed), res("proxy", Pass, ""))...), CauseDNSTimeout},
		{"bypass with a dead proxy is the direct failure", direct, with(h, append(dnsDown, res("config.proxy", Warn, CauseProxyBypassed), res("proxy", Warn, CauseProxyUnreachable))...), CauseDNSTimeout},
		{"not exported", direct, with(h, proven(res("local_proxy", Warn, CauseProxyNotExported), true), res("tcp.ipv4", Fail, CauseTCPTimeout), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseProxyNotExported},
		{"a local proxy that fails too is evidence", direct, with(h, proven(res("local_proxy", Pass, ""), false), res("tls", Fail, CauseTLSExpired), res("http.hello", Skip, "")), CauseTLSExpired},
		{"a PAC file is a clue, not a proof", direct, with(h, res("local_proxy", Warn, CauseProxyNotExported), res("tcp.ipv4", Fail, CauseTCPTimeout), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseTCPTimeout},
		{"local proxy alone is a warning", direct, with(h, proven(res("local_proxy", Warn, CauseProxyNotExported), true)), CauseOK},
		{"ignored by client", direct, with(h, res("config.proxy", Warn, CauseProxyIgnoredByClient), proven(res("proxy", Pass, ""), true), res("tls", Fail, CauseTLSReset), res("http.hello", Skip, "")), CauseProxyIgnoredByClient},
		{"ignored proxy failing the same way", direct, with(h, res("config.proxy", Warn, CauseProxyIgnoredByClient), proven(res("proxy", Warn, CauseTLSReset), false), res("tls", Fail, CauseTLSReset), res("http.hello", Skip, "")), CauseTLSReset},
		{"clock skew explains expiry", direct, with(h, res("tls", Fail, CauseTLSExpired), res("clock", Warn, CauseClockSkew), res("http.hello", Skip, "")), CauseClockSkew},
		{"expiry without skew", direct, with(h, res("tls", Fail, CauseTLSExpired), res("http.hello", Skip, "")), CauseTLSExpired},
		{"CA file explains untrusted", proxied, with(h, res("proxy", Pass, ""), res("tls", Fail, CauseTLSUntrusted), res("config.ca", Warn, CauseCAFileInvalid), res("http.hello", Skip, "")), CauseCAFileInvalid},
		{"direct failure ignored when proxied", proxied, with(h, res("proxy", Pass, ""), res("tcp.ipv4", Warn, CauseTCPTimeout)), CauseOK},
		{"proxy failure on the route", proxied, with(h, res("proxy", Fail, CauseProxyAuthRequired), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseProxyAuthRequired},
		{"ipv6 that breaks after connecting", direct, with(h, res("tcp.ipv6", Pass, ""), res("tls", Fail, CauseIPv6Broken), res("http.hello", Skip, "")), CauseIPv6Broken},
		{"a dead ipv6 path is a warning", direct, with(h, res("tcp.ipv6", Warn, CauseIPv6Broken)), CauseOK},
		{"outage explains 5xx", direct, with(h, res("auth", Fail, CauseServerError), res("status_page", Warn, CauseServiceOutage)), CauseServiceOutage},
		{"5xx without outage", direct, with(h, res("auth", Fail, CauseOverloaded)), CauseOverloaded},
		{"key hygiene explains 401", direct, with(h, res("config.key", Fail, CauseKeyWrongHeader), res("auth", Fail, CauseKeyInvalid)), CauseKeyWrongHeader},
		{"a gateway's wrong header shows after its 401", direct, with(h, res("config.key", Warn, CauseKeyWrongHeader), res("auth", Fail, CauseKeyInvalid)), CauseKeyWrongHeader},
		{"the server accepting a key outranks its shape", direct, with(h, res("config.key", Fail, CauseKeyMalformed), res("auth", Pass, "")), CauseOK},
		{"plain 401", direct, with(h, res("auth", Fail, CauseKeyInvalid)), CauseKeyInvalid},
		{"missing key", direct, with(h, res("config.key", Fail, CauseKeyMissing), res("auth", Skip, "")), CauseKeyMissing},
		{"region from trace and 403", direct, with(h, res("auth", Fail, CausePermissionDenied), res("region", Warn, CauseRegionBlocked)), CauseRegionBlocked},
		{"platform probe", direct, with(h, res("http.platform", Fail, CauseTLSReset)), CauseTLSReset},
		{"poisoned", direct, with(h, res("dns.reference", Fail, CauseDNSPoisoned), res("tcp.ipv4", Fail, CauseTCPRefused), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseDNSPoisoned},
		{"an odd answer alone proves nothing", direct, with(h, res("dns.system", Warn, CauseDNSPoisoned), res("tcp.ipv4", Fail, CauseTCPRefused), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseTCPRefused},
		{"hosts entry proven", direct, with(h, res("dns.system", Warn, CauseHostsOverride), res("dns.reference", Fail, CauseHostsOverride), res("tcp.ipv4", Fail, CauseTCPRefused), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseHostsOverride},
		{"a hosts entry whose DNS answer fails too", direct, with(h, res("dns.system", Warn, CauseHostsOverride), proven(res("dns.reference", Warn, CauseHostsOverride), false), res("tcp.ipv4", Fail, CauseTCPRefused), res("tls", Skip, ""), res("http.hello", Skip, "")), CauseTCPRefused},
		{"ok needs an answer", direct, with(h, res("http.hello", Warn, CauseMiddleboxResponse), res("auth", NA, "")), CauseMiddleboxResponse},
		{"no answer, no failure: incomplete", direct, with(h, res("http.hello", Skip, ""), res("auth", Skip, "")), CauseIncomplete},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Diagnose(c.in, c.facts)
			if v.Cause != c.want {
				t.Fatalf("verdict %s, want %s (%+v)", v.Cause, c.want, v)
			}
			if c.want == CauseIncomplete {
				if v.Status != VerdictIncomplete {
					t.Fatalf("status %q for an incomplete run", v.Status)
				}
				return
			}
			if (v.Status == "ok") != (c.want == CauseOK) {
				t.Fatalf("status %q for %s", v.Status, v.Cause)
			}
			if c.want != CauseOK && len(v.Evidence) == 0 {
				t.Fatalf("a problem verdict without evidence: %+v", v)
			}
		})
	}
}

// TestVerdictOffersOnlyFixesThatApply: a base URL fix needs a base URL.
func TestVerdictOffersOnlyFixesThatApply(t *testing.T) {
	in := with(healthyDirect(), res("tcp.ipv4", Fail, CauseTCPRefused), res("tls", Skip, ""), res("http.hello", Skip, ""))
	if v := Diagnose(in, Facts{Direct: true}); contains(v.Fixes, FixBaseURL) {
		t.Errorf("base_url.fix offered with no base URL set: %v", v.Fixes)
	}
	if v := Diagnose(in, Facts{Direct: true, BaseURLSet: true}); !contains(v.Fixes, FixBaseURL) {
		t.Errorf("base_url.fix not offered for a set base URL: %v", v.Fixes)
	}
}

// TestAlternativesThatFailAreEvidence: the verdict names the proxy that
// failed the same way, so the person sees why exporting it is no fix.
func TestAlternativesThatFailAreEvidence(t *testing.T) {
	in := with(healthyDirect(), proven(res("local_proxy", Pass, ""), false), res("tls", Fail, CauseTLSExpired), res("http.hello", Skip, ""))
	v := Diagnose(in, Facts{Direct: true})
	if !contains(v.Checks, "local_proxy") {
		t.Errorf("the failed local proxy is not in the evidence: %+v", v)
	}
}

func TestEveryCauseHasCatalogueText(t *testing.T) {
	for _, ci := range Causes() {
		for _, key := range []string{"cause." + string(ci.Cause) + ".meaning", "cause." + string(ci.Cause) + ".action"} {
			if !i18n.Has(key) {
				t.Errorf("%s: no catalogue entry %s", ci.Cause, key)
			}
		}
		if ci.Meaning == "" || ci.Action == "" {
			t.Errorf("%s lacks text", ci.Cause)
		}
	}
}

// TestChineseCausesNameTheSameThings: a cause's Chinese text names the
// same variables, flags and commands as the English one (a reader follows
// either to the same fix), and uses the words people search for.
func TestChineseCausesNameTheSameThings(t *testing.T) {
	names := regexp.MustCompile(`[A-Z][A-Z0-9_]{3,}(=[^\s)）；,，]+)?|--[a-z-]+|https?://[^\s)）；,，]+|sk-ant-[a-z0-9]+-`)
	for _, ci := range Causes() {
		for _, m := range []i18n.M{ci.Cause.Meaning(), ci.Cause.Action()} {
			en, zh := i18n.EN.M(m), i18n.ZH.M(m)
			for _, n := range names.FindAllString(en, -1) {
				n = strings.TrimRight(n, ".")
				if !strings.Contains(zh, n) {
					t.Errorf("%s: the Chinese text lacks %q\n en: %s\n zh: %s", ci.Cause, n, en, zh)
				}
			}
		}
	}
	searched := map[Cause][]string{
		CauseProxyNotExported:  {"终端没走代理", "代理"},
		CauseRegionBlocked:     {"地区限制"},
		CauseTLSUntrusted:      {"证书"},
		CauseProxyUnreachable:  {"代理"},
		CauseProxyAuthRequired: {"代理", "认证"},
		CauseDNSPoisoned:       {"DNS 污染"},
		CauseTLSReset:          {"SNI"},
		CauseKeyInvalid:        {"密钥"},
	}
	for c, words := range searched {
		text := i18n.ZH.M(c.Meaning()) + i18n.ZH.M(c.Action())
		for _, w := range words {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the Chinese text lacks the search word %q: %s", c, w, text)
			}
		}
	}
}
