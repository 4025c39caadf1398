package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/lab"
)

// labSystem wires the CLI to a lab scenario whose fake home is root.
func labSystem(t *testing.T, scenario string) (system, checks.Options, string, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	s, _ := lab.Find(scenario)
	root := t.TempDir()
	l, env, opts, err := lab.Prepare(s, root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	var out, errb bytes.Buffer
	return system{
		stdout: &out, stderr: &errb,
		newEnv:    func() *checks.Env { e := *env; return &e },
		disk:      fixes.DiskFS{Root: root},
		configDir: func() (string, error) { return lab.Home + "/.config", nil },
	}, opts, root, &out, &errb
}

func TestFixCLIPreviewApplyUndo(t *testing.T) {
	sys, opts, root, out, errb := labSystem(t, "proxy-not-exported")
	args := append([]string{"fix", "proxy.edit"}, labArgs(opts)...)
	settings := filepath.Join(root, lab.Home, ".claude/settings.json")

	if code := run(context.Background(), args, sys); code != exitOK {
		t.Fatalf("dry run exit %d\n%s%s", code, out, errb)
	}
	if !strings.Contains(out.String(), "+    \"HTTPS_PROXY\": \"http://127.0.0.1:") || !strings.Contains(out.String(), "Live test with the candidate settings: ok") || !strings.Contains(out.String(), "Nothing was changed") {
		t.Fatalf("dry run output:\n%s", out)
	}
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("the dry run wrote the settings file")
	}

	out.Reset()
	if code := run(context.Background(), append(args, "--apply"), sys); code != exitOK {
		t.Fatalf("apply exit %d\n%s%s", code, out, errb)
	}
	if !strings.Contains(out.String(), "Applied as fix 1. Undo it with: apidoctor undo 1") || !strings.Contains(out.String(), "Re-check: ok") {
		t.Fatalf("apply output:\n%s", out)
	}
	if b, _ := os.ReadFile(settings); !strings.Contains(string(b), "HTTPS_PROXY") {
		t.Fatalf("settings after apply: %s", b)
	}

	out.Reset()
	run(context.Background(), []string{"undo", "--list"}, sys)
	if !strings.Contains(out.String(), "proxy.edit") || !strings.Contains(out.String(), "applied") {
		t.Fatalf("undo --list:\n%s", out)
	}
	out.Reset()
	if code := run(context.Background(), []string{"undo", "1"}, sys); code != exitOK {
		t.Fatalf("undo exit %d: %s", code, errb)
	}
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("undo should remove the settings file the fix created")
	}
	if code := run(context.Background(), []string{"undo", "1"}, sys); code != exitUsage {
		t.Fatal("a second undo should fail")
	}
}

func TestFixCLIRefusesWhenTheLiveTestFails(t *testing.T) {
	sys, opts, root, out, _ := labSystem(t, "proxy-not-exported")
	dead, _ := lab.Refused("127.0.0.1")
	args := append([]string{"fix", "proxy.edit", "--set", "HTTPS_PROXY=http://" + dead, "--set", "https_proxy=http://" + dead, "--apply"}, labArgs(opts)...)
	if code := run(context.Background(), args, sys); code != exitProblem {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if !strings.Contains(out.String(), "Not applied: the live test still finds proxy_unreachable") {
		t.Fatalf("output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(root, lab.Home, ".claude/settings.json")); err == nil {
		t.Fatal("a failing fix was written")
	}
}

func TestFixCLIKeyNeverPrinted(t *testing.T) {
	sys, opts, _, out, errb := labSystem(t, "key-newline")
	args := append([]string{"fix", "key.clean", "--target", "shell", "--apply"}, labArgs(opts)...)
	if code := run(context.Background(), args, sys); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errb)
	}
	if strings.Contains(out.String()+errb.String(), lab.Key) {
		t.Fatalf("the key was printed:\n%s", out)
	}
	if !strings.Contains(out.String(), "sk-ant-api03-…") {
		t.Fatalf("the masked key should show what changed:\n%s", out)
	}
}

func TestFixCLIBadUsage(t *testing.T) {
	sys, opts, _, _, errb := labSystem(t, "healthy")
	for _, args := range [][]string{
		{"fix"},
		{"fix", "no.such.fix"},
		{"fix", "proxy.edit", "--target", "nowhere"},
		{"fix", "proxy.edit", "--set", "NOEQUALS"},
	} {
		errb.Reset()
		if code := run(context.Background(), append(args, labArgs(opts)...), sys); code != exitUsage || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb)
		}
	}
}

func TestCheckAndFixWriteSessionReports(t *testing.T) {
	sys, opts, _, out, errb := labSystem(t, "proxy-not-exported")
	dir := t.TempDir()
	md := filepath.Join(dir, "report.md")
	if code := run(context.Background(), append([]string{"check", "--report", md}, labArgs(opts)...), sys); code != exitProblem {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(errb.String(), "report written to "+md) {
		t.Fatalf("stderr: %s", errb)
	}
	b, _ := os.ReadFile(md)
	if !strings.Contains(string(b), "**Verdict: `proxy_not_exported`.**") {
		t.Fatalf("report:\n%s", b)
	}
	// The same name again gets a number; --format forces JSON.
	errb.Reset()
	run(context.Background(), append([]string{"check", "--report", md, "--format", "json"}, labArgs(opts)...), sys)
	b, _ = os.ReadFile(filepath.Join(dir, "report-1.md"))
	if !strings.HasPrefix(string(b), "{") || !strings.Contains(string(b), `"schema": "apidoctor.session/v1"`) {
		t.Fatalf("second report:\n%.300s", b)
	}
	// A fix records its steps.
	html := filepath.Join(dir, "fix.html")
	out.Reset()
	if code := run(context.Background(), append([]string{"fix", "proxy.edit", "--apply", "--report", html}, labArgs(opts)...), sys); code != exitOK {
		t.Fatalf("fix exit %d: %s%s", code, out, errb)
	}
	b, _ = os.ReadFile(html)
	for _, want := range []string{"previewed", "tested", "applied", "verified", "apidoctor undo 1"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the fix report lacks %q", want)
		}
	}
	if code := run(context.Background(), append([]string{"check", "--format", "pdf"}, labArgs(opts)...), sys); code != exitUsage {
		t.Fatal("an unknown --format should be bad usage")
	}
}
