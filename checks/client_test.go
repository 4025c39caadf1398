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
	const via, dead = "http://p:3128", "http://other:1"
	cases := []struct {
		name    string
		client  ClientName
		vars    map[string]string
		proxy   string // want the route's proxy host, "" for direct
		from    string // want ProxyVar, when given
		ignored bool
		bypass  bool
		errCaus Cause
	}{
		{"claude lowercase wins", ClaudeCode, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}, "lower:1", "https_proxy", false, false, ""},
		{"go uppercase wins", GoSDK, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}, "upper:2", "HTTPS_PROXY", false, false, ""},
		{"python lowercase wins", PythonSDK, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}, "lower:1", "https_proxy", false, false, ""},
		{"curl lowercase wins", Curl, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"}, "lower:1", "https_proxy", false, false, ""},
		{"node lowercase wins", NodeSDK, map[string]string{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2", "NODE_USE_ENV_PROXY": "1"}, "lower:1", "https_proxy", false, false, ""},
		{"claude falls back to http_proxy", ClaudeCode, map[string]string{"HTTP_PROXY": via}, "p:3128", "HTTP_PROXY", false, false, ""},
		{"node falls back to http_proxy", NodeSDK, map[string]string{"HTTP_PROXY": via, "NODE_USE_ENV_PROXY": "1"}, "p:3128", "HTTP_PROXY", false, false, ""},
		{"go does not use http_proxy for https", GoSDK, map[string]string{"HTTP_PROXY": via}, "", "HTTP_PROXY", true, false, ""},
		{"python does not use http_proxy for https", PythonSDK, map[string]string{"http_proxy": via}, "", "http_proxy", true, false, ""},
		{"curl does not use http_proxy for https", Curl, map[string]string{"HTTP_PROXY": via}, "", "HTTP_PROXY", true, false, ""},
		{"node ignores env proxy", NodeSDK, map[string]string{"HTTPS_PROXY": via}, "", "", true, false, ""},
		{"node wants exactly 1", NodeSDK, map[string]string{"HTTPS_PROXY": via, "NODE_USE_ENV_PROXY": "true"}, "", "", true, false, ""},
		{"node honours it with the switch", NodeSDK, map[string]string{"HTTPS_PROXY": via, "NODE_USE_ENV_PROXY": "1"}, "p:3128", "", false, false, ""},
		{"node honours --use-env-proxy in NODE_OPTIONS", NodeSDK, map[string]string{"HTTPS_PROXY": via, "NODE_OPTIONS": "--max-old-space-size=4096 --use-env-proxy"}, "p:3128", "", false, false, ""},
		{"node wants the whole flag", NodeSDK, map[string]string{"HTTPS_PROXY": via, "NODE_OPTIONS": "--use-env-proxy-not"}, "", "", true, false, ""},
		{"node has no ALL_PROXY", NodeSDK, map[string]string{"ALL_PROXY": via, "NODE_USE_ENV_PROXY": "1"}, "", "ALL_PROXY", true, false, ""},
		{"claude reads ALL_PROXY when none of the four is set", ClaudeCode, map[string]string{"ALL_PROXY": via}, "p:3128", "ALL_PROXY", false, false, ""},
		{"claude prefers the four over ALL_PROXY", ClaudeCode, map[string]string{"ALL_PROXY": dead, "HTTP_PROXY": via}, "p:3128", "HTTP_PROXY", false, false, ""},
		{"claude skips a SOCKS ALL_PROXY", ClaudeCode, map[string]string{"ALL_PROXY": "socks5://p:1080"}, "", "ALL_PROXY", true, false, ""},
		{"python reads ALL_PROXY", PythonSDK, map[string]string{"ALL_PROXY": "socks5://p:1080"}, "p:1080", "ALL_PROXY", false, false, ""},
		{"curl reads ALL_PROXY", Curl, map[string]string{"ALL_PROXY": via}, "p:3128", "ALL_PROXY", false, false, ""},
		{"go has no ALL_PROXY", GoSDK, map[string]string{"ALL_PROXY": via}, "", "ALL_PROXY", true, false, ""},
		{"claude cannot do socks", ClaudeCode, map[string]string{"HTTPS_PROXY": "socks5://p:1080"}, "", "", false, false, CauseProxyScheme},
		{"no scheme is malformed", ClaudeCode, map[string]string{"HTTPS_PROXY": "p:3128"}, "", "", false, false, CauseProxyMalformed},
		// An empty variable: Python and undici let it hide its twin.
		{"python: empty https_proxy hides HTTPS_PROXY", PythonSDK, map[string]string{"https_proxy": "", "HTTPS_PROXY": via}, "", "HTTPS_PROXY", true, false, ""},
		{"python: then ALL_PROXY applies", PythonSDK, map[string]string{"https_proxy": "", "HTTPS_PROXY": dead, "ALL_PROXY": via}, "p:3128", "ALL_PROXY", false, false, ""},
		{"node: empty https_proxy hides HTTPS_PROXY", NodeSDK, map[string]string{"https_proxy": "", "HTTPS_PROXY": dead, "HTTP_PROXY": via, "NODE_USE_ENV_PROXY": "1"}, "p:3128", "HTTP_PROXY", false, false, ""},
		{"claude: an empty https_proxy hides nothing", ClaudeCode, map[string]string{"https_proxy": "", "HTTPS_PROXY": via}, "p:3128", "HTTPS_PROXY", false, false, ""},
		{"go: an empty HTTPS_PROXY hides nothing", GoSDK, map[string]string{"HTTPS_PROXY": "", "https_proxy": via}, "p:3128", "https_proxy", false, false, ""},
		{"curl: an empty https_proxy hides nothing", Curl, map[string]string{"https_proxy": "", "HTTPS_PROXY": via}, "p:3128", "HTTPS_PROXY", false, false, ""},
		{"NO_PROXY bypasses", ClaudeCode, map[string]string{"HTTPS_PROXY": via, "NO_PROXY": ".anthropic.com"}, "", "", false, true, ""},
		{"no_proxy wins over NO_PROXY for claude", ClaudeCode, map[string]string{"HTTPS_PROXY": via, "no_proxy": "example.com", "NO_PROXY": "*"}, "p:3128", "", false, false, ""},
		{"NO_PROXY wins over no_proxy for go", GoSDK, map[string]string{"HTTPS_PROXY": via, "no_proxy": "example.com", "NO_PROXY": "*"}, "", "", false, true, ""},
		{"claude: an empty no_proxy does not hide NO_PROXY", ClaudeCode, map[string]string{"HTTPS_PROXY": via, "no_proxy": "", "NO_PROXY": "*"}, "", "", false, true, ""},
		{"python: an empty no_proxy hides NO_PROXY", PythonSDK, map[string]string{"HTTPS_PROXY": via, "no_proxy": "", "NO_PROXY": "*"}, "p:3128", "", false, false, ""},
		{"node: an empty no_proxy hides NO_PROXY", NodeSDK, map[string]string{"HTTPS_PROXY": via, "no_proxy": "", "NO_PROXY": "*", "NODE_USE_ENV_PROXY": "1"}, "p:3128", "", false, false, ""},
		{"curl takes * only as the whole value", Curl, map[string]string{"HTTPS_PROXY": via, "NO_PROXY": " *"}, "p:3128", "", false, false, ""},
		{"go takes * as any entry", GoSDK, map[string]string{"HTTPS_PROXY": via, "NO_PROXY": " *"}, "", "", false, true, ""},
		{"python fails to start on NO_PROXY=[::1]", PythonSDK, map[string]string{"NO_PROXY": "localhost,[::1]"}, "", "", false, false, CauseProxyMalformed},
		{"nothing set", Curl, map[string]string{}, "", "", false, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ProfileOf(c.client).RouteFor(settingsOf(c.client, c.vars), api)
			got := ""
			if r.Proxy != nil {
				got = r.Proxy.Host
			}
			if got != c.proxy || (r.Ignored != "") != c.ignored || r.Bypassed != c.bypass || r.ErrCause != c.errCaus || (c.from != "" && r.ProxyVar != c.from) {
				t.Fatalf("route %+v (proxy %q), want proxy %q from %q ignored=%v bypass=%v err=%q", r, got, c.proxy, c.from, c.ignored, c.bypass, c.errCaus)
			}
			if r.Ignored != "" && r.Configured == nil {
				t.Fatalf("an ignored proxy should stay Configured, for the alternate-route checks: %+v", r)
			}
		})
	}
}

