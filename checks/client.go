package checks

import (
	"encoding/json"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

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

// Profile is a client's network behaviour, as data; docs/clients.md gives
// the source of each proxy rule.
type Profile struct {
	Name ClientName
	// ProxyVars are read in order for an https:// target; the first set wins.
	ProxyVars []string
	// NoProxyVars are read in order; the first set wins.
	NoProxyVars []string
	// EmptyHides reports whether an empty variable still counts as set, and
	// so hides its other-case twin (Python's urllib, undici's "??").
	EmptyHides bool
	// NoProxy applies the client's own NO_PROXY rules (noproxy.go).
	NoProxy NoProxyFunc
	// ProxyEnvSwitch, when set, is a variable that must be "1" for the
	// client to honour proxy variables at all (Node's NODE_USE_ENV_PROXY).
	ProxyEnvSwitch string
	// ProxySchemes are the proxy URL schemes the client speaks as their
	// names say; OtherScheme is what it does with any other.
	ProxySchemes []string
	OtherScheme  SchemeHandling
	// StartupProxyVars are the proxy variables the client turns into
	// proxies when it starts, whatever the target, as pairs read like
	// ProxyVars (httpx's mounts); a value it refuses stops it.
	StartupProxyVars [][]string
	// RefusalWords are the client's own words when it refuses a scheme;
	// RefusesAtStart, that the refusal stops the client from starting
	// (httpx builds every proxy when the client is made).
	RefusalWords   string
	RefusesAtStart bool
	// SOCKSSkipVars name variables whose SOCKS value the client passes
	// over silently, going direct, instead of failing (Claude Code's
	// ALL_PROXY).
	SOCKSSkipVars []string
	// Trust is where the client's roots come from when no variable replaces them.
	Trust []Trust
	// Roots is how the client's CA variables change Trust (trust_model.go).
	Roots RootsRule
	// AddCAVars name files whose certificates are added to Trust.
	AddCAVars []string
	// ReplaceCAVars name the variables that replace Trust, the file a
	// fix writes first (Roots says how they combine).
	ReplaceCAVars []string
	// SystemCAVar, when "1", adds the system store (Node's NODE_USE_SYSTEM_CA).
	SystemCAVar string
	// Race is how the client tries IPv6 and IPv4 (race.go).
	Race FamilyRace
	// Timeout is how long the client waits for an answer (0: no limit of
	// its own); TimeoutVar, in milliseconds, overrides it.
	Timeout    time.Duration
	TimeoutVar string
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
		Name: ClaudeCode,
		// ALL_PROXY only when none of the four is set; a SOCKS one is skipped.
		ProxyVars:           []string{"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"},
		NoProxyVars:         []string{"no_proxy", "NO_PROXY"},
		NoProxy:             claudeNoProxy,
		SOCKSSkipVars:       []string{"all_proxy", "ALL_PROXY"},
		ProxySchemes:        []string{"http", "https"},
		OtherScheme:         SchemeRefused,
		RefusalWords:        "UnsupportedProxyProtocol", // observed, 2.1.332
		Trust:               []Trust{TrustBundled, TrustSystem},
		Roots:               RootsClaudeCode,
		AddCAVars:           []string{"NODE_EXTRA_CA_CERTS"},
		ReadsClaudeSettings: true,
		FirstRunProbe:       true,
		Race:                FamilyRace{Delay: 300 * time.Millisecond}, // not documented
		Timeout:             DefaultClientTimeout,
		TimeoutVar:          "API_TIMEOUT_MS",
	},
	NodeSDK: {
		Name: NodeSDK,
		// undici's EnvHttpProxyAgent: an https target falls back to http_proxy.
		ProxyVars:      []string{"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"},
		NoProxyVars:    []string{"no_proxy", "NO_PROXY"},
		EmptyHides:     true,
		NoProxy:        undiciNoProxy,
		ProxyEnvSwitch: "NODE_USE_ENV_PROXY",
		// undici's ProxyAgent: socks5:// and socks:// since 7.23; any
		// other scheme, socks5h:// included, is an HTTP proxy to it.
		ProxySchemes: []string{"http", "https", "socks5", "socks"},
		OtherScheme:  SchemeAsHTTP,
		Trust:        []Trust{TrustBundled},
		Roots:        RootsNode,
		AddCAVars:    []string{"NODE_EXTRA_CA_CERTS"},
		SystemCAVar:  "NODE_USE_SYSTEM_CA",
		Race:         FamilyRace{Delay: 250 * time.Millisecond, Abandon: true, ResolverFirst: true}, // autoSelectFamilyAttemptTimeout
		Timeout:      UndiciHeadersTimeout,                                                          // before the SDK's own 600 s
		NeedsKey:     true,
	},
	PythonSDK: {
		Name: PythonSDK,
		// urllib's getproxies, as httpx mounts it: https://, then all://.
		ProxyVars:   []string{"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"},
		NoProxyVars: []string{"no_proxy", "NO_PROXY"},
		EmptyHides:  true,
		NoProxy:     httpxNoProxy,
		// httpx's Proxy: SOCKS with the socksio extra installed.
		ProxySchemes:   []string{"http", "https", "socks5", "socks5h"},
		OtherScheme:    SchemeRefused,
		RefusalWords:   "Unknown scheme for proxy URL",
		RefusesAtStart: true,
		// _DefaultHttpxClient mounts http://, https:// and all://.
		StartupProxyVars: [][]string{{"http_proxy", "HTTP_PROXY"}, {"https_proxy", "HTTPS_PROXY"}, {"all_proxy", "ALL_PROXY"}},
		Trust:            []Trust{TrustBundled}, // certifi
		Roots:            RootsHTTPX,
		ReplaceCAVars:    []string{"SSL_CERT_FILE", "SSL_CERT_DIR"},
		Race:             FamilyRace{}, // socket.create_connection: 5 s per address
		Timeout:          DefaultClientTimeout,
		NeedsKey:         true,
	},
	GoSDK: {
		Name: GoSDK,
		// net/http's ProxyFromEnvironment: upper case first, no ALL_PROXY.
		ProxyVars:   []string{"HTTPS_PROXY", "https_proxy"},
		NoProxyVars: []string{"NO_PROXY", "no_proxy"},
		NoProxy:     goNoProxy,
		// net/http's Transport: any other scheme is an HTTP proxy.
		ProxySchemes:  []string{"http", "https", "socks5", "socks5h"},
		OtherScheme:   SchemeAsHTTP,
		Trust:         []Trust{TrustSystem},
		Roots:         RootsGo,
		ReplaceCAVars: []string{"SSL_CERT_FILE", "SSL_CERT_DIR"},
		Race:          FamilyRace{Delay: 300 * time.Millisecond, ResolverFirst: true}, // net.Dialer FallbackDelay
		Timeout:       DefaultClientTimeout,
		NeedsKey:      true,
	},
	Curl: {
		Name:        Curl,
		ProxyVars:   []string{"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"},
		NoProxyVars: []string{"no_proxy", "NO_PROXY"},
		NoProxy:     curlNoProxy,
		// peer.c: socks:// is SOCKS4; any other scheme is refused.
		ProxySchemes:  []string{"http", "https", "socks4", "socks4a", "socks5", "socks5h", "socks"},
		OtherScheme:   SchemeRefused,
		RefusalWords:  "Unsupported proxy scheme",
		Trust:         []Trust{TrustSystem},
		Roots:         RootsCurl,
		ReplaceCAVars: []string{"CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"},
		Race:          FamilyRace{Delay: 200 * time.Millisecond}, // CURL_HET_DEFAULT; IPv6 first
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
	// AsHTTP is set when the client sends its CONNECT to Proxy as to an
	// HTTP proxy, whatever scheme Configured has (undici, Go); Note and
	// NoteMsg say so.
	AsHTTP  bool   `json:"as_http,omitempty"`
	Note    string `json:"note,omitempty"`
	NoteMsg i18n.M `json:"-"`
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
	nvar, list, _, _ := p.pick(s, p.NoProxyVars)
	entry, bypass, err := p.NoProxy(list, target)
	if err != nil {
		// The client refuses its NO_PROXY list whether or not a proxy is set.
		r.Err, r.ErrCause = i18n.Errorf("err.noproxy_refused", p.Name, nvar, err), CauseProxyMalformed
		return r
	}
	if len(p.StartupProxyVars) > 0 && hasStarEntry(list) {
		// get_environment_proxies returns no mount at all when an entry
		// is "*": no proxy URL is ever parsed, whatever it holds.
		r.starBypass(p, s, nvar)
		return r
	}
	if cause, err := p.startupProxies(s); err != nil {
		r.Err, r.ErrCause = err, cause
		return r
	}
	name, raw, hidden, hider := p.pick(s, p.ProxyVars)
	if raw == "" {
		r.noteUnread(s, p, hidden, hider)
		return r
	}
	u, err := ParseProxyURL(raw)
	r.ProxyVar = name
	if err != nil {
		r.Err, r.ErrCause = err, CauseProxyMalformed
		return r
	}
	r.Configured = u
	if p.ProxyEnvSwitch != "" && s.Get(p.ProxyEnvSwitch) != "1" && !hasFlag(s.Get("NODE_OPTIONS"), "--use-env-proxy") {
		r.ignore(i18n.Msg("route.ignored_switch", p.Name, p.ProxyEnvSwitch))
		return r
	}
	speaks := p.Speaks(u.Scheme)
	if !speaks && isSOCKS(u) && contains(p.SOCKSSkipVars, name) {
		r.ignore(i18n.Msg("route.socks_skipped", p.Name, name))
		return r
	}
	if !speaks && p.OtherScheme == SchemeRefused {
		r.Err, r.ErrCause = p.refusal(name, u), CauseProxyScheme
		return r
	}
	if bypass {
		r.Bypassed, r.BypassRule = true, BypassLoopback
		if entry != "" {
			r.BypassRule = nvar + "=" + entry
		}
		return r
	}
	if !speaks {
		r.asHTTP(p, name, u)
		return r
	}
	r.Proxy, r.ProxyDisplay = u, displayURL(u)
	return r
}

// noteUnread explains a proxy variable that is set but that this client
// does not read, or that an empty twin hides from it.
func (r *Route) noteUnread(s *Settings, p Profile, hidden, hider string) {
	if hidden != "" {
		r.ProxyVar = hidden
		r.ignore(i18n.Msg("route.hidden_var", hidden, hider, p.Name))
	} else {
		for _, v := range []string{"HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"} {
			if strings.TrimSpace(s.Get(v)) != "" && !contains(p.ProxyVars, v) {
				r.ProxyVar = v
				r.ignore(i18n.Msg("route.ignored_var", v, p.Name))
				break
			}
		}
	}
	if r.ProxyVar != "" {
		r.Configured, _ = ParseProxyURL(s.Get(r.ProxyVar))
	}
}

func (r *Route) ignore(m i18n.M) { r.IgnoredMsg, r.Ignored = m, m.String() }

// pick returns the first of names that is set, as p reads them. With
// EmptyHides an empty variable hides the other-case spelling of its name;
// hidden then names a set variable so hidden, and hider the empty one.
func (p Profile) pick(s *Settings, names []string) (name, val, hidden, hider string) {
	hiddenBy := map[string]string{}
	for _, n := range names {
		v, ok := s.Lookup(n)
		set := ok && strings.TrimSpace(v.Raw) != ""
		if by := hiddenBy[strings.ToLower(n)]; by != "" {
			if set && hidden == "" {
				hidden, hider = n, by
			}
			continue
		}
		if set {
			// As written: curl and undici take "*" only as the whole value.
			return n, v.Raw, hidden, hider
		}
		if ok && p.EmptyHides {
			hiddenBy[strings.ToLower(n)] = n
		}
	}
	return "", "", hidden, hider
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
	case "http", "https", "socks5", "socks5h", "socks4", "socks4a", "socks":
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
		case "socks5", "socks5h", "socks4", "socks4a", "socks":
			port = "1080"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func isSOCKS(u *url.URL) bool { return strings.HasPrefix(u.Scheme, "socks") }

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
	if err != nil {
		// A URL that does not parse may still carry a password, which the
		// parse error would quote: find it by the shape of user info.
		if m := userInfo.FindStringSubmatch(raw); m != nil {
			return m[1]
		}
		return ""
	}
	if u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}

// userInfo finds the password of scheme://user:password@host.
var userInfo = regexp.MustCompile(`://[^:/@\s]*:([^@\s]+)@`)

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

// hasFlag reports whether a NODE_OPTIONS-style list holds flag (Node
// reads --use-env-proxy there as well as NODE_USE_ENV_PROXY=1).
func hasFlag(options, flag string) bool {
	for _, f := range strings.Fields(options) {
		if f == flag {
			return true
		}
	}
	return false
}

// HappyEyeballs reports whether the client tries the next address before
// a slow one has failed (Claude Code, Node ≥ 20, Go, curl); httpx tries
// them in order instead, and falls back only once a connect times out.
func (p Profile) HappyEyeballs() bool { return p.Race.Delay > 0 }
