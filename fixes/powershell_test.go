package fixes_test

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/platform"
)

// notesIn is a plan's notes in a language, one per line.
func notesIn(p *fixes.Plan, l i18n.Lang) string { return strings.Join(p.Notes(l), "\n") }

// TestReloadLinePerShell: after a profile fix, the line that loads it in
// a terminal already open is each shell's own, in both languages.
func TestReloadLinePerShell(t *testing.T) {
	for _, c := range []struct{ shell, want string }{
		{"/bin/bash", "source " + lab.Home + "/.bashrc"},
		{"/bin/zsh", "source " + lab.Home + "/.zshrc"},
		{"/usr/bin/fish", "source " + lab.Home + "/.config/fish/config.fish"},
		{"/usr/bin/pwsh", ". $PROFILE"},
	} {
		c0, _ := setup(t, "proxy-not-exported")
		c0.Env.Vars["SHELL"] = c.shell
		plan := mustBuild(t, c0, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetShell})
		en, zh := notesIn(plan, i18n.EN), notesIn(plan, i18n.ZH)
		if !strings.Contains(en, "(or run "+c.want+" in one already open)") || !strings.Contains(zh, "执行 "+c.want+"）") {
			t.Errorf("%s:\n%s\n%s", c.shell, en, zh)
		}
		if strings.Contains(en, "Restricted") {
			t.Errorf("%s: the execution policy is Windows's: %s", c.shell, en)
		}
	}
}

// windowsContext is a lab context whose OS is Windows, with a home in
// Windows form and programs answered by run.
func windowsContext(t *testing.T, vars map[string]string, run checks.CommandRunner) fixes.Context {
	c, _ := setup(t, "proxy-not-exported")
	c.Env.GOOS, c.Env.Home = "windows", `C:\Users\u`
	for k, v := range vars {
		c.Env.Vars[k] = v
	}
	c.Env.Run = run
	return c
}

// TestPowerShellProfileFix: the profile is the one the PowerShell in use
// names (PowerShell 7's when it is the one), reloaded with `. $PROFILE`;
// the plan warns of a Restricted execution policy, with the command to
// check it. When PowerShell cannot say, the guess is under the Documents
// folder the registry names (OneDrive's), and the plan says it guessed
// and why.
func TestPowerShellProfileFix(t *testing.T) {
	pwshProfile := `C:\Users\u\OneDrive\Documents\PowerShell\Microsoft.PowerShell_profile.ps1`
	c := windowsContext(t, map[string]string{"PSModulePath": `C:\Users\u\OneDrive\Documents\PowerShell\Modules;C:\Program Files\PowerShell\7\Modules`},
		func(_ context.Context, name string, args ...string) ([]byte, error) {
			if name == platform.PowerShell7 && strings.Join(args, " ") == "-NoProfile -Command "+platform.ProfileQuery {
				return []byte(pwshProfile + "\r\n"), nil
			}
			return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
		})
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetShell})
	if len(plan.Changes) != 1 || plan.Changes[0].Path != pwshProfile {
		t.Fatalf("changes %+v", plan.Changes)
	}
	en, zh := notesIn(plan, i18n.EN), notesIn(plan, i18n.ZH)
	for _, want := range []string{"(or run . $PROFILE in one already open)", "Get-ExecutionPolicy -List", "Set-ExecutionPolicy -Scope CurrentUser RemoteSigned"} {
		if !strings.Contains(en, want) || !strings.Contains(zh, strings.TrimPrefix(strings.TrimSuffix(want, " in one already open)"), "(or run ")) {
			t.Errorf("notes lack %q:\n%s\n%s", want, en, zh)
		}
	}
	if strings.Contains(en, "is a guess") {
		t.Errorf("the shell named the profile, yet:\n%s", en)
	}

	// Windows PowerShell hangs on a cold start; the registry names
	// Documents on OneDrive.
	defer func(w time.Duration) { platform.ProfileWait = w }(platform.ProfileWait)
	platform.ProfileWait = 20 * time.Millisecond // the runner waits for it; nothing is timed
	defer func(r func(string, string) (string, error)) { platform.ReadUserValue = r }(platform.ReadUserValue)
	platform.ReadUserValue = func(key, name string) (string, error) {
		if name == "Personal" && strings.HasSuffix(platform.UserShellFolders, key) {
			return `%USERPROFILE%\OneDrive\Documents`, nil
		}
		return "", errors.New("no such value")
	}
	c = windowsContext(t, map[string]string{"USERPROFILE": `C:\Users\u`}, func(ctx context.Context, name string, args ...string) ([]byte, error) {
		switch name {
		case platform.WindowsPowerShell:
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return nil, errors.New("unexpected " + name)
	})
	plan = mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetShell})
	guess := `C:\Users\u\OneDrive\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`
	if len(plan.Changes) != 1 || plan.Changes[0].Path != guess {
		t.Fatalf("changes %+v", plan.Changes)
	}
	en, zh = notesIn(plan, i18n.EN), notesIn(plan, i18n.ZH)
	if !strings.Contains(en, "The profile "+guess+" is a guess: powershell.exe did not answer within 1 s, and the Documents folder is the one the registry names") ||
		!strings.Contains(en, "(or run . '"+guess+"' in one already open)") || !strings.Contains(en, "Get-ExecutionPolicy -List") {
		t.Errorf("notes:\n%s", en)
	}
	if !strings.Contains(zh, "配置文件 "+guess+" 是推测的：powershell.exe 在 1 秒内没有回应") {
		t.Errorf("notes in Chinese:\n%s", zh)
	}
}

// TestPowerShellProfileStaysCRLF: a PowerShell profile written on Windows
// (CRLF, with a byte-order mark) gets its block in CRLF, keeps every
// other byte, and undo gives the file back byte for byte.
func TestPowerShellProfileStaysCRLF(t *testing.T) {
	profile := `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`
	c := windowsContext(t, nil, func(_ context.Context, name string, _ ...string) ([]byte, error) {
		if name == platform.WindowsPowerShell {
			return []byte(profile + "\r\n"), nil
		}
		return nil, errors.New("no")
	})
	orig := "\uFEFFSet-Alias g git\r\nImport-Module posh-git\r\n"
	if err := c.FS.WriteAtomic(profile, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetShell})
	e, err := plan.Apply(c)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.FS.ReadFile(profile)
	s := string(got)
	if !strings.HasPrefix(s, orig+"\r\n"+fixes.BlockStart+"\r\n") || strings.Count(s, "\n") != strings.Count(s, "\r\n") || !strings.Contains(s, "$env:HTTPS_PROXY = 'http://127.0.0.1:") {
		t.Fatalf("profile:\n%q", s)
	}
	if _, err := c.Store.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.FS.ReadFile(profile); string(got) != orig {
		t.Fatalf("after undo: %q", got)
	}
}

// TestEveryGuessIsSaid: each reason a profile can be a guess, and each
// source of its Documents folder, has its words in both languages.
func TestEveryGuessIsSaid(t *testing.T) {
	for _, r := range []string{platform.GuessMissing, platform.GuessTimeout, platform.GuessFailed, platform.GuessNoAnswer, platform.GuessGarbled, platform.GuessStopped, platform.GuessNoRunner} {
		if !i18n.Has("profile.guess." + r) {
			t.Errorf("no words for the reason %s", r)
		}
	}
	for _, d := range []string{platform.DocsRegistry, platform.DocsHome} {
		if !i18n.Has("profile.docs." + d) {
			t.Errorf("no words for Documents from %s", d)
		}
	}
}
