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
	// Alternatives are other routes to Claude that are open (--routes).
	Alternatives []string `json:"alternatives,omitempty"`
}

// verdictOKNoKey is the ok verdict when authentication was not tested.
const verdictOKNoKey = "verdict.ok_no_key"

// Facts are what Diagnose needs to know besides the results.
type Facts struct {
	Direct        bool // the client's route to the API has no proxy
	HappyEyeballs bool // the client falls back from IPv6 to IPv4
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

// Diagnose picks one root cause from the results: the most upstream
// failure on the route the client really uses, after the rules that need
// two facts at once. Warnings never outrank failures. It does no I/O.
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
		v := Verdict{Cause: c, Status: "problem", Summary: info.Meaning, Action: info.Action, Fixes: c.Fixes(), Warnings: warnings}
		for _, id := range ids {
			if r, ok := by[id]; ok {
				v.Checks = append(v.Checks, id)
				v.Evidence = append(v.Evidence, r.Title+": "+r.Summary)
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

	// Rules that need two facts at once.
	switch {
	case directFailed && is("config.proxy", Warn, CauseProxyBypassed) && is("proxy", Pass, ""):
		return verdict(CauseProxyBypassed, "config.proxy", pathID, "proxy")
	case directFailed && is("config.proxy", Warn, CauseProxyIgnoredByClient):
		return verdict(CauseProxyIgnoredByClient, "config.proxy", pathID)
	case directFailed && is("local_proxy", Warn, CauseProxyNotExported):
		return verdict(CauseProxyNotExported, "local_proxy", pathID)
	case directFailed && dnsCauses[pathCause] && is("wsl", Warn, CauseWSLDNS):
		return verdict(CauseWSLDNS, "wsl", pathID)
	case directFailed && is("wsl", Warn, CauseWSLWindowsProxy):
		return verdict(CauseWSLWindowsProxy, "wsl", pathID)
	case directFailed && is("dns.system", Warn, CauseHostsOverride):
		return verdict(CauseHostsOverride, "dns.system", pathID)
	case directFailed && is("dns.reference", Fail, CauseDNSPoisoned):
		return verdict(CauseDNSPoisoned, "dns.reference", pathID)
	case directFailed && is("dns.system", Warn, CauseDNSPoisoned):
		return verdict(CauseDNSPoisoned, "dns.system", pathID)
	case (pathCause == CauseTLSExpired || pathCause == CauseTLSNotYetValid) && is("clock", Warn, CauseClockSkew):
		return verdict(CauseClockSkew, "clock", pathID)
	case pathCause == CauseTLSUntrusted && is("config.ca", Warn, CauseCAFileInvalid):
		return verdict(CauseCAFileInvalid, "config.ca", pathID)
	}
	if f.Direct && is("tcp.ipv4", Pass, "") && is("tcp.ipv6", Fail, CauseIPv6Broken) {
		return verdict(CauseIPv6Broken, "tcp.ipv6", "tcp.ipv4")
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
		extra := []string{pathID}
		if pathID == "tls" && is("trust", Warn, CauseTLSUntrusted) {
			extra = append(extra, "trust")
		}
		return verdict(pathCause, extra...)
	}

	// The path works: what stands between the client and an answer now is
	// the credential.
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
	if key := by["config.key"]; key.Status == Fail {
		return verdict(key.Cause, "config.key")
	}
	// Anything else that failed, in graph order (the platform probe, say).
	for _, r := range results {
		if r.Status == Fail && r.Cause != "" {
			return verdict(r.Cause, r.ID)
		}
	}
	v := Verdict{Cause: CauseOK, Status: "ok", Summary: CauseOK.Info().Meaning, Warnings: warnings}
	if r, ok := by["auth"]; ok && r.Status == NA {
		v.Summary = i18n.Msg(verdictOKNoKey).String()
	}
	return v
}
