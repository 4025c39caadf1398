//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingListener is a stand-in for the network: every connection to it
// is counted, then closed.
func countingListener(t *testing.T) (addr string, hits *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	hits = new(atomic.Int32)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			hits.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().String(), hits
}

// tree lists every file and folder below root with its size and time:
// two listings differ when anything was made, removed or written.
func tree(t *testing.T, root string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		size := info.Size()
		if d.IsDir() {
			size = 0 // a folder's size is the file system's business
		}
		lines = append(lines, fmt.Sprintf("%s %v %d %d", p, info.Mode(), size, info.ModTime().UnixNano()))
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestEveryFlagCheckedBeforeAnything runs the real binary with one bad
// flag (or a stray word) at a time, in every subcommand: each must exit 2
// with a message on stderr, print nothing on stdout, contact nothing (the
// target is a listener that counts connections), start no lab (--dir is
// not made), write no file and leave the undo log as it was.
//
// Before, watch took --report and ignored it and never checked --format,
// --lang or the form of --metrics-addr; demo ignored a bad --client,
// --base-url and its other target flags, stray words and bad
// --interval/--count, and checked --format, --lang and the report's
// folder only at the end, after making --dir; check and the wizard found
// a missing report folder after the run; undo took any --lang.
func TestEveryFlagCheckedBeforeAnything(t *testing.T) {
	h := newTestHome(t)
	addr, hits := countingListener(t)
	target := []string{"--base-url", "https://" + addr, "--status-url", "none", "--platform-url", "none",
		"--reference-dns", "none", "--trace-url", "none", "--timeout", "1s"}

	// An applied fix, so undo has something it could wrongly undo.
	bashrc := filepath.Join(h.home, ".bashrc")
	h.write(bashrc, "# mine\n")
	if r := h.run(30*time.Second, h.command("", h.environ(), h.fixArgs("http://"+h.refused, "--target", "shell")...)); appliedID(r) != "1" {
		t.Fatalf("the fix to undo later:\n%s", r)
	}
	hits.Store(0)

	missing := filepath.Join(h.dir, "no", "such", "folder", "r.md")
	report := filepath.Join(h.dir, "r.md")
	demoDir := filepath.Join(h.dir, "demo")
	pem := filepath.Join(h.dir, "extra.pem")
	h.write(pem, "not a certificate\n")
	with := func(base []string, extra ...string) []string { return append(append([]string{}, base...), extra...) }
	check := with([]string{"check"}, target...)
	wizard := with([]string{"--ascii"}, target...)
	fix := with([]string{"fix", "proxy.edit", "--set", "HTTPS_PROXY=http://" + h.refused, "--target", "shell", "--apply", "--force"}, target...)
	watch := with([]string{"watch", "--count", "1", "--interval", "10ms"}, target...)
	demo := []string{"demo", "healthy", "--dir", demoDir}

	for _, c := range []struct {
		args []string
		want string // on stderr
	}{
		{with(check, "--format", "bogus"), "--format"},
		{with(check, "--lang", "klingon"), "--lang"},
		{with(check, "--client", "emacs"), "--client"},
		{with(check, "--report", missing), "does not exist"},
		{with(check, "--report", h.dir), "it is a folder"},
		{with(check, "stray"), `"stray"`},

		{with(wizard, "--report", missing), "does not exist"},
		{with(wizard, "--report", h.dir), "it is a folder"},
		{with(wizard, "--lang", "klingon"), "--lang"},
		{with(wizard, "stray"), `"stray"`},

		{with(fix, "--report", missing), "does not exist"},
		{with(fix, "--lang", "klingon"), "--lang"},
		{with(fix, "stray"), `"stray"`},

		{[]string{"undo", "--lang", "klingon"}, "--lang"},
		{[]string{"undo", "1", "2"}, `"2"`},
		{[]string{"undo", "--list", "1"}, `"1"`},

		{with(watch, "--report", report), "--report: a watch writes no report"},
		{with(watch, "--report", missing), "--report: a watch writes no report"},
		{with(watch, "--format", "json"), "--format: a watch writes no report"},
		{with(watch, "--format", "bogus"), "--format"},
		{with(watch, "--redact-paths"), "--redact-paths"},
		{with(watch, "--lang", "klingon"), "--lang"},
		{with(watch, "--client", "emacs"), "--client"},
		{with(watch, "--metrics-addr", "nonsense"), "--metrics-addr"},
		{with(watch, "--metrics-addr", "127.0.0.1:99999"), "--metrics-addr"},
		{with(watch, "--interval", "0"), "--interval"},
		{with(watch, "--count", "-1"), "--count"},
		{with(watch, "stray"), `"stray"`},

		{with(demo, "--client", "emacs"), "--client"},
		{with(demo, "--format", "bogus"), "--format"},
		{with(demo, "--report", missing), "does not exist"},
		{with(demo, "--lang", "klingon"), "--lang"},
		{with(demo, "--timeout", "-1s"), "--timeout"},
		{with(demo, "--watch", "--interval", "0"), "--interval"},
		{with(demo, "--watch", "--interval", "-1s"), "--interval"},
		{with(demo, "--watch", "--count", "-1"), "--count"},
		{with(demo, "--watch", "--report", report), "--report: a watch writes no report"},
		{with(demo, "--interval", "1s"), "--interval works only with --watch"},
		{with(demo, "--count", "3"), "--count works only with --watch"},
		{with(demo, "--base-url", "https://"+addr), "--base-url: the demo's scenario sets the target"},
		{with(demo, "--ca-bundle", pem), "--ca-bundle: the demo's scenario"},
		{with(demo, "--reference-dns", "none"), "--reference-dns: the demo's scenario"},
		{with(demo, "--status-url", "none"), "--status-url: the demo's scenario"},
		{with(demo, "--platform-url", "none"), "--platform-url: the demo's scenario"},
		{with(demo, "--trace-url", "none"), "--trace-url: the demo's scenario"},
		{with(demo, "--bedrock-regions", "eu-west-1"), "--bedrock-regions: the demo's scenario"},
		{with(demo, "--vertex-regions", "europe-west1"), "--vertex-regions: the demo's scenario"},
		{with(demo, "stray"), `"stray"`},
		{[]string{"demo", "--dir", demoDir, "--client", "emacs", "--list"}, "--client"},

		{[]string{"version", "stray"}, `"stray"`},
		{[]string{"version", "--lang", "klingon"}, "--lang"},
		{[]string{"help", "stray"}, `"stray"`},
	} {
		before := tree(t, h.dir)
		r := h.run(30*time.Second, h.command("", h.environ(), c.args...))
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%q: want exit 2, %q on stderr and nothing on stdout\n%s", c.args, c.want, r)
		}
		if n := hits.Swap(0); n > 0 {
			t.Errorf("%q: the target was contacted %d times despite a bad flag", c.args, n)
		}
		if after := tree(t, h.dir); after != before {
			t.Errorf("%q: files changed despite a bad flag (report, --dir, undo log):\n%s", c.args, lineDiff(before, after))
		}
	}
	if got := h.read(bashrc); !strings.Contains(got, h.refused) {
		t.Errorf("the applied fix was undone by a bad undo: %q", got)
	}
}

