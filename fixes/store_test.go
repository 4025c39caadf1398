package fixes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newStore(t *testing.T) (*Store, string) {
	root := t.TempDir()
	return &Store{FS: DiskFS{Root: root}, Dir: "/home/u/.config/apidoctor"}, root
}

func TestApplyBacksUpAndUndoRestoresBytes(t *testing.T) {
	s, root := newStore(t)
	orig := []byte("# my bashrc\nalias ll='ls -l'\n")
	os.MkdirAll(filepath.Join(root, "home/u"), 0o755)
	os.WriteFile(filepath.Join(root, "home/u/.bashrc"), orig, 0o640)
	after := append(append([]byte(nil), orig...), "export HTTPS_PROXY='http://p:1'\n"...)
	e, err := s.Apply("proxy.edit", "set the proxy", []Change{
		{Path: "/home/u/.bashrc", Before: orig, After: after},
		{Path: "/home/u/.claude/settings.json", Before: nil, After: []byte("{}\n"), Mode: 0o600},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(root, "home/u/.bashrc"))
	st, _ := os.Stat(filepath.Join(root, "home/u/.bashrc"))
	if string(got) != string(after) || st.Mode().Perm() != 0o640 {
		t.Fatalf("written %q mode %v", got, st.Mode().Perm())
	}
	backup, _ := os.ReadFile(filepath.Join(root, e.Files[0].Backup))
	if string(backup) != string(orig) || !strings.HasPrefix(e.Files[0].Backup, "/home/u/.config/apidoctor/backups/1/") {
		t.Fatalf("backup %s holds %q", e.Files[0].Backup, backup)
	}
	if _, err := s.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(filepath.Join(root, "home/u/.bashrc"))
	st, _ = os.Stat(filepath.Join(root, "home/u/.bashrc"))
	if string(got) != string(orig) || st.Mode().Perm() != 0o640 {
		t.Fatalf("after undo %q mode %v", got, st.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(root, "home/u/.claude/settings.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file the fix created should be gone after undo: %v", err)
	}
	if _, err := s.Undo(e.ID); err == nil {
		t.Fatal("a second undo should be refused")
	}
	list, _ := s.List()
	if len(list) != 1 || !list[0].Undone {
		t.Fatalf("undo log %+v", list)
	}
}

func TestApplyRefusesAFileChangedSincePreview(t *testing.T) {
	s, root := newStore(t)
	path := filepath.Join(root, "f.json")
	os.WriteFile(path, []byte(`{"a":1}`), 0o600)
	os.WriteFile(path, []byte(`{"a":2}`), 0o600) // someone edits it after the preview
	_, err := s.Apply("x", "x", []Change{{Path: "/f.json", Before: []byte(`{"a":1}`), After: []byte(`{"a":3}`)}})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("err %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != `{"a":2}` {
		t.Fatalf("the file was touched: %s", got)
	}
}

func TestApplyRefusesReadOnlyFiles(t *testing.T) {
	s, root := newStore(t)
	path := filepath.Join(root, "ro.json")
	os.WriteFile(path, []byte("{}"), 0o444)
	_, err := s.Apply("x", "x", []Change{{Path: "/ro.json", Before: []byte("{}"), After: []byte(`{"a":1}`)}})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("err %v, want a clear read-only error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "{}" {
		t.Fatalf("the read-only file changed: %s", got)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Fatalf("a refused apply left an undo entry: %+v", list)
	}
}

func TestUndoRefusesAFileChangedSinceTheFix(t *testing.T) {
	s, root := newStore(t)
	path := filepath.Join(root, "f")
	os.WriteFile(path, []byte("a\n"), 0o600)
	e, err := s.Apply("x", "x", []Change{{Path: "/f", Before: []byte("a\n"), After: []byte("b\n")}})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("c\n"), 0o600)
	if _, err := s.Undo(e.ID); !errors.Is(err, ErrChanged) {
		t.Fatalf("err %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "c\n" {
		t.Fatalf("undo overwrote a later change: %s", got)
	}
}

func TestNoopApplyWritesNothing(t *testing.T) {
	s, _ := newStore(t)
	e, err := s.Apply("x", "x", []Change{{Path: "/f", Before: []byte("a"), After: []byte("a")}})
	if err != nil || e.ID != "" {
		t.Fatalf("a change that changes nothing: %+v %v", e, err)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Fatal("a no-op apply recorded an undo entry")
	}
}
