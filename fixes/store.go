package fixes

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
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
	// Before is the SHA-256 of what the file held before the fix (and of
	// its backup); a file that holds it again needs no undo.
	Before string `json:"before_sha256,omitempty"`
	// Target is the file a symbolic link at Path pointed to, where the
	// fix wrote (empty when Path is not a link).
	Target string `json:"target,omitempty"`
	// Temp is the new content waiting next to the file while the entry
	// is pending (the real path, below the store's root).
	Temp string `json:"temp,omitempty"`
	// Dirs are the folders the fix created for a new file, deepest
	// first: undo removes each one that is empty by then, and no other.
	Dirs []string `json:"created_dirs,omitempty"`
}

// Entry is one applied fix in the undo log.
type Entry struct {
	ID     string       `json:"id"`
	Fix    string       `json:"fix"`
	Title  string       `json:"title"`
	Time   time.Time    `json:"time"`
	Files  []FileRecord `json:"files"`
	Undone bool         `json:"undone,omitempty"`
	// Pending: the entry was logged and the files were being renamed in
	// when the process stopped. The next apply or undo finishes the entry
	// (every file in) or takes it back (and marks it Interrupted).
	Pending     bool `json:"pending,omitempty"`
	Interrupted bool `json:"interrupted,omitempty"`
}

// Store applies changes with backups and keeps the undo log, under Dir
// (os.UserConfigDir()/apidoctor in production).
//
// Apply and Undo hold the store's lock (the file "lock" in Dir, created
// with O_EXCL; one left by a process that died is taken over), so fixes
// applied at once by several processes each get their own entry and their
// own id. Ids are never reused: each reserves its backup folder, and the
// next id is past every entry and every folder, even when the log is
// lost. The entry is written before any file is renamed in: when the log
// cannot be written, nothing changes.
type Store struct {
	FS  DiskFS
	Dir string
	Now func() time.Time
}

// ErrChanged is returned when a file changed between the preview and the
// write, or since a fix when undoing it.
var ErrChanged = i18n.Errorf("fixerr.changed")

// ErrNothingToUndo is returned by UndoLatest when every fix is undone.
var ErrNothingToUndo = i18n.Errorf("store.nothing_to_undo")

// ErrRelative is returned for a path that is not a full path.
var ErrRelative = i18n.Errorf("store.not_absolute")

// PauseEnv names a variable for the tests: when set to a file name, Apply
// creates that file after writing the undo entry and waits there, before
// renaming any change in, so a test can kill the process at that point.
const PauseEnv = "APIDOCTOR_TEST_PAUSE_APPLY"

func (s *Store) logPath() string { return filepath.Join(s.Dir, "undo.json") }

func (s *Store) backupRoot() string { return filepath.Join(s.Dir, "backups") }

// checkAbs refuses a relative path: written relative, a fix would edit
// the files of whatever folder the program runs in.
func (s *Store) checkAbs(path string) error {
	if !s.FS.IsAbs(path) {
		return &i18n.Error{M: i18n.Msg("store.relative_path", path), Wrapped: ErrRelative}
	}
	return nil
}

// List returns the undo log, oldest first.
func (s *Store) List() ([]Entry, error) {
	if err := s.checkAbs(s.Dir); err != nil {
		return nil, err
	}
	data, err := s.FS.ReadFileMax(s.logPath(), checks.KindUndoLog.Limit)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, i18n.Errorf("store.log_read", s.logPath(), readReason(err))
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

// readReason is a read error as the reader should see it: the refusal of
// a pipe, a device or an oversized file in their language.
func readReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		var ie *i18n.Error
		if errors.As(pe.Err, &ie) {
			return ie
		}
	}
	return err
}

