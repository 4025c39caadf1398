package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// labArgs turns a scenario's options into the flags a person would type.
func labArgs(o checks.Options) []string {
	args := []string{"--client", string(o.Client), "--platform-url", o.PlatformURL, "--status-url", o.StatusURL, "--reference-dns", o.ReferenceDNS}
	if o.BaseURL != "" {
		args = append(args, "--base-url", o.BaseURL)
	}
	return args
}

func runLab(t *testing.T, scenario string, extra ...string) (int, string, string, *lab.Lab, *checks.Env) {
	t.Helper()
	s, ok := lab.Find(scenario)
	if !ok {
		t.Fatalf("no scenario %s", scenario)
	}
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	var out, errb bytes.Buffer
	args := append(append([]string{"check"}, labArgs(opts)...), extra...)
	code := run(context.Background(), args, system{stdout: &out, stderr: &errb, newEnv: func() *checks.Env { return env }})
	return code, out.String(), errb.String(), l, env
}

func TestCheckJSONHealthy(t *testing.T) {
	code, out, stderr, _, _ := runLab(t, "healthy", "--json")
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, stderr)
	}
	var doc struct {
		Schema  string `json:"schema"`
		Verdict struct {
			Cause  string `json:"cause"`
			Status string `json:"status"`
		} `json:"verdict"`
		Checks []struct {
			ID         string          `json:"id"`
			Status     string          `json:"status"`
			Summary    string          `json:"summary"`
			DurationMS *int64          `json:"duration_ms"`
			Evidence   json.RawMessage `json:"evidence"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if doc.Schema != "apidoctor.check/v1" || doc.Verdict.Cause != "ok" || doc.Verdict.Status != "ok" {
		t.Fatalf("schema %q verdict %+v", doc.Schema, doc.Verdict)
	}
	if len(doc.Checks) != len(checks.Graph()) {
		t.Fatalf("%d checks, want %d", len(doc.Checks), len(checks.Graph()))
	}
	states := map[string]bool{"pass": true, "warn": true, "fail": true, "skip": true, "na": true}
	for _, c := range doc.Checks {
		if !states[c.Status] || c.Summary == "" || c.DurationMS == nil {
			t.Errorf("check %+v is incomplete", c)
		}
	}
}

func TestCheckTextShowsVerdictFirst(t *testing.T) {
	code, out, _, _, _ := runLab(t, "key-revoked", "--ascii")
	if code != exitProblem {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[2], "PROBLEM  key_invalid") {
		t.Fatalf("the verdict is not on top:\n%s", out)
	}
	if !strings.Contains(out, "XX auth") || !strings.Contains(out, "Create a new key") {
		t.Fatalf("rows or advice missing:\n%s", out)
	}
	if strings.ContainsAny(out, "✓✗") {
		t.Fatalf("--ascii printed Unicode marks:\n%s", out)
	}
}

func TestBadUsageExitsTwo(t *testing.T) {
	missing := t.TempDir() + "/nope.pem"
	notPEM := t.TempDir() + "/bad.pem"
	writeFile(t, notPEM, "hello")
	for _, args := range [][]string{
		{"check", "--no-such-flag"},
		{"check", "--client", "emacs"},
		{"check", "--reference-dns", "8.8.8.8"},
		{"check", "--status-url", "ftp://x"},
		{"check", "--ca-bundle", missing},
		{"check", "--ca-bundle", notPEM},
		{"check", "stray"},
		{"frobnicate"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, system{stdout: &out, stderr: &errb, newEnv: func() *checks.Env {
			t.Fatalf("%v: the engine ran despite bad usage", args)
			return nil
		}})
		if code != exitUsage || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errb.String())
		}
	}
}

// TestFlagErrorsAndHelpInBothLanguages: a bad flag is one line on stderr,
// in the reader's language, naming the flag, with the way to the help
// (exit 2); -h lists the flags on stdout (exit 0), in the reader's
// language, for every subcommand.
func TestFlagErrorsAndHelpInBothLanguages(t *testing.T) {
	noEngine := func() *checks.Env { t.Fatal("the engine ran"); return nil }
	for _, cmd := range []string{"check", "demo", "fix proxy.edit", "undo", "watch"} {
		path := "apidoctor " + strings.Fields(cmd)[0]
		for lang, want := range map[string]string{"en": "unknown flag --no-such-flag", "zh": "未知参数 --no-such-flag"} {
			args := append(strings.Fields(cmd), "--lang", lang, "--no-such-flag")
			var out, errb bytes.Buffer
			code := run(context.Background(), args, system{stdout: &out, stderr: &errb, newEnv: noEngine})
			if code != exitUsage || strings.Count(errb.String(), "\n") != 1 || !strings.HasPrefix(errb.String(), "apidoctor: "+want) ||
				!strings.Contains(errb.String(), path+" --help") || out.Len() != 0 {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
			}
			args = append(strings.Fields(cmd), "--lang", lang, "-h")
			out.Reset()
			errb.Reset()
			code = run(context.Background(), args, system{stdout: &out, stderr: &errb, newEnv: noEngine})
			flag := "--base-url"
			if cmd == "undo" {
				flag = "--list"
			}
			// --lang's own description says which language the help is in.
			desc := map[string]string{"en": "Language: en or zh", "zh": "界面语言，可选 en 或 zh"}[lang]
			if code != exitOK || !strings.Contains(out.String(), desc) || !strings.Contains(out.String(), flag) || !strings.Contains(out.String(), path) {
				t.Errorf("%v: exit %d, stdout %q", args, code, out.String())
			}
		}
	}
}

// TestSecretsNeverPrinted plants a key, a proxy password and a token in
// the environment and a settings file, has the server echo the key back,
// and checks neither output format shows any of them.
func TestSecretsNeverPrinted(t *testing.T) {
	token := "sk-ant-oat01-SETTINGSTOKEN" + strings.Repeat("t", 60)
	custom := "X-Corp-Auth: corp-secret-header-value-123"
	for _, format := range []string{"--json", "--ascii"} {
		s, _ := lab.Find("healthy-proxy")
		l, env, opts, err := lab.Prepare(s, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		l.API.SetPersonality(lab.EchoKey)
		env.Vars["ANTHROPIC_CUSTOM_HEADERS"] = custom
		l.WriteFile(lab.Home+"/.claude/settings.json", []byte(`{"env":{"ANTHROPIC_AUTH_TOKEN":"`+token+`"}}`))
		var out, errb bytes.Buffer
		code := run(context.Background(), append(append([]string{"check"}, labArgs(opts)...), format), system{stdout: &out, stderr: &errb, newEnv: func() *checks.Env { return env }})
		l.Close()
		if code != exitProblem {
			t.Fatalf("%s: exit %d\n%s%s", format, code, out.String(), errb.String())
		}
		for _, secret := range []string{lab.Key, "s3cret-proxy-pw", token, "corp-secret-header-value-123"} {
			if strings.Contains(out.String(), secret) || strings.Contains(errb.String(), secret) {
				t.Errorf("%s output contains %q:\n%s", format, secret, out.String())
			}
		}
		if !strings.Contains(out.String(), "sk-ant-api03-…") {
			t.Errorf("%s: the masked key should still be recognisable", format)
		}
	}
}

// TestDocsListEveryCause keeps the cause table (docs/causes.md) and the
// check table (docs/checks.md) in step with the catalogue: scripts read
// the codes there.
func TestDocsListEveryCause(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	causes, graph := read("docs/causes.md"), read("docs/checks.md")
	for _, c := range checks.Causes() {
		if !strings.Contains(causes, "| `"+string(c.Cause)+"` |") {
			t.Errorf("docs/causes.md's table lacks %s", c.Cause)
		}
	}
	for _, c := range checks.Graph() {
		if !strings.Contains(graph, "| `"+c.ID+"` |") {
			t.Errorf("docs/checks.md's table lacks %s", c.ID)
		}
	}
}

// TestInterruptedCheckExits130 cancels `apidoctor check` as a signal
// would: before it starts (--json) and once the first result is printed
// (--plain). Each prints the incomplete verdict and exits 130, never ok.
func TestInterruptedCheckExits130(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		code, out, stderr := runLabCtx(t, ctx, "slow", nil, "--json")
		if code != exitInterrupted {
			t.Fatalf("exit %d, want 130\n%s\n%s", code, out, stderr)
		}
		var doc struct {
			Verdict checks.Verdict `json:"verdict"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		if doc.Verdict.Status != "incomplete" || doc.Verdict.Cause != checks.CauseIncomplete || len(doc.Verdict.Unfinished) != len(checks.Graph()) {
			t.Fatalf("verdict %+v", doc.Verdict)
		}
		if !strings.Contains(stderr, "interrupted") {
			t.Errorf("stderr does not say the run was interrupted: %q", stderr)
		}
	})
	t.Run("plain", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// The head line, then the first finished check: cancel there.
		w := &cancelAfter{writes: 2, cancel: cancel}
		code, out, stderr := runLabCtx(t, ctx, "slow", w, "--plain", "--ascii")
		if code != exitInterrupted {
			t.Fatalf("exit %d, want 130\n%s\n%s", code, out, stderr)
		}
		if !strings.Contains(out, "-- INCOMPLETE") || !strings.Contains(out, "Did not finish:") || !strings.Contains(out, "http.hello") {
			t.Fatalf("no incomplete verdict naming http.hello:\n%s", out)
		}
		if strings.Contains(out, "ok OK") || strings.Contains(out, "PROBLEM") {
			t.Fatalf("an interrupted run printed a verdict:\n%s", out)
		}
	})
}

