package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"apidoctor/lab"
)

// The store tests run the real binary, as several OS processes at once
// where that is the point, against a HOME of their own: fixes are applied
// with --force against loopback addresses that refuse every connection,
// so they never need the network and finish in a few milliseconds.

// storeBin is the binary under test: $APIDOCTOR_E2E_BIN when set (to run
// these tests against another build), else one built from this checkout.
func storeBin(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("APIDOCTOR_E2E_BIN"); b != "" {
		return b
	}
	return binary(t)
}

// testHome is a fake user: a home folder, a config folder, and a PATH
// with nothing in it but what a test puts there.
type testHome struct {
	t               *testing.T
	bin             string
	dir, home, path string
	refused         string // host:port where nothing listens
	vars            map[string]string
}

func newTestHome(t *testing.T) *testHome {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the store tests drive Unix processes")
	}
	dir := t.TempDir()
	h := &testHome{t: t, bin: storeBin(t), dir: dir, home: filepath.Join(dir, "home"), path: filepath.Join(dir, "bin")}
	for _, d := range []string{h.home, h.path} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if h.refused, err = lab.Refused("127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	h.vars = map[string]string{"HOME": h.home, "PATH": h.path, "SHELL": "/bin/bash", "LANG": "C.UTF-8", "TMPDIR": dir}
	return h
}

// environ is the process environment: the home's variables with extra
// ones ("NAME=value"; "NAME=" alone removes NAME).
func (h *testHome) environ(extra ...string) []string {
	vars := map[string]string{}
	for k, v := range h.vars {
		vars[k] = v
	}
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			delete(vars, k)
		} else {
			vars[k] = v
		}
	}
	var out []string
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}

// deadArgs point every check at loopback addresses where nothing listens.
func (h *testHome) deadArgs() []string {
	return []string{"--base-url", "https://" + h.refused, "--status-url", "none", "--platform-url", "none",
		"--reference-dns", "none", "--trace-url", "none", "--timeout", "1s", "--ascii"}
}

type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// command prepares the binary with args in env, in dir (the home when "").
func (h *testHome) command(dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(h.bin, args...)
	cmd.Env, cmd.Dir = env, dir
	if dir == "" {
		cmd.Dir = h.home
	}
	return cmd
}

// run runs the binary and waits at most limit: a process still running
// then is killed and the test fails (it hung).
func (h *testHome) run(limit time.Duration, cmd *exec.Cmd) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			h.t.Fatal(err)
		}
		return result{code, out.String(), errb.String()}
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		h.t.Fatalf("%v still ran after %v: it hangs\nstdout:\n%s\nstderr:\n%s", cmd.Args, limit, out.String(), errb.String())
	}
	return result{}
}

// fixArgs applies proxy.edit with a proxy value of its own, whatever the
// live test says (--force), where the target says.
func (h *testHome) fixArgs(proxy string, extra ...string) []string {
	args := append([]string{"fix", "proxy.edit", "--set", "HTTPS_PROXY=" + proxy, "--apply", "--force"}, h.deadArgs()...)
	return append(args, extra...)
}

var appliedRE = regexp.MustCompile(`Applied as fix (\d+)\.`)

// appliedID is the id a fix printed, "" when it applied nothing.
func appliedID(r result) string {
	if m := appliedRE.FindStringSubmatch(r.stdout); m != nil {
		return m[1]
	}
	return ""
}

func (h *testHome) write(path, data string) {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *testHome) read(path string) string {
	h.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatalf("read %s: %v", path, err)
	}
	return string(b)
}

// undoLog reads the undo log the binary wrote.
func (h *testHome) undoLog() []map[string]any {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.home, ".config/apidoctor/undo.json"))
	if err != nil {
		h.t.Fatalf("the undo log: %v", err)
	}
	var entries []map[string]any
	if err := json.Unmarshal(b, &entries); err != nil {
		h.t.Fatalf("the undo log does not parse: %v\n%s", err, b)
	}
	return entries
}