// lineDiff lists the lines only one of two texts has.
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l := range ma {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range mb {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestGoodFlagsStillRun: what the checks above refuse must not catch what
// is fine: --report - and a device, --format with --report, demo --watch
// with --interval and --count, watch --metrics-addr :0.
func TestGoodFlagsStillRun(t *testing.T) {
	h := newTestHome(t)
	dead := h.deadArgs()
	for _, c := range []struct {
		args []string
		code int
		out  string // on stdout
	}{
		{append([]string{"check", "--report", "-", "--format", "json"}, dead...), exitProblem, `"schema": "apidoctor.session/v1"`},
		{append([]string{"check", "--report", "/dev/null"}, dead...), exitProblem, "PROBLEM"},
		{append([]string{"watch", "--count", "1", "--interval", "10ms", "--metrics-addr", "127.0.0.1:0"}, dead...), exitProblem, "1 probes"},
		{[]string{"demo", "flapping", "--watch", "--interval", "10ms", "--count", "2", "--ascii", "--client", "curl", "--timeout", "5s"}, exitOK, "2 probes"},
		{[]string{"version", "--lang", "zh"}, exitOK, "apidoctor"},
	} {
		r := h.run(60*time.Second, h.command("", h.environ(), c.args...))
		if r.code != c.code || !strings.Contains(r.stdout, c.out) {
			t.Errorf("%q: want exit %d and %q on stdout\n%s", c.args, c.code, c.out, r)
		}
	}
}

// TestHostileCABundleFlag: --ca-bundle was read with os.ReadFile, the one
// unbounded read left: /dev/zero read until the memory ran out, a named
// pipe waited forever for a writer. Under a 3 GB address-space limit,
// each now fails at once (exit 2), saying what the file is.
func TestHostileCABundleFlag(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh for ulimit")
	}
	h := newTestHome(t)
	fifo := filepath.Join(h.dir, "ca.pem")
	mkfifo(t, fifo)
	huge := filepath.Join(h.dir, "huge.pem")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(100 << 20) // sparse: no disk used
	f.Close()
	cases := map[string]string{fifo: "it is a named pipe (FIFO)", huge: "it is larger than 8 MiB"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases["/dev/zero"] = "it is a character device"
	}
	for path, want := range cases {
		args := append([]string{"-c", `ulimit -v 3000000 && exec "$0" "$@"`, h.bin, "check", "--ca-bundle", path}, h.deadArgs()...)
		cmd := exec.Command("/bin/sh", args...)
		cmd.Env, cmd.Dir = h.environ(), h.home
		start := time.Now()
		r := h.run(20*time.Second, cmd)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--ca-bundle: cannot read "+path+": "+want) || r.stdout != "" {
			t.Errorf("--ca-bundle %s: want exit 2 saying %q\n%.2000s", path, want, r)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("--ca-bundle %s took %v", path, took)
		}
	}
}

