package checks

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"

	"apidoctor/i18n"
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

// OSFiles reads the real file system: regular files only, each within
// the size limit of its kind (see [ReadRegularFile] and [KindOf]).
type OSFiles struct{}

// ReadFile reads the named file.
func (OSFiles) ReadFile(name string) ([]byte, error) {
	return ReadRegularFile(context.Background(), name, KindOf(name))
}

// ReadFileMax reads the named file, refusing one larger than max bytes.
func (OSFiles) ReadFileMax(name string, max int64) ([]byte, error) {
	kind := KindOf(name)
	kind.Limit = max
	return ReadRegularFile(context.Background(), name, kind)
}

// RootFS reads files below Root, as if Root were "/".
type RootFS struct{ Root string }

// ReadFile reads name below the root.
func (r RootFS) ReadFile(name string) ([]byte, error) {
	return r.ReadFileMax(name, KindOf(name).Limit)
}

// ReadFileMax reads name below the root, refusing one larger than max bytes.
func (r RootFS) ReadFileMax(name string, max int64) ([]byte, error) {
	if !filepath.IsAbs(name) && !strings.HasPrefix(filepath.ToSlash(name), "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	kind := KindOf(name)
	kind.Limit = max
	return ReadRegularFile(context.Background(), filepath.Join(r.Root, filepath.FromSlash(name)), kind)
}

// FileKind is a kind of file apidoctor reads, with the most bytes a file
// of that kind should ever hold: past it the file is refused, not read
// (a CA variable pointing at /dev/zero, or a log grown without bound,
// must not eat the machine's memory).
type FileKind struct {
	Limit int64
	Name  string // a catalogue key naming the kind ("a CA bundle")
}

// The kinds of files read, and their limits.
var (
	// KindSettings is a Claude Code settings file (user, project, local, managed).
	KindSettings = FileKind{4 << 20, "file.kind_settings"}
	// KindState is ~/.claude.json, where Claude Code also keeps per-project
	// history: it grows to tens of megabytes on busy machines.
	KindState = FileKind{64 << 20, "file.kind_state"}
	// KindCA is a PEM bundle (the whole Mozilla store is about 250 KB).
	KindCA = FileKind{8 << 20, "file.kind_ca"}
	// KindHosts is the hosts file (ad-blocking lists make it large).
	KindHosts = FileKind{32 << 20, "file.kind_hosts"}
	// KindProfile is a shell profile.
	KindProfile = FileKind{4 << 20, "file.kind_profile"}
	// KindSystem is a small system file: /proc/version, resolv.conf,
	// kioslaverc, .wslconfig.
	KindSystem = FileKind{1 << 20, "file.kind_system"}
	// KindUndoLog is apidoctor's own undo log.
	KindUndoLog = FileKind{16 << 20, "file.kind_undo_log"}
	// KindFile is any other file.
	KindFile = FileKind{8 << 20, "file.kind_file"}
)

// KindOf tells a file's kind from its name.
func KindOf(name string) FileKind {
	// The last element, whichever OS wrote the path.
	base := strings.ToLower(name[strings.LastIndexAny(name, `/\`)+1:])
	switch {
	case base == ".claude.json":
		return KindState
	case base == "undo.json":
		return KindUndoLog
	case strings.HasSuffix(base, ".json"):
		return KindSettings
	case base == "hosts":
		return KindHosts
	case strings.HasSuffix(base, ".pem"), strings.HasSuffix(base, ".crt"), strings.HasSuffix(base, ".cer"), strings.HasSuffix(base, ".ca-bundle"):
		return KindCA
	case base == ".bashrc", base == ".bash_profile", base == ".profile", base == ".zshrc", base == "config.fish", strings.HasSuffix(base, ".ps1"):
		return KindProfile
	}
	return KindFile
}

// Errors of [ReadRegularFile], for errors.Is.
var (
	// ErrNotRegular: the name is a named pipe, a device, a socket or a
	// folder, which apidoctor never reads (a pipe would block forever, a
	// device like /dev/zero never ends).
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than its kind allows.
	ErrTooLarge = errors.New("file too large")
)

// openNonblock opens without waiting for a writer where the OS knows how
// (a named pipe swapped in after the first look must not block the open).
var openNonblock = func() int {
	if runtime.GOOS == "windows" {
		return 0
	}
	return syscall.O_NONBLOCK
}()

// NotRegularError says what a name is instead of a regular file, in the
// reader's language; it wraps ErrNotRegular.
func NotRegularError(mode fs.FileMode) error {
	return &i18n.Error{M: i18n.Msg("file.not_regular", WhatIs(mode)), Wrapped: ErrNotRegular}
}

// WhatIs names what a file that is not a regular file is ("it is a named
// pipe (FIFO)").
func WhatIs(mode fs.FileMode) i18n.M {
	what := "file.what_other"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = "file.what_pipe"
	case mode&fs.ModeCharDevice != 0:
		what = "file.what_char_device"
	case mode&fs.ModeDevice != 0:
		what = "file.what_device"
	case mode&fs.ModeSocket != 0:
		what = "file.what_socket"
	case mode.IsDir():
		what = "file.what_folder"
	}
	return i18n.Msg(what)
}

// tooLargeError says a file is past its kind's limit; it wraps ErrTooLarge.
func tooLargeError(kind FileKind) error {
	name := kind.Name
	if name == "" {
		name = KindFile.Name
	}
	return &i18n.Error{M: i18n.Msg("file.too_large", sizeText(kind.Limit), i18n.Msg(name)), Wrapped: ErrTooLarge}
}

// sizeText writes a limit for people: 8 MiB, 512 KiB, 100 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// ReadRegularFile reads a regular file of at most kind.Limit bytes (no
// limit when it is zero or less). Anything else is refused before it is
// read: the name is looked at first, opened without waiting (a named
// pipe never blocks the open), and looked at again through the open
// file. SIGINT, SIGTERM or ctx end the wait for a read that hangs (a
// dead network file system). Errors are *fs.PathError, wrapping
// ErrNotRegular or ErrTooLarge for those refusals.
func ReadRegularFile(ctx context.Context, name string, kind FileKind) ([]byte, error) {
	return Interruptible(ctx, func() ([]byte, error) { return readRegular(name, kind) })
}

func readRegular(name string, kind FileKind) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: NotRegularError(st.Mode())}
	}
	if kind.Limit > 0 && st.Size() > kind.Limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: tooLargeError(kind)}
	}
	f, err := os.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The name may have changed hands between the two looks.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: NotRegularError(st.Mode())}
	}
	var r io.Reader = f
	if kind.Limit > 0 {
		r = io.LimitReader(f, kind.Limit+1)
	}
	// Files in /proc say they are empty and are not: read to the end.
	var buf bytes.Buffer
	if st.Size() > 0 && st.Size() < 1<<30 {
		buf.Grow(int(st.Size()) + 1)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if kind.Limit > 0 && int64(buf.Len()) > kind.Limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: tooLargeError(kind)}
	}
	return buf.Bytes(), nil
}

// InterruptedError is returned when SIGINT or SIGTERM ended a wait.
type InterruptedError struct{ Signal os.Signal }

func (e *InterruptedError) Error() string { return e.Signal.String() }

// Interrupted is the error for a wait a signal ended, in the reader's
// language; errors.As finds the *InterruptedError in it.
func Interrupted(s os.Signal) error {
	return &i18n.Error{M: i18n.Msg("file.interrupted", s.String()), Wrapped: &InterruptedError{s}}
}

// Interruptible runs work and waits for it, for ctx, or for SIGINT or
// SIGTERM, whichever comes first: a file operation that blocks (a pipe
// with no writer, a hung mount) never keeps the process from ending. The
// signal still reaches the program's own handlers; work abandoned this
// way finishes in the background and its result is dropped.
func Interruptible[T any](ctx context.Context, work func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := work()
		done <- result{v, err}
	}()
	stop, sig := WatchInterrupts()
	defer stop()
	var zero T
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	case s := <-sig:
		return zero, Interrupted(s)
	}
}

// WatchInterrupts delivers SIGINT and SIGTERM on the channel until stop
// is called; other listeners (the program's own handler) get them too.
func WatchInterrupts() (stop func(), ch <-chan os.Signal) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	return func() { signal.Stop(c) }, c
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
	home, err := os.UserHomeDir()
	if err != nil || !filepath.IsAbs(home) {
		// No home, or a relative one: nothing is read or written there
		// (a fix then refuses to write, rather than edit the current
		// folder's own files).
		home = ""
	}
	cwd, _ := os.Getwd()
	hosts := "/etc/hosts"
	if runtime.GOOS == "windows" {
		hosts = filepath.Join(os.Getenv("SystemRoot"), `System32\drivers\etc\hosts`)
	}
	d := &net.Dialer{}
	return &Env{
		Vars:            vars,
		Home:            home,
		Cwd:             cwd,
		GOOS:            runtime.GOOS,
		Files:           OSFiles{},
		Resolver:        net.DefaultResolver,
		Dial:            d.DialContext,
		Now:             time.Now,
		Run:             RunCommand,
		SystemRoots:     x509.SystemCertPool,
		BundledRoots:    MozillaRoots,
		LocalProxyHost:  "127.0.0.1",
		LocalProxyPorts: LocalProxyPorts,
		HostsFile:       hosts,
		CertifiPaths:    findCertifi(runtime.GOOS, home, vars),
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

// maxCertifi is how many certifi bundles are offered at most.
const maxCertifi = 4

// findCertifi lists certifi bundles in the usual Python install places
// of goos (see certifiGlobs), without duplicates.
func findCertifi(goos, home string, vars map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range certifiGlobs(goos, home, vars) {
		m, _ := filepath.Glob(g)
		for _, f := range m {
			key := filepath.Clean(f)
			if goos == "windows" {
				key = strings.ToLower(key) // one file, however it was spelt
			}
			if !seen[key] && len(out) < maxCertifi {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// certifiGlobs are the patterns of certifi's cacert.pem on goos: the
// active virtual or conda environment first (what `python` runs now),
// then the user's own installs, then the system's. A root that is not
// an absolute path (no home, an unset or relative variable) is left
// out: a relative pattern would search the current folder.
func certifiGlobs(goos, home string, vars map[string]string) []string {
	var sites []string
	add := func(root string, rel ...string) {
		if root != "" && filepath.IsAbs(root) {
			sites = append(sites, filepath.Join(append([]string{root}, rel...)...))
		}
	}
	if goos == "windows" {
		// The layouts of python.org's installer (per user, all users,
		// and the old C:\Python3x), the Microsoft Store's Python, and
		// venv and conda environments, which keep Lib\site-packages.
		// Windows names ignore case: SYSTEMDRIVE is SystemDrive.
		get := func(name string) string { return lookupFold(vars, name) }
		local := get("LOCALAPPDATA")
		profile := get("USERPROFILE")
		if profile == "" {
			profile = home
		}
		drive := get("SystemDrive")
		if len(drive) == 2 && drive[1] == ':' {
			drive += `\` // "C:" alone is the current folder on C:
		}
		add(get("VIRTUAL_ENV"), "Lib", "site-packages")
		add(get("CONDA_PREFIX"), "Lib", "site-packages")
		add(local, "Programs", "Python", "Python3*", "Lib", "site-packages")
		add(profile, "AppData", "Local", "Programs", "Python", "Python3*", "Lib", "site-packages")
		add(get("APPDATA"), "Python", "Python3*", "site-packages")
		add(local, "Packages", "PythonSoftwareFoundation.Python.3.*", "LocalCache", "local-packages", "Python3*", "site-packages")
		add(profile, "AppData", "Local", "Packages", "PythonSoftwareFoundation.Python.3.*", "LocalCache", "local-packages", "Python3*", "site-packages")
		add(get("ProgramFiles"), "Python3*", "Lib", "site-packages")
		add(drive, "Python3*", "Lib", "site-packages")
	} else {
		unixSites(goos, home, vars, add)
	}
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = filepath.Join(s, "certifi", "cacert.pem")
	}
	return out
}

// lookupFold returns the value of the variable name in vars, however its
// name is spelt there, the exact spelling first (Windows environment
// names ignore case).
func lookupFold(vars map[string]string, name string) string {
	if v, ok := vars[name]; ok {
		return v
	}
	for _, k := range sortedNames(vars) {
		if strings.EqualFold(k, name) {
			return vars[k]
		}
	}
	return ""
}

// unixSites adds the site-packages folders of Linux and macOS: the
// environment's, the user's (pip --user, pyenv), then the system's.
func unixSites(goos, home string, vars map[string]string, add func(root string, rel ...string)) {
	add(vars["VIRTUAL_ENV"], "lib", "python3*", "site-packages")
	add(vars["CONDA_PREFIX"], "lib", "python3*", "site-packages")
	add(home, ".local", "lib", "python3*", "site-packages")
	add(home, ".pyenv", "versions", "*", "lib", "python3*", "site-packages")
	if goos == "darwin" {
		add(home, "Library", "Python", "3.*", "lib", "python", "site-packages")
		add("/Library/Frameworks/Python.framework/Versions/3.*/lib/python3*/site-packages")
		add("/opt/homebrew/lib/python3*/site-packages")
	}
	for _, root := range []string{"/usr/lib/python3*", "/usr/local/lib/python3*"} {
		add(root, "site-packages")
		add(root, "dist-packages")
	}
	add("/usr/lib/python3/dist-packages")
}

// readFile reads a file through the injected file system, within the
// size limit of its kind (the hosts file is known by its path).
func (e *Env) readFile(name string) ([]byte, error) {
	if e.Files == nil {
		return nil, errors.New("no file system")
	}
	if lf, ok := e.Files.(interface {
		ReadFileMax(string, int64) ([]byte, error)
	}); ok && name == e.HostsFile && name != "" {
		return lf.ReadFileMax(name, KindHosts.Limit)
	}
	return e.Files.ReadFile(name)
}

// CommandTimeout bounds every external command (gsettings, scutil,
// security, reg.exe, powershell.exe, cmd.exe) whose caller set no
// earlier deadline; CommandOutputLimit bounds what one may print.
var (
	CommandTimeout     = 10 * time.Second
	CommandOutputLimit = 16 << 20
)

// errCommandOutput is returned for a command that printed too much.
var errCommandOutput = errors.New("command output too large")

// RunCommand runs a program and returns its standard output, within
// CommandTimeout (or ctx's own deadline, if earlier) and
// CommandOutputLimit. A program that leaves children holding its output
// open does not keep the caller waiting past the deadline.
func RunCommand(ctx context.Context, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	out := &cappedBuffer{max: CommandOutputLimit, over: cancel}
	cmd.Stdout = out
	// After the kill, stop waiting for the output pipe: a grandchild may
	// hold it open for as long as it lives.
	cmd.WaitDelay = 500 * time.Millisecond
	err := cmd.Run()
	if out.overflow {
		return nil, &fs.PathError{Op: "run", Path: name, Err: errCommandOutput}
	}
	return out.Bytes(), err
}

// cappedBuffer keeps up to max bytes, then fails the write and calls
// over. (It has no ReadFrom, so every write comes through Write.)
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int
	over     func()
	overflow bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		c.overflow = true
		c.over()
		return 0, errCommandOutput
	}
	return c.buf.Write(p)
}

// Bytes is what was kept.
func (c *cappedBuffer) Bytes() []byte { return c.buf.Bytes() }