// TestRouteClaudeCodeSkipsSOCKSInAllProxy: the route is direct, says why, and
// keeps the proxy so the engine can still try it.
func TestRouteClaudeCodeSkipsSOCKSInAllProxy(t *testing.T) {
	api, _ := url.Parse("https://api.anthropic.com")
	r := ProfileOf(ClaudeCode).RouteFor(settingsOf(ClaudeCode, map[string]string{"ALL_PROXY": "socks5://127.0.0.1:1080"}), api)
	if r.Proxy != nil || r.Err != nil || r.Configured == nil || r.Configured.Scheme != "socks5" {
		t.Fatalf("route %+v", r)
	}
	if !strings.Contains(r.Ignored, "skips the SOCKS proxy in ALL_PROXY") {
		t.Fatalf("note %q", r.Ignored)
	}
}

// TestRouteGoVariablesAreNetHTTPs holds the go-sdk profile's choice of
// variable to net/http's own, case order and empty values included.
func TestRouteGoVariablesAreNetHTTPs(t *testing.T) {
	const target = "https://api.anthropic.com"
	api, _ := url.Parse(target)
	for _, vars := range []map[string]string{
		{"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"},
		{"HTTPS_PROXY": "", "https_proxy": "http://lower:1"},
		{"HTTP_PROXY": "http://p:3128"},
		{"ALL_PROXY": "http://p:3128"},
		{"HTTPS_PROXY": "http://p:1", "no_proxy": "example.com", "NO_PROXY": "*"},
		{"HTTPS_PROXY": "http://p:1", "NO_PROXY": "", "no_proxy": "*"},
	} {
		if caseTwins(vars) && envFoldsCase() {
			// One variable on this OS (Windows): no environment here has
			// both spellings, and the child would get either.
			t.Logf("%v: not an environment this OS can have", vars)
			continue
		}
		r := ProfileOf(GoSDK).RouteFor(settingsOf(GoSDK, vars), api)
		got := ""
		if r.Proxy != nil {
			got = r.Proxy.Host
		}
		if want := netHTTPProxy(t, vars, target); got != want {
			t.Errorf("%v: go-sdk route via %q, net/http via %q", vars, got, want)
		}
	}
}