// runLabCtx runs `apidoctor check` against a scenario under ctx, with
// timeouts long enough that the run never ends on its own; stdout goes
// to w as well when given.
func runLabCtx(t *testing.T, ctx context.Context, scenario string, w io.Writer, extra ...string) (int, string, string) {
	t.Helper()
	s, _ := lab.Find(scenario)
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	var out, errb bytes.Buffer
	stdout := io.Writer(&out)
	if w != nil {
		stdout = io.MultiWriter(&out, w)
	}
	args := append(append([]string{"check", "--timeout", "10m"}, labArgs(opts)...), extra...)
	code := run(ctx, args, system{stdout: stdout, stderr: &errb, newEnv: func() *checks.Env { return env }})
	return code, out.String(), errb.String()
}

// cancelAfter cancels once it has been written to a number of times.
type cancelAfter struct {
	writes int
	cancel context.CancelFunc
}

func (c *cancelAfter) Write(p []byte) (int, error) {
	if c.writes--; c.writes == 0 {
		c.cancel()
	}
	return len(p), nil
}

// TestExitCodeNamesTheSignal: an interrupted run exits 128 + the signal's
// number; other codes, and an interruption with no signal, stay as they are.
func TestExitCodeNamesTheSignal(t *testing.T) {
	for _, c := range []struct {
		code  int
		cause error
		want  int
	}{
		{exitInterrupted, signalCause{syscall.SIGINT}, 130},
		{exitInterrupted, signalCause{syscall.SIGTERM}, 143},
		{exitInterrupted, context.Canceled, 130},
		{exitProblem, signalCause{syscall.SIGTERM}, exitProblem},
		{exitOK, nil, exitOK},
	} {
		if got := exitCode(c.code, c.cause); got != c.want {
			t.Errorf("exitCode(%d, %v) = %d, want %d", c.code, c.cause, got, c.want)
		}
	}
}

