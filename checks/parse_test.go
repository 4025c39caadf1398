package checks

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBrokenSettingsFileGivesLineAndColumn(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "home/u/.claude"), 0o755)
	os.WriteFile(filepath.Join(root, "home/u/.claude/settings.json"), []byte("{\n  \"env\": {\n    \"A\": \"b\",\n  }\n}\n"), 0o644)
	os.WriteFile(filepath.Join(root, "home/u/.claude.json"), []byte(`{"hasCompletedOnboarding": true}`), 0o644)
	s := LoadSettings(&Env{Vars: map[string]string{}, Home: "/home/u", Cwd: "/home/u/p", GOOS: "linux", Files: RootFS{Root: root}}, ClaudeCode, nil)
	var user, state SettingsFile
	for _, f := range s.Files {
		switch f.Kind {
		case "user":
			user = f
		case "state":
			state = f
		}
	}
	if user.Error == "" || user.Line != 4 || user.Column != 3 {
		t.Fatalf("broken settings: %+v, want an error at line 4 column 3", user)
	}
	if state.Onboarded == nil || !*state.Onboarded {
		t.Fatalf("state file onboarding flag not read: %+v", state)
	}
}

func TestSettingsPrecedence(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755)
		os.WriteFile(filepath.Join(root, p), []byte(s), 0o644)
	}
	write("home/u/.claude/settings.json", `{"env":{"ANTHROPIC_BASE_URL":"https://user.example","HTTPS_PROXY":"http://user:1"}}`)
	write("home/u/p/.claude/settings.json", `{"env":{"HTTPS_PROXY":"http://project:1"}}`)
	write("home/u/p/.claude/settings.local.json", `{"env":{"HTTPS_PROXY":"http://local:1"}}`)
	env := &Env{Vars: map[string]string{"ANTHROPIC_BASE_URL": "https://shell.example"}, Home: "/home/u", Cwd: "/home/u/p", GOOS: "linux", Files: RootFS{Root: root}}
	s := LoadSettings(env, ClaudeCode, map[string]string{"ANTHROPIC_BASE_URL": "https://flag.example"})
	if v, _ := s.Lookup("ANTHROPIC_BASE_URL"); v.Raw != "https://flag.example" || v.Source != SourceFlag {
		t.Errorf("flag should win: %+v", v)
	}
	if v, _ := s.Lookup("HTTPS_PROXY"); v.Raw != "http://local:1" {
		t.Errorf("local settings should win over project and user: %+v", v)
	}
	if len(s.Shadowed) < 3 {
		t.Errorf("shadowed values not recorded: %+v", s.Shadowed)
	}
	// SDK clients never read the files.
	if v, ok := LoadSettings(env, PythonSDK, nil).Lookup("HTTPS_PROXY"); ok {
		t.Errorf("python-sdk read a Claude Code settings file: %+v", v)
	}
}

func TestClassifyAddr(t *testing.T) {
	api := APIRanges
	for addr, want := range map[string]AddrClass{
		"160.79.104.10": ClassExpected,
		"2607:6bc0::10": ClassExpected,
		"198.18.0.7":    ClassFakeIP,
		"127.0.0.1":     ClassLoopback,
		"10.1.2.3":      ClassPrivate,
		"0.0.0.0":       ClassUnspecified,
		"93.184.216.34": ClassUnexpected,
	} {
		if got := ClassifyAddr(netip.MustParseAddr(addr), api); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
	if got := ClassifyAddr(netip.MustParseAddr("93.184.216.34"), nil); got != ClassPublic {
		t.Errorf("no known ranges: %s", got)
	}
}

func TestHostsEntries(t *testing.T) {
	data := []byte("127.0.0.1 localhost\n# 1.2.3.4 api.anthropic.com\n10.0.0.9\tfoo api.anthropic.com. # mirror\nbad line\n")
	got := hostsEntries(data, "api.anthropic.com")
	if len(got) != 1 || got[0] != netip.MustParseAddr("10.0.0.9") {
		t.Fatalf("hosts entries %v", got)
	}
}

func TestParsePEMCerts(t *testing.T) {
	now := time.Now()
	if _, problem := parsePEMCerts([]byte("not pem at all"), now); problem != "not a PEM file" {
		t.Errorf("plain text: %q", problem)
	}
	key := []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	if _, problem := parsePEMCerts(key, now); problem != "no certificate in the PEM file" {
		t.Errorf("a key file: %q", problem)
	}
	pemData := selfSignedPEM(t, now.Add(-2*time.Hour), now.Add(-time.Hour))
	if certs, problem := parsePEMCerts(pemData, now); len(certs) != 1 || !strings.Contains(problem, "expired") {
		t.Errorf("expired only: %d certs, %q", len(certs), problem)
	}
	mixed := append(pemData, selfSignedPEM(t, now.Add(-time.Hour), now.Add(time.Hour))...)
	if certs, problem := parsePEMCerts(mixed, now); len(certs) != 2 || problem != "" {
		t.Errorf("one valid certificate is enough: %d certs, %q", len(certs), problem)
	}
}

func selfSignedPEM(t *testing.T, from, to time.Time) []byte {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "t"}, NotBefore: from, NotAfter: to, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestTimeoutsScale(t *testing.T) {
	got := DefaultTimeouts.ScaledTo(20 * time.Second)
	if got.HTTP != 20*time.Second || got.TCP != 10*time.Second || got.DNS != 6*time.Second {
		t.Fatalf("scaled %+v", got)
	}
	if DefaultTimeouts.ScaledTo(0) != DefaultTimeouts {
		t.Fatal("zero should keep the defaults")
	}
}
