package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"apidoctor/checks"
	"apidoctor/lab"
)

// labConfig points the wizard at a lab scenario.
func labConfig(t *testing.T, scenario string) (Config, *lab.Lab) {
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
	return Config{NewEnv: func() *checks.Env { e := *env; return &e }, Opts: opts, ExportDir: t.TempDir()}, l
}

func startProgram(t *testing.T, cfg Config) *teatest.TestModel {
	return teatest.NewTestModel(t, New(cfg),
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// TestFlowRunDetailExportRecheck drives the real program against a lab
// with TLS inspection: run, read the verdict, open a detail, go back,
// export, re-check and quit, as a person would.
func TestFlowRunDetailExportRecheck(t *testing.T) {
	cfg, _ := labConfig(t, "tls-inspection")
	tm := startProgram(t, cfg)
	waitFor(t, tm, "Press enter")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "tls_untrusted")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "tls — TLS handshake")
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("e"))
	waitFor(t, tm, "export the report")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "Saved to")
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("r"))
	waitFor(t, tm, "re-checked")
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)

	if m.Report() == nil || m.Report().Verdict.Cause != checks.CauseTLSUntrusted {
		t.Fatalf("final verdict: %+v", m.Report())
	}
	if m.previous == nil {
		t.Fatal("the re-check should keep the earlier report for the comparison")
	}
	files, _ := filepath.Glob(filepath.Join(cfg.ExportDir, "apidoctor-report*.md"))
	if len(files) != 1 {
		t.Fatalf("exported files: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), "`tls_untrusted`") || strings.Contains(string(data), lab.Key) {
		t.Fatalf("the exported report is wrong or leaks the key:\n%s", data)
	}
}

// TestFlowCancel starts a run that would hang and cancels it with esc.
func TestFlowCancel(t *testing.T) {
	cfg, _ := labConfig(t, "slow")
	base := cfg.NewEnv
	cfg.NewEnv = func() *checks.Env { e := base(); e.Timeouts = checks.DefaultTimeouts; return e }
	tm := startProgram(t, cfg)
	waitFor(t, tm, "Press enter")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "checking api.anthropic.com")
	time.Sleep(200 * time.Millisecond)
	tm.Send(keyPress("esc"))
	waitFor(t, tm, "Run cancelled.")
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if m.Report() != nil || m.step != stepStart {
		t.Fatalf("after a cancel: step %v, report %v", m.step, m.Report())
	}
}
