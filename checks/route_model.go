package checks

import (
	"net/url"
	"strings"

	"apidoctor/i18n"
)

// SchemeHandling is what a client does with a proxy URL whose scheme it
// does not speak.
type SchemeHandling string

// The ways clients handle a scheme they do not speak.
const (
	// SchemeRefused: the client fails (Claude Code, httpx, curl).
	SchemeRefused SchemeHandling = "refused"
	// SchemeAsHTTP: the client sends HTTP CONNECT to the proxy's host and
	// port (undici's ProxyAgent, Go's Transport).
	SchemeAsHTTP SchemeHandling = "as-http"
)

// Speaks reports whether the client uses a proxy of this scheme as the
// scheme says.
func (p Profile) Speaks(scheme string) bool { return contains(p.ProxySchemes, scheme) }

// refusal is the client's failure on a proxy scheme it refuses, in its
// own words.
func (p Profile) refusal(name string, u *url.URL) error {
	key := "route.scheme_refused"
	if p.RefusesAtStart {
		key = "route.scheme_refused_start"
	}
	return i18n.Errorf(key, p.Name, name, displayURL(u), u.Scheme, p.RefusalWords)
}

// asHTTP routes through the proxy's host and port as an HTTP proxy, as
// undici and Go do with a scheme they do not speak, and says so. The
// proxy check tests that proxy, as the client will use it.
func (r *Route) asHTTP(p Profile, name string, u *url.URL) {
	h := *u
	h.Scheme = "http"
	r.Proxy, r.Configured, r.ProxyDisplay, r.AsHTTP = &h, &h, displayURL(&h), true
	r.NoteMsg = i18n.Msg("route.scheme_as_http", p.Name, name, displayURL(u), u.Scheme, proxyHostPort(&h))
	r.Note = r.NoteMsg.String()
}

// startupProxies checks the proxy URLs the client builds when it starts,
// whatever the target (the SDK mounts httpx transports for http://,
// https:// and all://): one it cannot parse or refuses stops it. Each
// mount's value is read as urllib does (pick with EmptyHides), and one
// without a scheme gets http:// (the SDK's get_environment_proxies).
func (p Profile) startupProxies(s *Settings) (Cause, error) {
	for _, names := range p.StartupProxyVars {
		name, raw, _, _ := p.pick(s, names)
		v := strings.TrimSpace(raw)
		if v == "" {
			continue
		}
		if !strings.Contains(v, "://") {
			v = "http://" + v
		}
		if u, err := url.Parse(v); err == nil && u.Scheme != "" && !p.Speaks(u.Scheme) {
			return CauseProxyScheme, p.refusal(name, u)
		}
		if _, err := ParseProxyURL(v); err != nil {
			return CauseProxyMalformed, i18n.Errorf("route.start_malformed", p.Name, name, err)
		}
	}
	return "", nil
}

// hasStarEntry reports whether a comma-separated NO_PROXY list holds "*"
// as one of its entries (httpx's reading).
func hasStarEntry(list string) bool {
	for _, e := range strings.Split(list, ",") {
		if strings.TrimSpace(e) == "*" {
			return true
		}
	}
	return false
}

// starBypass is the route of a client that builds no proxy at all
// because its NO_PROXY holds "*": direct, with the proxy variable it
// would have used shown as bypassed when one is set. Its URL is kept for
// the proxy check only when the client could have used it.
func (r *Route) starBypass(p Profile, s *Settings, nvar string) {
	name, raw, _, _ := p.pick(s, p.ProxyVars)
	if raw == "" {
		return
	}
	r.ProxyVar = name
	r.Bypassed, r.BypassRule = true, nvar+"=*"
	if u, err := ParseProxyURL(raw); err == nil && p.Speaks(u.Scheme) {
		r.Configured = u
	}
}
