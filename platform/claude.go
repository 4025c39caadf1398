package platform

// ClaudePaths are the files Claude Code reads on one OS.
type ClaudePaths struct {
	State   string // ~/.claude.json
	User    string // ~/.claude/settings.json
	Project string // .claude/settings.json in the working folder
	Local   string // .claude/settings.local.json
	Managed string // the administrator's managed settings
}

// managedSettings is where each OS keeps the managed settings.
var managedSettings = map[string]string{
	"linux":   "/etc/claude-code/managed-settings.json",
	"darwin":  "/Library/Application Support/ClaudeCode/managed-settings.json",
	"windows": `C:\Program Files\ClaudeCode\managed-settings.json`,
}

// Claude returns Claude Code's files for goos; CLAUDE_CONFIG_DIR moves the
// user folder and the state file with it. WSL is Linux here: Claude Code
// inside WSL reads the Linux paths, never the Windows ones. With no home
// (home is "") and no CLAUDE_CONFIG_DIR, State and User are "": there is
// no such file to read, and a path made from "" would be relative, read
// from whatever the current folder is.
func Claude(goos, home, cwd string, vars map[string]string) ClaudePaths {
	var user, state string
	if home != "" {
		user, state = Join(goos, home, ".claude", "settings.json"), Join(goos, home, ".claude.json")
	}
	if d := vars["CLAUDE_CONFIG_DIR"]; d != "" {
		user, state = Join(goos, d, "settings.json"), Join(goos, d, ".claude.json")
	}
	managed, ok := managedSettings[goos]
	if !ok {
		managed = managedSettings["linux"]
	}
	return ClaudePaths{
		State:   state,
		User:    user,
		Project: Join(goos, cwd, ".claude", "settings.json"),
		Local:   Join(goos, cwd, ".claude", "settings.local.json"),
		Managed: managed,
	}
}
