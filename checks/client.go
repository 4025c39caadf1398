package checks

import (
	"encoding/json"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"apidoctor/i18n"
	"apidoctor/redact"
)

// ClientName names a client whose network rules the engine follows.
type ClientName string

// The supported clients.
const (
	ClaudeCode ClientName = "claude-code"
	PythonSDK  ClientName = "python-sdk"
	NodeSDK    ClientName = "node-sdk"
	GoSDK      ClientName = "go-sdk"
	Curl       ClientName = "curl"
)

// ClientNames lists the supported clients, the default first.
func ClientNames() []ClientName { return []ClientName{ClaudeCode, PythonSDK, NodeSDK, GoSDK, Curl} }

// ParseClient validates a --client value; empty means the default.
func ParseClient(s string) (ClientName, error) {
	if s == "" {
		return ClaudeCode, nil
	}
	for _, c := range ClientNames() {
		if string(c) == s {
			return c, nil
		}
	}
	return "", i18n.Errorf("err.unknown_client", s)
}

// Trust names a source of root certificates.
type Trust string

// Trust sources a client starts from.
const (
	TrustSystem  Trust = "system"
	TrustBundled Trust = "bundled" // Mozilla roots shipped with Node or certifi
)

// Profile is a client's network behaviour, as data (FACTS.md).
type Profile struct {
	Name ClientName
	// ProxyVars are read in order for an https:// target; the first set wins.
	ProxyVars []string
	// NoProxyVars are read in order; the first set wins.
	NoProxyVars []string
	// ProxyEnvSwitch, when set, is a variable that must be "1" for the
	// client to honour proxy variables at all (Node's NODE_USE_ENV_PROXY).
	ProxyEnvSwitch string
	// SOCKS reports whether socks5:// proxies work.
	SOCKS bool
	// SkipLoopback mirrors Go's ProxyFromEnvironment, which never proxies
	// localhost or a loopback literal.
	SkipLoopback bool
	// Trust is where the client's roots come from when no variable replaces them.
	Trust []Trust
	// AddCAVars name files whose certificates are added to Trust.
	AddCAVars []string
	// ReplaceCAVars name files that replace Trust entirely (first set wins).
	ReplaceCAVars []string
	// SystemCAVar, when "1", adds the system store (Node's NODE_USE_SYSTEM_CA).
	SystemCAVar string
	// HappyEyeballs reports whether the client falls back between IPv6 and IPv4.
	HappyEyeballs bool
	// ReadsClaudeSettings reports whether Claude Code's settings files apply.
	ReadsClaudeSettings bool
	// NeedsKey reports whether a missing key is a failure (SDKs) rather than
	// a sign the client uses its own login (Claude Code).
	NeedsKey bool
	// FirstRunProbe reports whether the client checks platform.claude.com
	// on first run (Claude Code's "Unable to connect" check).
	FirstRunProbe bool
}

var profiles = map[ClientName]Profile{
	ClaudeCode: {
		Name:                ClaudeCode,
		ProxyVars:           []string{"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"},
		NoProxyVars:         []string{"no_proxy", "NO_PROXY"},
		Trust:               []Trust{TrustBundled, TrustSystem},
		AddCAVars:           []string{"NODE_EXTRA_CA_CERTS"},
		ReadsClaudeSettings: true,
		FirstRunProbe:       true,
	},
	NodeSDK: {
		Name:           NodeSDK,
		ProxyVars:      []string{"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"},
		NoProxyVars:    []string{"no_proxy", "NO_PROXY"},
		ProxyEnvSwitch: "NODE_USE_ENV_PROXY",
		Trust:          []Trust{TrustBundled},
		AddCAVars:      []string{"NODE_EXTRA_CA_CERTS"},
		SystemCAVar:    "NODE_USE_SYSTEM_CA",
		NeedsKey:       true,
	},
	PythonSDK: {
		Name:          PythonSDK,
		ProxyVars:     []string{"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"},
		NoProxyVars:   []string{"no_proxy", "NO_PROXY"},
		SOCKS:         true,
		Trust:         []Trust{TrustBundled},
		ReplaceCAVars: []string{"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"},
		HappyEyeballs: true,
		NeedsKey:      true,
	},
	GoSDK: {
		Name:          GoSDK,
		ProxyVars:     []string{"HTTPS_PROXY", "https_proxy"},
		NoProxyVars:   []string{"NO_PROXY", "no_proxy"},
		SOCKS:         true,
		SkipLoopback:  true,
		Trust:         []Trust{TrustSystem},
		ReplaceCAVars: []string{"SSL_CERT_FILE"},
		HappyEyeballs: true,
		NeedsKey:      true,
	},
	Curl: {
		Name:          Curl,
		ProxyVars:     []string{"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"},
		NoProxyVars:   []string{"no_proxy", "NO_PROXY"},
		SOCKS:         true,
		Trust:         []Trust{TrustSystem},
		ReplaceCAVars: []string{"CURL_CA_BUNDLE", "SSL_CERT_FILE"},
		HappyEyeballs: true,
		NeedsKey:      false,
	},
}

// ProfileOf returns the profile of a client (Claude Code's for an unknown name).
func ProfileOf(c ClientName) Profile {
	if p, ok := profiles[c]; ok {
		return p
	}
	return profiles[ClaudeCode]
}