func TestRouteGoSDKNeverProxiesLoopback(t *testing.T) {
	u, _ := url.Parse("https://127.0.0.1:8443")
	r := ProfileOf(GoSDK).RouteFor(settingsOf(GoSDK, map[string]string{"HTTPS_PROXY": "http://p:1"}), u)
	if r.Proxy != nil || !r.Bypassed || r.BypassRule != BypassLoopback {
		t.Fatalf("go-sdk proxied a loopback target: %+v", r)
	}
	r = ProfileOf(ClaudeCode).RouteFor(settingsOf(ClaudeCode, map[string]string{"HTTPS_PROXY": "http://p:1"}), u)
	if r.Proxy == nil {
		t.Fatalf("claude-code should proxy a loopback target when told to: %+v", r)
	}
}

// TestRouteBypassRuleNamesTheEntry: the evidence names the variable and the
// entry that matched, which the NO_PROXY fix edits.
func TestRouteBypassRuleNamesTheEntry(t *testing.T) {
	api, _ := url.Parse("https://api.anthropic.com")
	for _, c := range ClientNames() {
		vars := map[string]string{"HTTPS_PROXY": "http://p:1", "NO_PROXY": "localhost, .anthropic.com", "NODE_USE_ENV_PROXY": "1"}
		r := ProfileOf(c).RouteFor(settingsOf(c, vars), api)
		if want := "NO_PROXY=.anthropic.com"; r.BypassRule != want {
			t.Errorf("%s: bypass rule %q, want %q", c, r.BypassRule, want)
		}
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
