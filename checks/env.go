package checks

import (
	"context"
	"crypto/x509"
	"errors"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// Resolver looks up the addresses of a host. *net.Resolver satisfies it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// DialFunc opens a connection to an address that is already an IP:port.
type DialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// CommandRunner runs a program and returns its standard output.
type CommandRunner func(ctx context.Context, name string, args ...string) ([]byte, error)

// FileSystem reads files by absolute path. Tests root it in a temporary
// folder so the engine never touches the real home directory.
type FileSystem interface {
	ReadFile(name string) ([]byte, error)
}

// OSFiles reads the real file system.
type OSFiles struct{}

// ReadFile reads the named file.
func (OSFiles) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// RootFS reads files below Root, as if Root were "/".
type RootFS struct{ Root string }

// ReadFile reads name below the root.
func (r RootFS) ReadFile(name string) ([]byte, error) {
	if !filepath.IsAbs(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(name)))
}

// Timeouts bounds each phase of every check. They are data, not literals
// scattered in code, and scale together with --timeout.
type Timeouts struct {
	DNS  time.Duration
	TCP  time.Duration
	TLS  time.Duration
	HTTP time.Duration
}

// DefaultTimeouts are the per-phase limits used when no --timeout is given.
var DefaultTimeouts = Timeouts{DNS: 3 * time.Second, TCP: 5 * time.Second, TLS: 5 * time.Second, HTTP: 10 * time.Second}

// ScaledTo returns t with every phase scaled so that HTTP equals d.
func (t Timeouts) ScaledTo(d time.Duration) Timeouts {
	if d <= 0 || t.HTTP <= 0 {
		return t
	}
	f := float64(d) / float64(t.HTTP)
	scale := func(x time.Duration) time.Duration { return time.Duration(float64(x) * f) }
	return Timeouts{DNS: scale(t.DNS), TCP: scale(t.TCP), TLS: scale(t.TLS), HTTP: d}
}

// Env is everything the engine touches in the outside world. Production
// code uses [SystemEnv]; tests point every field at the loopback lab.
type Env struct {
	Vars     map[string]string // the process environment
	Home     string            // the user's home folder
	Cwd      string            // the working folder (for project settings)
	GOOS     string
	Files    FileSystem
	Resolver Resolver
	Dial     DialFunc
	Now      func() time.Time
	Run      CommandRunner

	// SystemRoots returns the operating system's trust store.
	SystemRoots func() (*x509.CertPool, error)
	// BundledRoots returns the Mozilla roots that Node and certifi ship.
	BundledRoots func() *x509.CertPool

	// LocalProxyHost and LocalProxyPorts are where local proxies are looked for.
	LocalProxyHost  string
	LocalProxyPorts []int

	// HostsFile is the path of the hosts file.
	HostsFile string

	// DNSPort is the port nameservers from resolv.conf are asked on (53
	// when zero; the lab moves it).
	DNSPort int

	// CertifiPaths are certifi bundles to offer as trust candidates.
	CertifiPaths []string

	Timeouts Timeouts
}

// LocalProxyPorts are the ports local proxies usually listen on
// (Clash/mihomo, v2rayN, Shadowsocks, Surge, Qv2ray).
var LocalProxyPorts = []int{7890, 7891, 10808, 10809, 1080, 6152, 6153, 8889}

// SystemEnv returns an Env for the real machine.
func SystemEnv() *Env {
	vars := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	home, _ := os.UserHomeDir()
	cwd, _ := os.Getwd()
	hosts := "/etc/hosts"
	if runtime.GOOS == "windows" {
		hosts = filepath.Join(os.Getenv("SystemRoot"), `System32\drivers\etc\hosts`)
	}
	d := &net.Dialer{}
	return &Env{
		Vars:     vars,
		Home:     home,
		Cwd:      cwd,
		GOOS:     runtime.GOOS,
		Files:    OSFiles{},
		Resolver: net.DefaultResolver,
		Dial:     d.DialContext,
		Now:      time.Now,
		Run: func(ctx context.Context, name string, args ...string) ([]byte, error) {
			return exec.CommandContext(ctx, name, args...).Output()
		},
		SystemRoots:     x509.SystemCertPool,
		BundledRoots:    MozillaRoots,
		LocalProxyHost:  "127.0.0.1",
		LocalProxyPorts: LocalProxyPorts,
		HostsFile:       hosts,
		CertifiPaths:    findCertifi(home),
		Timeouts:        DefaultTimeouts,
	}
}

// MozillaRoots returns the Mozilla root store (what Node and certifi embed),
// from golang.org/x/crypto/x509roots/fallback/bundle.
func MozillaRoots() *x509.CertPool {
	pool := x509.NewCertPool()
	for r := range bundle.Roots() {
		c, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			continue
		}
		if r.Constraint != nil {
			pool.AddCertWithConstraint(c, r.Constraint)
		} else {
			pool.AddCert(c)
		}
	}
	return pool
}

// findCertifi lists certifi bundles in the usual Python install places.
func findCertifi(home string) []string {
	var globs []string
	for _, root := range []string{"/usr/lib/python3*", "/usr/local/lib/python3*", "/usr/lib/python3/dist-packages", filepath.Join(home, ".local/lib/python3*"), filepath.Join(home, ".pyenv/versions/*/lib/python3*")} {
		globs = append(globs, filepath.Join(root, "site-packages/certifi/cacert.pem"), filepath.Join(root, "dist-packages/certifi/cacert.pem"))
	}
	var out []string
	for _, g := range globs {
		m, _ := filepath.Glob(g)
		out = append(out, m...)
	}
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// readFile reads a file through the injected file system.
func (e *Env) readFile(name string) ([]byte, error) {
	if e.Files == nil {
		return nil, errors.New("no file system")
	}
	return e.Files.ReadFile(name)
}
