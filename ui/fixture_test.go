package ui

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// fixedNow is the wizard's clock in model tests.
var fixedNow = time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

const fixtureKey = "sk-ant-api03-FIXTUREfixturefixturefixturefixturefixturefixturefixtureXy7A"

// fixtureConfig prepares runs against a fixed, offline environment: the
// model tests never run a check, they feed results as messages.
func fixtureConfig(t testing.TB) Config {
	root := t.TempDir()
	env := &checks.Env{
		Vars:         map[string]string{"ANTHROPIC_API_KEY": fixtureKey, "HTTPS_PROXY": "http://alice:hunter2@proxy.corp.example:3128"},
		Home:         "/home/u",
		Cwd:          "/home/u/project",
		GOOS:         "linux",
		Files:        checks.RootFS{Root: root},
		Now:          func() time.Time { return fixedNow },
		SystemRoots:  func() (*x509.CertPool, error) { return x509.NewCertPool(), nil },
		BundledRoots: func() *x509.CertPool { return x509.NewCertPool() },
		HostsFile:    "/etc/hosts",
	}
	return Config{
		NewEnv:    func() *checks.Env { e := *env; return &e },
		Opts:      checks.Options{BaseURL: "https://api.anthropic.com", ReferenceDNS: "none"},
		Clock:     func() time.Time { return fixedNow },
		ExportDir: "/home/u/reports",
	}
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// fixtureResults tell the story of a corporate proxy that re-signs TLS.
func fixtureResults() []checks.Result {
	nb := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	na := time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC)
	tlsEv := &checks.TLSEvidence{
		Via: "http://alice:***@proxy.corp.example:3128", ServerName: "api.anthropic.com", Version: "TLS 1.3", ALPN: "h2",
		Chain: []checks.CertInfo{
			{Subject: "CN=api.anthropic.com", Issuer: "CN=Zscaler Intermediate Root CA,O=Zscaler Inc.", SANs: []string{"api.anthropic.com"}, NotBefore: nb, NotAfter: na, SHA256: "0E0753C2D80E6267379BE86751E11F608E254DE8FF3728B174AD57E5FC1AD3A4"},
			{Subject: "CN=Zscaler Root CA,O=Zscaler Inc.", Issuer: "CN=Zscaler Root CA,O=Zscaler Inc.", NotBefore: nb, NotAfter: na, SHA256: "D687519C9AF24D160CF21DB26DC06CD7DA215025E1EE1086EE1B26E8F4B0858F", IsCA: true},
		},
		Interceptor: "Zscaler", VerifyError: "x509: certificate signed by unknown authority",
		Timing: &checks.TimingMS{DNS: 2.1, Connect: 4.3, Proxy: 38.0, TLS: 21.5, Total: 66.0},
	}
	r := func(id string, st checks.Status, c checks.Cause, d int, summary string, ev any) checks.Result {
		res := checks.Result{ID: id, Status: st, Cause: c, Summary: summary, Duration: ms(d), Evidence: ev}
		if c != "" {
			res.Fixes = c.Fixes()
		}
		return res
	}
	// As the engine words a failure on a path the client does not take.
	offRoute := func(res checks.Result) checks.Result {
		res.Msg = i18n.Msg(checks.OffRouteKey, i18n.Msg("raw", res.Summary))
		res.Summary = res.Msg.String()
		return res
	}
	out := []checks.Result{
		r("config.files", checks.Pass, "", 0, "1 of 5 settings files present, all parse", nil),
		r("config.base_url", checks.Pass, "", 0, "https://api.anthropic.com (flag)", nil),
		r("config.proxy", checks.Pass, "", 0, "api.anthropic.com via http://alice:***@proxy.corp.example:3128 (HTTPS_PROXY)", nil),
		r("config.ca", checks.Pass, "", 1, "trusts bundled + system", nil),
		r("config.key", checks.Pass, "", 0, "ANTHROPIC_API_KEY sk-ant-api03-…Xy7A from environment, sent as x-api-key", nil),
		r("local_proxy", checks.NA, "", 0, "a proxy is configured and used", nil),
		r("wsl", checks.NA, "", 0, "not WSL", nil),
		r("dns.system", checks.Pass, "", 12, "api.anthropic.com → 160.79.104.10 in 12 ms", nil),
		r("dns.reference", checks.NA, "", 0, "no reference resolver (--reference-dns none)", nil),
		offRoute(r("tcp.ipv4", checks.Warn, checks.CauseTCPTimeout, 5000, "cannot connect to 160.79.104.10:443: timed out (packets dropped)", nil)),
		r("tcp.ipv6", checks.NA, "", 0, "no IPv6 address for api.anthropic.com", nil),
		r("proxy", checks.Pass, "", 42, "http://alice:***@proxy.corp.example:3128 tunnels to api.anthropic.com:443 (CONNECT 200 in 42 ms)", nil),
		r("tls", checks.Fail, checks.CauseTLSUntrusted, 66, "the certificate chain for api.anthropic.com is signed by an authority the client does not trust (issued by Zscaler: TLS inspection)", tlsEv),
		r("trust", checks.Fail, checks.CauseTLSUntrusted, 1, "no trust source on this machine accepts the chain; ask IT for the inspection root", nil),
		r("http.hello", checks.Skip, "", 66, "TLS to the API failed", nil),
		r("http.platform", checks.Fail, checks.CauseTLSUntrusted, 70, "GET https://platform.claude.com/v1/oauth/hello failed in tls: the certificate chain for the host is signed by an authority the client does not trust", nil),
		r("auth", checks.Skip, "", 66, "the API is not reachable", &checks.HTTPEvidence{Method: "GET", URL: "https://api.anthropic.com/v1/models", Status: 401, Body: `{"error":{"message":"invalid x-api-key: ` + fixtureKey + `"}}`}),
		r("clock", checks.Skip, "", 90, "no HTTPS answer with a Date header to compare", nil),
		r("status_page", checks.Warn, checks.CauseTLSUntrusted, 88, "the status page failed in tls: the certificate chain for the host is signed by an authority the client does not trust", nil),
		r("region", checks.Skip, "", 66, "TLS to the API failed", nil),
	}
	for i, c := range checks.Graph() {
		out[i].Title = c.Title
	}
	return out
}

