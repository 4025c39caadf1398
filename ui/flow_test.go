package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/report"
)

// labConfig points the wizard at a lab scenario.
func labConfig(t *testing.T, scenario string) (Config, *lab.Lab) {
	t.Helper()
	s, ok := lab.Find(scenario)
	if !ok {
		t.Fatalf("no scenario %s", scenario)
	}
	root := t.TempDir()
	l, env, opts, err := lab.Prepare(s, root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return Config{
		NewEnv: func() *checks.Env { e := *env; return &e }, Opts: opts, ExportDir: t.TempDir(),
		Disk: fixes.DiskFS{Root: root}, ConfigDir: lab.Home + "/.config",
	}, l
}

func startProgram(t *testing.T, cfg Config) *teatest.TestModel {
	return teatest.NewTestModel(t, New(cfg),
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
}

// waitFor reads the program's output until text appears. The renderer only
// redraws the cells that changed, so a line that replaces a similar one may
// never be written whole; a same-size resize forces a full repaint.
func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	var seen []byte
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		buf := make([]byte, 64<<10)
		n, _ := tm.Output().Read(buf)
		seen = append(seen, buf[:n]...)
		if bytes.Contains(seen, []byte(text)) {
			return
		}
		if n == 0 {
			tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
			time.Sleep(30 * time.Millisecond)
		}
	}
	t.Fatalf("the screen never showed %q", text)
}

// screenWords are what the flows wait for, in one language.
type screenWords struct{ start, detail, export, saved, running string }

// exportFlow runs the TLS-inspection lab as a person would: start, read
// the verdict, open a detail, go back, export; then re-check (when
// recheck is given) and quit. It returns the final model and the report.
func exportFlow(t *testing.T, cfg Config, w screenWords, recheck string) (Model, string) {
	t.Helper()
	tm := startProgram(t, cfg)
	waitFor(t, tm, w.start)
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "tls_untrusted")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, w.detail)
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("e"))
	waitFor(t, tm, w.export)
	tm.Send(keyPress("enter"))
	waitFor(t, tm, w.saved)
	tm.Send(keyPress("esc"))
	if recheck != "" {
		tm.Send(keyPress("r"))
		// "re-checked" shows only once the re-check's report exists, so q
		// cannot land in the run (whose screen may come and go between
		// two frames on a fast lab).
		waitFor(t, tm, recheck)
	}
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	files, _ := filepath.Glob(filepath.Join(cfg.ExportDir, "apidoctor-report*.md"))
	if len(files) != 1 {
		t.Fatalf("exported files: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if strings.Contains(string(data), lab.Key) {
		t.Fatalf("the exported report leaks the key:\n%s", data)
	}
	return m, string(data)
}

// TestFlowRunDetailExportRecheck drives the real program against a lab
// with TLS inspection: run, detail, export, re-check, quit.
func TestFlowRunDetailExportRecheck(t *testing.T) {
	cfg, _ := labConfig(t, "tls-inspection")
	m, md := exportFlow(t, cfg, screenWords{"Press enter", "tls — TLS handshake", "export the report", "Saved to", "checking api.anthropic.com"}, "re-checked")
	if m.Report() == nil || m.Report().Verdict.Cause != checks.CauseTLSUntrusted {
		t.Fatalf("final verdict: %+v", m.Report())
	}
	if m.previous == nil {
		t.Fatal("the re-check should keep the earlier report for the comparison")
	}
	if !strings.Contains(md, "`tls_untrusted`") {
		t.Fatalf("the exported report lacks the verdict:\n%s", md)
	}
}

// TestFlowChinese drives the same lab in Chinese: every screen, finding
// and the exported report speak it, from a real run rather than fixtures.
func TestFlowChinese(t *testing.T) {
	cfg, _ := labConfig(t, "tls-inspection")
	cfg.Lang = i18n.ZH
	m, md := exportFlow(t, cfg, screenWords{"开始", "TLS 握手", "导出报告", "已保存到", "的规则检查"}, "")
	for _, r := range m.Report().Checks {
		if r.Msg.IsZero() {
			t.Errorf("%s carries no message to translate: %q", r.ID, r.Summary)
			continue
		}
		if s := r.SummaryIn(i18n.ZH); r.Msg.Key != "raw" && !hasHan(s) {
			t.Errorf("%s: the Chinese summary has no Chinese: %q", r.ID, s)
		}
	}
	if v := m.Report().VerdictIn(i18n.ZH); !hasHan(v.Summary) {
		t.Errorf("verdict in Chinese: %q", v.Summary)
	}
	if !strings.Contains(md, "apidoctor 诊断报告") {
		t.Fatalf("the exported report is not in Chinese:\n%s", md)
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
	if m.step != stepStart || m.Report() == nil || !m.Report().Incomplete() || !slices.Contains(m.Report().Verdict.Unfinished, "http.hello") {
		t.Fatalf("after a cancel: step %v, report %+v", m.step, m.Report())
	}
}

// TestFlowProxyFixApplyAndUndo: the proxy fix from the findings, tested
// live, applied after a yes, verified, then undone.
func TestFlowProxyFixApplyAndUndo(t *testing.T) {
	cfg, _ := labConfig(t, "proxy-not-exported")
	settings := filepath.Join(cfg.Disk.Root, lab.Home, ".claude", "settings.json")
	tm := toFixForm(t, cfg, "proxy_not_exported", "HTTPS_PROXY")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "Live test with these settings")
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("the preview wrote the file")
	}
	tm.Send(keyPress("a"))
	waitFor(t, tm, "Apply?")
	tm.Send(keyPress("y"))
	waitFor(t, tm, "Re-check:")
	if b, err := os.ReadFile(settings); err != nil || !strings.Contains(string(b), "HTTPS_PROXY") {
		t.Fatalf("after apply: %v %s", err, b)
	}
	tm.Send(keyPress("u"))
	waitFor(t, tm, "undone")
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("undo should remove the settings file the fix created")
	}
	if !m.fix.undone {
		t.Fatal("the flow should know the fix was undone")
	}
}

