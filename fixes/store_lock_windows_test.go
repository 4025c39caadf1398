package fixes

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStoreLockTellsAReusedPid: Windows hands pids out again soon; a lock
// whose pid now belongs to a process created at another time is a dead
// holder's, and is taken over at once. The token carries this process's
// creation time.
func TestStoreLockTellsAReusedPid(t *testing.T) {
	if f := strings.Fields(lockToken()); len(f) != 6 || f[5] != processStart() || processStart() == "" {
		t.Fatalf("token %q lacks the creation time %q", f, processStart())
	}
	s, root := newStore(t)
	other := exec.Command(os.Args[0], "-test.run=^TestHelperSleeps$")
	other.Env = append(os.Environ(), helperSleepEnv+"=1")
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer other.Wait()
	defer other.Process.Kill()
	host, _ := os.Hostname()
	lock := filepath.Join(root, s.Dir, "lock")
	os.MkdirAll(filepath.Dir(lock), 0o700)
	token := fmt.Sprintf("apidoctor %d %s - 00112233 %d\n", other.Process.Pid, field(host), 1)
	if err := os.WriteFile(lock, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := applyOne(s, "/home/u/f", "", "new\n"); err != nil {
		t.Fatalf("a lock naming a pid reused by a later process: %v", err)
	}
}
