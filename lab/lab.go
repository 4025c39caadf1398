package lab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"apidoctor/checks"
)

// The host names a lab serves. They are the real ones, so the engine's
// rules for the official API apply; every lookup goes to the lab's DNS
// server and every connection through the loopback-only dialer.
const (
	APIHost      = "api.anthropic.com"
	PlatformHost = "platform.claude.com"
	StatusHost   = "status.claude.com"
)

// Key is the API key the lab's API server accepts (a made-up one, shaped
// like a real key). It is put together from parts, so that no secret
// scanner reading the source takes it for a leaked key.
var Key = FakeKey("api03", "LAB", 86, "labAA") // 108 characters, as a console key

// FakeKey builds a made-up credential shaped like an Anthropic one:
// sk-ant-<kind>-<tag><zeros>-<suffix>.
func FakeKey(kind, tag string, zeros int, suffix string) string {
	return "sk-" + "ant-" + kind + "-" + tag + strings.Repeat("0", zeros) + "-" + suffix
}

// Timeouts keep lab runs quick while leaving loopback plenty of margin.
var Timeouts = checks.Timeouts{DNS: 800 * time.Millisecond, TCP: 800 * time.Millisecond, TLS: 800 * time.Millisecond, HTTP: 1500 * time.Millisecond}

// Lab is one set of servers for one scenario.
type Lab struct {
	PublicCA  *CA // stands in for the public web PKI (the "system" store)
	InspectCA *CA // an inspection product's root, named like Zscaler's
	DNS       *DNSServer
	RefDNS    *DNSServer
	API       *APIServer
	Root      string // the fake file system's root
	mu        sync.Mutex
	closers   []func()
	truth     map[string]netip.Addr // where each lab host really is
}

func (l *Lab) lookupTruth(host string) (netip.Addr, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.truth[host]
	return a, ok
}

func (l *Lab) setTruth(host string, a netip.Addr) {
	l.mu.Lock()
	l.truth[host] = a
	l.mu.Unlock()
}

// Home and Cwd are the fake user's folders inside Root.
const (
	Home = "/home/lab"
	Cwd  = "/home/lab/project"
)

