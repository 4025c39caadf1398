package checks

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// orderedResolver answers every lookup with the same addresses, in the
// order given: the resolver's order, which getaddrinfo sorts.
type orderedResolver []netip.Addr

func (o orderedResolver) LookupNetIP(_ context.Context, network, _ string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, a := range o {
		if network == "ip" || (network == "ip4") == a.Is4() {
			out = append(out, a)
		}
	}
	return out, nil
}

// recordedRun is a run of client against api.test whose two TCP checks
// have already finished with the given attempts (nil: the family has no
// address), so keptAddr decides on recorded results alone.
func recordedRun(t *testing.T, client ClientName, order []netip.Addr, v4, v6 []TCPAttempt) *Run {
	t.Helper()
	env := &Env{Vars: map[string]string{}, Home: "/home/u", Cwd: "/home/u", GOOS: "linux",
		Files: RootFS{Root: t.TempDir()}, Now: time.Now, Resolver: orderedResolver(order)}
	r, err := New(env, Options{Client: client, BaseURL: "https://api.test"})
	if err != nil {
		t.Fatal(err)
	}
	for id, ats := range map[string][]TCPAttempt{"tcp.ipv4": v4, "tcp.ipv6": v6} {
		sl := r.slots[id]
		family := map[string]string{"tcp.ipv4": "ip4", "tcp.ipv6": "ip6"}[id]
		if ats == nil {
			sl.res = na(msg("tcp.no_family", family, "api.test"))
		} else {
			sl.res = Result{Status: Pass, Evidence: &TCPEvidence{Family: family, Attempts: ats, OnRoute: true}}
			if !ats[0].OK {
				sl.res.Status = Warn
			}
		}
		close(sl.done)
	}
	return r
}

// TestKeptAddrFollowsEachClientsRace: the address the TLS check uses is
// the one the client's own connect (connectAny) ends up on, decided on
// the recorded attempts: Node abandons an IPv6 attempt that has not
// connected within 250 ms of its own start, whenever IPv4 connects; the
// racing clients keep IPv6 unless IPv4, started after their delay,
// connects first; httpx takes the first address of the resolver's
// answer that connects, and never tries the next one.
func TestKeptAddrFollowsEachClientsRace(t *testing.T) {
	v4, v6 := netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")
	ok := func(a netip.Addr, ms float64) []TCPAttempt {
		return []TCPAttempt{{Addr: netip.AddrPortFrom(a, 443).String(), OK: true, MS: ms}}
	}
	bad := func(a netip.Addr, ms float64) []TCPAttempt {
		return []TCPAttempt{{Addr: netip.AddrPortFrom(a, 443).String(), MS: ms, Cause: CauseTCPTimeout}}
	}
	v4First, v6First := []netip.Addr{v4, v6}, []netip.Addr{v6, v4}
	for _, c := range []struct {
		name      string
		client    ClientName
		order     []netip.Addr
		a4, a6    []TCPAttempt
		kept, alt string
	}{
		{"node abandons IPv6 slower than 250 ms", NodeSDK, v6First, ok(v4, 50), ok(v6, 270), "127.0.0.1:443", ""},
		{"node keeps IPv6 within 250 ms", NodeSDK, v6First, ok(v4, 50), ok(v6, 200), "[::1]:443", "127.0.0.1:443"},
		{"node keeps IPv6 when IPv4 fails", NodeSDK, v6First, bad(v4, 5000), ok(v6, 100), "[::1]:443", ""},
		{"go keeps IPv6 that wins the race", GoSDK, v6First, ok(v4, 50), ok(v6, 270), "[::1]:443", "127.0.0.1:443"},
		{"go takes IPv4 that connects first", GoSDK, v6First, ok(v4, 50), ok(v6, 400), "127.0.0.1:443", ""},
		{"curl takes IPv4 that connects first", Curl, v6First, ok(v4, 10), ok(v6, 300), "127.0.0.1:443", ""},
		{"claude code keeps a quick IPv6", ClaudeCode, v4First, ok(v4, 1), ok(v6, 1), "[::1]:443", "127.0.0.1:443"},
		{"go starts with the resolver's IPv4", GoSDK, v4First, ok(v4, 50), ok(v6, 1), "127.0.0.1:443", ""},
		{"go starts with IPv4, which fails: IPv6 after", GoSDK, v4First, bad(v4, 5000), ok(v6, 1), "[::1]:443", ""},
		{"node starts with the resolver's IPv4", NodeSDK, v4First, ok(v4, 50), ok(v6, 1), "127.0.0.1:443", ""},
		{"curl starts with IPv6 whatever the resolver says", Curl, v4First, ok(v4, 150), ok(v6, 1), "[::1]:443", "127.0.0.1:443"},
		{"python follows the resolver: IPv4 first", PythonSDK, v4First, ok(v4, 1), ok(v6, 1), "127.0.0.1:443", ""},
		{"python follows the resolver: IPv6 first", PythonSDK, v6First, ok(v4, 1), ok(v6, 1), "[::1]:443", "127.0.0.1:443"},
		{"python moves on from a dead first address", PythonSDK, v6First, ok(v4, 1), bad(v6, 5000), "127.0.0.1:443", ""},
		{"python on IPv4 alone", PythonSDK, []netip.Addr{v4}, ok(v4, 1), nil, "127.0.0.1:443", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := recordedRun(t, c.client, c.order, c.a4, c.a6)
			kept, alt, found := r.keptAddr(context.Background(), "tls")
			if !found || kept != c.kept || alt != c.alt {
				t.Errorf("kept %q (other %q, %v), want %q (other %q)", kept, alt, found, c.kept, c.alt)
			}
		})
	}
}