// TestStoreConcurrentFixesKeepEveryEntry starts ten `fix --apply` at once
// against one HOME: five edit the same ~/.bashrc, five each their own
// .zshrc (through ZDOTDIR), so all of them share one undo log. Every fix
// that says "Applied as fix N" has entry N, no two share an id, the ones
// that lost the race for ~/.bashrc say it changed and write nothing, and
// undoing every logged fix, the last first, gives back every original.
func TestStoreConcurrentFixesKeepEveryEntry(t *testing.T) {
	h := newTestHome(t)
	bashrc := filepath.Join(h.home, ".bashrc")
	originals := map[string]string{bashrc: "# the user's bashrc\nalias ll='ls -l'\n"}
	h.write(bashrc, originals[bashrc])
	const n = 10
	var cmds []*exec.Cmd
	for i := range n {
		env := h.environ()
		if i%2 == 1 {
			zdot := filepath.Join(h.home, fmt.Sprintf("zsh%d", i))
			zshrc := filepath.Join(zdot, ".zshrc")
			originals[zshrc] = fmt.Sprintf("# zshrc %d\n", i)
			h.write(zshrc, originals[zshrc])
			env = h.environ("SHELL=/bin/zsh", "ZDOTDIR="+zdot)
		}
		proxy := fmt.Sprintf("http://127.0.0.%d:%s", i+2, strings.Split(h.refused, ":")[1])
		cmds = append(cmds, h.command("", env, h.fixArgs(proxy, "--target", "shell")...))
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = h.run(60*time.Second, cmd)
		}()
	}
	wg.Wait()

	ids := map[string]int{}
	for i, r := range results {
		id := appliedID(r)
		if id == "" {
			// Only a fix that lost the race for the shared file may fail,
			// and it must say so.
			if i%2 == 1 || r.code != exitUsage || !strings.Contains(r.stderr, "changed") {
				t.Errorf("process %d applied nothing:\n%s", i, r)
			}
			continue
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("processes %d and %d both say \"Applied as fix %s\"", prev, i, id)
		}
		ids[id] = i
	}
	if len(ids) < n/2+1 {
		t.Errorf("only %d of %d fixes applied", len(ids), n)
	}
	entries := h.undoLog()
	logged := map[string]bool{}
	for _, e := range entries {
		logged[e["id"].(string)] = true
	}
	for id, i := range ids {
		if !logged[id] {
			t.Errorf("process %d applied fix %s, which the undo log lost (it has %d entries)", i, id, len(entries))
		}
	}
	if len(entries) != len(ids) {
		t.Errorf("the log has %d entries for %d applied fixes", len(entries), len(ids))
	}
	// Undo everything logged, the last first.
	var order []int
	for id := range ids {
		k, _ := strconv.Atoi(id)
		order = append(order, k)
	}
	slices.Sort(order)
	slices.Reverse(order)
	for _, k := range order {
		if r := h.run(30*time.Second, h.command("", h.environ(), "undo", strconv.Itoa(k))); r.code != exitOK {
			t.Errorf("undo %d:\n%s", k, r)
		}
	}
	for path, want := range originals {
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Errorf("%s after undoing everything: %q (%v), want the original %q", path, got, err, want)
		}
	}
}

