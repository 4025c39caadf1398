package platform

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// realRunner runs programs as the diagnosis does, within ctx.
func realRunner(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = 500 * time.Millisecond
	return cmd.Output()
}

// TestFindShellOnThisWindows: on a real Windows (or Wine), the profile is
// a full path under the Documents folder the registry names (or that
// PowerShell named itself), and a guess says why.
func TestFindShellOnThisWindows(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			vars[k] = v
		}
	}
	h := Host{GOOS: "windows", Home: home, Vars: vars, Run: realRunner}
	docs, from := h.documents(context.Background())
	t.Logf("Documents: %s (from %s)", docs, from)
	if from != DocsRegistry {
		t.Errorf("reg.exe did not name the Documents folder: %s", docs)
	}
	if st, err := os.Stat(docs); err != nil || !st.IsDir() {
		t.Errorf("Documents %s: %v", docs, err)
	}
	got := FindShell(context.Background(), h)
	t.Logf("%s: %s, guess %+v", got.Program, got.Profile, got.Guess)
	folder := `\WindowsPowerShell\`
	if got.Program == PowerShell7 {
		folder = `\PowerShell\`
	}
	if got.Name != "powershell" || !winAbs(got.Profile) || !strings.HasSuffix(got.Profile, folder+"Microsoft.PowerShell_profile.ps1") {
		t.Fatalf("profile %+v", got)
	}
	if got.Guess != nil && (got.Guess.Documents != from || !strings.HasPrefix(strings.ToLower(got.Profile), strings.ToLower(docs)+`\`)) {
		t.Fatalf("a guess outside Documents %s: %+v %+v", docs, got, got.Guess)
	}
}
