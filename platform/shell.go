package platform

import (
	"context"
	"path"
	"strings"
)

// Shell is a shell whose profile a fix can write.
type Shell struct {
	Name    string // bash, zsh, fish, powershell
	Profile string // the file
}

// DetectShell picks the user's shell and its profile: PowerShell on
// Windows (the path $PROFILE names when the PowerShell in use can be
// asked, which follows a Documents folder moved to OneDrive; see
// FindShell), else $SHELL. Terminal windows on macOS start login shells,
// so bash there reads .bash_profile.
func DetectShell(ctx context.Context, h Host) Shell { return FindShell(ctx, h).Shell }

// unixShell is the shell $SHELL names and its profile.
func unixShell(h Host) Shell {
	config := func() string {
		if dir := h.Vars["XDG_CONFIG_HOME"]; dir != "" {
			return dir
		}
		return Join(h.GOOS, h.Home, ".config")
	}
	switch path.Base(h.Vars["SHELL"]) {
	case "zsh":
		dir := h.Home
		if z := h.Vars["ZDOTDIR"]; z != "" {
			dir = z
		}
		return Shell{"zsh", Join(h.GOOS, dir, ".zshrc")}
	case "fish":
		return Shell{"fish", Join(h.GOOS, config(), "fish", "config.fish")}
	case "pwsh":
		return Shell{"powershell", Join(h.GOOS, config(), "powershell", "Microsoft.PowerShell_profile.ps1")}
	}
	if h.GOOS == "darwin" {
		return Shell{"bash", Join(h.GOOS, h.Home, ".bash_profile")}
	}
	return Shell{"bash", Join(h.GOOS, h.Home, ".bashrc")}
}

// SetxLines are the commands that set (or, for nil, remove) variables in
// the Windows user environment. Only programs started afterwards see
// them: open terminals, and Claude Code running in them, keep the old
// values.
func SetxLines(set map[string]*string, names []string) []string {
	var out []string
	for _, k := range names {
		v := set[k]
		if v == nil {
			out = append(out, `reg delete HKCU\Environment /v `+k+` /f`)
			continue
		}
		out = append(out, `setx `+k+` "`+strings.ReplaceAll(*v, `"`, `\"`)+`"`)
	}
	return out
}

// KeyChars is what a key or a token is made of: a line that reads one
// from a variable keeps these characters only, dropping what a bad
// paste adds (spaces, line breaks, quotes).
const KeyChars = "A-Za-z0-9_-"

// RefLine is the statement of shell (bash, zsh, fish, powershell) that
// sets name to what the variable src holds, kept to KeyChars when clean:
// a line that passes a secret on without showing it.
func RefLine(shell, name, src string, clean bool) string {
	switch shell {
	case "fish":
		if clean {
			return "set -gx " + name + " (string replace -ar '[^" + KeyChars + "]' '' -- \"$" + src + "\")"
		}
		return "set -gx " + name + ` "$` + src + `"`
	case "powershell":
		return "$env:" + name + " = " + psRead(src, clean)
	}
	if clean {
		return "export " + name + `="$(printf '%s' "$` + src + `" | LC_ALL=C tr -cd '` + KeyChars + `')"`
	}
	return "export " + name + `="$` + src + `"`
}

// UserEnvRef is the PowerShell call that saves in the Windows user
// environment what the variable src holds (see RefLine): setx would need
// the value typed out.
func UserEnvRef(name, src string, clean bool) string {
	return "[Environment]::SetEnvironmentVariable('" + name + "', " + psRead(src, clean) + ", 'User')"
}

// psRead is a PowerShell expression for what src holds.
func psRead(src string, clean bool) string {
	if clean {
		return "($env:" + src + " -replace '[^" + KeyChars + "]', '')"
	}
	return "$env:" + src
}