// TestStoreKilledApplyLeavesOldFileAndEntry kills a fix (SIGKILL) after
// it wrote its undo entry and before it renamed the change in: the file
// is the old one, whole, and the entry is in the log. The lock the dead
// process left does not block the next fix, which gets a new id, and
// settles the interrupted entry; undoing gives back the original.
func TestStoreKilledApplyLeavesOldFileAndEntry(t *testing.T) {
	h := newTestHome(t)
	bashrc := filepath.Join(h.home, ".bashrc")
	orig := "# the user's bashrc\n"
	h.write(bashrc, orig)
	mark := filepath.Join(h.dir, "paused")
	cmd := h.command("", h.environ("APIDOCTOR_TEST_PAUSE_APPLY="+mark), h.fixArgs("http://"+h.refused, "--target", "shell")...)
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(mark); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the fix never paused between its undo entry and the rename\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait() // reaped: its pid is dead

	if got := h.read(bashrc); got != orig {
		t.Fatalf("the killed fix left %q in ~/.bashrc, want the old file", got)
	}
	entries := h.undoLog()
	if len(entries) != 1 || entries[0]["pending"] != true {
		t.Fatalf("the killed fix's entry: %v", entries)
	}
	killedID := entries[0]["id"].(string)
	if _, err := os.Stat(filepath.Join(h.home, ".config/apidoctor/lock")); err != nil {
		t.Fatalf("the killed process should have left its lock behind: %v", err)
	}

	start := time.Now()
	r := h.run(30*time.Second, h.command("", h.environ(), h.fixArgs("http://"+h.refused, "--target", "shell")...))
	id := appliedID(r)
	if id == "" || id == killedID {
		t.Fatalf("the next fix (id %q, the killed one had %s):\n%s", id, killedID, r)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the next fix waited %v for a dead process's lock", took)
	}
	if !strings.Contains(h.read(bashrc), h.refused) {
		t.Fatalf("the next fix did not write ~/.bashrc: %q", h.read(bashrc))
	}
	leftovers, _ := filepath.Glob(filepath.Join(h.home, ".apidoctor-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left next to ~/.bashrc: %v", leftovers)
	}
	list := h.run(10*time.Second, h.command("", h.environ(), "undo", "--list"))
	if !strings.Contains(list.stdout, "interrupted") {
		t.Errorf("undo --list should show the killed fix as interrupted:\n%s", list)
	}
	if r := h.run(10*time.Second, h.command("", h.environ(), "undo", id)); r.code != exitOK {
		t.Fatalf("undo %s:\n%s", id, r)
	}
	if got := h.read(bashrc); got != orig {
		t.Fatalf("after undo: %q, want %q", got, orig)
	}
}

// TestStoreLostLogNeverReusesAnID: with undo.json gone, the next fix must
// not take id 1 again and write over the only backup of the original.
func TestStoreLostLogNeverReusesAnID(t *testing.T) {
	h := newTestHome(t)
	bashrc := filepath.Join(h.home, ".bashrc")
	orig := "# the very first bashrc\n"
	h.write(bashrc, orig)
	first := h.run(30*time.Second, h.command("", h.environ(), h.fixArgs("http://"+h.refused, "--target", "shell")...))
	if appliedID(first) != "1" {
		t.Fatalf("the first fix:\n%s", first)
	}
	backup := filepath.Join(h.home, ".config/apidoctor/backups/1/0-.bashrc")
	if h.read(backup) != orig {
		t.Fatalf("backup 1 does not hold the original")
	}
	os.Remove(filepath.Join(h.home, ".config/apidoctor/undo.json"))
	second := h.run(30*time.Second, h.command("", h.environ(), h.fixArgs("http://127.0.0.9:"+strings.Split(h.refused, ":")[1], "--target", "shell")...))
	if id := appliedID(second); id == "" || id == "1" {
		t.Fatalf("the fix after the log was lost took id %q:\n%s", id, second)
	}
	if h.read(backup) != orig {
		t.Fatalf("the only backup of the original was overwritten: %q", h.read(backup))
	}
}

// TestStoreUnwritableLogChangesNothing: when the undo log cannot be
// written, the fix changes nothing (it used to write the file and then
// report the log). The config folder is one nobody, root included, can
// create: below /proc/self.
func TestStoreUnwritableLogChangesNothing(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc")
	}
	h := newTestHome(t)
	r := h.run(30*time.Second, h.command("", h.environ("XDG_CONFIG_HOME=/proc/self/apidoctor-test"), h.fixArgs("http://"+h.refused, "--target", "shell")...))
	if r.code == exitOK || r.code == exitProblem || appliedID(r) != "" {
		t.Fatalf("a fix without an undo log must fail:\n%s", r)
	}
	if !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("the error should say nothing was changed:\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(h.home, ".bashrc")); err == nil {
		t.Fatalf("~/.bashrc was written with no undo entry: %q", h.read(filepath.Join(h.home, ".bashrc")))
	}
}