// drive feeds a model messages, running none of the commands it returns
// except those named (prepare), so the tests stay offline and exact.
func drive(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		nm, _ := m.Update(msg)
		m = nm.(Model)
	}
	return m
}

// prepared returns a model on the start screen at the given size.
func prepared(t testing.TB, w, h int) Model {
	return preparedWith(t, fixtureConfig(t), w, h)
}

// preparedWith is prepared with a config the caller has changed.
func preparedWith(t testing.TB, cfg Config, w, h int) Model {
	m := New(cfg)
	m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return drive(t, m, prepareRun(cfg, checks.ClaudeCode, m.gen)())
}

// finished returns a model on the findings screen with the fixture results.
func finished(t testing.TB, w, h int) Model {
	return finishedFrom(t, prepared(t, w, h))
}

// finishedFrom runs the fixture results through a prepared model.
func finishedFrom(t testing.TB, m Model) Model {
	m = drive(t, m, keyPress("enter"))
	for _, r := range fixtureResults() {
		m = drive(t, m, checkFinishedMsg{gen: m.gen, res: r})
	}
	if m.step != stepFindings {
		t.Fatalf("step %v after every result", m.step)
	}
	return m
}

func keyPress(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// screen is the view without styling.
func screen(m Model) string { return ansi.Strip(m.View().Content) }

// checkFrame asserts a screen fits the terminal: no line wider, no more lines.
func checkFrame(t *testing.T, name, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		t.Errorf("%s: %d lines on a %d-line terminal", name, len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("%s: line %d is %d cells wide on a %d-cell terminal: %q", name, i+1, n, w, l)
		}
	}
}
