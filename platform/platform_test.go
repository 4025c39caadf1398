package platform

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mapFiles serves files from a map, as a Host's Files.
type mapFiles map[string]string

func (m mapFiles) ReadFile(name string) ([]byte, error) {
	if s, ok := m[name]; ok {
		return []byte(s), nil
	}
	return nil, os.ErrNotExist
}

// commands answers a Runner from a map of "name args…" to output.
func commands(answers map[string]string) Runner {
	return func(_ context.Context, name string, args ...string) ([]byte, error) {
		if out, ok := answers[strings.Join(append([]string{name}, args...), " ")]; ok {
			return []byte(out), nil
		}
		return nil, errors.New("no such command")
	}
}

func TestScutil(t *testing.T) {
	p := ParseScutil(fixture(t, "scutil-manual.txt"))
	if p == nil || p.Addr() != "127.0.0.1:7890" || !reflect.DeepEqual(p.Bypass, []string{"*.local", "169.254/16", "127.0.0.1"}) {
		t.Fatalf("manual: %+v", p)
	}
	if p := ParseScutil(fixture(t, "scutil-pac.txt")); p == nil || p.PAC != "http://pac.corp.example/proxy.pac" || p.Host != "" {
		t.Fatalf("PAC: %+v", p)
	}
	if p := ParseScutil(fixture(t, "scutil-none.txt")); p != nil {
		t.Fatalf("none: %+v", p)
	}
	h := Host{GOOS: "darwin", Run: commands(map[string]string{"scutil --proxy": fixture(t, "scutil-manual.txt")})}
	if p := FindProxy(context.Background(), h, ProxySources("darwin", false)); p == nil || p.Source != "scutil" || p.Port != 7890 {
		t.Fatalf("through the runner: %+v", p)
	}
}

func TestRegistry(t *testing.T) {
	p := ParseRegistry(fixture(t, "reg-clash.txt"))
	if p == nil || p.Addr() != "127.0.0.1:7890" || len(p.Bypass) != 7 || p.Bypass[6] != "<local>" {
		t.Fatalf("Clash: %+v", p)
	}
	if p := ParseRegistry(fixture(t, "reg-v2rayn.txt")); p == nil || p.Addr() != "127.0.0.1:10809" {
		t.Fatalf("v2rayN per-protocol: %+v", p)
	}
	if p := ParseRegistry(fixture(t, "reg-pac.txt")); p == nil || p.PAC != "http://wpad.corp.example/wpad.dat" || p.Host != "" {
		t.Fatalf("PAC: %+v", p)
	}
	if p := ParseRegistry(fixture(t, "reg-disabled.txt")); p != nil {
		t.Fatalf("disabled: %+v", p)
	}
	h := Host{GOOS: "linux", Run: commands(map[string]string{"reg.exe query " + InternetSettings: fixture(t, "reg-clash.txt")})}
	p = FindProxy(context.Background(), h, ProxySources("linux", true))
	if p == nil || p.Source != "registry (Windows, from WSL)" || p.Port != 7890 {
		t.Fatalf("from WSL: %+v", p)
	}
	if p := FindProxy(context.Background(), h, ProxySources("linux", false)); p != nil {
		t.Fatalf("outside WSL the Windows registry is not read: %+v", p)
	}
}

func TestGSettings(t *testing.T) {
	v := GnomeValues{Mode: "'manual'\n", HTTPSHost: "''\n", HTTPSPort: "0\n", HTTPHost: "'proxy.corp.example'\n", HTTPPort: "uint32 3128\n",
		IgnoreHosts: "['localhost', '127.0.0.0/8', '::1']\n"}
	p := ParseGSettings(v)
	if p == nil || p.Addr() != "proxy.corp.example:3128" || !reflect.DeepEqual(p.Bypass, []string{"localhost", "127.0.0.0/8", "::1"}) {
		t.Fatalf("manual, HTTP only: %+v", p)
	}
	if p := ParseGSettings(GnomeValues{Mode: "'auto'\n", AutoconfigURL: "''\n", IgnoreHosts: "@as []\n"}); p == nil || !p.Auto || p.PAC != "" || p.Bypass != nil {
		t.Fatalf("auto without a URL is WPAD: %+v", p)
	}
	if p := ParseGSettings(GnomeValues{Mode: "'none'\n"}); p != nil {
		t.Fatalf("none: %+v", p)
	}
	h := Host{GOOS: "linux", Run: commands(map[string]string{
		"gsettings get org.gnome.system.proxy mode":       "'manual'\n",
		"gsettings get org.gnome.system.proxy.https host": "'127.0.0.1'\n",
		"gsettings get org.gnome.system.proxy.https port": "7890\n",
	})}
	if p := FindProxy(context.Background(), h, ProxySources("linux", false)); p == nil || p.Source != "gsettings" || p.Addr() != "127.0.0.1:7890" {
		t.Fatalf("through the runner: %+v", p)
	}
}

