package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
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

// TestFixCLISetWinsInBothCases: --set HTTPS_PROXY is the person's choice
// for https_proxy too (which Claude Code reads first), and the preview
// shows their proxy's host and port as typed.
func TestFixCLISetWinsInBothCases(t *testing.T) {
	sys, opts, root, out, errb := labSystem(t, "proxy-not-exported")
	args := append([]string{"fix", "proxy.edit", "--set", "HTTPS_PROXY=http://proxy.corp:3130", "--apply", "--force"}, labArgs(opts)...)
	code := run(context.Background(), args, sys)
	if code == exitUsage {
		t.Fatalf("exit %d\n%s%s", code, out, errb)
	}
	if !strings.Contains(out.String(), `"https_proxy": "http://proxy.corp:3130"`) || !strings.Contains(out.String(), `"HTTPS_PROXY": "http://proxy.corp:3130"`) || strings.Contains(out.String(), "…3130") {
		t.Fatalf("preview:\n%s", out)
	}
	b, _ := os.ReadFile(filepath.Join(root, lab.Home, ".claude/settings.json"))
	if !strings.Contains(string(b), `"HTTPS_PROXY": "http://proxy.corp:3130"`) || !strings.Contains(string(b), `"https_proxy": "http://proxy.corp:3130"`) {
		t.Fatalf("settings written:\n%s", b)
	}
	// A password in the value is a secret: masked, the rest shown.
	out.Reset()
	args = append([]string{"fix", "proxy.edit", "--set", "HTTPS_PROXY=http://bob:pw-s3cret-99@proxy.corp:3130"}, labArgs(opts)...)
	run(context.Background(), args, sys)
	if strings.Contains(out.String()+errb.String(), "pw-s3cret-99") || !strings.Contains(out.String(), "http://bob:***@proxy.corp:3130") {
		t.Fatalf("preview with a password:\n%s", out)
	}
}

// TestFixFlagsValidatedBeforeAnything: every flag of `fix` is checked
// before the engine runs, let alone before a file is written: a bad
// --format or --lang with --apply --force used to apply the fix, then
// exit 2.
func TestFixFlagsValidatedBeforeAnything(t *testing.T) {
	noEngine := func() *checks.Env { t.Fatal("the engine ran despite a bad flag"); return nil }
	missingDir := filepath.Join(t.TempDir(), "no", "such", "dir", "r.md")
	for _, args := range [][]string{
		{"fix", "proxy.edit", "--apply", "--force", "--format", "bogus"},
		{"fix", "proxy.edit", "--apply", "--force", "--lang", "klingon"},
		{"fix", "proxy.edit", "--apply", "--force", "--report", missingDir},
		{"fix", "proxy.edit", "--apply", "--force", "--client", "emacs"},
		{"fix", "proxy.edit", "--apply", "--force", "--status-url", "ftp://x"},
		{"fix", "proxy.edit", "--apply", "--force", "--target", "nowhere"},
		{"fix", "proxy.edit", "--apply", "--force", "--set", "BAD NAME=1"},
		{"fix", "proxy.edit", "--apply", "--force", "--set", "HTTPS_PROXY=http://bob:***@127.0.0.1:9"},
		{"fix", "ca.bundle", "--apply", "--force", "--var", "PATH"},
		{"fix", "proxy.edit", "--apply", "--force", "--pick", "chain-root"},
		{"fix", "proxy.edit", "--apply", "--force", "--var", "SSL_CERT_FILE"},
		{"fix", "no.such.fix", "--apply", "--force"},
		{"fix", "proxy.edit", "stray", "--apply"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, system{stdout: &out, stderr: &errb, newEnv: noEngine,
			configDir: func() (string, error) { t.Fatal("the fix reached for its undo log"); return "", nil }})
		if code != exitUsage || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errb.String())
		}
	}
}

// TestFixBadFormatWritesNothing: on a lab where the fix would apply, a
// bad --format stops it before the settings are touched.
func TestFixBadFormatWritesNothing(t *testing.T) {
	sys, opts, root, out, errb := labSystem(t, "proxy-not-exported")
	args := append([]string{"fix", "proxy.edit", "--apply", "--force", "--format", "bogus"}, labArgs(opts)...)
	if code := run(context.Background(), args, sys); code != exitUsage {
		t.Fatalf("exit %d\n%s%s", code, out, errb)
	}
	if _, err := os.Stat(filepath.Join(root, lab.Home, ".claude/settings.json")); err == nil {
		t.Fatal("the fix was applied before --format was checked")
	}
	if !strings.Contains(errb.String(), "--format") {
		t.Fatalf("stderr should name the flag: %s", errb)
	}
}

