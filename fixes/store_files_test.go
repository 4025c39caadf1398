//go:build unix

package fixes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"apidoctor/checks"
)

// TestApplyWritesThroughSymlinks: a dotfile that is a link (stow,
// chezmoi, yadm) stays a link; the file it points to gets the change, in
// its own folder, and undo restores that file. Relative links, links to
// links, and a dangling link (the fix creates its file; undo removes it).
func TestApplyWritesThroughSymlinks(t *testing.T) {
	s, root := newStore(t)
	home := filepath.Join(root, "home/u")
	dots := filepath.Join(root, "dots")
	os.MkdirAll(home, 0o755)
	os.MkdirAll(dots, 0o755)
	os.WriteFile(filepath.Join(dots, "bashrc"), []byte("orig\n"), 0o640)
	os.Symlink("../../dots/bashrc", filepath.Join(home, ".bashrc"))
	os.Symlink(filepath.Join(dots, "bashrc"), filepath.Join(home, "hop"))
	os.Symlink("hop", filepath.Join(home, ".profile"))
	os.Symlink("../../dots/zshrc", filepath.Join(home, ".zshrc")) // dangling

	for _, link := range []string{".bashrc", ".profile"} {
		e, err := applyOne(s, "/home/u/"+link, "orig\n", "changed\n")
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		if st, err := os.Lstat(filepath.Join(home, link)); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s is no longer a link", link)
		}
		got, _ := os.ReadFile(filepath.Join(dots, "bashrc"))
		st, _ := os.Stat(filepath.Join(dots, "bashrc"))
		if string(got) != "changed\n" || st.Mode().Perm() != 0o640 {
			t.Fatalf("%s: the target holds %q mode %v", link, got, st.Mode().Perm())
		}
		if e.Files[0].Target != "/dots/bashrc" {
			t.Errorf("%s: the record names the target %q", link, e.Files[0].Target)
		}
		if _, err := s.Undo(e.ID); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Lstat(filepath.Join(home, link)); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("undo replaced the link %s", link)
		}
		if got, _ := os.ReadFile(filepath.Join(dots, "bashrc")); string(got) != "orig\n" {
			t.Fatalf("after undo the target holds %q", got)
		}
	}
	e, err := applyOne(s, "/home/u/.zshrc", "", "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dots, "zshrc")); string(got) != "new\n" {
		t.Fatalf("the dangling link's file: %q", got)
	}
	if _, err := s.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dots, "zshrc")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("undo should remove the file it created behind the link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(home, ".zshrc")); err != nil {
		t.Fatalf("undo removed the dangling link itself: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dots, ".apidoctor-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	// A loop is an error, not a hang.
	os.Symlink("loop2", filepath.Join(home, "loop1"))
	os.Symlink("loop1", filepath.Join(home, "loop2"))
	if err := s.FS.WriteAtomic("/home/u/loop1", []byte("x"), 0o600); err == nil {
		t.Fatal("a link loop was written")
	}
}

// TestReadsRefusePipesDevicesAndHugeFiles: a named pipe is refused at once
// (it used to block the open until a writer came), /dev/zero is refused
// before a byte is read, and a file past its kind's limit is refused
// whole; each says what it is.
func TestReadsRefusePipesDevicesAndHugeFiles(t *testing.T) {
	s, root := newStore(t)
	dir := filepath.Join(root, "home/u/.claude")
	os.MkdirAll(dir, 0o755)
	type check struct {
		name string
		read func() error
		want error
		text string
	}
	var cases []check
	{
		if err := syscall.Mkfifo(filepath.Join(dir, "settings.json"), 0o600); err == nil {
			cases = append(cases, check{"fifo settings", func() error { _, err := s.current("/home/u/.claude/settings.json"); return err }, checks.ErrNotRegular, "named pipe"})
		}
		os.MkdirAll(filepath.Join(root, s.Dir), 0o700)
		if err := syscall.Mkfifo(filepath.Join(root, s.Dir, "undo.json"), 0o600); err == nil {
			cases = append(cases, check{"fifo undo log", func() error { _, err := s.List(); return err }, checks.ErrNotRegular, "named pipe"})
		}
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, check{"/dev/zero", func() error { _, err := DiskFS{}.ReadFile("/dev/zero"); return err }, checks.ErrNotRegular, "character device"})
	}
	big := filepath.Join(root, "home/u/corp.pem")
	if f, err := os.Create(big); err == nil {
		f.Truncate(20 << 20)
		f.Close()
	}
	cases = append(cases, check{"20 MB CA bundle", func() error { _, err := s.FS.ReadFile("/home/u/corp.pem"); return err }, checks.ErrTooLarge, "larger than 8 MiB, more than a CA bundle"})
	for _, c := range cases {
		done := make(chan error, 1)
		go func() { done <- c.read() }()
		select {
		case err := <-done:
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
				t.Errorf("%s: err %v, want %v saying %q", c.name, err, c.want, c.text)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the read hangs", c.name)
		}
	}
	// A fix over a named pipe is refused, and the pipe stays.
	{
		_, err := applyOne(s, "/home/u/.claude/settings.json", "", "{}\n")
		if err == nil {
			t.Fatal("a fix replaced a named pipe")
		}
		if st, _ := os.Lstat(filepath.Join(dir, "settings.json")); st == nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatal("the named pipe is gone")
		}
	}
}
