package platform

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows/registry"
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
		t.Errorf("the registry did not name the Documents folder: %s", docs)
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

// TestUserValueKeepsChinese: the registry is read in UTF-16, so a
// OneDrive\文档 folder comes back whole (reg.exe would answer in the
// console's code page), a REG_EXPAND_SZ value unexpanded. The value is
// written under a key of the test's own, removed after.
func TestUserValueKeepsChinese(t *testing.T) {
	key := fmt.Sprintf(`Software\apidoctor-test-%d`, os.Getpid())
	k, _, err := registry.CreateKey(registry.CURRENT_USER, key, registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	defer registry.DeleteKey(registry.CURRENT_USER, key)
	defer k.Close()
	want := `%USERPROFILE%\OneDrive\文档`
	if err := k.SetExpandStringValue("Personal", want); err != nil {
		t.Fatal(err)
	}
	if got, err := userValue(key, "Personal"); err != nil || got != want {
		t.Fatalf("%q %v, want %q", got, err, want)
	}
	if _, err := userValue(key, "NoSuchValue"); err == nil {
		t.Fatal("a missing value read as one")
	}
}