// current reads a file, nil when it does not exist.
func (s *Store) current(path string) ([]byte, error) {
	if err := s.checkAbs(path); err != nil {
		return nil, err
	}
	b, err := s.FS.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, readReason(err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// state compares a file's current bytes with a record: whether it holds
// what the fix wrote, and whether it holds what was there before.
func (f FileRecord) state(cur []byte) (after, before bool) {
	after = (cur == nil && f.Deleted) || (cur != nil && !f.Deleted && sum(cur) == f.After)
	switch {
	case !f.Existed:
		before = cur == nil
	case f.Before != "":
		before = cur != nil && sum(cur) == f.Before
	}
	return after, before
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
		if err := s.checkAbs(c.Path); err != nil {
			return Entry{}, i18n.Errorf("fixerr.write", c.Path, err)
		}
	}
	entries, unlock, err := s.locked()
	if err != nil {
		return Entry{}, err
	}
	defer unlock()
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
	id, err := s.reserveID(entries)
	if err != nil {
		return Entry{}, i18n.Errorf("fixerr.backup", s.backupRoot(), err)
	}
	e := Entry{ID: id, Fix: fix, Title: title, Time: s.now(), Pending: true}
	for i, c := range todo {
		rec := FileRecord{Path: c.Path, Existed: c.Before != nil, Mode: c.Mode, After: sum(c.After), Deleted: c.After == nil}
		if target, err := s.FS.Target(c.Path); err == nil && target != s.FS.real(c.Path) {
			rec.Target = s.unreal(target)
		}
		if c.Before == nil && c.After != nil {
			rec.Dirs = s.missingDirs(c.Path)
		}
		if c.Before != nil {
			rec.Before = sum(c.Before)
			if st, err := s.FS.Stat(c.Path); err == nil {
				rec.Mode = st.Mode().Perm()
			}
			rec.Backup = filepath.Join(s.backupRoot(), e.ID, strconv.Itoa(i)+"-"+filepath.Base(c.Path))
			if err := s.FS.WriteAtomic(rec.Backup, c.Before, 0o600); err != nil {
				return Entry{}, i18n.Errorf("fixerr.backup", c.Path, err)
			}
		}
		e.Files = append(e.Files, rec)
	}
	// Every new file waits next to the one it replaces, written and synced.
	stagedFiles := make([]*staged, len(todo))
	discard := func() {
		for _, st := range stagedFiles {
			if st != nil {
				st.discard()
			}
		}
		s.removeDirs(e.Files)
	}
	for i, c := range todo {
		if c.After == nil {
			continue
		}
		st, err := s.FS.stage(c.Path, c.After, c.Mode)
		if err != nil {
			discard()
			return Entry{}, i18n.Errorf("fixerr.write", c.Path, err)
		}
		stagedFiles[i] = st
		e.Files[i].Temp = st.tmp
	}
	// The entry goes in first: a change never lands without one.
	if err := s.save(append(entries, e)); err != nil {
		discard()
		return Entry{}, i18n.Errorf("store.log_first", s.logPath(), err)
	}
	s.pauseForTests()
	for i, c := range todo {
		var err error
		if c.After == nil {
			err = s.FS.Remove(c.Path)
		} else {
			err = stagedFiles[i].commit()
		}
		if err != nil {
			// Put back what was already renamed in, so a failure changes nothing.
			discard()
			s.restore(e.Files[:i])
			e.Pending, e.Undone, e.Interrupted = false, true, true
			clearTemps(&e)
			s.save(append(entries, e))
			return Entry{}, i18n.Errorf("fixerr.write", c.Path, err)
		}
	}
	e.Pending = false
	clearTemps(&e)
	if err := s.save(append(entries, e)); err != nil {
		// Every file is in and the entry is logged, as pending: the next
		// apply or undo finds every file written and completes it.
		e.Pending = true
	}
	return e, nil
}

func clearTemps(e *Entry) {
	for i := range e.Files {
		e.Files[i].Temp = ""
	}
}

// pauseForTests stops between the entry and the renames when PauseEnv
// names a file (see PauseEnv); it never returns before a minute.
func (s *Store) pauseForTests() {
	mark := os.Getenv(PauseEnv)
	if mark == "" {
		return
	}
	os.WriteFile(mark, []byte(strconv.Itoa(os.Getpid())), 0o600)
	time.Sleep(time.Minute)
}

// unreal turns a real path back into one of the store's file system.
func (s *Store) unreal(path string) string {
	if s.FS.Root == "" {
		return path
	}
	if rel, err := filepath.Rel(s.FS.Root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return "/" + filepath.ToSlash(rel)
	}
	return path
}

// reserveID picks the next id, past every logged entry and every backup
// folder, and creates its folder: an id whose folder exists is never
// handed out again, even when the log was lost.
func (s *Store) reserveID(entries []Entry) (string, error) {
	next := 1
	for _, e := range entries {
		if n, err := strconv.Atoi(e.ID); err == nil && n >= next {
			next = n + 1
		}
	}
	root := s.FS.real(s.backupRoot())
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", err
	}
	if dirs, err := os.ReadDir(root); err == nil {
		for _, d := range dirs {
			if n, err := strconv.Atoi(d.Name()); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	for range 1000 {
		err := os.Mkdir(filepath.Join(root, strconv.Itoa(next)), 0o700)
		if err == nil {
			return strconv.Itoa(next), nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
		next++
	}
	return "", i18n.Errorf("err.no_free_name", root)
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// restore puts files back from their backups (or removes new ones),
// through their links. A file that holds its original already is left.
func (s *Store) restore(files []FileRecord) error {
	var errs []error
	for i := len(files) - 1; i >= 0; i-- {
		f := files[i]
		if !f.Existed {
			if err := s.FS.Remove(f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			s.removeDirs([]FileRecord{f})
			continue
		}
		// A backup is as large as its file may be (~/.claude.json grows).
		data, err := s.FS.ReadFileMax(f.Backup, checks.KindOf(f.Path).Limit)
		if err == nil && f.Before != "" && sum(data) != f.Before {
			err = i18n.Errorf("store.backup_damaged", f.Backup)
		}
		if err == nil {
			err = s.FS.WriteAtomic(f.Path, data, f.Mode)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Path, readReason(err)))
		}
	}
	return errors.Join(errs...)
}

// missingDirs are the folders that writing a new file at path would
// create (stage creates them), deepest first, as paths of the store's
// file system; none when path is a link (its folder is not created).
func (s *Store) missingDirs(path string) []string {
	real := s.FS.real(path)
	if target, err := resolveLink(real); err != nil || target != real {
		return nil
	}
	var out []string
	for dir := filepath.Dir(real); ; {
		if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
			return out
		}
		out = append(out, s.unreal(dir))
		parent := filepath.Dir(dir)
		if parent == dir {
			return out
		}
		dir = parent
	}
}

// removeDirs removes the folders the records' fix created, each only if
// it is (still) an empty folder: a folder that holds anything now, or
// that was there before the fix (never recorded), stays.
func (s *Store) removeDirs(files []FileRecord) {
	for _, f := range files {
		for _, d := range f.Dirs {
			real := s.FS.real(d)
			if st, err := os.Lstat(real); err != nil || !st.IsDir() {
				continue
			}
			// Remove refuses a folder that is not empty.
			os.Remove(real)
		}
	}
}

// locked takes the store's lock and recovers its log, as apply and undo
// both begin; the caller runs unlock when done.
func (s *Store) locked() (entries []Entry, unlock func(), err error) {
	lk, err := s.lock()
	if err != nil {
		return nil, nil, err
	}
	if entries, err = s.recovered(); err != nil {
		lk.unlock()
		return nil, nil, err
	}
	return entries, lk.unlock, nil
}

// recovered reads the log and settles the entries a killed process left
// pending: when every file holds what the fix wrote, the fix is in; else
// the files it renamed in are put back and the entry marked interrupted.
// The caller holds the lock.
func (s *Store) recovered() ([]Entry, error) {
	entries, err := s.List()
	if err != nil {
		return nil, err
	}
	changed := false
	for i := range entries {
		e := &entries[i]
		if !e.Pending {
			continue
		}
		for _, f := range e.Files {
			if f.Temp != "" && strings.HasPrefix(filepath.Base(f.Temp), ".apidoctor-") {
				os.Remove(f.Temp)
			}
		}
		all, known := true, true
		var back []FileRecord
		for _, f := range e.Files {
			cur, err := s.current(f.Path)
			if err != nil {
				known = false
				break
			}
			after, before := f.state(cur)
			if !after {
				all = false
			}
			if after && !before {
				back = append(back, f)
			}
		}
		if !known {
			continue // a file cannot be read now: settle it another time
		}
		if !all {
			if err := s.restore(back); err != nil {
				continue // still pending; undo N tries again
			}
			s.removeDirs(e.Files)
			e.Undone, e.Interrupted = true, true
		}
		e.Pending = false
		clearTemps(e)
		changed = true
	}
	if changed {
		if err := s.save(entries); err != nil {
			return nil, i18n.Errorf("store.log_first", s.logPath(), err)
		}
	}
	return entries, nil
}

// Undo restores the files of an applied fix exactly as they were. It
// refuses when a file changed since the fix (restore it from the backup
// by hand, or undo the later change first).
func (s *Store) Undo(id string) (Entry, error) {
	return s.undo(func(entries []Entry) (int, error) {
		for i, e := range entries {
			if e.ID == id {
				return i, nil
			}
		}
		return -1, i18n.Errorf("fixerr.no_fix", id)
	})
}

// UndoLatest undoes the fix applied last that is not undone yet.
func (s *Store) UndoLatest() (Entry, error) {
	return s.undo(func(entries []Entry) (int, error) {
		for i := len(entries) - 1; i >= 0; i-- {
			if !entries[i].Undone && !entries[i].Pending {
				return i, nil
			}
		}
		return -1, ErrNothingToUndo
	})
}

func (s *Store) undo(pick func([]Entry) (int, error)) (Entry, error) {
	entries, unlock, err := s.locked()
	if err != nil {
		return Entry{}, err
	}
	defer unlock()
	i, err := pick(entries)
	if err != nil {
		return Entry{}, err
	}
	e := entries[i]
	if e.Undone {
		return e, i18n.Errorf("fixerr.already_undone", e.ID, e.Fix)
	}
	var back []FileRecord
	for _, f := range e.Files {
		cur, err := s.current(f.Path)
		if err != nil {
			return e, i18n.Errorf("fixerr.read", f.Path, err)
		}
		after, before := f.state(cur)
		switch {
		case after && !before:
			back = append(back, f)
		case before:
			// It holds its original already (an apply cut short).
		case !f.Existed:
			return e, i18n.Errorf("fixerr.changed_since_fix_new", f.Path, ErrChanged, e.ID)
		default:
			return e, i18n.Errorf("fixerr.changed_since_fix", f.Path, ErrChanged, e.ID, f.Backup)
		}
	}
	if err := s.restore(back); err != nil {
		return e, err
	}
	// A file that held its original already (an apply cut short) may
	// still have left the folders made for it.
	s.removeDirs(e.Files)
	entries[i].Undone, entries[i].Pending = true, false
	return entries[i], s.save(entries)
}

// The store's lock: a file created with O_EXCL that names its holder.

// lockWait is how long Apply and Undo wait for another process's lock.
var lockWait = 30 * time.Second

// heldLocks are the lock tokens this process holds, to tell its own
// locks from those of a dead process that had the same pid.
var heldLocks sync.Map

type storeLock struct{ path, token string }

func (s *Store) lockPath() string { return s.FS.real(filepath.Join(s.Dir, "lock")) }

// lock takes the store's lock, waiting for a live holder up to lockWait,
// and taking over one whose holder is dead.
func (s *Store) lock() (*storeLock, error) {
	if err := s.checkAbs(s.Dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.FS.real(s.Dir), 0o700); err != nil {
		return nil, i18n.Errorf("store.lock", s.lockPath(), err)
	}
	path := s.lockPath()
	token := lockToken()
	deadline := time.Now().Add(lockWait)
	stop, sig := checks.WatchInterrupts()
	defer stop()
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			heldLocks.Store(token, true)
			_, werr := f.WriteString(token)
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				heldLocks.Delete(token)
				os.Remove(path)
				return nil, i18n.Errorf("store.lock", path, werr)
			}
			return &storeLock{path: path, token: token}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, i18n.Errorf("store.lock", path, err)
		}
		holder, stale := lockHolder(path)
		if stale {
			breakLock(path, holder)
			continue
		}
		if time.Now().After(deadline) {
			return nil, i18n.Errorf("store.locked", path, holderText(holder))
		}
		select {
		case s := <-sig:
			return nil, checks.Interrupted(s)
		case <-time.After(time.Duration(5+attempt%20) * time.Millisecond):
		}
	}
}

