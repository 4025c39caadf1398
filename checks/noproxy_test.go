package checks

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestMatchNoProxy(t *testing.T) {
	cases := []struct {
		list, host, port string
		want             bool
	}{
		{"*", "api.anthropic.com", "443", true},
		{"localhost,127.0.0.1", "api.anthropic.com", "443", false},
		{".anthropic.com", "api.anthropic.com", "443", true},
		{"anthropic.com", "api.anthropic.com", "443", true},
		{"anthropic.com", "notanthropic.com", "443", false},
		{"*.anthropic.com", "api.anthropic.com", "443", true},
		{"api.anthropic.com:443", "api.anthropic.com", "443", true},
		{"api.anthropic.com:8443", "api.anthropic.com", "443", false},
		{"10.0.0.0/8", "10.1.2.3", "443", true},
		{"10.0.0.0/8", "api.anthropic.com", "443", false}, // clients do not resolve first
		{"160.79.104.10", "160.79.104.10", "443", true},
		{"::1", "::1", "443", true},
		{"[::1]:443", "::1", "443", true},
		{"example.com api.anthropic.com", "api.anthropic.com", "443", true}, // space separated
		{" , ,", "api.anthropic.com", "443", false},
		{"API.Anthropic.COM", "api.anthropic.com", "443", true},
	}
	for _, c := range cases {
		if _, got := MatchNoProxy(c.list, c.host, c.port); got != c.want {
			t.Errorf("MatchNoProxy(%q, %q, %q) = %v, want %v", c.list, c.host, c.port, got, c.want)
		}
	}
}

// Outcomes of a NO_PROXY list for one target.
const (
	P = "proxy"  // the proxy is used
	D = "direct" // NO_PROXY (or the client's own rule) sends it direct
	E = "error"  // the client rejects the list and does not start
)

// noProxyRows are the cases where the clients disagree, each outcome as
// that client's source says (docs/clients.md has the same table). The
// go-sdk column is also checked against net/http itself.
var noProxyRows = []struct {
	list, target                      string
	claude, python, node, goSDK, curl string
}{
	{"example.com:8443", "https://api.example.com", P, P, P, P, P},
	{"example.com:8443", "https://api.example.com:8443", D, D, D, D, P},
	{"api.example.com:443", "https://api.example.com", D, P, D, D, P},
	{".example.com", "https://example.com", D, P, D, P, D},
	{".example.com", "https://api.example.com", D, D, D, D, D},
	{"example.com", "https://api.example.com", D, D, D, D, D},
	{"example.com", "https://notexample.com", P, P, P, P, P},
	{"*", "https://api.example.com", D, D, D, D, D},
	{"foo.com,*", "https://api.example.com", D, D, P, D, P},
	{" *", "https://api.example.com", D, D, P, D, P},
	{"*.example.com", "https://api.example.com", D, P, D, D, P},
	{"*.example.com", "https://example.com", D, P, D, P, P},
	{"10.0.0.0/8", "https://10.1.2.3", D, P, P, D, D},
	{"10.0.0.0/8", "https://10.0.0.0", D, D, P, D, D},
	{"10.0.0.0/8", "https://api.example.com", P, P, P, P, P},
	{"::1", "https://[::1]", D, D, D, D, D},
	{"[::1]", "https://[::1]", D, E, D, D, P},
	{"[::1]:443", "https://[::1]", D, E, D, D, P},
	{"[2001:db8::1]", "https://[2001:db8::1]", D, E, D, P, P},
	{"2001:db8::1", "https://[2001:db8::1]", D, D, D, D, D},
	{"API.Example.COM", "https://api.example.com", D, D, D, D, D},
	{"example.com.", "https://api.example.com", D, P, P, P, D},
	{"example.com", "https://api.example.com.", D, P, P, P, D},
	{"foo.com api.example.com", "https://api.example.com", D, P, D, P, P},
	{"foo.com, api.example.com", "https://api.example.com", D, D, D, D, D},
	{" , ,", "https://api.example.com", P, P, P, P, P},
	{"", "https://127.0.0.1:8443", P, P, P, D, P},
}

