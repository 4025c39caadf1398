//go:build unix

package report_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/lab"
	"apidoctor/report"
)

// healthySession is one run against the healthy lab.
func healthySession(t *testing.T) *report.Session {
	t.Helper()
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	return report.SessionOf(rep, report.HostInfo{OS: "linux"})
}

// TestSaveToDestinations: "-" and /dev/stdout go to stdout; a character
// device is written to and its errors are errors (/dev/full); an existing
// file is never overwritten; a folder is refused.
func TestSaveToDestinations(t *testing.T) {
	sess := healthySession(t)
	var out bytes.Buffer
	for _, name := range []string{"-", "/dev/stdout"} {
		out.Reset()
		p, err := report.SaveTo(name, sess, report.FormatMarkdown, report.Options{}, &out)
		if err != nil || p != report.Stdout || !strings.Contains(out.String(), "Verdict") {
			t.Errorf("%s: %q %v, stdout %d bytes", name, p, err, out.Len())
		}
	}
	if _, err := report.SaveNew("-", sess, report.FormatMarkdown, report.Options{}); err == nil {
		t.Error("SaveNew has no stdout: - must be an error, not a file named -")
	}
	if st, err := os.Stat("/dev/full"); err == nil && st.Mode()&fs.ModeCharDevice != 0 {
		_, err := report.SaveNew("/dev/full", sess, report.FormatMarkdown, report.Options{})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("/dev/full: %v, want ENOSPC", err)
		}
		if _, err := os.Stat("/dev/full-1"); err == nil {
			os.Remove("/dev/full-1")
			t.Error("a file was made beside /dev/full")
		}
	}
	if _, err := os.Stat("/dev/null"); err == nil {
		if p, err := report.SaveNew("/dev/null", sess, report.FormatText, report.Options{}); err != nil || p != "/dev/null" {
			t.Errorf("/dev/null: %q %v", p, err)
		}
	}
	dir := t.TempDir()
	existing := filepath.Join(dir, "r.md")
	os.WriteFile(existing, []byte("mine"), 0o600)
	p, err := report.SaveNew(existing, sess, report.FormatMarkdown, report.Options{})
	if err != nil || filepath.Base(p) != "r-1.md" {
		t.Fatalf("an existing file: %q %v", p, err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "mine" {
		t.Fatal("an existing file was overwritten")
	}
	if _, err := report.SaveNew(dir, sess, report.FormatMarkdown, report.Options{}); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Fatalf("a folder: %v", err)
	}
	if _, err := os.Stat(dir + "-1"); err == nil {
		t.Fatal("a file was made beside the folder")
	}
}

// TestSaveToANamedPipe: the report goes into the pipe once a reader
// opens it; nothing is created beside it.
func TestSaveToANamedPipe(t *testing.T) {
	sess := healthySession(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "report.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan string, 1)
	go func() {
		time.Sleep(200 * time.Millisecond) // the writer waits for us
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	p, err := report.SaveNew(fifo, sess, report.FormatMarkdown, report.Options{})
	if err != nil || p != fifo {
		t.Fatalf("%q %v", p, err)
	}
	select {
	case text := <-got:
		if !strings.Contains(text, "Verdict") {
			t.Fatalf("the reader got %q", text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing came through the pipe")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "report-*")); len(left) > 0 {
		t.Fatalf("files made beside the pipe: %v", left)
	}
}
