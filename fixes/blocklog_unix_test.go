//go:build !windows

package fixes

import (
	"os"
	"testing"
)

// blockLog makes the undo log at path impossible to write: a link into
// /proc, where nobody can create a file.
func blockLog(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to point the log into")
	}
	if err := os.Symlink("/proc/self/apidoctor-nowhere/undo.json", path); err != nil {
		t.Fatal(err)
	}
}
