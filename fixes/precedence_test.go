package fixes_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"apidoctor/i18n"

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

// proxyIn writes the proxy-dead scenario's proxy into a settings file's env
// block (path) and takes it out of the shell.
func proxyIn(path string, names ...string) func(*lab.Lab, *checks.Env, *checks.Options) {
	return func(l *lab.Lab, env *checks.Env, o *checks.Options) {
		block := map[string]string{}
		for _, n := range names {
			block[n] = env.Vars["HTTPS_PROXY"]
		}
		b, _ := json.Marshal(map[string]any{"env": block})
		l.WriteFile(path, b)
		for _, n := range names {
			delete(env.Vars, n)
		}
	}
}

const managedSettings = "/etc/claude-code/managed-settings.json"

// TestManagedValueIsNeverOverwritten: a value in the managed settings
// outranks every file and the shell, and the user cannot change it: the
// fix writes nothing for it under any target (a user setting or an export
// would change nothing), says where it is managed, and leaves the advice
// for whoever manages it. The live test shows what their change would do.
func TestManagedValueIsNeverOverwritten(t *testing.T) {
	c, _ := setup(t, "proxy-dead", proxyIn(managedSettings, "HTTPS_PROXY", "https_proxy"))
	if c.Report.Verdict.Cause != checks.CauseProxyUnreachable {
		t.Fatalf("the dead proxy in the managed settings should be found: %s", c.Report.Verdict.Cause)
	}
	for _, target := range []fixes.Target{fixes.TargetAuto, fixes.TargetClaudeSettings, fixes.TargetShell, fixes.TargetPrint} {
		plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: target})
		for _, ch := range plan.Changes {
			if !ch.Noop() {
				t.Errorf("%q: the fix writes %s although the managed settings outrank it:\n%s", target, ch.Path, ch.After)
			}
		}
		for _, l := range plan.Exports {
			if strings.Contains(strings.ToLower(l), "https_proxy") {
				t.Errorf("%q: an export of a managed variable changes nothing: %s", target, l)
			}
		}
		if plan.Target != fixes.TargetPrint || !plan.Empty() {
			t.Errorf("%q: a plan with nothing the user can write must not be appliable: target %q", target, plan.Target)
		}
		notes := strings.Join(plan.Notes(i18n.EN), "\n")
		advice := strings.Join(plan.Advice(i18n.EN), "\n")
		if !hasNote(plan, "fixnote.managed") || !strings.Contains(notes, managedSettings) || !strings.Contains(advice, managedSettings) || !strings.Contains(advice, `"HTTPS_PROXY"`) {
			t.Errorf("%q: notes %q, advice %q", target, notes, advice)
		}
		if _, err := plan.Apply(c); err == nil {
			t.Errorf("%q: applying a managed-only plan should be refused", target)
		}
		if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
			t.Errorf("%q: with the managed value removed the live test should pass: %s", target, v)
		}
	}
}

// TestManagedNameAloneIsLeftAlone: only the names the managed settings set
// are theirs; the fix still writes the others, where they live.
func TestManagedNameAloneIsLeftAlone(t *testing.T) {
	c, _ := setup(t, "proxy-dead", proxyIn(managedSettings, "HTTPS_PROXY"))
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	wrote := false
	for _, ch := range plan.Changes {
		if strings.Contains(string(ch.After), "HTTPS_PROXY") && !strings.Contains(string(ch.Before), "HTTPS_PROXY") {
			t.Errorf("%s gets HTTPS_PROXY, which the managed settings outrank:\n%s", ch.Path, ch.After)
		}
		wrote = wrote || !ch.Noop()
	}
	if !wrote || plan.Target == fixes.TargetPrint || !hasNote(plan, "fixnote.managed") {
		t.Fatalf("https_proxy (from the shell) should still be fixed, with a note on HTTPS_PROXY: target %q changes %d notes %v", plan.Target, len(plan.Changes), plan.NoteMsgs)
	}
}

// TestWinningFileIsEdited: local > project > user; the fix edits the file
// whose value wins, and says which value takes over once it is removed.
func TestWinningFileIsEdited(t *testing.T) {
	user := lab.Home + "/.claude/settings.json"
	project := lab.Cwd + "/.claude/settings.json"
	local := lab.Cwd + "/.claude/settings.local.json"
	for _, tc := range []struct {
		name      string
		files     []string // lowest first; the last one wins
		wantEdit  string
		wantShown string // the file named as the fallback
	}{
		{"local over project and user", []string{user, project, local}, local, project},
		{"project over user", []string{user, project}, project, user},
		{"user alone", []string{user}, user, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tweaks []func(*lab.Lab, *checks.Env, *checks.Options)
			for _, f := range tc.files {
				f := f
				tweaks = append(tweaks, func(l *lab.Lab, env *checks.Env, _ *checks.Options) {
					b, _ := json.Marshal(map[string]any{"env": map[string]string{"HTTPS_PROXY": env.Vars["HTTPS_PROXY"], "https_proxy": env.Vars["https_proxy"]}})
					l.WriteFile(f, b)
				})
			}
			tweaks = append(tweaks, func(_ *lab.Lab, env *checks.Env, _ *checks.Options) {
				delete(env.Vars, "HTTPS_PROXY")
				delete(env.Vars, "https_proxy")
			})
			c, _ := setup(t, "proxy-dead", tweaks...)
			for _, target := range []fixes.Target{fixes.TargetAuto, fixes.TargetClaudeSettings, fixes.TargetShell} {
				plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: target})
				edited := map[string]bool{}
				for _, ch := range plan.Changes {
					if !ch.Noop() {
						edited[ch.Path] = true
					}
				}
				if !edited[tc.wantEdit] || len(edited) != 1 {
					t.Errorf("%q: edits %v, want only %s", target, edited, tc.wantEdit)
				}
				notes := strings.Join(plan.Notes(i18n.EN), "\n")
				if tc.wantShown != "" && !strings.Contains(notes, tc.wantShown) {
					t.Errorf("%q: the notes should name %s, which takes over: %s", target, tc.wantShown, notes)
				}
			}
		})
	}
}