func TestNoProxyRulesPerClient(t *testing.T) {
	for _, row := range noProxyRows {
		u, _ := url.Parse(row.target)
		for client, want := range map[ClientName]string{ClaudeCode: row.claude, PythonSDK: row.python, NodeSDK: row.node, GoSDK: row.goSDK, Curl: row.curl} {
			entry, bypass, err := ProfileOf(client).NoProxy(row.list, u)
			got := P
			switch {
			case err != nil:
				got = E
			case bypass:
				got = D
			}
			if got != want {
				t.Errorf("%s: NO_PROXY=%q, %s: %s, want %s (entry %q, err %v)", client, row.list, row.target, got, want, entry, err)
			}
			if bypass && entry != "" && !strings.Contains(row.list, entry) {
				t.Errorf("%s: NO_PROXY=%q, %s: entry %q is not in the list", client, row.list, row.target, entry)
			}
		}
	}
}

// TestNoProxyGoRowsAreNetHTTPs holds the go-sdk column to net/http's own
// ProxyFromEnvironment, the code the Go SDK runs.
func TestNoProxyGoRowsAreNetHTTPs(t *testing.T) {
	for _, row := range noProxyRows {
		vars := map[string]string{"HTTPS_PROXY": "http://proxy.invalid:3128", "NO_PROXY": row.list}
		got := D
		if netHTTPProxy(t, vars, row.target) != "" {
			got = P
		}
		if got != row.goSDK {
			t.Errorf("net/http: NO_PROXY=%q, %s: %s, the table says %s", row.list, row.target, got, row.goSDK)
		}
	}
}

// netHTTPProxy runs TestNetHTTPProxyHelper in a child process with vars as
// its whole proxy environment (net/http reads it once per process) and
// returns the proxy net/http picks for target, "" for none.
func netHTTPProxy(t *testing.T, vars map[string]string, target string) string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasSuffix(strings.ToLower(k), "_proxy") && k != "REQUEST_METHOD" {
			env = append(env, kv)
		}
	}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNetHTTPProxyHelper$", "-test.count=1")
	cmd.Env = append(env, "APIDOCTOR_NETHTTP_TARGET="+target)
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "nethttp-proxy="); ok {
			return v
		}
	}
	t.Fatalf("helper process: %v\n%s", err, out)
	return ""
}

// TestNetHTTPProxyHelper is the child process of netHTTPProxy.
func TestNetHTTPProxyHelper(t *testing.T) {
	target := os.Getenv("APIDOCTOR_NETHTTP_TARGET")
	if target == "" {
		t.Skip("runs only as netHTTPProxy's child process")
	}
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	host := ""
	if p != nil {
		host = p.Host
	}
	fmt.Printf("\nnethttp-proxy=%s\n", host)
}

// TestNoProxyHTTPXRejectsWhatHTTPXRejects: the entries httpx cannot turn
// into a URL pattern stop the Python SDK from starting, unless a "*"
// anywhere in the list drops every pattern before any is parsed.
func TestNoProxyHTTPXRejectsWhatHTTPXRejects(t *testing.T) {
	u, _ := url.Parse("https://api.anthropic.com")
	for list, bad := range map[string]bool{
		"[::1]":            true,
		"fe80::/10":        true,
		"example.com:abc":  true,
		"例子.com":           true,
		"localhost,::1":    false,
		"[::1],*":          false,
		"10.0.0.0/8":       false,
		"example.com:8443": false,
	} {
		if _, _, err := httpxNoProxy(list, u); (err != nil) != bad {
			t.Errorf("httpx NO_PROXY=%q: error %v, want an error: %v", list, err, bad)
		}
	}
}

// TestPythonSDKNoProxyErrorNamesTheEntry: the route's error says which
// variable and entry stop the SDK, in httpx's own words.
func TestPythonSDKNoProxyErrorNamesTheEntry(t *testing.T) {
	u, _ := url.Parse("https://api.anthropic.com")
	r := ProfileOf(PythonSDK).RouteFor(settingsOf(PythonSDK, map[string]string{"no_proxy": "localhost,[::1]"}), u)
	want := `python-sdk fails at start-up: no_proxy has the entry "[::1]", which httpx cannot parse (Invalid port: ':1]')`
	if r.Err == nil || r.Err.Error() != want || r.ErrCause != CauseProxyMalformed {
		t.Fatalf("route error %v (%s), want %q", r.Err, r.ErrCause, want)
	}
}
