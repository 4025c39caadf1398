package checks

import "apidoctor/i18n"

// Verdict is the one root cause of a run.
type Verdict struct {
	Cause    Cause    `json:"cause"`
	Status   string   `json:"status"` // ok or problem
	Summary  string   `json:"summary"`
	Action   string   `json:"action,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Fixes    []string `json:"fixes,omitempty"`
	// Checks names the results the verdict rests on.
	Checks   []string `json:"checks,omitempty"`
	Warnings int      `json:"warnings,omitempty"`
	// ActionMsg is Action as a message to translate, when the case at hand
	// has advice of its own (in place of the cause's general action).
	ActionMsg i18n.M `json:"-"`
	// Alternatives are other routes to Claude that are open (--routes).
	Alternatives []string `json:"alternatives,omitempty"`
	// Unfinished names the checks that did not finish (an incomplete run).
	Unfinished []string `json:"unfinished,omitempty"`
}

// verdictOKNoKey is the ok verdict when authentication was not tested.
const verdictOKNoKey = "verdict.ok_no_key"

// Facts are what Diagnose needs to know besides the results.
type Facts struct {
	Direct        bool // the client's route to the API has no proxy
	HappyEyeballs bool // the client falls back from IPv6 to IPv4
	BaseURLSet    bool // ANTHROPIC_BASE_URL was set (not the default)
}

// connectionCauses are failures of getting bytes to the API at all.
var connectionCauses = map[Cause]bool{
	CauseDNSNXDomain: true, CauseDNSTimeout: true, CauseDNSFailure: true,
	CauseTCPRefused: true, CauseTCPTimeout: true, CauseNetUnreachable: true,
	CauseTLSReset: true, CauseTLSTimeout: true, CauseTLSProtocol: true, CauseTLSUntrusted: true,
	CauseTLSHostnameMismatch: true, CauseTLSExpired: true, CauseTLSNotYetValid: true,
	CauseTimeout: true, CauseMiddleboxResponse: true, CauseRegionBlocked: true, CauseEdgeChallenge: true,
}

// dnsCauses are failures of the system resolver itself.
var dnsCauses = map[Cause]bool{CauseDNSTimeout: true, CauseDNSFailure: true}

// serverCauses are failures an outage explains.
var serverCauses = map[Cause]bool{
	CauseServerError: true, CauseOverloaded: true, CauseTimeout: true, CauseTCPTimeout: true, CauseTLSTimeout: true,
}

// Diagnose picks one root cause from the results. A cause is named only
// when the evidence proves it: the first failure on the route the client
// really uses, unless an alternative (a proxy the client does not use,
// another address for the host, the other variable) carried the client's
// whole request to a genuine API answer; then the configuration that
// kept the client off that alternative is the cause. An alternative that
// fails too is evidence for the path's own cause. ok needs a genuine API
// answer on the client's route. Warnings never outrank failures. It does
// no I/O.
func Diagnose(results []Result, f Facts) Verdict {
	by := map[string]Result{}
	warnings := 0
	for _, r := range results {
		by[r.ID] = r
		if r.Status == Warn {
			warnings++
		}
	}
	is := func(id string, st Status, c Cause) bool {
		r, ok := by[id]
		return ok && r.Status == st && (c == "" || r.Cause == c)
	}
	verdict := func(c Cause, ids ...string) Verdict {
		info := c.Info()
		v := Verdict{Cause: c, Status: "problem", Summary: info.Meaning, Action: info.Action, Fixes: fixesFor(c, f), Warnings: warnings}
		for i, id := range ids {
			r, ok := by[id]
			if !ok || contains(v.Checks, id) {
				continue
			}
			v.Checks = append(v.Checks, id)
			v.Evidence = append(v.Evidence, r.Title+": "+r.Summary)
			if i == 0 && r.Cause == c && !r.Advice.IsZero() {
				v.ActionMsg, v.Action = r.Advice, r.Advice.String()
			}
		}
		return v
	}

	// Settings that make every request wrong come first.
	for _, id := range []string{"config.base_url", "config.proxy"} {
		if r := by[id]; r.Status == Fail {
			return verdict(r.Cause, id)
		}
	}

	// The first failure on the client's route.
	route := []string{"proxy", "tls", "http.hello"}
	if f.Direct {
		route = []string{"dns.system", "tcp", "tls", "http.hello"}
	}
	pathID := ""
	var pathCause Cause
	for _, id := range route {
		if id == "tcp" {
			v4, v6 := by["tcp.ipv4"], by["tcp.ipv6"]
			if v4.Status == Pass || v6.Status == Pass || (v4.Status != Fail && v6.Status != Fail) {
				continue
			}
			pathID = "tcp.ipv4"
			if v4.Status != Fail {
				pathID = "tcp.ipv6"
			}
		} else if by[id].Status != Fail {
			continue
		} else {
			pathID = id
		}
		pathCause = by[pathID].Cause
		break
	}
	directFailed := f.Direct && pathID != "" && connectionCauses[pathCause]

	// Claims about an alternative path: each holds only when that path
	// carried the client's request to a genuine answer.
	proxyProven := func() bool {
		ev, _ := by["proxy"].Evidence.(*ProxyEvidence)
		return is("proxy", Pass, "") && ev != nil && ev.Request != nil && ev.Request.Works
	}
	localProven := func() bool {
		ev, _ := by["local_proxy"].Evidence.(*LocalProxyEvidence)
		return is("local_proxy", Warn, CauseProxyNotExported) && ev != nil && ev.Proven()
	}
	wslProven := func() bool {
		ev, _ := by["wsl"].Evidence.(*WSLEvidence)
		return is("wsl", Warn, CauseWSLWindowsProxy) && ev.WorkingProxy() != ""
	}
	switch {
	case directFailed && is("config.proxy", Warn, CauseProxyBypassed) && proxyProven():
		return verdict(CauseProxyBypassed, "config.proxy", pathID, "proxy")
	case directFailed && is("config.proxy", Warn, CauseProxyIgnoredByClient) && proxyProven():
		return verdict(CauseProxyIgnoredByClient, "config.proxy", pathID, "proxy")
	case directFailed && is("dns.reference", Fail, CauseHostsOverride):
		return verdict(CauseHostsOverride, "dns.reference", "dns.system", pathID)
	case directFailed && is("dns.reference", Fail, CauseDNSPoisoned):
		return verdict(CauseDNSPoisoned, "dns.reference", pathID)
	case directFailed && dnsCauses[pathCause] && is("wsl", Warn, CauseWSLDNS):
		return verdict(CauseWSLDNS, "wsl", pathID)
	case directFailed && wslProven():
		return verdict(CauseWSLWindowsProxy, "wsl", pathID)
	case directFailed && localProven():
		return verdict(CauseProxyNotExported, "local_proxy", pathID)
	case (pathCause == CauseTLSExpired || pathCause == CauseTLSNotYetValid) && is("clock", Warn, CauseClockSkew):
		return verdict(CauseClockSkew, "clock", pathID)
	case pathCause == CauseTLSUntrusted && is("config.ca", Warn, CauseCAFileInvalid):
		return verdict(CauseCAFileInvalid, "config.ca", pathID)
	}
	outage := func(c Cause, id string) (Verdict, bool) {
		if serverCauses[c] && is("status_page", Warn, CauseServiceOutage) {
			if ev, ok := by["status_page"].Evidence.(*StatusEvidence); !ok || ev.APIDown() {
				return verdict(CauseServiceOutage, "status_page", id), true
			}
		}
		return Verdict{}, false
	}
	if pathID != "" {
		if v, ok := outage(pathCause, pathID); ok {
			return v
		}
		if pathCause == CausePermissionDenied && is("region", Warn, CauseRegionBlocked) {
			return verdict(CauseRegionBlocked, pathID, "region")
		}
		ids := []string{pathID}
		if pathID == "tls" && is("trust", Warn, CauseTLSUntrusted) {
			ids = append(ids, "trust")
		}
		// The alternatives that were tried and failed too are evidence
		// that the advice to use them would change nothing.
		if directFailed {
			ids = append(ids, triedAlternatives(by)...)
		}
		return verdict(pathCause, ids...)
	}

	// The path works: what stands between the client and an answer now is
	// the credential. Its shape decides before the server's 401 does.
	if auth := by["auth"]; auth.Status == Fail {
		if auth.Cause == CauseKeyInvalid && by["config.key"].Status != Pass && by["config.key"].Cause != "" {
			return verdict(by["config.key"].Cause, "config.key", "auth")
		}
		if v, ok := outage(auth.Cause, "auth"); ok {
			return v
		}
		if auth.Cause == CausePermissionDenied && is("region", Warn, CauseRegionBlocked) {
			return verdict(CauseRegionBlocked, "auth", "region")
		}
		return verdict(auth.Cause, "auth")
	}
	if key := by["config.key"]; key.Status == Fail && by["auth"].Status != Pass {
		return verdict(key.Cause, "config.key", "auth")
	}
	// Anything else that failed, in graph order (the platform probe, say).
	for _, r := range results {
		if r.ID == "config.key" {
			continue // the server accepted it: its shape was no obstacle
		}
		if (r.ID == "tcp.ipv4" && by["tcp.ipv6"].Status == Pass) || (r.ID == "tcp.ipv6" && by["tcp.ipv4"].Status == Pass) {
			continue // the client's race took the other family
		}
		if r.Status == Fail && r.Cause != "" {
			return verdict(r.Cause, r.ID)
		}
	}
	// No failure: ok still needs a genuine answer on the client's route
	// (a re-check limited to other checks leaves the request not applicable).
	hello, auth := by["http.hello"], by["auth"]
	switch {
	case answered(hello), auth.Status == Pass, hello.Status == NA:
	case hello.Status == Warn && hello.Cause != "":
		return verdict(hello.Cause, "http.hello")
	default:
		return Verdict{Cause: CauseIncomplete, Status: VerdictIncomplete, Summary: CauseIncomplete.Info().Meaning,
			Action: CauseIncomplete.Info().Action, Checks: []string{"http.hello"}, Unfinished: []string{"http.hello"}, Warnings: warnings}
	}
	v := Verdict{Cause: CauseOK, Status: "ok", Summary: CauseOK.Info().Meaning, Warnings: warnings}
	if noKeyTested(by["auth"]) {
		v.Summary = i18n.Msg(verdictOKNoKey).String()
	}
	return v
}

// noKeyTested reports an ok run whose credential was not tested because
// none was set (not because a re-check left authentication out).
func noKeyTested(auth Result) bool {
	return auth.Status == NA && auth.Msg.Key != "engine.not_rerun"
}

// triedAlternatives names the checks whose alternative path was tried for
// the client's request and failed too.
func triedAlternatives(by map[string]Result) []string {
	var ids []string
	if ev, ok := by["local_proxy"].Evidence.(*LocalProxyEvidence); ok && ev.firstTry() != nil && !ev.Proven() {
		ids = append(ids, "local_proxy")
	}
	if ev, ok := by["proxy"].Evidence.(*ProxyEvidence); ok && !ev.OnRoute && by["proxy"].Status != Pass {
		ids = append(ids, "proxy")
	}
	if ev, ok := by["dns.reference"].Evidence.(*DNSEvidence); ok && ev.RefProof != nil && by["dns.reference"].Status != Fail {
		ids = append(ids, "dns.reference")
	}
	if ev, ok := by["wsl"].Evidence.(*WSLEvidence); ok && ev.WindowsTry != nil && !ev.WindowsTry.Works {
		ids = append(ids, "wsl")
	}
	return ids
}

// fixesFor lists the guided fixes that can change the failing fact: a
// base URL fix needs a base URL someone set.
func fixesFor(c Cause, f Facts) []string {
	var out []string
	for _, fix := range c.Fixes() {
		if fix == FixBaseURL && !f.BaseURLSet {
			continue
		}
		out = append(out, fix)
	}
	return out
}
