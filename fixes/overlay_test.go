package fixes

import (
	"os"
	"path/filepath"
	"testing"

	"apidoctor/checks"
)

// TestOverlayListsFolders: the file system a fix's live test and re-check
// run on lists folders as the real one does, so Claude Code's
// managed-settings.d drop-ins (and SSL_CERT_DIR) are not lost there.
func TestOverlayListsFolders(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "etc", "claude-code", "managed-settings.d")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "10-proxy.json"), []byte(`{"env":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var fsys checks.FileSystem = overlayFS{base: checks.RootFS{Root: root}, files: map[string][]byte{}}
	fr, ok := fsys.(checks.FolderReader)
	if !ok {
		t.Fatal("the overlay cannot list a folder")
	}
	entries, err := fr.ReadDir("/etc/claude-code/managed-settings.d")
	if err != nil || len(entries) != 1 || entries[0].Name() != "10-proxy.json" {
		t.Fatalf("ReadDir: %v %v", entries, err)
	}
}