func TestKioslaverc(t *testing.T) {
	p := ParseKioslaverc(fixture(t, "kioslaverc-manual"))
	if p == nil || p.Addr() != "127.0.0.1:7890" || len(p.Bypass) != 3 {
		t.Fatalf("manual: %+v", p)
	}
	if p := ParseKioslaverc(fixture(t, "kioslaverc-pac")); p == nil || p.PAC != "http://pac.corp.example/proxy.pac" {
		t.Fatalf("PAC: %+v", p)
	}
	if p := ParseKioslaverc(fixture(t, "kioslaverc-env")); p != nil {
		t.Fatalf("type 4 uses the environment, so no OS proxy: %+v", p)
	}
	h := Host{GOOS: "linux", Home: "/home/u", Vars: map[string]string{}, Files: mapFiles{"/home/u/.config/kioslaverc": fixture(t, "kioslaverc-manual")}}
	if p := FindProxy(context.Background(), h, ProxySources("linux", false)); p == nil || p.Source != "kioslaverc" {
		t.Fatalf("KDE after GNOME found nothing: %+v", p)
	}
}

func TestClaudePaths(t *testing.T) {
	for _, c := range []struct {
		goos, home, cwd string
		vars            map[string]string
		want            ClaudePaths
	}{
		{"linux", "/home/u", "/home/u/p", nil, ClaudePaths{"/home/u/.claude.json", "/home/u/.claude/settings.json", "/home/u/p/.claude/settings.json", "/home/u/p/.claude/settings.local.json", "/etc/claude-code/managed-settings.json"}},
		{"darwin", "/Users/u", "/Users/u/p", nil, ClaudePaths{"/Users/u/.claude.json", "/Users/u/.claude/settings.json", "/Users/u/p/.claude/settings.json", "/Users/u/p/.claude/settings.local.json", "/Library/Application Support/ClaudeCode/managed-settings.json"}},
		{"windows", `C:\Users\u`, `C:\src\p`, nil, ClaudePaths{`C:\Users\u\.claude.json`, `C:\Users\u\.claude\settings.json`, `C:\src\p\.claude\settings.json`, `C:\src\p\.claude\settings.local.json`, `C:\Program Files\ClaudeCode\managed-settings.json`}},
		{"linux", "/home/u", "/p", map[string]string{"CLAUDE_CONFIG_DIR": "/cfg"}, ClaudePaths{"/cfg/.claude.json", "/cfg/settings.json", "/p/.claude/settings.json", "/p/.claude/settings.local.json", "/etc/claude-code/managed-settings.json"}},
	} {
		if got := Claude(c.goos, c.home, c.cwd, c.vars); got != c.want {
			t.Errorf("%s %v:\n got %+v\nwant %+v", c.goos, c.vars, got, c.want)
		}
	}
}

func TestDetectShell(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		h    Host
		want Shell
	}{
		{Host{GOOS: "linux", Home: "/home/u", Vars: map[string]string{"SHELL": "/bin/bash"}}, Shell{"bash", "/home/u/.bashrc"}},
		{Host{GOOS: "darwin", Home: "/Users/u", Vars: map[string]string{"SHELL": "/bin/bash"}}, Shell{"bash", "/Users/u/.bash_profile"}},
		{Host{GOOS: "darwin", Home: "/Users/u", Vars: map[string]string{"SHELL": "/bin/zsh", "ZDOTDIR": "/Users/u/.zsh"}}, Shell{"zsh", "/Users/u/.zsh/.zshrc"}},
		{Host{GOOS: "linux", Home: "/home/u", Vars: map[string]string{"SHELL": "/usr/bin/fish"}}, Shell{"fish", "/home/u/.config/fish/config.fish"}},
		{Host{GOOS: "linux", Home: "/home/u", Vars: map[string]string{"SHELL": "/usr/bin/pwsh"}}, Shell{"powershell", "/home/u/.config/powershell/Microsoft.PowerShell_profile.ps1"}},
		{Host{GOOS: "windows", Home: `C:\Users\u`, Vars: map[string]string{}}, Shell{"powershell", `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`}},
		{Host{GOOS: "windows", Home: `C:\Users\u`, Vars: map[string]string{}, Run: commands(map[string]string{"powershell.exe -NoProfile -Command " + ProfileQuery: "C:\\Users\\u\\OneDrive\\Documents\\WindowsPowerShell\\Microsoft.PowerShell_profile.ps1\r\n"})},
			Shell{"powershell", `C:\Users\u\OneDrive\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`}},
	} {
		if got := DetectShell(ctx, c.h); got != c.want {
			t.Errorf("%s %v: got %+v, want %+v", c.h.GOOS, c.h.Vars, got, c.want)
		}
	}
	v := "http://127.0.0.1:7890"
	got := SetxLines(map[string]*string{"HTTPS_PROXY": &v, "NO_PROXY": nil}, []string{"HTTPS_PROXY", "NO_PROXY"})
	want := []string{`setx HTTPS_PROXY "http://127.0.0.1:7890"`, `reg delete HKCU\Environment /v NO_PROXY /f`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("setx: %q", got)
	}
}

