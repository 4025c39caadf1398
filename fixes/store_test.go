package fixes

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func newStore(t *testing.T) (*Store, string) {
	root := t.TempDir()
	return &Store{FS: DiskFS{Root: root}, Dir: "/home/u/.config/apidoctor"}, root
}

// sameMode reports whether a file has mode want, where the OS keeps Unix
// modes; Windows keeps only whether the file is read-only, so there it
// must stay writable (want has the owner's write bit).
func sameMode(st os.FileInfo, want os.FileMode) bool {
	if runtime.GOOS == "windows" {
		return st.Mode().Perm()&0o200 == want&0o200
	}
	return st.Mode().Perm() == want
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
	if string(got) != string(after) || !sameMode(st, 0o640) {
		t.Fatalf("written %q mode %v", got, st.Mode().Perm())
	}
	backup, _ := os.ReadFile(filepath.Join(root, e.Files[0].Backup))
	if string(backup) != string(orig) || !strings.HasPrefix(filepath.ToSlash(e.Files[0].Backup), "/home/u/.config/apidoctor/backups/1/") {
		t.Fatalf("backup %s holds %q", e.Files[0].Backup, backup)
	}
	if _, err := s.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(filepath.Join(root, "home/u/.bashrc"))
	st, _ = os.Stat(filepath.Join(root, "home/u/.bashrc"))
	if string(got) != string(orig) || !sameMode(st, 0o640) {
		t.Fatalf("after undo %q mode %v", got, st.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(root, "home/u/.claude")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file the fix created, and its folder, should be gone after undo: %v", err)
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

// TestUndoRemovesTheFoldersTheFixCreated: undo takes away the folders a
// fix made for a new file, when they are empty by then; a folder that
// has gained another file, or that was there before, stays.
func TestUndoRemovesTheFoldersTheFixCreated(t *testing.T) {
	s, root := newStore(t)
	at := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	gone := func(p string) bool { _, err := os.Lstat(at(p)); return errors.Is(err, os.ErrNotExist) }
	os.MkdirAll(at("home/u/empty"), 0o755)
	e, err := s.Apply("x", "x", []Change{
		{Path: "/home/u/a/b/c/new.json", After: []byte("{}\n"), Mode: 0o600},
		{Path: "/home/u/x/y/new.json", After: []byte("{}\n"), Mode: 0o600},
		{Path: "/home/u/empty/new.json", After: []byte("{}\n"), Mode: 0o600},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"/home/u/a/b/c", "/home/u/a/b", "/home/u/a"}, {"/home/u/x/y", "/home/u/x"}, nil}
	for i, f := range e.Files {
		if strings.Join(f.Dirs, " ") != strings.Join(want[i], " ") {
			t.Errorf("%s: created %q, want %q", f.Path, f.Dirs, want[i])
		}
	}
	// The log keeps them for an undo by a later process.
	if data, _ := os.ReadFile(at(s.Dir + "/undo.json")); !json.Valid(data) || !strings.Contains(string(data), `"created_dirs": [`) {
		t.Fatalf("undo log:\n%s", data)
	}
	os.WriteFile(at("home/u/x/notes.txt"), []byte("mine"), 0o600) // x gains a file of its own
	if _, err := s.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"home/u/a", "home/u/x/y", "home/u/empty/new.json"} {
		if !gone(p) {
			t.Errorf("%s is still there after undo", p)
		}
	}
	for _, p := range []string{"home/u/x/notes.txt", "home/u/empty", "home/u"} {
		if gone(p) {
			t.Errorf("undo removed %s", p)
		}
	}
}
