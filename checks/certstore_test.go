package checks

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// trustRun prepares a run for client with vars, on a fake machine whose
// /etc/ssl/corp.pem holds one valid certificate.
func trustRun(t *testing.T, client ClientName, vars map[string]string) *Run {
	t.Helper()
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "etc/ssl"), 0o755)
	if err := os.WriteFile(filepath.Join(root, "etc/ssl/corp.pem"), testCertPEM(t), 0o644); err != nil {
		t.Fatal(err)
	}
	system, bundled := x509.NewCertPool(), x509.NewCertPool()
	env := &Env{
		Vars: vars, Home: "/home/u", Cwd: "/home/u/p", GOOS: "linux", Files: RootFS{Root: root}, Now: time.Now,
		SystemRoots:  func() (*x509.CertPool, error) { return system, nil },
		BundledRoots: func() *x509.CertPool { return bundled },
	}
	r, err := New(env, Options{Client: client, BaseURL: "https://api.anthropic.com"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testCertPEM is a self-signed CA certificate valid for a day.
func testCertPEM(t *testing.T) []byte {
	return selfSignedPEM(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
}

// labels lists a trust set as "name" or "name=path", in order.
func labels(ts *trustSet) string {
	var out []string
	for _, s := range ts.sources {
		out = append(out, sourceLabel(s))
	}
	return strings.Join(out, " + ")
}

// TestClaudeCodeCertStore: CLAUDE_CODE_CERT_STORE picks the base stores,
// NODE_EXTRA_CA_CERTS goes on top of any of them, and on Linux the system
// store is OpenSSL's default paths: SSL_CERT_FILE replaces its bundle file
// and SSL_CERT_DIR its folder, each on its own (Claude Code 2.1.332 in the
// lab: a system root stays trusted with SSL_CERT_FILE alone pointing
// elsewhere, and goes only when both point elsewhere). Node's trust flags
// change nothing.
func TestClaudeCodeCertStore(t *testing.T) {
	const extra = "NODE_EXTRA_CA_CERTS=/etc/ssl/corp.pem"
	for _, c := range []struct {
		name    string
		vars    map[string]string
		want    string
		problem bool // the first source says the value was not understood
	}{
		{"default", nil, "bundled + system", false},
		{"empty", map[string]string{"CLAUDE_CODE_CERT_STORE": ""}, "bundled + system", false},
		{"bundled", map[string]string{"CLAUDE_CODE_CERT_STORE": "bundled"}, "bundled", false},
		{"system", map[string]string{"CLAUDE_CODE_CERT_STORE": "system"}, "system", false},
		{"both, in the order given", map[string]string{"CLAUDE_CODE_CERT_STORE": " system , bundled "}, "system + bundled", false},
		{"repeated", map[string]string{"CLAUDE_CODE_CERT_STORE": "bundled,bundled"}, "bundled", false},
		{"unknown", map[string]string{"CLAUDE_CODE_CERT_STORE": "os"}, "bundled + system", true},
		{"one unknown", map[string]string{"CLAUDE_CODE_CERT_STORE": "bundled,keychain"}, "bundled + system", true},
		{"case", map[string]string{"CLAUDE_CODE_CERT_STORE": "Bundled"}, "bundled + system", true},
		{"only commas", map[string]string{"CLAUDE_CODE_CERT_STORE": ",,"}, "bundled + system", true},
		{"bundled + extra", map[string]string{"CLAUDE_CODE_CERT_STORE": "bundled", "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem"}, "bundled + " + extra, false},
		{"system + extra", map[string]string{"CLAUDE_CODE_CERT_STORE": "system", "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem"}, "system + " + extra, false},
		{"default + extra", map[string]string{"NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem"}, "bundled + system + " + extra, false},
		{"SSL_CERT_FILE replaces the store's file, not its folder", map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem"}, "bundled + SSL_CERT_FILE=/etc/ssl/corp.pem + system", false},
		{"SSL_CERT_DIR replaces the store's folder, not its file", map[string]string{"SSL_CERT_DIR": "/etc/ssl/none"}, "bundled + system + SSL_CERT_DIR=/etc/ssl/none", false},
		{"both replace the whole store", map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem", "SSL_CERT_DIR": "/etc/ssl/none"}, "bundled + SSL_CERT_FILE=/etc/ssl/corp.pem + SSL_CERT_DIR=/etc/ssl/none", false},
		{"Node's trust flags change nothing", map[string]string{"CLAUDE_CODE_CERT_STORE": "bundled", "NODE_OPTIONS": "--use-system-ca --use-openssl-ca", "NODE_USE_SYSTEM_CA": "1"}, "bundled", false},
		{"SSL_CERT_FILE unused by bundled", map[string]string{"CLAUDE_CODE_CERT_STORE": "bundled", "SSL_CERT_FILE": "/etc/ssl/corp.pem"}, "bundled", false},
		{"SSL_CERT_FILE + extra", map[string]string{"CLAUDE_CODE_CERT_STORE": "system", "SSL_CERT_FILE": "/etc/ssl/corp.pem", "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem"}, "SSL_CERT_FILE=/etc/ssl/corp.pem + system + " + extra, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			vars := map[string]string{}
			for k, v := range c.vars {
				vars[k] = v
			}
			ts := trustRun(t, ClaudeCode, vars).trust()
			if got := labels(ts); got != c.want {
				t.Fatalf("trust %q, want %q", got, c.want)
			}
			if got := ts.sources[0].Problem != ""; got != c.problem {
				t.Fatalf("problem %q, want one: %v", ts.sources[0].Problem, c.problem)
			}
			for _, s := range ts.sources {
				if s.Name == "SSL_CERT_FILE" && (s.Replaces != "system" || s.Certs != 1 || s.pool == nil) {
					t.Fatalf("SSL_CERT_FILE source %+v", s)
				}
			}
		})
	}
}

// TestCertStoreIsClaudeCodeOnly: other clients ignore Claude Code's
// variable, and SSL_CERT_FILE keeps its own meaning for them.
func TestCertStoreIsClaudeCodeOnly(t *testing.T) {
	for client, want := range map[ClientName]string{
		NodeSDK:   "bundled",
		PythonSDK: "SSL_CERT_FILE=/etc/ssl/corp.pem",
	} {
		vars := map[string]string{"CLAUDE_CODE_CERT_STORE": "system"}
		if client == PythonSDK {
			vars["SSL_CERT_FILE"] = "/etc/ssl/corp.pem"
		}
		if got := labels(trustRun(t, client, vars).trust()); got != want {
			t.Errorf("%s: trust %q, want %q", client, got, want)
		}
	}
}

// TestReadsCAVar: the CA variables a client reads, for the config.ca check.
func TestReadsCAVar(t *testing.T) {
	r := trustRun(t, ClaudeCode, map[string]string{})
	for v, want := range map[string]bool{"NODE_EXTRA_CA_CERTS": true, "CLAUDE_CODE_CERT_STORE": true, "SSL_CERT_FILE": true, "REQUESTS_CA_BUNDLE": false, "NODE_USE_SYSTEM_CA": false} {
		if got := r.readsCAVar(v); got != want {
			t.Errorf("claude-code reads %s: %v, want %v", v, got, want)
		}
	}
	if trustRun(t, NodeSDK, map[string]string{}).readsCAVar("CLAUDE_CODE_CERT_STORE") {
		t.Error("the Node SDK does not read CLAUDE_CODE_CERT_STORE")
	}
}
