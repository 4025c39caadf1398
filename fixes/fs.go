package fixes

import (
	"apidoctor/i18n"
	"io/fs"
	"os"
	"path/filepath"
)

// DiskFS reads and writes files below Root, as if Root were "/" (Root ""
// is the real file system). Tests and the demo root it in a folder.
type DiskFS struct{ Root string }

func (d DiskFS) real(name string) string {
	if d.Root == "" {
		return name
	}
	return filepath.Join(d.Root, filepath.FromSlash(name))
}

// ReadFile reads a file.
func (d DiskFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(d.real(name)) }

// Stat describes a file.
func (d DiskFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(d.real(name)) }

// Remove deletes a file.
func (d DiskFS) Remove(name string) error { return os.Remove(d.real(name)) }

// ErrReadOnly is returned for a file without its owner's write permission.
var ErrReadOnly = i18n.Errorf("fixerr.readonly_file")

// WriteAtomic replaces name with data: a temporary file in the same folder,
// fsync, rename. An existing file keeps its mode; a new one gets mode. The
// folder is created when missing.
func (d DiskFS) WriteAtomic(name string, data []byte, mode fs.FileMode) error {
	path := d.real(name)
	if st, err := os.Stat(path); err == nil {
		if st.Mode().Perm()&0o200 == 0 {
			return &fs.PathError{Op: "write", Path: name, Err: ErrReadOnly}
		}
		mode = st.Mode().Perm()
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".apidoctor-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	if f, err := os.Open(dir); err == nil { // make the rename durable
		f.Sync()
		f.Close()
	}
	return nil
}
