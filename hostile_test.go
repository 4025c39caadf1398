//go:build unix

package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"apidoctor/checks"
)

// The hostile tests put what is not a file where a file should be — a
// named pipe, /dev/zero, a file of 100 MB, a program that never ends —
// and run the real binary: it must finish, say what it found, and never
// eat the machine's memory.

// mkfifo makes a named pipe, or skips where there are none.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestHostileFIFOsNeverHang: a named pipe as settings.json, as
// ~/.claude.json, as NODE_EXTRA_CA_CERTS and as the undo log. Opening one
// used to wait forever for a writer (and SIGTERM did not end it); now each
// is refused at once, with a message that says what it is.
func TestHostileFIFOsNeverHang(t *testing.T) {
	h := newTestHome(t)
	settings := filepath.Join(h.home, ".claude", "settings.json")
	state := filepath.Join(h.home, ".claude.json")
	ca := filepath.Join(h.dir, "corp.pem")
	for _, p := range []string{settings, state, ca} {
		mkfifo(t, p)
	}
	r := h.run(20*time.Second, h.command("", h.environ("NODE_EXTRA_CA_CERTS="+ca), append([]string{"check", "--json"}, h.deadArgs()...)...))
	if r.code != exitProblem {
		t.Fatalf("check with named pipes for files:\n%s", r)
	}
	for _, p := range []string{settings, state, ca} {
		if !strings.Contains(r.stdout, p) {
			t.Errorf("the report does not name %s", p)
		}
	}
	if strings.Count(r.stdout, "named pipe") < 3 {
		t.Errorf("the report should say each of the three is a named pipe:\n%s", r.stdout)
	}

	// The undo log as a named pipe: a fix is refused, nothing written.
	undoLog := filepath.Join(h.home, ".config", "apidoctor", "undo.json")
	mkfifo(t, undoLog)
	r = h.run(20*time.Second, h.command("", h.environ(), h.fixArgs("http://"+h.refused, "--target", "shell")...))
	if r.code != exitUsage || !strings.Contains(r.stderr, "named pipe") || appliedID(r) != "" {
		t.Fatalf("fix with a named pipe for the undo log:\n%s", r)
	}
	if _, err := os.Stat(filepath.Join(h.home, ".bashrc")); err == nil {
		t.Fatal("the fix wrote ~/.bashrc though it could not read its undo log")
	}
	for _, args := range [][]string{{"undo", "--list"}, {"undo"}} {
		r = h.run(20*time.Second, h.command("", h.environ(), args...))
		if r.code != exitUsage || !strings.Contains(r.stderr, "named pipe") {
			t.Errorf("%v with a named pipe for the undo log:\n%s", args, r)
		}
	}
}

// TestHostileReportToAPipe: --report to a named pipe writes the report
// into it (another program reads it); with no reader the program waits
// for one, and SIGTERM ends the wait. It used to write a new file beside
// the pipe (fifo-1.md) instead.
func TestHostileReportToAPipe(t *testing.T) {
	h := newTestHome(t)
	fifo := filepath.Join(h.dir, "report.md")
	mkfifo(t, fifo)
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // waits for the writer
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	r := h.run(20*time.Second, h.command("", h.environ(), append([]string{"check", "--report", fifo}, h.deadArgs()...)...))
	if r.code != exitProblem {
		t.Fatalf("check --report to a pipe:\n%s", r)
	}
	select {
	case text := <-got:
		if !strings.Contains(text, "Verdict") {
			t.Fatalf("the reader got %q, not the report", text)
		}
	case <-time.After(10 * time.Second):
		// Unblock the reader so the goroutine ends.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatalf("nothing came through the pipe\n%s", r)
	}
	if others, _ := filepath.Glob(filepath.Join(h.dir, "report-*")); len(others) > 0 {
		t.Fatalf("a file was made beside the pipe: %v", others)
	}

	// No reader: the program waits for one, and SIGTERM ends the wait.
	cmd := h.command("", h.environ(), append([]string{"check", "--report", fifo}, h.deadArgs()...)...)
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// The verdict is printed before the report is written: from there on
	// the program waits for a reader.
	deadline := time.After(20 * time.Second)
	for !strings.Contains(out.String(), "PROBLEM") {
		select {
		case err := <-done:
			t.Fatalf("with no reader the program should wait for one; it ended (%v)\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("no verdict after 20 s\nstdout:\n%s", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	select {
	case err := <-done:
		t.Fatalf("with no reader the program should wait for one; it ended (%v)\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	case <-time.After(500 * time.Millisecond):
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("SIGTERM while waiting for a reader: exit 0\nstderr:\n%s", errb.String())
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("SIGTERM did not end the wait for a reader\nstderr:\n%s", errb.String())
	}
}

// TestHostileEndlessAndHugeFiles: NODE_EXTRA_CA_CERTS=/dev/zero used to
// read until the memory ran out; a 100 MB CA file or settings file was
// read whole. Under a 3 GB address-space limit, the check now finishes
// and says what each one is.
func TestHostileEndlessAndHugeFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh for ulimit")
	}
	h := newTestHome(t)
	big := filepath.Join(h.dir, "huge.pem")
	settings := filepath.Join(h.home, ".claude", "settings.json")
	for _, p := range []string{big, settings} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		f.Truncate(100 << 20) // sparse: no disk used
		f.Close()
	}
	limited := func(env []string, args ...string) *exec.Cmd {
		cmd := exec.Command("/bin/sh", append([]string{"-c", `ulimit -v 3000000 && exec "$0" "$@"`, h.bin}, args...)...)
		cmd.Env, cmd.Dir = env, h.home
		return cmd
	}
	check := append([]string{"check", "--json"}, h.deadArgs()...)
	r := h.run(60*time.Second, limited(h.environ("NODE_EXTRA_CA_CERTS=/dev/zero", "SSL_CERT_FILE="+big), check...))
	if r.code != exitProblem {
		t.Fatalf("check with /dev/zero and a 100 MB file for CA bundles:\n%.3000s", r)
	}
	for _, want := range []string{"/dev/zero", "character device", "larger than 8 MiB", "larger than 4 MiB"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q:\n%.4000s", want, r.stdout)
		}
	}
}

