package fixes

import (
	"apidoctor/i18n"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"time"
)

// Change is one file edit of a plan: the bytes as they were read when the
// plan was made, and the bytes to write. Before nil means the file did not
// exist; After nil means delete it.
type Change struct {
	Path   string
	Before []byte
	After  []byte
	Mode   fs.FileMode // for a new file
}

// Noop reports whether the change changes nothing.
func (c Change) Noop() bool {
	return (c.Before == nil) == (c.After == nil) && bytes.Equal(c.Before, c.After)
}

// FileRecord is what the undo log keeps of one written file.
type FileRecord struct {
	Path    string      `json:"path"`
	Existed bool        `json:"existed"`
	Backup  string      `json:"backup,omitempty"`
	Mode    fs.FileMode `json:"mode"`
	// After is the SHA-256 of what was written, to refuse an undo over a
	// file someone changed since; Deleted says the fix removed the file.
	After   string `json:"after_sha256"`
	Deleted bool   `json:"deleted,omitempty"`
}

// Entry is one applied fix in the undo log.
type Entry struct {
	ID     string       `json:"id"`
	Fix    string       `json:"fix"`
	Title  string       `json:"title"`
	Time   time.Time    `json:"time"`
	Files  []FileRecord `json:"files"`
	Undone bool         `json:"undone,omitempty"`
}

// Store applies changes with backups and keeps the undo log, under Dir
// (os.UserConfigDir()/apidoctor in production).
type Store struct {
	FS  DiskFS
	Dir string
	Now func() time.Time
}

// ErrChanged is returned when a file changed between the preview and the
// write, or since a fix when undoing it.
var ErrChanged = i18n.Errorf("fixerr.changed")

func (s *Store) logPath() string { return filepath.Join(s.Dir, "undo.json") }

// List returns the undo log, oldest first.
func (s *Store) List() ([]Entry, error) {
	data, err := s.FS.ReadFile(s.logPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var entries []Entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, i18n.Errorf("fixerr.log_damaged", s.logPath(), err)
	}
	return entries, nil
}

func (s *Store) save(entries []Entry) error {
	data, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		return err
	}
	return s.FS.WriteAtomic(s.logPath(), append(data, '\n'), 0o600)
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// current reads a file, nil when it does not exist.
func (s *Store) current(path string) ([]byte, error) {
	b, err := s.FS.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// Apply writes every change of a fix, or none: each file must still hold
// what was read when the plan was made; each existing file is backed up
// first. It records an undo entry and returns it.
func (s *Store) Apply(fix, title string, changes []Change) (Entry, error) {
	var todo []Change
	for _, c := range changes {
		if !c.Noop() {
			todo = append(todo, c)
		}
	}
	if len(todo) == 0 {
		return Entry{}, nil
	}
	for _, c := range todo {
		cur, err := s.current(c.Path)
		if err != nil {
			return Entry{}, i18n.Errorf("fixerr.read", c.Path, err)
		}
		if (cur == nil) != (c.Before == nil) || !bytes.Equal(cur, c.Before) {
			return Entry{}, i18n.Errorf("fixerr.changed_since_preview", c.Path, ErrChanged)
		}
		if cur != nil {
			if st, err := s.FS.Stat(c.Path); err == nil && st.Mode().Perm()&0o200 == 0 {
				return Entry{}, i18n.Errorf("fixerr.read_only", c.Path, ErrReadOnly)
			}
		}
	}
	entries, err := s.List()
	if err != nil {
		return Entry{}, err
	}
	e := Entry{ID: strconv.Itoa(len(entries) + 1), Fix: fix, Title: title, Time: s.now()}
	for i, c := range todo {
		rec := FileRecord{Path: c.Path, Existed: c.Before != nil, Mode: c.Mode, After: sum(c.After), Deleted: c.After == nil}
		if c.Before != nil {
			if st, err := s.FS.Stat(c.Path); err == nil {
				rec.Mode = st.Mode().Perm()
			}
			rec.Backup = filepath.Join(s.Dir, "backups", e.ID, strconv.Itoa(i)+"-"+filepath.Base(c.Path))
			if err := s.FS.WriteAtomic(rec.Backup, c.Before, 0o600); err != nil {
				return Entry{}, i18n.Errorf("fixerr.backup", c.Path, err)
			}
		}
		e.Files = append(e.Files, rec)
	}
	for i, c := range todo {
		var err error
		if c.After == nil {
			err = s.FS.Remove(c.Path)
		} else {
			err = s.FS.WriteAtomic(c.Path, c.After, c.Mode)
		}
		if err != nil {
			// Put back what was already written, so a failure changes nothing.
			s.restore(e.Files[:i])
			return Entry{}, i18n.Errorf("fixerr.write", c.Path, err)
		}
	}
	if err := s.save(append(entries, e)); err != nil {
		return e, i18n.Errorf("fixerr.log_write", err, filepath.Join(s.Dir, "backups", e.ID))
	}
	return e, nil
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// restore puts files back from their backups (or removes new ones).
func (s *Store) restore(files []FileRecord) error {
	var errs []error
	for i := len(files) - 1; i >= 0; i-- {
		f := files[i]
		if !f.Existed {
			if err := s.FS.Remove(f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		data, err := s.FS.ReadFile(f.Backup)
		if err == nil {
			err = s.FS.WriteAtomic(f.Path, data, f.Mode)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Path, err))
		}
	}
	return errors.Join(errs...)
}

// Undo restores the files of an applied fix exactly as they were. It
// refuses when a file changed since the fix (restore it from the backup
// by hand, or undo the later change first).
func (s *Store) Undo(id string) (Entry, error) {
	entries, err := s.List()
	if err != nil {
		return Entry{}, err
	}
	for i, e := range entries {
		if e.ID != id {
			continue
		}
		if e.Undone {
			return e, i18n.Errorf("fixerr.already_undone", id, e.Fix)
		}
		for _, f := range e.Files {
			cur, err := s.current(f.Path)
			if err != nil {
				return e, err
			}
			if (cur == nil) != f.Deleted || (cur != nil && sum(cur) != f.After) {
				if !f.Existed {
					return e, i18n.Errorf("fixerr.changed_since_fix_new", f.Path, ErrChanged, id)
				}
				return e, i18n.Errorf("fixerr.changed_since_fix", f.Path, ErrChanged, id, f.Backup)
			}
		}
		if err := s.restore(e.Files); err != nil {
			return e, err
		}
		entries[i].Undone = true
		return entries[i], s.save(entries)
	}
	return Entry{}, i18n.Errorf("fixerr.no_fix", id)
}
