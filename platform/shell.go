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
// Windows (the path $PROFILE names when PowerShell can be asked, which
// follows a Documents folder moved to OneDrive), else $SHELL. Terminal
// windows on macOS start login shells, so bash there reads .bash_profile.
func DetectShell(ctx context.Context, h Host) Shell {
	if h.GOOS == "windows" {
		if p := strings.TrimSpace(h.run(ctx, "powershell.exe", "-NoProfile", "-Command", "$PROFILE")); p != "" {
			return Shell{"powershell", p}
		}
		return Shell{"powershell", Join("windows", h.Home, `Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`)}
	}
	switch path.Base(h.Vars["SHELL"]) {
	case "zsh":
		dir := h.Home
		if z := h.Vars["ZDOTDIR"]; z != "" {
			dir = z
		}
		return Shell{"zsh", Join(h.GOOS, dir, ".zshrc")}
	case "fish":
		dir := h.Vars["XDG_CONFIG_HOME"]
		if dir == "" {
			dir = Join(h.GOOS, h.Home, ".config")
		}
		return Shell{"fish", Join(h.GOOS, dir, "fish", "config.fish")}
	case "pwsh":
		return Shell{"powershell", Join(h.GOOS, h.Home, ".config", "powershell", "Microsoft.PowerShell_profile.ps1")}
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