// TestHostileCommandsTimeOut: a gsettings that never ends (and leaves a
// child holding its output open) used to hold the check until the child
// ended; one that prints without end filled the memory. Both are cut.
func TestHostileCommandsTimeOut(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	h := newTestHome(t)
	h.write(filepath.Join(h.path, "gsettings"), "#!/bin/sh\nsleep 60 &\nwait\n")
	os.Chmod(filepath.Join(h.path, "gsettings"), 0o755)
	start := time.Now()
	r := h.run(40*time.Second, h.command("", h.environ("PATH="+h.path+":/bin:/usr/bin"), append([]string{"check"}, h.deadArgs()...)...))
	if r.code != exitProblem {
		t.Fatalf("check with a gsettings that hangs:\n%s", r)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the check waited %v for a hung gsettings", took)
	}

	// The runner itself, with no deadline from its caller.
	env := checks.SystemEnv()
	type res struct {
		out []byte
		err error
	}
	run := func(ctx context.Context, script string) (res, time.Duration) {
		ch := make(chan res, 1)
		start := time.Now()
		go func() {
			out, err := env.Host().Run(ctx, "sh", "-c", script)
			ch <- res{out, err}
		}()
		select {
		case r := <-ch:
			return r, time.Since(start)
		case <-time.After(20 * time.Second):
			t.Fatalf("%q still runs after 20 s", script)
		}
		return res{}, 0
	}
	if got, took := run(context.Background(), "sleep 60 & wait"); got.err == nil || took > 10*time.Second {
		t.Errorf("a command that never ends: %v after %v", got.err, took)
	}
	if got, _ := run(context.Background(), "head -c 100000000 /dev/zero"); got.err == nil || len(got.out) > 32<<20 {
		t.Errorf("a command that prints 100 MB: %d bytes kept, err %v", len(got.out), got.err)
	}
}

// TestHostileReportDestinations: --report /dev/full is an error (it used
// to make /dev/full-1 and exit 0); /dev/stdout and - write to stdout (not
// /dev/stdout-1); a file that exists is never overwritten; a folder is
// an error.
func TestHostileReportDestinations(t *testing.T) {
	h := newTestHome(t)
	check := func(report string) result {
		return h.run(30*time.Second, h.command("", h.environ(), append([]string{"check", "--report", report}, h.deadArgs()...)...))
	}
	cleanup := func(p string) {
		if _, err := os.Stat(p); err != nil {
			t.Cleanup(func() { os.Remove(p) }) // an old build may make it
		}
	}
	if st, err := os.Stat("/dev/full"); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		cleanup("/dev/full-1")
		r := check("/dev/full")
		if r.code != exitUsage || !strings.Contains(r.stderr, "no space left") {
			t.Errorf("--report /dev/full: want exit 2 and the write error\n%s", r)
		}
		if _, err := os.Stat("/dev/full-1"); err == nil {
			t.Errorf("--report /dev/full made /dev/full-1")
		}
	}
	for _, name := range []string{"/dev/stdout", "-"} {
		if name != "-" {
			if _, err := os.Stat(name); err != nil {
				continue
			}
			cleanup(name + "-1")
		}
		r := check(name)
		if r.code != exitProblem || !strings.Contains(r.stdout, "**Verdict:") {
			t.Errorf("--report %s: want the report on stdout\n%s", name, r)
		}
		if strings.Contains(r.stderr, "report written to") && !strings.Contains(r.stderr, name) {
			t.Errorf("--report %s: %s", name, r.stderr)
		}
		if _, err := os.Stat(name + "-1"); err == nil && name != "-" {
			t.Errorf("--report %s made %s-1", name, name)
		}
	}
	existing := filepath.Join(h.dir, "ticket.md")
	h.write(existing, "mine\n")
	if r := check(existing); r.code != exitProblem || h.read(existing) != "mine\n" || !strings.Contains(h.read(filepath.Join(h.dir, "ticket-1.md")), "Verdict") {
		t.Errorf("--report to an existing file must write ticket-1.md and leave ticket.md\n%s", r)
	}
	if r := check(h.dir); r.code != exitUsage || !strings.Contains(r.stderr, "folder") {
		t.Errorf("--report to a folder:\n%s", r)
	}
}