// addrConn is a connection that remembers the address it was dialled to.
type addrConn struct {
	net.Conn
	to netip.Addr
}

// TestReplayRaceMatchesConnectAny: the replay of recorded attempts picks
// the address connectAny itself connects to, for attempts that take the
// same times. IPv6 takes 900 ms or nothing, IPv4 nothing: margins of more
// than half a second either side of the clients' delays.
func TestReplayRaceMatchesConnectAny(t *testing.T) {
	v4, v6 := netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")
	for _, c := range []struct {
		client ClientName
		ms6    time.Duration
		want   netip.Addr
	}{
		{NodeSDK, 900 * time.Millisecond, v4}, // abandoned at 250 ms
		{NodeSDK, 0, v6},
		{GoSDK, 900 * time.Millisecond, v4}, // IPv4 starts at 300 ms and connects at once
		{GoSDK, 0, v6},
		{Curl, 900 * time.Millisecond, v4},
	} {
		t.Run(fmt.Sprintf("%s/%v", c.client, c.ms6), func(t *testing.T) {
			r := &Run{Env: &Env{Timeouts: DefaultTimeouts}, Profile: ProfileOf(c.client)}
			r.Env.Dial = func(ctx context.Context, _, address string) (net.Conn, error) {
				ap := netip.MustParseAddrPort(address)
				if ap.Addr().Is6() && c.ms6 > 0 {
					select {
					case <-time.After(c.ms6):
					case <-ctx.Done():
						return nil, ctx.Err()
					}
				}
				a, b := net.Pipe()
				b.Close()
				return addrConn{a, ap.Addr()}, nil
			}
			// The resolver's answer on a dual-stack host: IPv6 first.
			conn, err := r.connectAny(context.Background(), []netip.Addr{v6, v4}, 443)
			if err != nil {
				t.Fatal(err)
			}
			conn.Close()
			if got := conn.(addrConn).to; got != c.want {
				t.Fatalf("connectAny connected to %s, want %s", got, c.want)
			}
			order := []*TCPAttempt{
				{Addr: "[::1]:443", OK: true, MS: float64(c.ms6.Milliseconds())},
				{Addr: "127.0.0.1:443", OK: true, MS: 0},
			}
			if i := replayRace(r.Profile.Race, order); i < 0 || netip.MustParseAddrPort(order[i].Addr).Addr() != c.want {
				t.Errorf("the replay picks attempt %d, want %s", i, c.want)
			}
		})
	}
}

// TestStarNoProxyBuildsNoMount: httpx's get_environment_proxies returns
// no mount at all when an entry of NO_PROXY is "*", so no proxy URL, bad
// or refused, can stop the Python SDK: it goes direct.
func TestStarNoProxyBuildsNoMount(t *testing.T) {
	api, _ := url.Parse("https://api.anthropic.com")
	for _, vars := range []map[string]string{
		{"NO_PROXY": "*", "http_proxy": "socks4://p:1080"},
		{"NO_PROXY": "*", "ALL_PROXY": "socks://p:1080"},
		{"no_proxy": "*", "HTTP_PROXY": "http://p:99999"},
		{"no_proxy": "corp.example, *", "HTTPS_PROXY": "socks5h://p:1080"},
		{"NO_PROXY": "*", "HTTPS_PROXY": "http://p:3128"},
	} {
		r := ProfileOf(PythonSDK).RouteFor(settingsOf(PythonSDK, vars), api)
		if r.Err != nil || r.Proxy != nil {
			t.Errorf("%v: %s %v via %v, want direct", vars, r.ErrCause, r.Err, r.Proxy)
		}
	}
	// Without the star, a bad mount still stops it.
	r := ProfileOf(PythonSDK).RouteFor(settingsOf(PythonSDK, map[string]string{"NO_PROXY": "corp.example", "ALL_PROXY": "socks://p:1080"}), api)
	if r.Err == nil {
		t.Error("a refused ALL_PROXY with no star in NO_PROXY: want the start-up failure")
	}
}

// denyDropIns refuses to list managed-settings.d.
type denyDropIns struct{ RootFS }

func (d denyDropIns) ReadDir(name string) ([]fs.DirEntry, error) {
	if strings.HasSuffix(name, "managed-settings.d") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.RootFS.ReadDir(name)
}

