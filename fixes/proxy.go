package fixes

import (
	"strings"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// proxyVars are the variables proxy.edit manages, in both cases.
var proxyPairs = [][2]string{{"HTTPS_PROXY", "https_proxy"}, {"HTTP_PROXY", "http_proxy"}, {"NO_PROXY", "no_proxy"}}

// SuggestProxy works out the proxy variables that would fix what was
// found, with a sentence saying why.
func SuggestProxy(rep *checks.Report) (map[string]*string, i18n.M) {
	both := func(vars map[string]*string, name string, v *string) {
		for _, p := range proxyPairs {
			if p[0] == name {
				vars[p[0]], vars[p[1]] = v, v
			}
		}
	}
	vars := map[string]*string{}
	route := rep.Route
	switch rep.Verdict.Cause {
	case checks.CauseProxyNotExported, checks.CauseTCPTimeout, checks.CauseTLSReset, checks.CauseDNSPoisoned:
		if ev, ok := result(rep, "local_proxy").Evidence.(*checks.LocalProxyEvidence); ok {
			addr := ""
			for _, f := range ev.Found {
				if f.Works {
					addr = f.Addr
					break
				}
			}
			if addr == "" && ev.OSTry != nil && ev.OSTry.Works {
				addr = ev.OS.Addr()
			}
			if addr != "" {
				u := "http://" + addr
				both(vars, "HTTPS_PROXY", &u)
				both(vars, "HTTP_PROXY", &u)
				return vars, i18n.Msg("fixwhy.proxy_found", addr)
			}
		}
	case checks.CauseWSLWindowsProxy:
		ev, _ := result(rep, "wsl").Evidence.(*checks.WSLEvidence)
		if addr := ev.WorkingProxy(); addr != "" {
			u := "http://" + addr
			both(vars, "HTTPS_PROXY", &u)
			both(vars, "HTTP_PROXY", &u)
			return vars, i18n.Msg("fixwhy.proxy_wsl", ev.WindowsProxy.Addr(), addr)
		}
	case checks.CauseProxyBypassed:
		rule := route.BypassRule
		name, entry, _ := strings.Cut(rule, "=")
		if cur, ok := setting(rep, name); ok {
			var keep []string
			for _, e := range strings.FieldsFunc(cur.Raw, func(r rune) bool { return r == ',' || r == ' ' }) {
				if e != entry {
					keep = append(keep, e)
				}
			}
			v := strings.Join(keep, ",")
			var p *string
			if v != "" {
				p = &v
			}
			both(vars, "NO_PROXY", p)
			return vars, i18n.Msg("fixwhy.proxy_no_proxy", entry)
		}
	case checks.CauseProxyIgnoredByClient:
		if checks.ProfileOf(rep.Client).ProxyEnvSwitch != "" {
			vars[checks.ProfileOf(rep.Client).ProxyEnvSwitch] = str("1")
			return vars, i18n.Msg("fixwhy.proxy_node")
		}
		if cur, ok := setting(rep, route.ProxyVar); ok {
			if u, err := checks.ParseProxyURL(cur.Raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
				v := u.String()
				both(vars, "HTTPS_PROXY", &v)
				return vars, i18n.Msg("fixwhy.proxy_var", route.ProxyVar, string(rep.Client))
			}
		}
	case checks.CauseProxyMalformed, checks.CauseProxyScheme:
		if cur, ok := setting(rep, route.ProxyVar); ok {
			raw := strings.TrimSpace(cur.Raw)
			if !strings.Contains(raw, "://") {
				raw = "http://" + raw
			}
			if u, err := checks.ParseProxyURL(raw); err == nil {
				u.Scheme = "http" // an https:// or socks:// value for an HTTP proxy
				v := u.String()
				both(vars, "HTTPS_PROXY", &v)
				return vars, i18n.Msg("fixwhy.proxy_scheme")
			}
		}
	case checks.CauseProxyUnreachable:
		if result(rep, "tcp.ipv4").Status == checks.Warn || result(rep, "tcp.ipv4").Status == checks.Pass {
			if ev, ok := result(rep, "tcp.ipv4").Evidence.(*checks.TCPEvidence); ok && ev.Attempts[0].OK {
				both(vars, "HTTPS_PROXY", nil)
				both(vars, "HTTP_PROXY", nil)
				return vars, i18n.Msg("fixwhy.proxy_dead")
			}
		}
	}
	// Make the two cases agree: on the value the client uses now, or, when
	// that proxy is the problem, on the other one.
	proxyFailed := map[checks.Cause]bool{checks.CauseProxyUnreachable: true, checks.CauseProxyAuthRequired: true, checks.CauseProxyRefusedTarget: true}[rep.Verdict.Cause]
	for _, p := range proxyPairs {
		lo, lok := setting(rep, p[1])
		up, uok := setting(rep, p[0])
		if lok && uok && strings.TrimSpace(lo.Raw) != strings.TrimSpace(up.Raw) {
			used, other := lo.Raw, up.Raw
			if route.ProxyVar == p[0] {
				used, other = up.Raw, lo.Raw
			}
			v := used
			if proxyFailed && (route.ProxyVar == p[0] || route.ProxyVar == p[1]) {
				v = other
			}
			both(vars, p[0], &v)
		}
	}
	if len(vars) > 0 {
		return vars, i18n.Msg("fixwhy.proxy_case")
	}
	return vars, i18n.M{}
}

// bothCases extends the person's values to the other case of each proxy
// name they set one case of: Claude Code and most tools read the lower
// case first, so a value given for HTTPS_PROXY alone would lose to a
// suggested or stale https_proxy. Both cases given are kept as given.
func bothCases(set map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range set {
		out[k] = v
	}
	for _, p := range proxyPairs {
		up, hasUp := set[p[0]]
		lo, hasLo := set[p[1]]
		switch {
		case hasUp && !hasLo:
			out[p[1]] = up
		case hasLo && !hasUp:
			out[p[0]] = lo
		}
	}
	return out
}

func buildProxy(c Context, p Params) (*Plan, error) {
	vars, why := SuggestProxy(c.Report)
	vars = overrides(vars, bothCases(p.Set))
	prof := checks.ProfileOf(c.Report.Client)
	for k, v := range vars {
		lk := strings.ToLower(k)
		if v == nil || lk == "no_proxy" || lk == "node_use_env_proxy" {
			continue
		}
		u, err := checks.ParseProxyURL(*v)
		if err != nil {
			return nil, i18n.Errorf("fixerr.proxy_value", k, err)
		}
		if !prof.Speaks(u.Scheme) {
			return nil, i18n.Errorf("fixerr.proxy_scheme", k, string(prof.Name), u.Scheme, strings.Join(prof.ProxySchemes, ", "))
		}
	}
	if len(vars) == 0 {
		return nil, i18n.Errorf("fixerr.proxy_nothing")
	}
	if why.IsZero() {
		why = i18n.Msg("fixwhy.proxy_given")
	}
	plan := &Plan{Fix: checks.FixProxyEdit, Title: Title(checks.FixProxyEdit), WhyMsg: why, Target: p.Target}
	if err := c.setVars(plan, vars); err != nil {
		return nil, err
	}
	return plan, nil
}
