package platform

import "testing"

// TestClaudePathsWithNoHome: with no home folder, the user settings and
// the state file came out relative (.claude/settings.json, .claude.json),
// read from whatever the current folder was. They are "" now, unless
// CLAUDE_CONFIG_DIR names their folder; the project files stay.
func TestClaudePathsWithNoHome(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		got := Claude(goos, "", "/p", nil)
		if got.State != "" || got.User != "" {
			t.Errorf("%s, no home: state %q, user %q; want none", goos, got.State, got.User)
		}
		if got.Project == "" || got.Local == "" || got.Managed == "" {
			t.Errorf("%s, no home: the project, local and managed files must stay: %+v", goos, got)
		}
	}
	got := Claude("linux", "", "/p", map[string]string{"CLAUDE_CONFIG_DIR": "/cfg"})
	if got.State != "/cfg/.claude.json" || got.User != "/cfg/settings.json" {
		t.Errorf("no home, CLAUDE_CONFIG_DIR=/cfg: %+v", got)
	}
}