// TestStoreSymlinkedDotfilesStayLinks: fixes write through symbolic links
// (stow, chezmoi, yadm): the link stays, the file in the dotfiles folder
// changes, and undo restores that file, not the link. Covered: a relative
// link, a link to a link to an absolute path, and a dangling link (the
// fix creates the file it points to; undo removes it again).
func TestStoreSymlinkedDotfilesStayLinks(t *testing.T) {
	h := newTestHome(t)
	dots := filepath.Join(h.dir, "dotfiles")
	// ~/.bashrc -> ../dotfiles/bashrc (relative, as stow makes them)
	realBash := filepath.Join(dots, "bashrc")
	h.write(realBash, "# bashrc from the dotfiles repo\n")
	if err := os.Symlink("../dotfiles/bashrc", filepath.Join(h.home, ".bashrc")); err != nil {
		t.Fatal(err)
	}
	// ~/.claude/settings.json -> ~/.claude/current.json -> /…/dotfiles/claude/settings.json
	realSettings := filepath.Join(dots, "claude", "settings.json")
	h.write(realSettings, "{\n  \"model\": \"opus\"\n}\n")
	claudeDir := filepath.Join(h.home, ".claude")
	os.MkdirAll(claudeDir, 0o755)
	if err := os.Symlink(realSettings, filepath.Join(claudeDir, "current.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("current.json", filepath.Join(claudeDir, "settings.json")); err != nil {
		t.Fatal(err)
	}
	// $ZDOTDIR/.zshrc -> a file the dotfiles repo has not got yet
	zdot := filepath.Join(h.home, "zsh")
	os.MkdirAll(zdot, 0o755)
	realZsh := filepath.Join(dots, "zshrc")
	if err := os.Symlink(realZsh, filepath.Join(zdot, ".zshrc")); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, link, real, target string
		env                      []string
	}{
		{"relative link", filepath.Join(h.home, ".bashrc"), realBash, "shell", nil},
		{"link to a link", filepath.Join(claudeDir, "settings.json"), realSettings, "claude-settings", nil},
		{"dangling link", filepath.Join(zdot, ".zshrc"), realZsh, "shell", []string{"SHELL=/bin/zsh", "ZDOTDIR=" + zdot}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h.t = t
			linkBefore, _ := os.Readlink(c.link)
			before, beforeErr := os.ReadFile(c.real)
			r := h.run(30*time.Second, h.command("", h.environ(c.env...), h.fixArgs("http://"+h.refused, "--target", c.target)...))
			id := appliedID(r)
			if id == "" {
				t.Fatalf("apply:\n%s", r)
			}
			checkLink := func(when string) {
				st, err := os.Lstat(c.link)
				if err != nil || st.Mode()&os.ModeSymlink == 0 {
					t.Fatalf("%s: %s is no longer a symbolic link (%v)", when, c.link, err)
				}
				if now, _ := os.Readlink(c.link); now != linkBefore {
					t.Fatalf("%s: the link points to %q, was %q", when, now, linkBefore)
				}
			}
			checkLink("after apply")
			if got, err := os.ReadFile(c.real); err != nil || !strings.Contains(string(got), h.refused) {
				t.Fatalf("the file in the dotfiles folder was not edited: %q %v", got, err)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(c.link), ".apidoctor-*"))
			leftovers2, _ := filepath.Glob(filepath.Join(filepath.Dir(c.real), ".apidoctor-*"))
			if len(leftovers)+len(leftovers2) > 0 {
				t.Errorf("temporary files left: %v %v", leftovers, leftovers2)
			}
			if r := h.run(30*time.Second, h.command("", h.environ(c.env...), "undo", id)); r.code != exitOK {
				t.Fatalf("undo:\n%s", r)
			}
			checkLink("after undo")
			after, afterErr := os.ReadFile(c.real)
			if beforeErr != nil {
				if afterErr == nil {
					t.Fatalf("undo should remove the file the fix created behind the dangling link: %q", after)
				}
				return
			}
			if string(after) != string(before) {
				t.Fatalf("after undo the dotfile holds %q, want %q", after, before)
			}
		})
	}
}