// unlock removes the lock file, if it is still this holder's.
func (l *storeLock) unlock() {
	if b, err := checks.ReadRegularFile(context.Background(), l.path, checks.KindSystem); err == nil && string(b) == l.token {
		os.Remove(l.path)
	}
	heldLocks.Delete(l.token)
}

// lockToken names this holder: "apidoctor pid host boot nonce start",
// start being the process's creation time where the OS hands pids out
// again soon (Windows; see processStart), else "-".
func lockToken() string {
	host, _ := os.Hostname()
	var nonce [8]byte
	rand.Read(nonce[:])
	return fmt.Sprintf("apidoctor %d %s %s %x %s\n", os.Getpid(), field(host), field(bootID()), nonce, field(processStart()))
}

func field(s string) string {
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return "-"
	}
	return s
}

// bootID tells one boot of the machine from the next (Linux), so a pid
// from before a reboot is known dead.
func bootID() string {
	b, err := checks.ReadRegularFile(context.Background(), "/proc/sys/kernel/random/boot_id", checks.KindSystem)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// lockHolder reads the lock's holder and says whether it is dead: a pid
// gone on this host (and boot), or this process's pid with a token it
// does not hold. A lock whose holder cannot be told (being written, or
// from another host) is not stale, unless it stayed unreadable for a while.
func lockHolder(path string) (string, bool) {
	b, err := checks.ReadRegularFile(context.Background(), path, checks.KindSystem)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false
	}
	holder := string(b)
	f := strings.Fields(holder)
	// Five fields: a token from before the start time was written.
	if err != nil || len(f) != 5 && len(f) != 6 || f[0] != "apidoctor" {
		// Created and not written yet, or written by nobody we know: only
		// its age can tell.
		st, serr := os.Lstat(path)
		return holder, serr == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > 10*time.Second
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil {
		return holder, true
	}
	host, _ := os.Hostname()
	if f[2] != field(host) {
		return holder, false
	}
	if boot := bootID(); boot != "" && f[3] != "-" && f[3] != field(boot) {
		return holder, true
	}
	if pid == os.Getpid() {
		_, mine := heldLocks.Load(holder)
		return holder, !mine
	}
	started := ""
	if len(f) == 6 {
		started = f[5]
	}
	return holder, !processAlive(pid, started)
}

// breakLock removes a dead holder's lock. Breakers take turns through a
// second lock file, so none removes a lock another has just taken.
func breakLock(path, holder string) {
	brk := path + ".break"
	f, err := os.OpenFile(brk, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		// Another breaker is at work (for an instant), or died at it.
		if st, err := os.Lstat(brk); err == nil && time.Since(st.ModTime()) > 10*time.Second {
			os.Remove(brk)
		}
		time.Sleep(5 * time.Millisecond)
		return
	}
	f.Close()
	defer os.Remove(brk)
	if b, err := checks.ReadRegularFile(context.Background(), path, checks.KindSystem); err == nil && string(b) == holder {
		os.Remove(path)
	}
}

// holderText names a lock's holder for the error message.
func holderText(holder string) string {
	f := strings.Fields(holder)
	if len(f) == 5 || len(f) == 6 {
		return "pid " + f[1] + " (" + f[2] + ")"
	}
	return "?"
}
