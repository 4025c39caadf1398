package platform

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// The two PowerShells of Windows, as the programs to ask.
const (
	WindowsPowerShell = "powershell.exe" // Windows PowerShell 5.1, in every Windows
	PowerShell7       = "pwsh"           // PowerShell 7, installed on top
)

// ProfileWait bounds the question to PowerShell (the registry read of the
// Documents folder is a local call, not a program): a cold start of PowerShell often takes more than
// the two seconds the diagnosis gives a command, and a guess made too
// early writes a profile the shell may never read.
var ProfileWait = 5 * time.Second

// Why a profile path is a guess (ProfileGuess.Reason).
const (
	GuessMissing  = "missing"   // the program is not installed (or not on PATH)
	GuessTimeout  = "timeout"   // it did not answer within ProfileWait
	GuessFailed   = "failed"    // it failed (Err says how)
	GuessNoAnswer = "no-answer" // it answered with no usable path
	GuessGarbled  = "garbled"   // its answer is not UTF-8 (a console code page)
	GuessStopped  = "stopped"   // the run was interrupted
	GuessNoRunner = "no-runner" // programs cannot be run here
)

// Where the Documents folder of a guessed profile came from.
const (
	DocsRegistry = "registry" // User Shell Folders\Personal (follows OneDrive)
	DocsHome     = "home"     // the home folder's Documents: the registry did not say
)

// UserShellFolders is the registry key that names the user's folders,
// Documents ("Personal") among them, as moved by OneDrive or a policy.
const UserShellFolders = `HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders`

// ProfileQuery is the PowerShell command that prints $PROFILE. Redirected,
// PowerShell writes text in the console's code page, so a path with
// C:\Users\张三 or OneDrive\文档 in it would come back in GBK; this writes
// the path's UTF-8 bytes to standard output itself. Setting
// [Console]::OutputEncoding would do too, but it changes the code page of
// the console PowerShell shares with apidoctor, and that outlives both.
// No double quotes: they would need escaping on PowerShell's command line.
const ProfileQuery = `$b=[Text.Encoding]::UTF8.GetBytes($PROFILE+[char]10);$o=[Console]::OpenStandardOutput();$o.Write($b,0,$b.Length);$o.Flush()`

// ProfileGuess says why a PowerShell profile path is a guess rather than
// the shell's own answer, in words the caller translates.
type ProfileGuess struct {
	Program   string        // the PowerShell that was asked
	Reason    string        // Guess*
	Err       string        // what went wrong, for GuessFailed
	Wait      time.Duration // how long it was given, for GuessTimeout
	Documents string        // Docs*: where the Documents folder came from
}

// ShellFound is the shell a fix writes for, with how its profile was
// found.
type ShellFound struct {
	Shell
	// Program is the PowerShell on Windows (PowerShell7 or
	// WindowsPowerShell); "" for any other shell.
	Program string
	// Guess is nil when the path is the shell's own answer (or needs no
	// asking, as ~/.bashrc).
	Guess *ProfileGuess
}

// FindShell picks the user's shell and its profile (see DetectShell). On
// Windows the PowerShell in use (PowerShellIn) is asked for $PROFILE,
// within ProfileWait; when it cannot answer, the profile is guessed under
// the real Documents folder and Guess says why.
func FindShell(ctx context.Context, h Host) ShellFound {
	if h.GOOS != "windows" {
		return ShellFound{Shell: unixShell(h)}
	}
	prog := PowerShellIn(h.Vars)
	out, reason, detail := h.ask(ctx, prog, "-NoProfile", "-Command", ProfileQuery)
	if reason == "" {
		// ProfileQuery answers in UTF-8; what is not is some other
		// PowerShell's answer in a code page, and would name a file
		// nobody reads.
		if !utf8.ValidString(out) {
			reason = GuessGarbled
		} else if p := profileAnswer(out); p != "" {
			return ShellFound{Shell: Shell{"powershell", p}, Program: prog}
		} else {
			reason = GuessNoAnswer
		}
	}
	g := &ProfileGuess{Program: prog, Reason: reason, Err: detail}
	if reason == GuessTimeout {
		g.Wait = ProfileWait
	}
	docs, from := h.documents(ctx)
	g.Documents = from
	folder := "WindowsPowerShell"
	if prog == PowerShell7 {
		folder = "PowerShell"
	}
	return ShellFound{Shell: Shell{"powershell", Join("windows", docs, folder, "Microsoft.PowerShell_profile.ps1")}, Program: prog, Guess: g}
}

