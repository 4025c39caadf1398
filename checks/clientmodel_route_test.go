package checks

import (
	"net/url"
	"strings"
	"testing"
)

// TestProxySchemesPerClient: each client speaks its own set of proxy
// schemes (docs/clients.md, SOCKS); another scheme is refused (Claude
// Code, httpx, curl), skipped (Claude Code's ALL_PROXY), or sent as an
// HTTP proxy (undici, Go's Transport).
func TestProxySchemesPerClient(t *testing.T) {
	api, _ := url.Parse("https://api.anthropic.com")
	const host = "p:1080"
	cases := []struct {
		client ClientName
		vars   map[string]string
		// want: "<scheme>" the route's proxy scheme, "http as <scheme>"
		// an HTTP proxy for a URL of that scheme, "skip", or a cause.
		want string
	}{
		{ClaudeCode, map[string]string{"HTTPS_PROXY": "socks5://" + host}, string(CauseProxyScheme)},
		{ClaudeCode, map[string]string{"HTTPS_PROXY": "socks4://" + host}, string(CauseProxyScheme)},
		{ClaudeCode, map[string]string{"ALL_PROXY": "socks4://" + host}, "skip"},
		{PythonSDK, map[string]string{"HTTPS_PROXY": "socks5://" + host}, "socks5"},
		{PythonSDK, map[string]string{"HTTPS_PROXY": "socks5h://" + host}, "socks5h"},
		{PythonSDK, map[string]string{"HTTPS_PROXY": "socks4://" + host}, string(CauseProxyScheme)},
		{PythonSDK, map[string]string{"ALL_PROXY": "socks://" + host}, string(CauseProxyScheme)},
		{NodeSDK, map[string]string{"HTTPS_PROXY": "socks5://" + host}, "socks5"},
		{NodeSDK, map[string]string{"HTTPS_PROXY": "socks://" + host}, "socks"},
		{NodeSDK, map[string]string{"HTTPS_PROXY": "socks5h://" + host}, "http as socks5h"},
		{NodeSDK, map[string]string{"HTTPS_PROXY": "socks4://" + host}, "http as socks4"},
		{GoSDK, map[string]string{"HTTPS_PROXY": "socks5://" + host}, "socks5"},
		{GoSDK, map[string]string{"HTTPS_PROXY": "socks5h://" + host}, "socks5h"},
		{GoSDK, map[string]string{"HTTPS_PROXY": "socks4://" + host}, "http as socks4"},
		{GoSDK, map[string]string{"HTTPS_PROXY": "socks://" + host}, "http as socks"},
		{Curl, map[string]string{"HTTPS_PROXY": "socks4://" + host}, "socks4"},
		{Curl, map[string]string{"HTTPS_PROXY": "socks4a://" + host}, "socks4a"},
		{Curl, map[string]string{"HTTPS_PROXY": "socks5h://" + host}, "socks5h"},
		{Curl, map[string]string{"ALL_PROXY": "socks://" + host}, "socks"},
	}
	for _, c := range cases {
		c.vars["NODE_USE_ENV_PROXY"] = "1"
		var raw, scheme string
		for k, v := range c.vars {
			if k != "NODE_USE_ENV_PROXY" {
				raw, scheme = k+"="+v, strings.Split(v, "://")[0]
			}
		}
		t.Run(string(c.client)+"/"+raw, func(t *testing.T) {
			r := ProfileOf(c.client).RouteFor(settingsOf(c.client, c.vars), api)
			got := ""
			switch {
			case r.Err != nil:
				got = string(r.ErrCause)
			case r.Ignored != "":
				got = "skip"
			case r.Proxy != nil && r.AsHTTP:
				got = "http as " + scheme
				if r.Proxy.Scheme != "http" || r.Proxy.Host != host || r.Configured != r.Proxy {
					t.Errorf("an HTTP proxy at the same place, got %v", r.Proxy)
				}
			case r.Proxy != nil:
				got = r.Proxy.Scheme
			}
			if got != c.want {
				t.Fatalf("route %+v: %q, want %q", r, got, c.want)
			}
			// The words say what the client does with the scheme.
			words := map[ClientName]string{
				ClaudeCode: "UnsupportedProxyProtocol", PythonSDK: "Unknown scheme for proxy URL",
			}[c.client]
			if r.Err != nil && (words == "" || !strings.Contains(r.Err.Error(), words)) {
				t.Errorf("error %q does not quote the client (%q)", r.Err, words)
			}
			if r.AsHTTP && !strings.Contains(r.Note, "as if it were an HTTP proxy") {
				t.Errorf("note %q", r.Note)
			}
		})
	}
}

// TestPythonBuildsEveryProxyAtStart: the SDK mounts http://, https://
// and all:// when the client is made, so a proxy URL httpx refuses in
// any of them stops it, even for an https request that would not use
// it. urllib's reading decides which value each mount gets (lower case
// first, an empty one hiding its twin); a value without a scheme gets
// http://.
func TestPythonBuildsEveryProxyAtStart(t *testing.T) {
	api, _ := url.Parse("https://api.anthropic.com")
	for _, c := range []struct {
		name string
		vars map[string]string
		want Cause
	}{
		{"http_proxy with socks4", map[string]string{"http_proxy": "socks4://p:1080"}, CauseProxyScheme},
		{"ALL_PROXY with socks4 beside a usable https_proxy", map[string]string{"https_proxy": "http://p:3128", "ALL_PROXY": "socks4://p:1080"}, CauseProxyScheme},
		{"HTTP_PROXY with a bad port", map[string]string{"HTTP_PROXY": "http://p:abc"}, CauseProxyMalformed},
		{"lower case wins", map[string]string{"http_proxy": "http://p:3128", "HTTP_PROXY": "socks4://p:1080"}, ""},
		{"an empty lower case hides", map[string]string{"http_proxy": "", "HTTP_PROXY": "socks4://p:1080"}, ""},
		{"no scheme means http://", map[string]string{"http_proxy": "p:3128"}, ""},
		{"socks5 is httpx's", map[string]string{"HTTP_PROXY": "socks5://p:1080"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ProfileOf(PythonSDK).RouteFor(settingsOf(PythonSDK, c.vars), api)
			if r.ErrCause != c.want {
				t.Fatalf("route %+v, want cause %q", r, c.want)
			}
			if c.want != "" && !strings.Contains(r.Err.Error(), "python-sdk does not start") {
				t.Errorf("error %q", r.Err)
			}
		})
	}
	// Other clients build nothing ahead: Go ignores http_proxy for https.
	r := ProfileOf(GoSDK).RouteFor(settingsOf(GoSDK, map[string]string{"http_proxy": "socks4://p:1080"}), api)
	if r.Err != nil || r.Ignored == "" {
		t.Errorf("go-sdk: %+v", r)
	}
}

// TestPythonSOCKSNeedsSocksio: the evidence says that httpx builds a
// SOCKS proxy only with the optional socksio package, which apidoctor
// cannot see.
func TestPythonSOCKSNeedsSocksio(t *testing.T) {
	r := trustRun(t, PythonSDK, map[string]string{"https_proxy": "http://p:3128", "ALL_PROXY": "socks5://p:1080"})
	ev := checkProxyConfig(t.Context(), r).Evidence.(*ProxyConfigEvidence)
	if !strings.Contains(strings.Join(ev.Notes, "\n"), "ALL_PROXY is a SOCKS proxy: httpx builds it only with the socksio package") {
		t.Fatalf("notes %q", ev.Notes)
	}
}
