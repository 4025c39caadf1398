package platform

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// PSModulePath as each PowerShell sets it for what it starts.
const (
	pwshModules  = `C:\Users\u\Documents\PowerShell\Modules;C:\Program Files\PowerShell\Modules;c:\program files\powershell\7\Modules;C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules`
	winPSModules = `C:\Users\u\Documents\WindowsPowerShell\Modules;C:\Program Files\WindowsPowerShell\Modules;C:\WINDOWS\system32\WindowsPowerShell\v1.0\Modules`
	// The registry's Personal value for Documents moved by OneDrive's backup.
	oneDriveDocs = `%USERPROFILE%\OneDrive\Documents`
)

// runner answers "name args…" from a map; an answer that is an error is
// returned as one, and the sentinel errHang waits for the context to end.
type runner map[string]any

var errHang = errors.New("hang")

func (r runner) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	switch a := r[strings.Join(append([]string{name}, args...), " ")].(type) {
	case string:
		return []byte(a), nil
	case error:
		if a == errHang {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return nil, a
	}
	return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
}

const (
	askWinPS = "powershell.exe -NoProfile -Command " + ProfileQuery
	askPwsh  = "pwsh -NoProfile -Command " + ProfileQuery
)

// fakeRegistry stands in for the registry's User Shell Folders for the
// test: Personal holds docs ("" for no such value).
func fakeRegistry(t *testing.T, docs string) {
	t.Helper()
	old := ReadUserValue
	t.Cleanup(func() { ReadUserValue = old })
	ReadUserValue = func(key, name string) (string, error) {
		if key != strings.TrimPrefix(UserShellFolders, `HKCU\`) || name != "Personal" || docs == "" {
			return "", errors.New("the system was unable to find the specified registry key or value")
		}
		return docs, nil
	}
}

// TestFindShellAsksThePowerShellInUse: PowerShell 7 or Windows PowerShell
// (told by PSModulePath) is asked for $PROFILE; when it is missing, fails,
// says nothing usable or does not answer in time, the path is guessed
// under the real Documents folder (OneDrive's when the registry says so)
// and the guess says why.
func TestFindShellAsksThePowerShellInUse(t *testing.T) {
	defer func(w time.Duration) { ProfileWait = w }(ProfileWait)
	ProfileWait = 20 * time.Millisecond // the hanging runner waits for it; nothing is timed
	pwshProfile := `C:\Users\u\OneDrive\Documents\PowerShell\Microsoft.PowerShell_profile.ps1`
	winProfile := `C:\Users\u\OneDrive\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`
	for _, c := range []struct {
		name    string
		modules string
		run     runner
		docs    string // the registry's Personal value
		want    ShellFound
	}{
		{"pwsh answers", pwshModules, runner{askPwsh: pwshProfile + "\r\n"}, oneDriveDocs,
			ShellFound{Shell{"powershell", pwshProfile}, PowerShell7, nil}},
		{"powershell.exe answers", winPSModules, runner{askWinPS: winProfile + "\r\n", askPwsh: pwshProfile}, "",
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, nil}},
		{"started from cmd.exe: Windows PowerShell", "", runner{askWinPS: winProfile + "\r\n", askPwsh: pwshProfile}, "",
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, nil}},
		{"timeout, OneDrive Documents", winPSModules, runner{askWinPS: errHang}, oneDriveDocs,
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, &ProfileGuess{Program: WindowsPowerShell, Reason: GuessTimeout, Wait: ProfileWait, Documents: DocsRegistry}}},
		{"pwsh missing, OneDrive Documents", pwshModules, runner{}, oneDriveDocs,
			ShellFound{Shell{"powershell", pwshProfile}, PowerShell7, &ProfileGuess{Program: PowerShell7, Reason: GuessMissing, Documents: DocsRegistry}}},
		{"pwsh missing, OneDrive 文档", pwshModules, runner{}, `%USERPROFILE%\OneDrive\文档`,
			ShellFound{Shell{"powershell", `C:\Users\u\OneDrive\文档\PowerShell\Microsoft.PowerShell_profile.ps1`}, PowerShell7, &ProfileGuess{Program: PowerShell7, Reason: GuessMissing, Documents: DocsRegistry}}},
		{"failed, no Documents in the registry", winPSModules, runner{askWinPS: errors.New("exit status 1")}, "",
			ShellFound{Shell{"powershell", `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`}, WindowsPowerShell,
				&ProfileGuess{Program: WindowsPowerShell, Reason: GuessFailed, Err: "exit status 1", Documents: DocsHome}}},
		{"an answer in GBK", winPSModules, runner{askWinPS: "C:\\Users\\\xd5\xc5\xc8\xfd\\Documents\\WindowsPowerShell\\Microsoft.PowerShell_profile.ps1\r\n"}, oneDriveDocs,
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, &ProfileGuess{Program: WindowsPowerShell, Reason: GuessGarbled, Documents: DocsRegistry}}},
		{"no usable answer", winPSModules, runner{askWinPS: "Unimplemented\r\n"}, "",
			ShellFound{Shell{"powershell", `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`}, WindowsPowerShell,
				&ProfileGuess{Program: WindowsPowerShell, Reason: GuessNoAnswer, Documents: DocsHome}}},
	} {
		fakeRegistry(t, c.docs)
		vars := map[string]string{"USERPROFILE": `C:\Users\u`}
		if c.modules != "" {
			vars["PSModulePath"] = c.modules
		}
		got := FindShell(context.Background(), Host{GOOS: "windows", Home: `C:\Users\u`, Vars: vars, Run: c.run.run})
		if got.Shell != c.want.Shell || got.Program != c.want.Program || (got.Guess == nil) != (c.want.Guess == nil) || got.Guess != nil && *got.Guess != *c.want.Guess {
			t.Errorf("%s:\n got %+v %+v\nwant %+v %+v", c.name, got, got.Guess, c.want, c.want.Guess)
		}
	}
}

// TestFindShellAsksForUTF8: redirected, PowerShell writes in the console's
// code page (GBK on a Chinese Windows), which garbles C:\Users\张三 or a
// OneDrive\文档 folder; the question asks for UTF-8, so the answer is the
// shell's own and no guess.
func TestFindShellAsksForUTF8(t *testing.T) {
	profile := "C:\\Users\\张三\\OneDrive\\文档\\WindowsPowerShell\\Microsoft.PowerShell_profile.ps1"
	gbk := "C:\\Users\\\xd5\xc5\xc8\xfd\\OneDrive\\\xce\xc4\xb5\xb5\\WindowsPowerShell\\Microsoft.PowerShell_profile.ps1"
	var asked []string
	run := func(_ context.Context, name string, args ...string) ([]byte, error) {
		asked = append(asked, name+" "+strings.Join(args, " "))
		if name != WindowsPowerShell || len(args) != 3 || args[0] != "-NoProfile" || args[1] != "-Command" {
			return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
		}
		if strings.Contains(args[2], "UTF8") && strings.Contains(args[2], "$PROFILE") {
			return []byte(profile + "\r\n"), nil
		}
		return []byte(gbk + "\r\n"), nil // the console's code page
	}
	got := FindShell(context.Background(), Host{GOOS: "windows", Home: `C:\Users\张三`, Vars: map[string]string{}, Run: run})
	if got.Guess != nil || got.Profile != profile {
		t.Fatalf("profile %q, guess %+v (asked %q)", got.Profile, got.Guess, asked)
	}
}

// TestFindShellStopsWithItsContext: an interrupted run does not wait for
// PowerShell, and says the question was interrupted.
func TestFindShellStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fakeRegistry(t, oneDriveDocs)
	got := FindShell(ctx, Host{GOOS: "windows", Home: `C:\Users\u`, Vars: map[string]string{}, Run: runner{askWinPS: errHang}.run})
	if got.Guess == nil || got.Guess.Reason != GuessStopped || got.Profile != `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1` {
		t.Fatalf("%+v %+v", got, got.Guess)
	}
}

func TestPowerShellIn(t *testing.T) {
	for modules, want := range map[string]string{
		pwshModules:  PowerShell7,
		winPSModules: WindowsPowerShell,
		"":           WindowsPowerShell,
		`D:\mods;C:\Program Files\PowerShell\7\Modules`: PowerShell7,
		// Windows PowerShell started from PowerShell 7 puts its own first.
		winPSModules + ";" + pwshModules: WindowsPowerShell,
	} {
		if got := PowerShellIn(map[string]string{"PSMODULEPATH": modules}); got != want {
			t.Errorf("%q: %s, want %s", modules, got, want)
		}
	}
}

func TestShellFolderPath(t *testing.T) {
	h := Host{Home: `C:\Users\u`, Vars: map[string]string{"UserProfile": `C:\Users\u`, "OneDrive": `C:\Users\u\OneDrive - Corp`}}
	for raw, want := range map[string]string{
		oneDriveDocs:                `C:\Users\u\OneDrive\Documents`,
		`%OneDrive%\Documents\`:     `C:\Users\u\OneDrive - Corp\Documents`,
		`D:\Docs`:                   `D:\Docs`,
		`%NOSUCH%\Documents`:        "",
		`Documents`:                 "",
		`\\files\home$\u\Documents`: `\\files\home$\u\Documents`,
		"":                          "",
	} {
		if got := shellFolderPath(raw, h); got != want {
			t.Errorf("%q: %q, want %q", raw, got, want)
		}
	}
	// With no USERPROFILE, the home folder stands in for it.
	if got := shellFolderPath(oneDriveDocs, Host{Home: `C:\Users\v`}); got != `C:\Users\v\OneDrive\Documents` {
		t.Errorf("without USERPROFILE: %q", got)
	}
}

// TestDocumentsOfADescribedHost: a host that runs no program is not this
// machine, and its registry is not read.
func TestDocumentsOfADescribedHost(t *testing.T) {
	fakeRegistry(t, oneDriveDocs)
	if d, from := (Host{GOOS: "windows", Home: `C:\Users\u`}).documents(context.Background()); d != `C:\Users\u\Documents` || from != DocsHome {
		t.Fatalf("%s from %s", d, from)
	}
}
