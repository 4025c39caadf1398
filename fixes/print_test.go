package fixes_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/redact"
)

// printed is what `fix --target print` shows of a plan, as the command
// line shows it: the diff and the notes through the run's redactor.
func printed(c fixes.Context, plan *fixes.Plan) string {
	red := redact.New(c.Report.Secrets()...)
	red.Add(plan.Secrets()...)
	return red.DisplayText(plan.Diff(c) + strings.Join(plan.Notes(i18n.EN), "\n"))
}

// inBash runs the printed lines in bash with env and returns the values
// of names ("<unset>" for a variable not set); ok is false without bash.
func inBash(t *testing.T, lines []string, env map[string]string, names ...string) ([]string, bool) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		return nil, false
	}
	script := strings.Join(lines, "\n")
	for _, n := range names {
		script += "\nprintf '%s\\0' \"${" + n + "-<unset>}\""
	}
	cmd := exec.Command(bash, "-c", script)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, script)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00"), true
}

// TestPrintTargetPrintsRealValues: the lines of the print target set the
// proxy the fix found, as it is (no mask), in bash and in PowerShell, and
// the Windows user environment's line too.
func TestPrintTargetPrintsRealValues(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint})
	proxy := *plan.Vars["HTTPS_PROXY"]
	out := printed(c, plan)
	if !strings.Contains(out, "export HTTPS_PROXY='"+proxy+"'") || strings.Contains(out, redact.Ellipsis) {
		t.Fatalf("printed:\n%s", out)
	}
	if got, ok := inBash(t, plan.Exports, nil, "HTTPS_PROXY", "https_proxy"); ok && (got[0] != proxy || got[1] != proxy) {
		t.Fatalf("bash set %q, want %s", got, proxy)
	}
	c.Env.GOOS = "windows"
	c.Env.Run = func(context.Context, string, ...string) ([]byte, error) { return nil, exec.ErrNotFound }
	plan = mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint})
	out = printed(c, plan)
	if !strings.Contains(out, "$env:HTTPS_PROXY = '"+proxy+"'") || !strings.Contains(out, `setx HTTPS_PROXY "`+proxy+`"; setx HTTP_PROXY`) || strings.Contains(out, redact.Ellipsis) {
		t.Fatalf("printed on Windows:\n%s", out)
	}
}

// TestPrintTargetNeverPrintsASecret: a proxy URL with a password and a
// key are read from the variables that hold them, or left out with a
// note; the printed text holds neither, and the lines set the real
// values when run.
func TestPrintTargetNeverPrintsASecret(t *testing.T) {
	const password = "pw-Pl4nted-s3cret-77"
	c, l := setup(t, "proxy-not-exported")
	p, err := l.StartProxy(lab.ProxyOptions{User: "alice", Pass: password})
	if err != nil {
		t.Fatal(err)
	}
	withPassword := p.URL("alice", password)
	c.Env.Vars["https_proxy"] = withPassword
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint, Set: map[string]string{"HTTPS_PROXY": withPassword}})
	out := printed(c, plan)
	if strings.Contains(out, password) || !strings.Contains(out, `export HTTPS_PROXY="$https_proxy"`) || strings.Contains(out, `export https_proxy=`) ||
		!strings.Contains(out, "read it from https_proxy, which this terminal has") {
		t.Fatalf("printed:\n%s", out)
	}
	if got, ok := inBash(t, plan.Exports, c.Env.Vars, "HTTPS_PROXY"); ok && got[0] != withPassword {
		t.Fatalf("bash set HTTPS_PROXY to %q", got[0])
	}
	// Typed with --set, held by no variable: left out, and said so.
	delete(c.Env.Vars, "https_proxy")
	plan = mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint, Set: map[string]string{"HTTPS_PROXY": withPassword}})
	out = printed(c, plan)
	if strings.Contains(out, password) || strings.Contains(out, "HTTPS_PROXY=") || !strings.Contains(out, "Not printed: HTTPS_PROXY, https_proxy — it holds a proxy password") {
		t.Fatalf("printed:\n%s", out)
	}
	if zh := strings.Join(plan.Notes(i18n.ZH), "\n"); !strings.Contains(zh, "未输出：HTTPS_PROXY, https_proxy") {
		t.Fatalf("notes in Chinese:\n%s", zh)
	}

	// The key moves from ANTHROPIC_API_KEY to ANTHROPIC_AUTH_TOKEN: read
	// before the old name is unset.
	k, _ := setup(t, "key-oauth-in-api-key")
	token := k.Env.Vars["ANTHROPIC_API_KEY"]
	plan = mustBuild(t, k, checks.FixKeyClean, fixes.Params{Target: fixes.TargetPrint})
	out = printed(k, plan)
	if strings.Contains(out, token) || strings.Join(plan.Exports, "\n") != "export ANTHROPIC_AUTH_TOKEN=\"$ANTHROPIC_API_KEY\"\nunset ANTHROPIC_API_KEY" {
		t.Fatalf("printed:\n%s", out)
	}
	if got, ok := inBash(t, plan.Exports, k.Env.Vars, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"); ok && (got[0] != token || got[1] != "<unset>") {
		t.Fatalf("bash: token %q, key %q", got[0], got[1])
	}

	// A key pasted with a line break: the line strips it as it reads it.
	n, _ := setup(t, "key-newline")
	n.Env.GOOS = "windows"
	n.Env.Run = func(context.Context, string, ...string) ([]byte, error) { return nil, errors.New("no") }
	plan = mustBuild(t, n, checks.FixKeyClean, fixes.Params{Target: fixes.TargetPrint})
	out = printed(n, plan)
	if strings.Contains(out, lab.Key) ||
		!strings.Contains(out, "$env:ANTHROPIC_API_KEY = ($env:ANTHROPIC_API_KEY -replace '[^A-Za-z0-9_-]', '')") ||
		!strings.Contains(out, "[Environment]::SetEnvironmentVariable('ANTHROPIC_API_KEY', ($env:ANTHROPIC_API_KEY -replace '[^A-Za-z0-9_-]', ''), 'User')") {
		t.Fatalf("printed:\n%s", out)
	}
}