// TestStoreNoHomeNeverWritesRelative: with HOME unset (and
// XDG_CONFIG_HOME set, so the undo log has a place), a fix must not
// take the current folder for the home: no ./.bashrc, no edit of the
// project's own .claude/settings.json; a clear error and exit 2.
func TestStoreNoHomeNeverWritesRelative(t *testing.T) {
	h := newTestHome(t)
	project := filepath.Join(h.dir, "project")
	projSettings := filepath.Join(project, ".claude", "settings.json")
	h.write(projSettings, "{\n  \"permissions\": {}\n}\n")
	xdg := filepath.Join(h.dir, "xdg")
	for _, target := range []string{"shell", "claude-settings", ""} {
		args := h.fixArgs("http://" + h.refused)
		if target != "" {
			args = append(args, "--target", target)
		}
		r := h.run(30*time.Second, h.command(project, h.environ("HOME=", "XDG_CONFIG_HOME="+xdg), args...))
		if r.code != exitUsage || !strings.Contains(r.stderr, "HOME") || appliedID(r) != "" {
			t.Errorf("--target %q without HOME: want exit 2 and an error naming HOME\n%s", target, r)
		}
		for _, p := range []string{filepath.Join(project, ".bashrc"), filepath.Join(project, ".claude.json")} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("--target %q wrote %s", target, p)
			}
		}
		if got := h.read(projSettings); got != "{\n  \"permissions\": {}\n}\n" {
			t.Errorf("--target %q edited the project's own settings: %q", target, got)
		}
	}
}

// TestStoreBareUndoRevertsTheLatest: `apidoctor undo` alone undoes the
// fix applied last (and says what it restored), then the one before;
// with nothing left it says so; `undo --list` and `undo N` still work.
func TestStoreBareUndoRevertsTheLatest(t *testing.T) {
	h := newTestHome(t)
	bashrc := filepath.Join(h.home, ".bashrc")
	orig := "# bashrc\n"
	h.write(bashrc, orig)
	port := strings.Split(h.refused, ":")[1]
	var states []string
	for i := range 2 {
		r := h.run(30*time.Second, h.command("", h.environ(), h.fixArgs(fmt.Sprintf("http://127.0.0.%d:%s", i+2, port), "--target", "shell")...))
		if appliedID(r) != strconv.Itoa(i+1) {
			t.Fatalf("fix %d:\n%s", i+1, r)
		}
		states = append(states, h.read(bashrc))
	}
	r := h.run(10*time.Second, h.command("", h.environ(), "undo"))
	if r.code != exitOK || !strings.Contains(r.stdout, "Undid fix 2") || !strings.Contains(r.stdout, bashrc+" restored") {
		t.Fatalf("bare undo should revert fix 2:\n%s", r)
	}
	if got := h.read(bashrc); got != states[0] {
		t.Fatalf("after undoing fix 2: %q, want %q", got, states[0])
	}
	r = h.run(10*time.Second, h.command("", h.environ(), "undo"))
	if r.code != exitOK || !strings.Contains(r.stdout, "Undid fix 1") {
		t.Fatalf("the second bare undo should revert fix 1:\n%s", r)
	}
	if got := h.read(bashrc); got != orig {
		t.Fatalf("after undoing both: %q, want %q", got, orig)
	}
	r = h.run(10*time.Second, h.command("", h.environ(), "undo"))
	if r.code != exitProblem || !strings.Contains(r.stdout, "No applied fix to undo") {
		t.Fatalf("bare undo with nothing left:\n%s", r)
	}
	r = h.run(10*time.Second, h.command("", h.environ(), "undo", "--list"))
	if r.code != exitOK || strings.Count(r.stdout, "undone") != 2 {
		t.Fatalf("undo --list:\n%s", r)
	}
	if r = h.run(10*time.Second, h.command("", h.environ(), "undo", "1")); r.code != exitUsage || !strings.Contains(r.stderr, "already undone") {
		t.Fatalf("undo 1 again:\n%s", r)
	}
	r = h.run(10*time.Second, h.command("", h.environ(), "undo", "-h"))
	if r.code != exitOK || !strings.Contains(r.stdout, "Undoes the fix applied last") || !strings.Contains(r.stdout, "--list") {
		t.Fatalf("undo -h:\n%s", r)
	}
}