// TestNoHomeReadsNothingFromTheCurrentFolder: with HOME unset, the user
// settings and ~/.claude.json came out as .claude/settings.json and
// .claude.json, read from the current folder (the project's own settings
// counted twice, a stray .claude.json taken for the state file). They are
// not looked for now, and config.files says there is no home folder.
func TestNoHomeReadsNothingFromTheCurrentFolder(t *testing.T) {
	h := newTestHome(t)
	project := filepath.Join(h.dir, "project")
	h.write(filepath.Join(project, ".claude", "settings.json"), `{"env":{"NO_PROXY":"example.com"}}`)
	h.write(filepath.Join(project, ".claude.json"), `{"hasCompletedOnboarding": true}`)
	r := h.run(30*time.Second, h.command(project, h.environ("HOME="), append([]string{"check", "--json"}, h.deadArgs()...)...))
	var doc struct {
		Checks []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Summary  string `json:"summary"`
			Evidence struct {
				Files []struct{ Kind, Path string }
				Notes []string
			} `json:"evidence"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r)
	}
	found := false
	for _, c := range doc.Checks {
		if c.ID != "config.files" {
			continue
		}
		found = true
		for _, f := range c.Evidence.Files {
			if !filepath.IsAbs(f.Path) || f.Kind == "user" || f.Kind == "state" {
				t.Errorf("with no home, %s is looked for at %q", f.Kind, f.Path)
			}
		}
		if !strings.Contains(strings.Join(c.Evidence.Notes, " "), "no home folder is known") || !strings.Contains(c.Summary, "no home folder is known") {
			t.Errorf("config.files does not say there is no home: %q %q", c.Summary, c.Evidence.Notes)
		}
	}
	if !found {
		t.Fatalf("no config.files check:\n%s", r)
	}
}