// TestFixBinaryBadFormatWritesNothing runs the real binary on a scratch
// home: claude.onboarding writes ~/.claude.json whatever the network does,
// so only checking --format first keeps the home untouched.
func TestFixBinaryBadFormatWritesNothing(t *testing.T) {
	bin := binary(t)
	home := t.TempDir()
	cmd := exec.Command(bin, "fix", "claude.onboarding", "--apply", "--force", "--format", "bogus",
		"--base-url", "http://127.0.0.1:1", "--platform-url", "http://127.0.0.1:1/v1/oauth/hello", "--status-url", "http://127.0.0.1:1",
		"--reference-dns", "none", "--timeout", "2s")
	cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "LANG=C", "PATH=" + os.Getenv("PATH")}
	cmd.Dir = home
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != exitUsage || !strings.Contains(string(out), "--format") {
		t.Fatalf("exit %d, want 2 naming --format:\n%s", code, out)
	}
	entries, _ := os.ReadDir(home)
	for _, e := range entries {
		t.Errorf("the home got %s:\n%s", e.Name(), out)
	}
}

// TestFixCLIManagedValue: with the dead proxy in the managed settings,
// --apply writes nothing (no user setting or export would change what
// Claude Code uses), says where the value is managed and what to ask for,
// and exits 1: the problem is still there.
func TestFixCLIManagedValue(t *testing.T) {
	s, _ := lab.Find("proxy-dead")
	root := t.TempDir()
	l, env, opts, err := lab.Prepare(s, root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	managed := "/etc/claude-code/managed-settings.json"
	l.WriteFile(managed, []byte(`{"env": {"HTTPS_PROXY": "`+env.Vars["HTTPS_PROXY"]+`", "https_proxy": "`+env.Vars["https_proxy"]+`"}}`))
	delete(env.Vars, "HTTPS_PROXY")
	delete(env.Vars, "https_proxy")
	var out, errb bytes.Buffer
	sys := system{stdout: &out, stderr: &errb, newEnv: func() *checks.Env { e := *env; return &e },
		disk: fixes.DiskFS{Root: root}, configDir: func() (string, error) { return lab.Home + "/.config", nil }}
	for _, target := range []string{"", "claude-settings", "shell"} {
		out.Reset()
		args := append([]string{"fix", "proxy.edit", "--apply", "--force"}, labArgs(opts)...)
		if target != "" {
			args = append(args, "--target", target)
		}
		code := run(context.Background(), args, sys)
		if testing.Verbose() && target == "" {
			t.Log(out.String())
		}
		if code != exitProblem {
			t.Fatalf("%q: exit %d\n%s%s", target, code, out.String(), errb.String())
		}
		for _, want := range []string{"managed settings " + managed, "Ask whoever manages " + managed, "Not applied"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%q: output lacks %q:\n%s", target, want, out.String())
			}
		}
		for _, f := range []string{lab.Home + "/.claude/settings.json", lab.Home + "/.bashrc", lab.Home + "/.config/apidoctor/undo.json"} {
			if _, err := os.Stat(filepath.Join(root, f)); err == nil {
				t.Errorf("%q: %s was written", target, f)
			}
		}
	}
}

// TestCAFixRefusesAVariableNoClientReads: REQUESTS_CA_BUNDLE is
// requests' variable; httpx, and so the Python SDK, never reads it, so a
// CA fix through it would write a setting that changes nothing.
func TestCAFixRefusesAVariableNoClientReads(t *testing.T) {
	sys, opts, root, out, errb := labSystem(t, "tls-inspection")
	args := append([]string{"fix", "ca.bundle", "--var", "REQUESTS_CA_BUNDLE", "--client", "python-sdk", "--apply"}, labArgs(opts)[2:]...)
	code := run(context.Background(), args, sys)
	if code != exitUsage || !strings.Contains(errb.String(), "never reads REQUESTS_CA_BUNDLE") {
		t.Fatalf("exit %d\n%s%s", code, out, errb)
	}
	if _, err := os.Stat(filepath.Join(root, lab.Home, ".config", "apidoctor")); err == nil {
		t.Error("a refused fix opened the undo log")
	}
}

// TestFixPrintTargetSaysItWritesNothing: --target print gives lines to
// paste with the real proxy, and does not say "saved to print".
func TestFixPrintTargetSaysItWritesNothing(t *testing.T) {
	sys, opts, _, out, errb := labSystem(t, "proxy-not-exported")
	args := append([]string{"fix", "proxy.edit", "--target", "print", "--apply"}, labArgs(opts)...)
	if code := run(context.Background(), args, sys); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errb)
	}
	s := out.String()
	if !strings.Contains(s, "Writes nothing: the lines below are for you to paste.") || strings.Contains(s, "Writes to") ||
		!strings.Contains(s, "export HTTPS_PROXY='http://127.0.0.1:") {
		t.Fatalf("output:\n%s", s)
	}
}
