package fixes_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/lab"
)

// deadProxyInSettings moves the proxy-dead scenario's proxy from the shell
// into ~/.claude/settings.json, keeping a copy in the shell when keep is set.
func deadProxyInSettings(keep bool) func(*lab.Lab, *checks.Env, *checks.Options) {
	return func(l *lab.Lab, env *checks.Env, o *checks.Options) {
		b, _ := json.Marshal(map[string]any{"env": map[string]string{"HTTPS_PROXY": env.Vars["HTTPS_PROXY"], "https_proxy": env.Vars["https_proxy"]}})
		l.WriteFile(lab.Home+"/.claude/settings.json", b)
		if !keep {
			delete(env.Vars, "HTTPS_PROXY")
			delete(env.Vars, "https_proxy")
		}
	}
}

func hasNote(p *fixes.Plan, key string) bool {
	for _, m := range p.NoteMsgs {
		if m.Key == key {
			return true
		}
	}
	return false
}

// TestShellTargetFollowsTheSettingsFile: Claude Code takes a settings env
// block over the shell, so a fix aimed at the shell profile while the
// value lives in a settings file edits that file instead, and says so.
func TestShellTargetFollowsTheSettingsFile(t *testing.T) {
	c, _ := setup(t, "proxy-dead", deadProxyInSettings(false))
	if c.Report.Verdict.Cause != checks.CauseProxyUnreachable {
		t.Fatalf("the dead proxy in the settings should be found: %s", c.Report.Verdict.Cause)
	}
	c.Env.Vars["SHELL"] = "/bin/zsh"
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetShell})
	settings := lab.Home + "/.claude/settings.json"
	edited := false
	for _, ch := range plan.Changes {
		switch {
		case ch.Path == settings:
			edited = !strings.Contains(string(ch.After), "HTTPS_PROXY") && !strings.Contains(string(ch.After), "https_proxy")
		case strings.Contains(string(ch.After), "HTTPS_PROXY") || strings.Contains(string(ch.After), "https_proxy"):
			// The names the file does not set (http_proxy...) may still go
			// to the profile; these two must not.
			t.Errorf("%s changes the variables the settings file holds:\n%s", ch.Path, ch.After)
		}
	}
	if !edited {
		t.Fatalf("the fix should remove the proxy from %s: %+v", settings, plan.Changes)
	}
	if !hasNote(plan, "fixnote.settings_wins") {
		t.Fatalf("notes %v", plan.NoteMsgs)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
}

// TestRemovingFromSettingsNamesTheShellValue: once the settings file's
// value is gone, the shell's hidden one takes over; the plan says so, and
// the live test agrees that it is not enough.
func TestRemovingFromSettingsNamesTheShellValue(t *testing.T) {
	c, _ := setup(t, "proxy-dead", deadProxyInSettings(true))
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	if plan.Target != fixes.TargetClaudeSettings || !hasNote(plan, "fixnote.shell_fallback") {
		t.Fatalf("target %s, notes %v", plan.Target, plan.NoteMsgs)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseProxyUnreachable {
		t.Fatalf("with the shell's dead proxy still set, the live test should fail: %s", v)
	}
}

// TestSettingsValueBeatsTheShell: saving a working proxy to the settings
// is enough for Claude Code even with a dead one in the shell.
func TestSettingsValueBeatsTheShell(t *testing.T) {
	c, l := setup(t, "proxy-dead")
	p, err := l.StartProxy(lab.ProxyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good := p.URL("", "")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetClaudeSettings, Set: map[string]string{"HTTPS_PROXY": good, "https_proxy": good}})
	if !hasNote(plan, "fixnote.settings_over_shell") || hasNote(plan, "fixnote.shell_wins") {
		t.Fatalf("notes %v", plan.NoteMsgs)
	}
	if !strings.Contains(plan.Diff(c), "settings.json") {
		t.Fatalf("diff:\n%s", plan.Diff(c))
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
}

// TestPrintTargetWarnsOfTheSettingsFile: printed exports cannot beat a
// settings file, and the plan says where the value lives.
func TestPrintTargetWarnsOfTheSettingsFile(t *testing.T) {
	c, _ := setup(t, "proxy-dead", deadProxyInSettings(false))
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint})
	if len(plan.Changes) != 0 || !hasNote(plan, "fixnote.settings_wins_print") {
		t.Fatalf("changes %d, notes %v", len(plan.Changes), plan.NoteMsgs)
	}
}