// Route is how the client's bytes travel to one URL.
type Route struct {
	// Proxy is the proxy in use; nil means direct.
	Proxy *url.URL `json:"-"`
	// ProxyVar names the variable the proxy came from.
	ProxyVar string `json:"proxy_var,omitempty"`
	// ProxyDisplay is the proxy URL with the password masked.
	ProxyDisplay string `json:"proxy,omitempty"`
	// Bypassed is set when a proxy was configured but NO_PROXY matched.
	Bypassed   bool   `json:"bypassed,omitempty"`
	BypassRule string `json:"bypass_rule,omitempty"`
	// Configured is the proxy that would apply but for NO_PROXY or the
	// client ignoring it (what alternate-route checks test).
	Configured *url.URL `json:"-"`
	// Ignored explains why a set proxy variable is not used by this client
	// (in English; IgnoredMsg translates).
	Ignored    string `json:"ignored,omitempty"`
	IgnoredMsg i18n.M `json:"-"`
	// Err is set when the chosen proxy cannot be used at all; ErrCause says why.
	Err      error `json:"-"`
	ErrCause Cause `json:"-"`
}

// BypassLoopback is the BypassRule of a loopback target, which Go clients
// never send through a proxy.
const BypassLoopback = "loopback"

// Direct reports whether the route goes straight to the host.
func (r Route) Direct() bool { return r.Proxy == nil }

// String describes the route for a person.
func (r Route) String() string {
	if r.Proxy == nil {
		return "direct"
	}
	return "via " + r.ProxyDisplay
}

// RouteFor decides, with the client's rules, how it would reach target.
func (p Profile) RouteFor(s *Settings, target *url.URL) Route {
	var r Route
	name, raw := firstSet(s, p.ProxyVars)
	if raw == "" {
		// A proxy only in a variable this client does not read is worth saying.
		for _, v := range []string{"HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"} {
			if s.Get(v) != "" && !contains(p.ProxyVars, v) {
				r.IgnoredMsg = i18n.Msg("route.ignored_var", v, p.Name)
				r.Ignored = r.IgnoredMsg.String()
				r.Configured, _ = ParseProxyURL(s.Get(v))
				r.ProxyVar = v
				break
			}
		}
		return r
	}
	u, err := ParseProxyURL(raw)
	r.ProxyVar = name
	if err != nil {
		r.Err, r.ErrCause = err, CauseProxyMalformed
		return r
	}
	if p.ProxyEnvSwitch != "" && s.Get(p.ProxyEnvSwitch) != "1" {
		r.IgnoredMsg = i18n.Msg("route.ignored_switch", p.Name, p.ProxyEnvSwitch)
		r.Ignored = r.IgnoredMsg.String()
		r.Configured = u
		return r
	}
	if isSOCKS(u) && !p.SOCKS {
		r.Err, r.ErrCause = i18n.Errorf("err.no_socks", p.Name, name, displayURL(u)), CauseProxyScheme
		r.Configured = u
		return r
	}
	host := target.Hostname()
	if p.SkipLoopback && isLoopbackName(host) {
		r.Configured = u
		r.Bypassed, r.BypassRule = true, BypassLoopback
		return r
	}
	if nvar, list := firstSet(s, p.NoProxyVars); list != "" {
		if rule, ok := MatchNoProxy(list, host, target.Port()); ok {
			r.Configured = u
			r.Bypassed, r.BypassRule = true, nvar+"="+rule
			return r
		}
	}
	r.Proxy, r.Configured, r.ProxyDisplay = u, u, displayURL(u)
	return r
}

func firstSet(s *Settings, names []string) (string, string) {
	for _, n := range names {
		if v := strings.TrimSpace(s.Get(n)); v != "" {
			return n, v
		}
	}
	return "", ""
}

// ParseProxyURL parses a proxy variable. A value without a scheme is an
// error: clients disagree on what it means.
func ParseProxyURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		return nil, i18n.Errorf("err.proxy_no_scheme", displayRaw(raw))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, i18n.Errorf("err.proxy_parse", strings.ReplaceAll(err.Error(), raw, displayRaw(raw)))
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h", "socks4", "socks":
	default:
		return nil, i18n.Errorf("err.proxy_scheme", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, i18n.Errorf("err.proxy_no_host", displayRaw(raw))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, i18n.Errorf("err.proxy_port", p)
		}
	}
	return u, nil
}

// proxyHostPort returns host:port of a proxy URL, with the scheme's default port.
func proxyHostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch u.Scheme {
		case "https":
			port = "443"
		case "socks5", "socks5h", "socks4", "socks":
			port = "1080"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func isSOCKS(u *url.URL) bool { return strings.HasPrefix(u.Scheme, "socks") }

func isLoopbackName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

func displayURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	return displayRaw(u.String())
}

func displayRaw(s string) string { return redact.URL(s) }

// proxyPassword returns the password in a proxy URL, if any.
func proxyPassword(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// MarshalJSON adds the route's kind (direct or proxy).
func (r Route) MarshalJSON() ([]byte, error) {
	type plain Route
	kind := "direct"
	if r.Proxy != nil {
		kind = "proxy"
	}
	return json.Marshal(struct {
		Kind string `json:"kind"`
		plain
	}{kind, plain(r)})
}