// TestFlowCAFix: the CA candidates are tested live; the root the proxy
// sent is trusted through NODE_EXTRA_CA_CERTS and the re-check passes.
func TestFlowCAFix(t *testing.T) {
	cfg, _ := labConfig(t, "tls-inspection")
	tm := toFixForm(t, cfg, "tls_untrusted", "makes the handshake pass")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "Live test with these settings")
	tm.Send(keyPress("a"))
	tm.Send(keyPress("y"))
	waitFor(t, tm, "Re-check:")
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if m.fix.verify == nil || m.fix.verify.Verdict.Cause != checks.CauseOK {
		t.Fatalf("after the CA fix the verdict should be ok: %+v", m.fix.verify)
	}
	if m.Report().Verdict.Cause != checks.CauseOK || m.previous == nil {
		t.Fatal("the findings should show the re-check after the fix")
	}
}

// toFixForm starts the wizard and goes to the first fix's form: start,
// the findings once cause shows, f, enter, until form shows.
func toFixForm(t *testing.T, cfg Config, cause, form string) *teatest.TestModel {
	t.Helper()
	tm := startProgram(t, cfg)
	waitFor(t, tm, "Press enter")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, cause)
	tm.Send(keyPress("f"))
	waitFor(t, tm, "These fixes apply")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, form)
	return tm
}

// shellFixApplied runs the proxy fix saved to the shell profile: start,
// the findings, the form with "save to" on the shell, the preview, a yes,
// and the re-check.
func shellFixApplied(t *testing.T, cfg Config) *teatest.TestModel {
	t.Helper()
	tm := toFixForm(t, cfg, "proxy_not_exported", "HTTPS_PROXY")
	// Up from the first field is the "save to" row: auto, settings, shell.
	tm.Send(keyPress("up"))
	tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
	waitFor(t, tm, "the shell profile")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "Live test with these settings")
	tm.Send(keyPress("a"))
	waitFor(t, tm, "Apply?")
	tm.Send(keyPress("y"))
	waitFor(t, tm, "Re-check:")
	return tm
}

// TestFlowRecheckAfterAShellFix: a fix saved to the shell profile changes
// new shells, not this process: the re-check (r), the watch (w) and the
// routes (o) must see what the client will see, the profile's values,
// not the environment apidoctor started with; the screen says once what
// the open terminals need.
func TestFlowRecheckAfterAShellFix(t *testing.T) {
	cfg, _ := labConfig(t, "proxy-not-exported")
	profile := filepath.Join(cfg.Disk.Root, lab.Home, ".bashrc")
	tm := shellFixApplied(t, cfg)
	waitFor(t, tm, "source /home/lab/.bashrc")
	if b, err := os.ReadFile(profile); err != nil || !strings.Contains(string(b), "export https_proxy=") {
		t.Fatalf("profile after apply: %v\n%s", err, b)
	}
	tm.Send(keyPress("enter")) // back to the findings
	tm.Send(keyPress("w"))
	waitFor(t, tm, "100.0% ok")
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if m.run.Env.Vars["https_proxy"] == "" {
		t.Fatal("the routes (o) and the next fix would run without the profile's proxy")
	}
	// r, run to the end in this goroutine's order.
	m.quitting = false
	nm, cmd := m.Update(keyPress("r"))
	m = settle(t, nm.(Model), cmd)
	if m.step != stepFindings || m.Report().Verdict.Cause != checks.CauseOK {
		t.Fatalf("the re-check after the fix ran with the old environment: %s", m.Report().Verdict.Cause)
	}
	if m.run.Env.Vars["https_proxy"] == "" {
		t.Fatal("after the re-check, the watch and the routes would run without the profile's proxy")
	}
}

