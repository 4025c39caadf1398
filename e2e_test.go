package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The end-to-end tests run the real binary, under tmux for the wizard, as
// a person would. Only `apidoctor demo` is driven: it talks to the
// loopback lab and nothing else.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() { binPath, buildErr = buildBinary() })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// buildBinary builds the program into a new folder, with extra go build
// flags (-ldflags …), stamped with the commit like a release build
// (GOFLAGS may say otherwise; without git, unstamped).
//
// With $APIDOCTOR_COVERDIR set it is a coverage build, and the path
// returned is a script that runs it with GOCOVERDIR set to that folder:
// every way the tests start the program (directly, under tmux, through
// sh -c, with an environment of their own) leaves its counters there,
// for go tool covdata. (On Windows, which has no such script, the test
// process's own GOCOVERDIR is what the program inherits.)
func buildBinary(extra ...string) (string, error) {
	dir, err := os.MkdirTemp("", "apidoctor-e2e-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "apidoctor")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cover := os.Getenv("APIDOCTOR_COVERDIR")
	if cover != "" {
		if cover, err = filepath.Abs(cover); err != nil {
			return "", err
		}
		if err := os.MkdirAll(cover, 0o755); err != nil {
			return "", err
		}
		extra = append([]string{"-cover", "-coverpkg=apidoctor/..."}, extra...)
	}
	build := func(vcs string) ([]byte, error) {
		args := append(append([]string{"build", vcs}, extra...), "-o", bin, ".")
		return exec.Command("go", args...).CombinedOutput()
	}
	out, err := build("-buildvcs=true")
	if err != nil {
		out, err = build("-buildvcs=false")
	}
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	if cover == "" {
		return bin, nil
	}
	if runtime.GOOS == "windows" {
		return bin, os.Setenv("GOCOVERDIR", cover)
	}
	real := bin + ".cover"
	if err := os.Rename(bin, real); err != nil {
		return "", err
	}
	script := "#!/bin/sh\nGOCOVERDIR=" + shellQuote(cover) + "\nexport GOCOVERDIR\nexec " + shellQuote(real) + " \"$@\"\n"
	return bin, os.WriteFile(bin, []byte(script), 0o755)
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// tmuxSession is one terminal with the program in it.
type tmuxSession struct {
	t      testing.TB
	socket string
	dir    string
}

func newTmux(t testing.TB, w, h int, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("apidoctor-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()), dir: t.TempDir()}
	// The shell records the exit status, then keeps the pane open to be read.
	// The program speaks English unless the command chooses otherwise,
	// whatever the locale of the machine running the tests.
	script := englishLocale + command + "; echo EXIT=$?; sleep 120"
	s.run("new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-c", s.dir, "sh", "-c", script)
	if c, ok := t.(interface{ Cleanup(func()) }); ok {
		c.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	}
	return s
}

// englishLocale clears the variables that would choose another language.
const englishLocale = "env LC_ALL= LC_MESSAGES= LANG=C.UTF-8 "

// englishEnv is the test process's environment with englishLocale's effect.
func englishEnv() []string {
	return append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8")
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "e2e") }

// keys types keys, one tmux call each, with a pause so that Escape is not
// read as Alt with the next key.
func (s *tmuxSession) keys(keys ...string) {
	for _, k := range keys {
		s.run("send-keys", "-t", "e2e", k)
		time.Sleep(60 * time.Millisecond)
	}
}

func (s *tmuxSession) resize(w, h int) {
	s.run("resize-window", "-t", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// waitFor polls the screen until it shows text.
func (s *tmuxSession) waitFor(text string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		if strings.Contains(scr, text) {
			return scr
		}
		time.Sleep(25 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q; it shows:\n%s", text, scr)
	return ""
}

func fitsWidth(t *testing.T, scr string, w int) {
	t.Helper()
	for i, l := range strings.Split(scr, "\n") {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells on a %d-cell terminal: %q", i+1, n, w, l)
		}
	}
}

func TestE2EWizardUnderTmux(t *testing.T) {
	bin := binary(t)
	s := newTmux(t, 80, 24, bin+" demo proxy-not-exported")
	s.waitFor("Press enter to start")
	s.keys("Enter")
	scr := s.waitFor("proxy_not_exported")
	if !strings.Contains(scr, "carried the request to") || !strings.Contains(scr, "Guided fix: proxy.edit") {
		t.Fatalf("findings screen:\n%s", scr)
	}
	fitsWidth(t, scr, 80)

	// The first row is the failing TCP check; open it and come back.
	s.keys("Enter")
	s.waitFor("local_proxy — Local and OS proxies")
	s.keys("Escape")
	s.waitFor("Guided fix: proxy.edit")

	s.keys("f")
	s.waitFor("proxy.edit — Set the proxy variables")
	s.keys("Enter")
	s.waitFor("HTTPS_PROXY    http://127.0.0.1:")
	s.keys("Escape", "Escape")

	// A resize re-lays out at once; too small says so; back again.
	s.resize(60, 16)
	scr = s.waitFor("proxy_not_exported")
	fitsWidth(t, scr, 60)
	s.resize(50, 12)
	s.waitFor("too small")
	s.resize(100, 30)
	s.waitFor("Guided fix: proxy.edit")

	s.keys("e")
	s.waitFor("export the report")
	s.keys("Enter")
	s.waitFor("Saved to")
	if _, err := os.Stat(filepath.Join(s.dir, "apidoctor-report.md")); err != nil {
		t.Fatalf("the report was not written to the working folder: %v", err)
	}
	s.keys("Escape", "q")
	scr = s.waitFor("EXIT=")
	if !strings.Contains(scr, "EXIT=1") {
		t.Fatalf("exit status should be 1 (a problem was found):\n%s", scr)
	}
	if !strings.Contains(scr, "PROBLEM  proxy_not_exported") {
		t.Fatalf("no summary left on the screen after exit:\n%s", scr)
	}
}

// TestE2EApplyAndUndoAProxyFix applies the proxy fix from the wizard of
// the real binary, in the lab's temporary home, and undoes it.
func TestE2EApplyAndUndoAProxyFix(t *testing.T) {
	bin := binary(t)
	home := t.TempDir()
	settings := filepath.Join(home, "home/lab/.claude/settings.json")
	s := newTmux(t, 80, 24, bin+" demo proxy-not-exported --dir "+home)
	s.waitFor("Press enter to start")
	s.keys("Enter")
	s.waitFor("proxy_not_exported")
	s.keys("f")
	s.waitFor("These fixes apply")
	s.keys("Enter")
	s.waitFor("HTTPS_PROXY")
	s.keys("Enter")
	s.waitFor("Live test with these settings: ✓ ok")
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("the preview wrote the settings")
	}
	s.keys("a")
	s.waitFor("Apply?")
	s.keys("y")
	s.waitFor("Re-check: ✓ ok")
	if b, err := os.ReadFile(settings); err != nil || !strings.Contains(string(b), "HTTPS_PROXY") {
		t.Fatalf("after apply: %v %s", err, b)
	}
	s.keys("u")
	s.waitFor("undone")
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("undo should remove the file the fix created")
	}
	s.keys("q")
	s.waitFor("EXIT=")
}

func TestE2EASCIIAndHealthyExit(t *testing.T) {
	bin := binary(t)
	s := newTmux(t, 80, 24, bin+" demo healthy --ascii")
	s.waitFor("Press enter")
	s.keys("Enter")
	scr := s.waitFor("OK")
	for _, r := range scr {
		if r > 127 {
			t.Fatalf("--ascii screen has %q:\n%s", r, scr)
		}
	}
	s.keys("q")
	if scr := s.waitFor("EXIT="); !strings.Contains(scr, "EXIT=0") {
		t.Fatalf("a healthy run should exit 0:\n%s", scr)
	}
}

// TestE2ENotATerminal pipes the program: it prints the headless report and
// says so on stderr.
func TestE2ENotATerminal(t *testing.T) {
	bin := binary(t)
	cmd := exec.Command(bin, "demo", "key-revoked")
	cmd.Dir, cmd.Env = t.TempDir(), englishEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 1 || !strings.Contains(out.String(), "PROBLEM  key_invalid") || !strings.Contains(errb.String(), "not a terminal") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "sk-ant-api03-LAB0000") {
		t.Fatal("the lab key leaked into the output")
	}
}

func TestE2EPlain(t *testing.T) {
	bin := binary(t)
	cmd := exec.Command(bin, "demo", "sni-filtered", "--plain", "--ascii")
	cmd.Dir, cmd.Env = t.TempDir(), englishEnv()
	out, _ := cmd.Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 20 || !strings.HasPrefix(lines[0], "Checking ") || !strings.Contains(string(out), "PROBLEM  tls_reset") {
		t.Fatalf("plain output:\n%s", out)
	}
	if bytes.Contains(out, []byte("\x1b[")) {
		t.Fatal("--plain wrote escape sequences")
	}
}

// TestE2EChinese runs the wizard as a person with a Chinese locale does:
// every screen in Chinese, the layout within the terminal at 80 and 60
// columns, the cause code unchanged.
func TestE2EChinese(t *testing.T) {
	bin := binary(t)
	s := newTmux(t, 80, 24, "env LANG=zh_CN.UTF-8 "+bin+" demo proxy-not-exported")
	scr := s.waitFor("按 enter 开始")
	fitsWidth(t, scr, 80)
	s.keys("Enter")
	scr = s.waitFor("proxy_not_exported")
	for _, want := range []string{"终端没走代理", "引导修复：proxy.edit"} {
		if !strings.Contains(scr, want) {
			t.Errorf("findings lack %q:\n%s", want, scr)
		}
	}
	fitsWidth(t, scr, 80)
	s.resize(60, 16)
	s.keys("Enter")
	scr = s.waitFor("含义")
	fitsWidth(t, scr, 60)
	s.keys("q")
	if scr := s.waitFor("EXIT="); !strings.Contains(scr, "EXIT=1") {
		t.Fatalf("a problem should exit 1:\n%s", scr)
	}

	// --lang wins over the locale, both ways.
	cmd := exec.Command(bin, "demo", "key-revoked", "--lang", "en")
	cmd.Dir, cmd.Env = t.TempDir(), append(os.Environ(), "LANG=zh_CN.UTF-8", "LC_ALL=")
	out, _ := cmd.Output()
	if !strings.Contains(string(out), "PROBLEM  key_invalid") {
		t.Fatalf("--lang en under a Chinese locale:\n%s", out)
	}
	cmd = exec.Command(bin, "demo", "key-revoked", "--lang=zh")
	cmd.Dir, cmd.Env = t.TempDir(), englishEnv()
	out, _ = cmd.Output()
	if !strings.Contains(string(out), "key_invalid") || !strings.Contains(string(out), "密钥") {
		t.Fatalf("--lang=zh under an English locale:\n%s", out)
	}
}

// TestE2EVersion: the built binary names the commit it was built from,
// and --version says what version says.
func TestE2EVersion(t *testing.T) {
	out, err := exec.Command(binary(t), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	flag, err := exec.Command(binary(t), "--version").Output()
	if err != nil || string(flag) != string(out) {
		t.Fatalf("--version %q (%v), version %q", flag, err, out)
	}
	head, gerr := exec.Command("git", "rev-parse", "HEAD").Output()
	if gerr != nil || strings.Contains(string(out), "(devel) (") {
		t.Skip("not a git checkout, or git could not stamp the build")
	}
	if !strings.Contains(string(out), strings.TrimSpace(string(head))[:12]) || !strings.Contains(string(out), runtime.Version()) {
		t.Fatalf("version %q lacks the commit %s or %s", out, head, runtime.Version())
	}
}

// TestE2EVersionStamped: a release build stamps checks.version,
// checks.commit and checks.date (GoReleaser's -ldflags -X); version and --version print
// them, and nothing else is lost (the Go version, the platform).
func TestE2EVersionStamped(t *testing.T) {
	bin, err := buildBinary("-ldflags", "-X apidoctor/checks.version=v9.9.9 -X apidoctor/checks.commit=0123456789abcdef0123456789abcdef01234567 -X apidoctor/checks.date=2030-01-02T03:04:05Z")
	if err != nil {
		t.Fatal(err)
	}
	want := "apidoctor v9.9.9 0123456789ab (" + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ", 2030-01-02T03:04:05Z)\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		out, err := exec.Command(bin, args...).Output()
		if err != nil || string(out) != want {
			t.Errorf("%v: %q (%v), want %q", args, out, err, want)
		}
	}
	// Reports name the release too: the stamps live in checks, not main.
	cmd := exec.Command(bin, "check", "--json", "--base-url", "https://127.0.0.1:9",
		"--status-url", "none", "--reference-dns", "none", "--platform-url", "none", "--trace-url", "none")
	cmd.Env = englishEnv()
	out, _ := cmd.Output()
	var rep struct {
		Tool struct{ Version, Commit, Built string }
	}
	if err := json.Unmarshal(out, &rep); err != nil || rep.Tool.Version != "v9.9.9" || rep.Tool.Commit != "0123456789ab" || rep.Tool.Built != "2030-01-02T03:04:05Z" {
		t.Errorf("check --json names %+v (%v), want the stamped release", rep.Tool, err)
	}
}

func TestE2EDemoList(t *testing.T) {
	cmd := exec.Command(binary(t), "demo", "--list")
	cmd.Env = englishEnv()
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "tls-inspection") || !strings.Contains(string(out), "tls_untrusted") {
		t.Fatalf("demo --list: %v\n%s", err, out)
	}
}