// PowerShellIn tells which PowerShell the environment comes from: each
// puts its own module folders first in PSModulePath (PowerShell 7:
// Documents\PowerShell\Modules, …\PowerShell\7\Modules; Windows
// PowerShell: …\WindowsPowerShell\…), and a program started from it
// inherits that order. The first entry that names one decides; with none
// (started from cmd.exe, Explorer), it is Windows PowerShell, the one
// every Windows has. POWERSHELL_DISTRIBUTION_CHANNEL does not tell: the
// PowerShell 7 installer sets it for the whole machine.
func PowerShellIn(vars map[string]string) string {
	for _, e := range strings.Split(lookupFold(vars, "PSModulePath"), ";") {
		e = strings.ToLower(strings.TrimRight(strings.ReplaceAll(e, "/", `\`), `\`))
		switch {
		case strings.Contains(e, `\windowspowershell\`) || strings.HasSuffix(e, `\windowspowershell`):
			return WindowsPowerShell
		case strings.Contains(e, `\powershell\7`) || strings.HasSuffix(e, `\powershell\modules`):
			return PowerShell7
		}
	}
	return WindowsPowerShell
}

// ask runs a program within ProfileWait and says, when it gives no
// output, why (a Guess* reason and the error's words).
func (h Host) ask(ctx context.Context, name string, args ...string) (string, string, string) {
	if h.Run == nil {
		return "", GuessNoRunner, ""
	}
	c, cancel := context.WithTimeout(ctx, ProfileWait)
	defer cancel()
	out, err := h.Run(c, name, args...)
	switch {
	case ctx.Err() != nil:
		return "", GuessStopped, ""
	case errors.Is(c.Err(), context.DeadlineExceeded):
		return "", GuessTimeout, ""
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist):
		return "", GuessMissing, ""
	case err != nil:
		return "", GuessFailed, err.Error()
	}
	return string(out), "", ""
}

// profileAnswer is the path PowerShell printed, "" when the output is no
// full Windows path (a banner, an error on stdout).
func profileAnswer(out string) string {
	p := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			p = l
		}
	}
	if !winAbs(p) || !strings.HasSuffix(strings.ToLower(p), ".ps1") {
		return ""
	}
	return p
}

// winAbs reports whether p is a full Windows path (C:\… or \\server\…).
func winAbs(p string) bool {
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') || strings.HasPrefix(p, `\\`)
}

// documents is the user's Documents folder and where it came from: the
// registry's User Shell Folders (which OneDrive's folder backup and
// folder-redirection policies change), else the home's Documents. The
// registry is read through its API (profile_windows.go), in UTF-16:
// reg.exe answers in the console's code page, which garbles a OneDrive\文档
// folder. A host that runs no program (Run nil) is one described, not this
// machine, and its registry is not read either.
func (h Host) documents(ctx context.Context) (string, string) {
	if h.Run != nil && ctx.Err() == nil {
		key := strings.TrimPrefix(UserShellFolders, `HKCU\`)
		if raw, err := ReadUserValue(key, "Personal"); err == nil {
			if d := shellFolderPath(raw, h); d != "" {
				return d, DocsRegistry
			}
		}
	}
	return Join("windows", h.Home, "Documents"), DocsHome
}

// ReadUserValue reads a string value of a key under HKEY_CURRENT_USER as
// stored (%VARIABLES% unexpanded): the registry on Windows, an error
// elsewhere. Tests of the Windows code path (here and in fixes) stand in
// for it, as they set ProfileWait.
var ReadUserValue = userValue

// shellFolderPath is a User Shell Folders value as a folder: its
// %VARIABLES% expanded from h (USERPROFILE falling back to the home
// folder); "" when it does not expand to a full path.
func shellFolderPath(raw string, h Host) string {
	p := strings.TrimSpace(expandWindows(raw, h))
	if winAbs(p) && !strings.Contains(p, "%") {
		return strings.TrimRight(p, `\`)
	}
	return ""
}

var percentVar = regexp.MustCompile(`%([^%\s]+)%`)

// expandWindows expands %NAME% the way Windows does, names in any case.
func expandWindows(s string, h Host) string {
	return percentVar.ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		if v := lookupFold(h.Vars, name); v != "" {
			return v
		}
		if strings.EqualFold(name, "USERPROFILE") && h.Home != "" {
			return h.Home
		}
		return m
	})
}

// lookupFold reads a variable by name in any case, as Windows does.
func lookupFold(vars map[string]string, name string) string {
	if v, ok := vars[name]; ok {
		return v
	}
	for k, v := range vars {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
