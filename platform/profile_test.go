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
	// What reg query prints for Documents moved by OneDrive's backup.
	oneDriveReg = "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders\r\n    Personal    REG_EXPAND_SZ    %USERPROFILE%\\OneDrive\\Documents\r\n\r\n"
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
	askWinPS = "powershell.exe -NoProfile -Command $PROFILE"
	askPwsh  = "pwsh -NoProfile -Command $PROFILE"
	askDocs  = `reg query ` + UserShellFolders + ` /v Personal`
)

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
		want    ShellFound
	}{
		{"pwsh answers", pwshModules, runner{askPwsh: pwshProfile + "\r\n"},
			ShellFound{Shell{"powershell", pwshProfile}, PowerShell7, nil}},
		{"powershell.exe answers", winPSModules, runner{askWinPS: winProfile + "\r\n", askPwsh: pwshProfile},
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, nil}},
		{"started from cmd.exe: Windows PowerShell", "", runner{askWinPS: winProfile + "\r\n", askPwsh: pwshProfile},
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, nil}},
		{"timeout, OneDrive Documents", winPSModules, runner{askWinPS: errHang, askDocs: oneDriveReg},
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, &ProfileGuess{Program: WindowsPowerShell, Reason: GuessTimeout, Wait: ProfileWait, Documents: DocsRegistry}}},
		{"pwsh missing, OneDrive Documents", pwshModules, runner{askDocs: oneDriveReg},
			ShellFound{Shell{"powershell", pwshProfile}, PowerShell7, &ProfileGuess{Program: PowerShell7, Reason: GuessMissing, Documents: DocsRegistry}}},
		{"failed, registry hangs too", winPSModules, runner{askWinPS: errors.New("exit status 1"), askDocs: errHang},
			ShellFound{Shell{"powershell", `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`}, WindowsPowerShell,
				&ProfileGuess{Program: WindowsPowerShell, Reason: GuessFailed, Err: "exit status 1", Documents: DocsHome}}},
		{"an answer in GBK", winPSModules, runner{askWinPS: "C:\\Users\\\xd5\xc5\xc8\xfd\\Documents\\WindowsPowerShell\\Microsoft.PowerShell_profile.ps1\r\n", askDocs: oneDriveReg},
			ShellFound{Shell{"powershell", winProfile}, WindowsPowerShell, &ProfileGuess{Program: WindowsPowerShell, Reason: GuessGarbled, Documents: DocsRegistry}}},
		{"no usable answer", winPSModules, runner{askWinPS: "Unimplemented\r\n", askDocs: "ERROR: The system was unable to find the specified registry key or value.\r\n"},
			ShellFound{Shell{"powershell", `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`}, WindowsPowerShell,
				&ProfileGuess{Program: WindowsPowerShell, Reason: GuessNoAnswer, Documents: DocsHome}}},
	} {
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

// TestFindShellStopsWithItsContext: an interrupted run does not wait for
// PowerShell, and says the question was interrupted.
func TestFindShellStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := FindShell(ctx, Host{GOOS: "windows", Home: `C:\Users\u`, Vars: map[string]string{}, Run: runner{askWinPS: errHang, askDocs: errHang}.run})
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

func TestParseShellFolder(t *testing.T) {
	h := Host{Home: `C:\Users\u`, Vars: map[string]string{"UserProfile": `C:\Users\u`, "OneDrive": `C:\Users\u\OneDrive - Corp`}}
	for out, want := range map[string]string{
		oneDriveReg: `C:\Users\u\OneDrive\Documents`,
		"    Personal    REG_EXPAND_SZ    %OneDrive%\\Documents\\\r\n": `C:\Users\u\OneDrive - Corp\Documents`,
		"    Personal    REG_SZ    D:\\Docs\r\n":                       `D:\Docs`,
		"    Personal    REG_EXPAND_SZ    %NOSUCH%\\Documents\r\n":     "",
		"    Personal    REG_SZ    Documents\r\n":                      "",
		"": "",
	} {
		if got := ParseShellFolder(out, "Personal", h); got != want {
			t.Errorf("%q: %q, want %q", out, got, want)
		}
	}
	// With no USERPROFILE, the home folder stands in for it.
	if got := ParseShellFolder(oneDriveReg, "Personal", Host{Home: `C:\Users\v`}); got != `C:\Users\v\OneDrive\Documents` {
		t.Errorf("without USERPROFILE: %q", got)
	}
}