func TestWSL(t *testing.T) {
	ctx := context.Background()
	files := mapFiles{
		"/proc/version":             fixture(t, "proc-version-wsl2"),
		"/etc/resolv.conf":          fixture(t, "resolv-wsl"),
		"/proc/net/route":           fixture(t, "proc-net-route"),
		"/mnt/c/Users/u/.wslconfig": fixture(t, "wslconfig"),
	}
	run := commands(map[string]string{"cmd.exe /c echo %USERPROFILE%": "C:\\Users\\u\r\n"})
	w := DetectWSL(ctx, Host{GOOS: "linux", Vars: map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, Files: files, Run: run})
	want := &WSL{Version: 2, Distro: "Ubuntu", NetworkingMode: "mirrored", ModeFrom: "/mnt/c/Users/u/.wslconfig", DNSTunneling: "true",
		ResolvGenerated: true, Nameservers: []string{"172.28.160.1"}, Gateway: "172.28.160.1"}
	if !reflect.DeepEqual(w, want) {
		t.Fatalf("WSL 2:\n got %+v\nwant %+v", w, want)
	}
	if !w.Mirrored() {
		t.Fatal("mirrored")
	}
	// No interop: the mode stays the default.
	w = DetectWSL(ctx, Host{GOOS: "linux", Vars: map[string]string{}, Files: files})
	if w == nil || w.NetworkingMode != "nat" || w.ModeFrom != "default" || w.Mirrored() {
		t.Fatalf("without interop: %+v", w)
	}
	files["/proc/version"] = fixture(t, "proc-version-wsl1")
	if w := DetectWSL(ctx, Host{GOOS: "linux", Vars: map[string]string{}, Files: files}); w == nil || w.Version != 1 {
		t.Fatalf("WSL 1: %+v", w)
	}
	files["/proc/version"] = fixture(t, "proc-version-ubuntu")
	if w := DetectWSL(ctx, Host{GOOS: "linux", Vars: map[string]string{}, Files: files}); w != nil {
		t.Fatalf("plain Ubuntu is not WSL: %+v", w)
	}
	if g, ns := ParseResolvConf("nameserver 1.1.1.1\nnameserver 8.8.8.8\n"); g || len(ns) != 2 {
		t.Fatalf("a hand-written resolv.conf: %v %v", g, ns)
	}
	if got := WindowsToWSLPath(`D:\Users\Ann Lee`); got != "/mnt/d/Users/Ann Lee" {
		t.Fatal(got)
	}
}

func TestKeychainAndWindowsStore(t *testing.T) {
	ca, leaf := selfSigned(t, true), selfSigned(t, false)
	out := string(ca) + string(leaf) + string(ca) // the login keychain repeats it
	h := Host{GOOS: "darwin", Home: "/Users/u", Run: commands(map[string]string{
		"security find-certificate -a -p /Library/Keychains/System.keychain":           out,
		"security find-certificate -a -p /Users/u/Library/Keychains/login.keychain-db": string(ca),
	})}
	store := TrustStoreFor("darwin")
	got, err := store.Roots(context.Background(), h)
	if err != nil || strings.Count(string(got), "BEGIN CERTIFICATE") != 1 {
		t.Fatalf("keychain roots: %v\n%s", err, got)
	}
	if !strings.Contains(store.ExportHint("Zscaler Root CA", "corp.pem"), `-c "Zscaler Root CA"`) {
		t.Fatal(store.ExportHint("Zscaler Root CA", "corp.pem"))
	}
	win := TrustStoreFor("windows")
	if _, err := win.Roots(context.Background(), Host{}); !errors.Is(err, ErrNotListable) {
		t.Fatalf("the Windows store is not listable: %v", err)
	}
	hint := win.ExportHint("Zscaler Root CA", `C:\Users\u\corp.pem`)
	for _, want := range []string{`Cert:\LocalMachine\Root`, "*Zscaler Root CA*", "BEGIN CERTIFICATE", `C:\Users\u\corp.pem`} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint lacks %q: %s", want, hint)
		}
	}
	if TrustStoreFor("linux") != nil {
		t.Fatal("Linux keeps its roots in files")
	}
	if CommonName("CN=Zscaler Root CA,O=Zscaler Inc.") != "Zscaler Root CA" {
		t.Fatal("CommonName")
	}
}

func selfSigned(t *testing.T, isCA bool) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "Test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: isCA, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestJoin(t *testing.T) {
	if got := Join("windows", `C:\Users\u\`, "/.claude", "settings.json"); got != `C:\Users\u\.claude\settings.json` {
		t.Fatal(got)
	}
	if got := Join("linux", "/home/u/", ".claude"); got != "/home/u/.claude" {
		t.Fatal(got)
	}
}

// BenchmarkRegistry measures parsing a real `reg query` answer.
func BenchmarkRegistry(b *testing.B) {
	data, err := os.ReadFile("testdata/reg-clash.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ParseRegistry(string(data)) == nil {
			b.Fatal("no proxy")
		}
	}
}