// settle runs cmd and every command the model returns after it, each in
// its own goroutine as the program would, feeding their messages back
// one at a time, until none is left (spinner ticks are dropped).
func settle(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	pending := 0
	launch := func(c tea.Cmd) {
		if c != nil {
			pending++
			go func() { msgs <- c() }()
		}
	}
	launch(cmd)
	deadline := time.After(20 * time.Second)
	for pending > 0 {
		select {
		case msg := <-msgs:
			pending--
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					launch(c)
				}
			case tickMsg, nil:
			default:
				nm, next := m.Update(msg)
				m = nm.(Model)
				launch(next)
			}
		case <-deadline:
			t.Fatalf("still %d commands out after 20 s (step %v)", pending, m.step)
		}
	}
	return m
}

// TestFlowUndoClearsTheOverlay: after undo, re-checks run with the
// environment as it is again.
func TestFlowUndoClearsTheOverlay(t *testing.T) {
	cfg, _ := labConfig(t, "proxy-not-exported")
	tm := shellFixApplied(t, cfg)
	tm.Send(keyPress("u"))
	// Said on the findings once the re-check after the undo is in.
	waitFor(t, tm, "the findings are from a fresh check")
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if m.Report().Verdict.Cause != checks.CauseProxyNotExported {
		t.Fatalf("after undo the re-check should find the problem again: %s", m.Report().Verdict.Cause)
	}
	if _, ok := m.cfg.NewEnv().Vars["https_proxy"]; ok {
		t.Fatal("undo should drop the profile's values from the re-check environment")
	}
}

// TestFlowManagedValue: with the proxy in the managed settings, the
// wizard's preview says where it is managed and what to ask for, writes
// nothing, and offers no apply.
func TestFlowManagedValue(t *testing.T) {
	cfg, l := labConfig(t, "proxy-dead")
	env := cfg.NewEnv() // shares the scenario's variables
	l.WriteFile("/etc/claude-code/managed-settings.json", []byte(`{"env": {"HTTPS_PROXY": "`+env.Vars["HTTPS_PROXY"]+`", "https_proxy": "`+env.Vars["https_proxy"]+`"}}`))
	delete(env.Vars, "HTTPS_PROXY")
	delete(env.Vars, "https_proxy")
	tm := toFixForm(t, cfg, "proxy_unreachable", "HTTPS_PROXY")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "Ask whoever manages")
	tm.Send(keyPress("a"))
	tm.Send(keyPress("y"))
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if m.fix.phase != phasePreview || m.fix.entry.ID != "" || len(m.fix.plan.Managed()) != 2 {
		t.Fatalf("phase %v, entry %q, managed %v", m.fix.phase, m.fix.entry.ID, m.fix.plan.Managed())
	}
	m.quitting = false
	s := screen(m)
	if !strings.Contains(s, "/etc/claude-code/managed-settings.json") || strings.Contains(s, "Saved to") {
		t.Errorf("preview:\n%s", s)
	}
	if testing.Verbose() {
		t.Log("\n" + s)
	}
	for _, f := range []string{lab.Home + "/.claude/settings.json", lab.Home + "/.bashrc"} {
		if _, err := os.Stat(filepath.Join(cfg.Disk.Root, f)); err == nil {
			t.Errorf("%s was written:\n%s", f, s)
		}
	}
}

// TestFlowUndoFromTheFindings: once the applied screen is left, u on the
// findings lists the fixes applied in this session and undoes the chosen
// one through the store, then re-checks.
func TestFlowUndoFromTheFindings(t *testing.T) {
	cfg, _ := labConfig(t, "proxy-not-exported")
	settings := filepath.Join(cfg.Disk.Root, lab.Home, ".claude", "settings.json")
	tm := toFixForm(t, cfg, "proxy_not_exported", "HTTPS_PROXY")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "Live test with these settings")
	tm.Send(keyPress("a"))
	waitFor(t, tm, "Apply?")
	tm.Send(keyPress("y"))
	waitFor(t, tm, "Re-check:")
	tm.Send(keyPress("enter")) // back to the findings
	waitFor(t, tm, "u undo")
	tm.Send(keyPress("u"))
	waitFor(t, tm, "Fixes applied in this session")
	tm.Send(keyPress("enter"))
	waitFor(t, tm, "the findings are from a fresh check")
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if _, err := os.Stat(settings); err == nil {
		t.Fatal("undo from the findings should remove the settings file the fix created")
	}
	if m.Report().Verdict.Cause != checks.CauseProxyNotExported {
		t.Fatalf("after undo the re-check should find the problem again: %s", m.Report().Verdict.Cause)
	}
	if !slices.ContainsFunc(m.Session().Fixes, func(e report.FixEvent) bool { return e.Event == "undone" }) {
		t.Fatal("the session should record the undo")
	}
}