// TestUnreadableDropInFolderKeepsItsError: a managed-settings.d that
// cannot be listed is reported with the listing's own error, not as "a
// folder, not a regular file".
func TestUnreadableDropInFolderKeepsItsError(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "etc/claude-code/managed-settings.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := &Env{Vars: map[string]string{}, Home: "/home/u", Cwd: "/home/u", GOOS: "linux", Files: denyDropIns{RootFS{Root: root}}, Now: time.Now}
	seen := false
	for _, f := range LoadSettings(env, ClaudeCode, nil).Files {
		if strings.HasSuffix(f.Path, "managed-settings.d") {
			seen = true
			if !strings.Contains(f.Error, "permission denied") {
				t.Errorf("%s: %q, want the listing's permission error", f.Path, f.Error)
			}
		}
	}
	if !seen {
		t.Error("the unreadable drop-in folder is not listed")
	}
}

// readLog is a RootFS that records which files and folders were read.
type readLog struct {
	RootFS
	mu    sync.Mutex
	files []string
	dirs  []string
}

func (l *readLog) ReadFile(name string) ([]byte, error) {
	l.mu.Lock()
	l.files = append(l.files, name)
	l.mu.Unlock()
	return l.RootFS.ReadFile(name)
}

func (l *readLog) ReadDir(name string) ([]fs.DirEntry, error) {
	l.mu.Lock()
	l.dirs = append(l.dirs, name)
	l.mu.Unlock()
	return l.RootFS.ReadDir(name)
}

// TestHashedFolderReadsOnlyWhatOpenSSLOpens: in OpenSSL's hashed mode
// only <hash>.<n> files (and certificate files, to say which sit under
// the wrong name) are read, not every file of a folder such as
// /usr/lib/x86_64-linux-gnu; Go's mode reads every file, as Go does.
func TestHashedFolderReadsOnlyWhatOpenSSLOpens(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "lib")
	os.MkdirAll(dir, 0o755)
	pemData := testCertPEM(t)
	for name, data := range map[string][]byte{"libc.so.6": []byte("\x7fELF"), "ld.so.cache": []byte("x"), "corp.crt": pemData, "0a1b2c3d.0": pemData} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, hashed := range []bool{true, false} {
		fsys := &readLog{RootFS: RootFS{Root: root}}
		r := &Run{Env: &Env{GOOS: "linux", Files: fsys, Now: time.Now}}
		src := r.folderSource("SSL_CERT_DIR", "/lib", hashed)
		read := strings.Join(fsys.files, " ")
		if got := strings.Contains(read, "libc.so.6") || strings.Contains(read, "ld.so.cache"); got != !hashed {
			t.Errorf("hashed %v: read %s", hashed, read)
		}
		if !strings.Contains(read, "corp.crt") || !strings.Contains(read, "0a1b2c3d.0") {
			t.Errorf("hashed %v: read %s, want the certificate files", hashed, read)
		}
		if hashed && !strings.Contains(src.Problem, "not named by their subject hash") {
			t.Errorf("hashed: problem %q, want the unhashed note", src.Problem)
		}
	}
}

// TestCertDirListIsBounded: a variable listing many folders has only the
// first maxCertDirs read, and the rest are named as not read.
func TestCertDirListIsBounded(t *testing.T) {
	root := t.TempDir()
	var list []string
	for i := range maxCertDirs + 5 {
		d := fmt.Sprintf("/d%d", i)
		os.MkdirAll(filepath.Join(root, d), 0o755)
		list = append(list, d)
	}
	fsys := &readLog{RootFS: RootFS{Root: root}}
	r := &Run{Env: &Env{GOOS: "linux", Files: fsys, Now: time.Now}}
	src := r.folderSource("SSL_CERT_DIR", strings.Join(list, ":"), true)
	if len(fsys.dirs) != maxCertDirs {
		t.Errorf("%d folders listed, want %d", len(fsys.dirs), maxCertDirs)
	}
	if !strings.Contains(src.Problem, "5 more folders") {
		t.Errorf("problem %q, want the folders left unread", src.Problem)
	}
}

// TestCertifiGlobsIgnoreTheCaseOfWindowsNames: Windows environment
// names ignore case, so SYSTEMDRIVE and PROGRAMFILES count as
// SystemDrive and ProgramFiles.
func TestCertifiGlobsIgnoreTheCaseOfWindowsNames(t *testing.T) {
	// filepath.IsAbs decides which roots count: use this OS's absolute form.
	drive, pf, atDrive := `C:`, `C:\Program Files`, `C:\Python3*`
	if os.PathSeparator == '/' {
		drive, pf, atDrive = "/c", "/c/Program Files", "/c/Python3*"
	}
	globs := strings.Join(certifiGlobs("windows", "", map[string]string{"SYSTEMDRIVE": drive, "PROGRAMFILES": pf}), "\n")
	for _, want := range []string{filepath.Join(pf, "Python3*"), atDrive} {
		if !strings.Contains(globs, want) {
			t.Errorf("globs\n%s\nwant one under %s", globs, want)
		}
	}
}