// Start brings up a healthy lab whose files live below dir.
func Start(dir string) (*Lab, error) {
	l := &Lab{Root: dir, truth: map[string]netip.Addr{}}
	for _, h := range []string{APIHost, PlatformHost, StatusHost} {
		l.truth[h] = netip.MustParseAddr("127.0.0.1")
	}
	var err error
	if l.PublicCA, err = NewCA("Lab Public Root R1", "Lab Trust Services"); err != nil {
		return nil, err
	}
	if l.InspectCA, err = NewCA("Zscaler Root CA", "Zscaler Inc."); err != nil {
		return nil, err
	}
	cert, err := l.PublicCA.Valid(APIHost, PlatformHost, StatusHost, "127.0.0.1")
	if err != nil {
		return nil, err
	}
	if l.API, err = StartAPI(cert, Key); err != nil {
		return nil, err
	}
	l.defer_(func() { l.API.Close() })
	for _, d := range []**DNSServer{&l.DNS, &l.RefDNS} {
		s, err := StartDNS()
		if err != nil {
			l.Close()
			return nil, err
		}
		*d = s
		l.defer_(func() { s.Close() })
		for _, h := range []string{APIHost, PlatformHost, StatusHost} {
			s.Set(h, netip.MustParseAddr("127.0.0.1"))
		}
	}
	// The system resolver answers localhost from the hosts file; the lab's
	// stands in for it.
	l.DNS.Set("localhost", netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"))
	l.API.SetDoH(l.RefDNS.ServeDoH)
	for _, p := range []string{Home + "/.claude", Cwd, "/etc"} {
		os.MkdirAll(filepath.Join(dir, p), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "etc/hosts"), []byte("127.0.0.1 localhost\n::1 localhost\n"), 0o644)
	return l, nil
}

func (l *Lab) defer_(f func()) {
	l.mu.Lock()
	l.closers = append(l.closers, f)
	l.mu.Unlock()
}

// Close stops every server of the lab.
func (l *Lab) Close() {
	l.mu.Lock()
	cs := l.closers
	l.closers = nil
	l.mu.Unlock()
	for i := len(cs) - 1; i >= 0; i-- {
		cs[i]()
	}
}

// URL is https://host:port of the lab's API server.
func (l *Lab) URL(host string) string { return "https://" + host + ":" + strconv.Itoa(l.API.Port) }

// BaseURL is the API base URL of the lab.
func (l *Lab) BaseURL() string { return l.URL(APIHost) }

// WriteFile writes a file of the fake file system (path as the engine sees it).
func (l *Lab) WriteFile(path string, data []byte) error {
	full := filepath.Join(l.Root, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o600)
}

// Env returns an engine environment wired to the lab: its resolver, the
// loopback-only dialer, its trust, the fake file system, no OS proxy.
func (l *Lab) Env() *checks.Env {
	pool := l.PublicCA.Pool()
	return &checks.Env{
		Vars:           map[string]string{},
		Home:           Home,
		Cwd:            Cwd,
		GOOS:           "linux",
		Files:          checks.RootFS{Root: l.Root},
		Resolver:       l.DNS.Resolver(),
		Dial:           Dial,
		Now:            time.Now,
		Run:            noCommand,
		SystemRoots:    func() (*x509.CertPool, error) { return pool, nil },
		BundledRoots:   func() *x509.CertPool { return pool },
		LocalProxyHost: "127.0.0.1",
		HostsFile:      "/etc/hosts",
		Timeouts:       Timeouts,
	}
}

// noCommand is the lab's command runner: no program is installed, as
// exec reports a program missing from PATH.
func noCommand(_ context.Context, name string, _ ...string) ([]byte, error) {
	return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
}

// Options returns run options aimed at the lab's servers.
func (l *Lab) Options(client checks.ClientName) checks.Options {
	return checks.Options{
		Client:       client,
		BaseURL:      l.BaseURL(),
		PlatformURL:  l.URL(PlatformHost) + "/v1/oauth/hello",
		StatusURL:    l.URL(StatusHost),
		ReferenceDNS: l.RefDNS.Addr.String(),
		Expected:     []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	}
}

// StartAPIWith serves the lab's API with another certificate (expired,
// wrong host...) on a new port and returns that port.
func (l *Lab) StartAPIWith(cert tls.Certificate) (int, error) {
	s, err := StartAPI(cert, Key)
	if err != nil {
		return 0, err
	}
	l.defer_(func() { s.Close() })
	return s.Port, nil
}

// StartProxy starts a proxy that resolves the lab's names, closed with the lab.
func (l *Lab) StartProxy(o ProxyOptions) (*Proxy, error) {
	if o.Resolve == nil {
		// The proxy resolves remotely, as real ones do, and sees where the
		// lab's servers really are, whatever the local resolvers say.
		o.Resolve = l.lookupTruth
	}
	if o.Resign != nil && o.UpstreamRoots == nil {
		o.UpstreamRoots = l.PublicCA.Pool()
	}
	p, err := StartProxy(o)
	if err != nil {
		return nil, err
	}
	l.defer_(func() { p.Close() })
	return p, nil
}

// Gateway serves the lab's API under a custom gateway host name that
// resolves to loopback in both resolvers, as a local LLM gateway's does,
// and points the base URL at it; the published ranges of Anthropic's
// hosts do not apply to it.
func (l *Lab) Gateway(o *checks.Options, host string) error {
	u, err := l.Endpoint(host, false)
	if err != nil {
		return err
	}
	o.BaseURL, o.Expected = u, nil
	return nil
}

// Keep closes c with the lab.
func (l *Lab) Keep(c func()) { l.defer_(c) }

// Endpoint serves the lab's API under another host name (a Bedrock or
// Vertex endpoint, say) and returns its URL; closed returns a URL where
// nothing listens.
func (l *Lab) Endpoint(host string, closed bool) (string, error) {
	l.setTruth(host, netip.MustParseAddr("127.0.0.1"))
	l.DNS.Set(host, netip.MustParseAddr("127.0.0.1"))
	l.RefDNS.Set(host, netip.MustParseAddr("127.0.0.1"))
	if closed {
		addr, err := Refused("127.0.0.1")
		if err != nil {
			return "", err
		}
		_, port, _ := net.SplitHostPort(addr)
		return "https://" + host + ":" + port, nil
	}
	cert, err := l.PublicCA.Valid(host)
	if err != nil {
		return "", err
	}
	port, err := l.StartAPIWith(cert)
	if err != nil {
		return "", err
	}
	return "https://" + host + ":" + strconv.Itoa(port), nil
}
