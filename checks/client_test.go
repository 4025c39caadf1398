package checks

import (
	"net/url"
	"strings"
	"testing"
)

func settingsOf(c ClientName, vars map[string]string) *Settings {
	return LoadSettings(&Env{Vars: vars, Home: "/nonexistent", Cwd: "/nonexistent", Files: RootFS{Root: "/nonexistent-root"}}, c, nil)
}

func TestRouteForFollowsEachClientsRules(t *testing.T) {
	api, _ := url.Parse("https://api.anthropic.com")
	cases := []struct {
		name    string
		client  ClientName
		vars    map[string]string
		proxy   string // want the route's proxy host, "" for direct
		ignored bool
		bypass  bool
		errCaus Cause
	}{
		{"claude lowercase wins", ClaudeCode, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}, "lower:1", false, false, ""},
		{"go uppercase wins", GoSDK, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}, "upper:2", false, false, ""},
		{"claude falls back to http_proxy", ClaudeCode, map[string]string{"HTTP_PROXY": "http://p:3128"}, "p:3128", false, false, ""},
		{"go does not use http_proxy for https", GoSDK, map[string]string{"HTTP_PROXY": "http://p:3128"}, "", true, false, ""},
		{"node ignores env proxy", NodeSDK, map[string]string{"HTTPS_PROXY": "http://p:3128"}, "", true, false, ""},
		{"node honours it with the switch", NodeSDK, map[string]string{"HTTPS_PROXY": "http://p:3128", "NODE_USE_ENV_PROXY": "1"}, "p:3128", false, false, ""},
		{"claude ignores ALL_PROXY", ClaudeCode, map[string]string{"ALL_PROXY": "http://p:3128"}, "", true, false, ""},
		{"python reads ALL_PROXY", PythonSDK, map[string]string{"ALL_PROXY": "socks5://p:1080"}, "p:1080", false, false, ""},
		{"claude cannot do socks", ClaudeCode, map[string]string{"HTTPS_PROXY": "socks5://p:1080"}, "", false, false, CauseProxyScheme},
		{"no scheme is malformed", ClaudeCode, map[string]string{"HTTPS_PROXY": "p:3128"}, "", false, false, CauseProxyMalformed},
		{"NO_PROXY bypasses", ClaudeCode, map[string]string{"HTTPS_PROXY": "http://p:3128", "NO_PROXY": ".anthropic.com"}, "", false, true, ""},
		{"no_proxy wins over NO_PROXY for claude", ClaudeCode, map[string]string{"HTTPS_PROXY": "http://p:3128", "no_proxy": "example.com", "NO_PROXY": "*"}, "p:3128", false, false, ""},
		{"nothing set", Curl, map[string]string{}, "", false, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ProfileOf(c.client).RouteFor(settingsOf(c.client, c.vars), api)
			got := ""
			if r.Proxy != nil {
				got = r.Proxy.Host
			}
			if got != c.proxy || (r.Ignored != "") != c.ignored || r.Bypassed != c.bypass || r.ErrCause != c.errCaus {
				t.Fatalf("route %+v (proxy %q), want proxy %q ignored=%v bypass=%v err=%q", r, got, c.proxy, c.ignored, c.bypass, c.errCaus)
			}
		})
	}
}

func TestGoSDKNeverProxiesLoopback(t *testing.T) {
	u, _ := url.Parse("https://127.0.0.1:8443")
	r := ProfileOf(GoSDK).RouteFor(settingsOf(GoSDK, map[string]string{"HTTPS_PROXY": "http://p:1"}), u)
	if r.Proxy != nil || !r.Bypassed {
		t.Fatalf("go-sdk proxied a loopback target: %+v", r)
	}
	r = ProfileOf(ClaudeCode).RouteFor(settingsOf(ClaudeCode, map[string]string{"HTTPS_PROXY": "http://p:1"}), u)
	if r.Proxy == nil {
		t.Fatalf("claude-code should proxy a loopback target when told to: %+v", r)
	}
}

func TestParseProxyURL(t *testing.T) {
	for raw, wantErr := range map[string]string{
		"http://proxy:3128":        "",
		"http://alice:pw@proxy:80": "",
		"socks5://127.0.0.1:1080":  "",
		"proxy:3128":               "no scheme",
		"ftp://proxy:21":           "scheme",
		"http://:3128":             "no host",
		"http://proxy:99999":       "port",
		"http://proxy:abc":         "parse",
	} {
		_, err := ParseProxyURL(raw)
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%q: unexpected error %v", raw, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%q: error %v, want one mentioning %q", raw, err, wantErr)
		}
	}
	// The password never appears in an error.
	_, err := ParseProxyURL("http://alice:hunter2@proxy:abc")
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error leaks the password or is missing: %v", err)
	}
}