// BenchmarkFirstFrame measures the time from launching the binary under
// tmux to the first screen a person can read (tmux's own overhead
// included).
func BenchmarkFirstFrame(b *testing.B) {
	bin := binary(b)
	for b.Loop() {
		s := newTmux(b, 80, 24, bin+" demo healthy")
		for !strings.Contains(s.screen(), "Press enter") {
			time.Sleep(2 * time.Millisecond)
		}
		b.StopTimer()
		exec.Command("tmux", "-L", s.socket, "kill-server").Run()
		b.StartTimer()
	}
}

// syncBuffer is a bytes.Buffer a test can read while a process writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitIn polls a process's output until it shows text.
func waitIn(t *testing.T, b *syncBuffer, text string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(b.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the output never showed %q; it shows:\n%s", text, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitLab waits until a demo's lab has written its files into dir.
func waitLab(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lab never wrote into %s", dir)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestE2ESIGINTExits130 interrupts the real binary, piped, against an API
// that never answers (with a timeout far beyond the test, the run cannot
// end on its own): text, --json and --plain each print the incomplete
// verdict and exit 130. The signal goes once the program is ready for it:
// it said it started (text), its lab wrote its files (--json prints
// nothing before the end), or its first result is out (--plain).
func TestE2ESIGINTExits130(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	bin := binary(t)
	for _, flag := range []string{"--ascii", "--json", "--plain"} {
		t.Run(flag, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "lab")
			cmd := exec.Command(bin, "demo", "slow", "--timeout", "10m", "--dir", dir, "--ascii", flag)
			cmd.Dir, cmd.Env = t.TempDir(), englishEnv()
			var out, errb syncBuffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			switch flag {
			case "--ascii":
				waitIn(t, &errb, "not a terminal")
			case "--json":
				waitLab(t, dir)
			case "--plain":
				waitIn(t, &out, " pass: ")
			}
			cmd.Process.Signal(os.Interrupt)
			err := cmd.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != 130 {
				t.Fatalf("exit %d, want 130\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
			}
			if flag == "--json" {
				var doc struct {
					Verdict struct {
						Status, Cause string
						Unfinished    []string
					}
				}
				if err := json.Unmarshal([]byte(out.String()), &doc); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out.String())
				}
				if doc.Verdict.Status != "incomplete" || doc.Verdict.Cause != "incomplete" || !slices.Contains(doc.Verdict.Unfinished, "http.hello") {
					t.Fatalf("verdict %+v", doc.Verdict)
				}
				return
			}
			if !strings.Contains(out.String(), "-- INCOMPLETE") || !strings.Contains(out.String(), "Did not finish:") || !strings.Contains(out.String(), "http.hello") {
				t.Fatalf("no incomplete verdict naming http.hello:\n%s", out.String())
			}
		})
	}
}

// TestE2EWizardCtrlCWhileRunning: ctrl+c while the checks run ends the
// wizard with 130 and leaves a summary saying the run was interrupted and
// what did not finish.
func TestE2EWizardCtrlCWhileRunning(t *testing.T) {
	bin := binary(t)
	s := newTmux(t, 80, 24, bin+" demo slow --timeout 10m")
	s.waitFor("Press enter to start")
	s.keys("Enter")
	s.waitFor("checking api.anthropic.com")
	s.keys("C-c")
	scr := s.waitFor("EXIT=")
	if !strings.Contains(scr, "EXIT=130") {
		t.Fatalf("exit status should be 130 (interrupted):\n%s", scr)
	}
	for _, want := range []string{"INCOMPLETE", "interrupted", "Did not finish:", "http.hello"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the summary lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, "✓ OK") || strings.Contains(scr, "PROBLEM") {
		t.Fatalf("an interrupted run left a verdict behind:\n%s", scr)
	}
}