// TestInterruptedFixWritesNothing: `apidoctor fix --apply --force`
// interrupted before its checks finish exits 130 and writes nothing,
// even though --force would write over a failed test.
func TestInterruptedFixWritesNothing(t *testing.T) {
	sys, opts, root, out, errb := labSystem(t, "proxy-not-exported")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	args := append([]string{"fix", "proxy.edit", "--apply", "--force"}, labArgs(opts)...)
	if code := run(ctx, args, sys); code != exitInterrupted {
		t.Fatalf("exit %d, want 130\n%s%s", code, out, errb)
	}
	if !strings.Contains(out.String(), "Found: incomplete") || !strings.Contains(errb.String(), "interrupted") {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", out, errb)
	}
	if _, err := os.Stat(filepath.Join(root, lab.Home, ".claude/settings.json")); err == nil {
		t.Fatal("an interrupted fix wrote the settings file")
	}
}

// TestInterruptedWatchExits130: a watch ended by a signal reports what it
// saw and exits 130; one that ran its --count exits by its last probe.
func TestInterruptedWatchExits130(t *testing.T) {
	sys, opts, _, out, errb := labSystem(t, "healthy")
	args := append([]string{"watch", "--count", "1", "--interval", "10ms"}, labArgs(opts)...)
	if code := run(context.Background(), args, sys); code != exitOK {
		t.Fatalf("a finished watch: exit %d\n%s%s", code, out, errb)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := run(ctx, args, sys); code != exitInterrupted {
		t.Fatalf("an interrupted watch: exit %d, want 130\n%s%s", code, out, errb)
	}
}
