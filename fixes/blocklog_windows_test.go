package fixes

import (
	"os"
	"testing"
)

// blockLog makes the undo log at path impossible to replace: Windows
// refuses to rename over a file that is open without FILE_SHARE_DELETE,
// as Go opens files, while it can still be read.
func blockLog(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("[]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
}
