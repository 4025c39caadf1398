package fixes

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// DiskFS reads and writes files below Root, as if Root were "/" (Root ""
// is the real file system). Tests and the demo root it in a folder.
//
// Every read takes regular files only, within the size limit of their
// kind ([checks.ReadRegularFile]); every write goes through a symbolic
// link to the file it names, so a dotfile managed by stow, chezmoi or
// yadm stays a link and its repository gets the change.
type DiskFS struct{ Root string }

func (d DiskFS) real(name string) string {
	if d.Root == "" {
		return name
	}
	// A rooted file system takes the paths of any OS (see IsAbs), and
	// puts them in the same place on every OS: C:\Users\u in Root/C/Users/u,
	// \Users\u and /Users/u in Root/Users/u.
	if len(name) >= 2 && name[1] == ':' && ('A' <= name[0] && name[0] <= 'Z' || 'a' <= name[0] && name[0] <= 'z') {
		name = "/" + name[:1] + name[2:]
	}
	return filepath.Join(d.Root, filepath.FromSlash(strings.ReplaceAll(name, `\`, "/")))
}

// IsAbs reports whether name is a full path in this file system. Nothing
// is read for a fix or written at a relative path: it would land in
// whatever folder the program was started from.
func (d DiskFS) IsAbs(name string) bool {
	if filepath.IsAbs(name) {
		return true
	}
	if d.Root == "" {
		return false
	}
	// A rooted file system takes the paths of any OS: /home/u on Windows,
	// C:\Users\u or \Users\u (the tests build Windows paths on Linux).
	return strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) ||
		(len(name) >= 3 && name[1] == ':' && (name[2] == '\\' || name[2] == '/'))
}

// ReadFile reads a regular file, within the size limit of its kind.
func (d DiskFS) ReadFile(name string) ([]byte, error) {
	return d.ReadFileMax(name, checks.KindOf(name).Limit)
}

// ReadFileMax reads a regular file of at most max bytes.
func (d DiskFS) ReadFileMax(name string, max int64) ([]byte, error) {
	kind := checks.KindOf(name)
	kind.Limit = max
	return checks.ReadRegularFile(context.Background(), d.real(name), kind)
}

// Stat describes a file (the one a link points to).
func (d DiskFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(d.real(name)) }

// Remove deletes a file; for a symbolic link, the file it points to, so
// the link stays (dangling) as it was before the file was created.
func (d DiskFS) Remove(name string) error {
	path, err := resolveLink(d.real(name))
	if err != nil {
		return err
	}
	return os.Remove(path)
}

// Target is the file a write to name lands in: name itself, or where its
// chain of symbolic links ends (which may not exist yet).
func (d DiskFS) Target(name string) (string, error) { return resolveLink(d.real(name)) }

// ErrReadOnly is returned for a file without its owner's write permission.
var ErrReadOnly = i18n.Errorf("fixerr.readonly_file")

// maxLinks is how many symbolic links a path may go through, as Linux.
const maxLinks = 40

// resolveLink follows the symbolic links of path's last element to the
// file they end at. A chain that ends at nothing (a dangling link) gives
// that missing name, so a write creates the file the link points to.
func resolveLink(path string) (string, error) {
	for range maxLinks {
		st, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			// Relative to the folder the link really is in.
			dir, err := filepath.EvalSymlinks(filepath.Dir(path))
			if err != nil {
				return "", err
			}
			target = filepath.Join(dir, target)
		}
		path = target
	}
	return "", &fs.PathError{Op: "open", Path: path, Err: syscall.ELOOP}
}

// staged is a file's new content written next to it, not yet in place.
type staged struct {
	tmp, path string // the temporary file; the file it replaces (links resolved)
}

// stage writes data to a temporary file in the folder of the file name
// resolves to (through its links), synced, with the file's mode (or mode
// for a new file). commit renames it in; discard removes it. The folder
// is created when missing, unless name is a link into a missing folder.
func (d DiskFS) stage(name string, data []byte, mode fs.FileMode) (*staged, error) {
	real := d.real(name)
	path, err := resolveLink(real)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "write", Path: name, Err: checks.NotRegularError(st.Mode())}
		}
		if st.Mode().Perm()&0o200 == 0 {
			return nil, &fs.PathError{Op: "write", Path: name, Err: ErrReadOnly}
		}
		mode = st.Mode().Perm()
	}
	dir := filepath.Dir(path)
	if path == real {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	tmp, err := os.CreateTemp(dir, ".apidoctor-*")
	if err != nil {
		return nil, err
	}
	s := &staged{tmp: tmp.Name(), path: path}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(s.tmp, mode)
	}
	if err != nil {
		s.discard()
		return nil, err
	}
	return s, nil
}

// commit renames the staged file over its target, durably.
func (s *staged) commit() error {
	if err := os.Rename(s.tmp, s.path); err != nil {
		return err
	}
	syncDir(filepath.Dir(s.path))
	return nil
}

// discard removes the staged file.
func (s *staged) discard() { os.Remove(s.tmp) }

// syncDir makes a rename in dir durable (where the OS can).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// WriteAtomic replaces name with data: a temporary file in the same folder,
// fsync, rename. An existing file keeps its mode; a new one gets mode. The
// folder is created when missing. A symbolic link is written through: the
// file it points to is replaced, in its own folder, and the link stays.
func (d DiskFS) WriteAtomic(name string, data []byte, mode fs.FileMode) error {
	s, err := d.stage(name, data, mode)
	if err != nil {
		return err
	}
	if err := s.commit(); err != nil {
		s.discard()
		return err
	}
	return nil
}
