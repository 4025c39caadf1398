package fixes

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeLock plants a lock file as a process with this pid would leave it.
func writeLock(t *testing.T, s *Store, root string, pid int) string {
	t.Helper()
	host, _ := os.Hostname()
	path := filepath.Join(root, s.Dir, "lock")
	os.MkdirAll(filepath.Dir(path), 0o700)
	token := fmt.Sprintf("apidoctor %d %s %s 00112233\n", pid, field(host), field(bootID()))
	if err := os.WriteFile(path, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// deadPid is the pid of a process that has ended and been reaped.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func applyOne(s *Store, path string, before, after string) (Entry, error) {
	var b []byte
	if before != "" {
		b = []byte(before)
	}
	return s.Apply("x", "x", []Change{{Path: path, Before: b, After: []byte(after), Mode: 0o600}})
}

// TestStoreTakesOverTheLockOfADeadProcess: a lock left by a process that
// died (SIGKILL, power cut) does not block the next fix.
func TestStoreTakesOverTheLockOfADeadProcess(t *testing.T) {
	s, root := newStore(t)
	lock := writeLock(t, s, root, deadPid(t))
	start := time.Now()
	if _, err := applyOne(s, "/home/u/f", "", "new\n"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the apply waited %v for a dead process's lock", took)
	}
	if _, err := os.Stat(lock); err == nil {
		t.Error("the lock is still there after the apply")
	}
	// A lock naming this very process, with a token it does not hold, is
	// a former process with the same pid (pid 1 in a container).
	writeLock(t, s, root, os.Getpid())
	if _, err := applyOne(s, "/home/u/g", "", "new\n"); err != nil {
		t.Fatalf("a stale lock with this process's pid: %v", err)
	}
}

// TestStoreWaitsForALiveHolder: while another live process holds the
// lock, a fix waits, then gives up with a message naming the lock file
// and changes nothing; once the holder is gone, it goes through.
func TestStoreWaitsForALiveHolder(t *testing.T) {
	s, root := newStore(t)
	// The holder is this test binary, asleep (see TestHelperSleeps): a
	// live process on every OS.
	holder := exec.Command(os.Args[0], "-test.run=^TestHelperSleeps$")
	holder.Env = append(os.Environ(), helperSleepEnv+"=1")
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	lock := writeLock(t, s, root, holder.Process.Pid)
	old := lockWait
	lockWait = 300 * time.Millisecond
	defer func() { lockWait = old }()
	_, err := applyOne(s, "/home/u/f", "", "new\n")
	if err == nil || !strings.Contains(err.Error(), "another apidoctor") || !strings.Contains(err.Error(), lock) {
		t.Fatalf("err %v, want the store to be locked by another apidoctor", err)
	}
	if _, err := os.Stat(filepath.Join(root, "home/u/f")); err == nil {
		t.Fatal("a fix went through a lock held by a live process")
	}
	holder.Process.Kill()
	holder.Wait()
	if _, err := applyOne(s, "/home/u/f", "", "new\n"); err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
}

// TestStoreLockIgnoresTheFileClock: the store may live on a file server
// (a redirected %APPDATA%) whose clock is behind; the lock file's time
// then says nothing of when its holder started, and a live holder must
// still be waited for. The holder takes the lock as apidoctor does.
func TestStoreLockIgnoresTheFileClock(t *testing.T) {
	s, root := newStore(t)
	holder := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsTheLock$")
	holder.Env = append(os.Environ(), helperLockEnv+"="+root)
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Wait()
	defer holder.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if !strings.HasPrefix(line, "locked") {
		t.Fatalf("the helper did not take the lock: %q", line)
	}
	lock := filepath.Join(root, s.Dir, "lock")
	past := time.Now().Add(-time.Hour) // the server's clock, an hour behind
	if err := os.Chtimes(lock, past, past); err != nil {
		t.Fatal(err)
	}
	old := lockWait
	lockWait = 300 * time.Millisecond
	defer func() { lockWait = old }()
	if _, err := applyOne(s, "/home/u/f", "", "new\n"); err == nil || !strings.Contains(err.Error(), "another apidoctor") {
		t.Fatalf("err %v: a live holder's lock was taken over", err)
	}
	holder.Process.Kill()
	holder.Wait()
	if _, err := applyOne(s, "/home/u/f", "", "new\n"); err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
}

// helperLockEnv makes TestHelperHoldsTheLock take the lock of the store
// under the root it names.
const helperLockEnv = "APIDOCTOR_TEST_HELPER_LOCK"

// TestHelperHoldsTheLock is no test: run by TestStoreLockIgnoresTheFileClock
// as a process of its own, it takes the store's lock, says so, and sleeps
// until killed.
func TestHelperHoldsTheLock(t *testing.T) {
	root := os.Getenv(helperLockEnv)
	if root == "" {
		return // run as a helper process only
	}
	s := &Store{FS: DiskFS{Root: root}, Dir: "/home/u/.config/apidoctor"}
	if _, err := s.lock(); err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
}

// helperSleepEnv makes TestHelperSleeps sleep, as a lock's live holder.
const helperSleepEnv = "APIDOCTOR_TEST_HELPER_SLEEP"

// TestHelperSleeps is no test: run by TestStoreWaitsForALiveHolder as a
// process of its own, it sleeps until killed.
func TestHelperSleeps(t *testing.T) {
	if os.Getenv(helperSleepEnv) == "" {
		return // run as a helper process only
	}
	time.Sleep(time.Minute)
}

// TestStoreConcurrentAppliesInOneProcess: twenty goroutines at once, each
// its own file: twenty entries, twenty ids, nothing lost.
func TestStoreConcurrentAppliesInOneProcess(t *testing.T) {
	s, root := newStore(t)
	const n = 20
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			other := &Store{FS: s.FS, Dir: s.Dir} // a store of its own, as a second process would have
			e, err := applyOne(other, "/home/u/f"+strconv.Itoa(i), "", "v"+strconv.Itoa(i))
			ids[i], errs[i] = e.ID, err
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("apply %d: %v", i, errs[i])
		}
		if seen[ids[i]] {
			t.Fatalf("id %s handed out twice", ids[i])
		}
		seen[ids[i]] = true
	}
	list, _ := s.List()
	if len(list) != n {
		t.Fatalf("the log has %d entries, want %d", len(list), n)
	}
	for i := range n {
		if _, err := os.Stat(filepath.Join(root, "home/u/f"+strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStoreWritesTheEntryBeforeTheChange: when the undo log cannot be
// written (blockLog), the change is not made, and no temporary file and
// no folder made for a new file is left.
func TestStoreWritesTheEntryBeforeTheChange(t *testing.T) {
	s, root := newStore(t)
	path := filepath.Join(root, "home/u/.bashrc")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte("orig\n"), 0o644)
	os.MkdirAll(filepath.Join(root, s.Dir), 0o700)
	blockLog(t, filepath.Join(root, s.Dir, "undo.json"))
	_, err := s.Apply("x", "x", []Change{
		{Path: "/home/u/.bashrc", Before: []byte("orig\n"), After: []byte("changed\n")},
		{Path: "/home/u/.claude/new/settings.json", After: []byte("{}\n"), Mode: 0o600},
	})
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err %v, want the log error and nothing changed", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "orig\n" {
		t.Fatalf("the file changed with no undo entry: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "home/u/.apidoctor-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	if _, err := os.Lstat(filepath.Join(root, "home/u/.claude")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the folder made for the new file is left: %v", err)
	}
}

// TestStoreSettlesAPendingEntry: an entry a killed process left pending
// is completed when every file holds the new content, and taken back
// (marked interrupted) when only some do.
func TestStoreSettlesAPendingEntry(t *testing.T) {
	s, root := newStore(t)
	a, b := filepath.Join(root, "home/u/a"), filepath.Join(root, "home/u/b")
	os.MkdirAll(filepath.Dir(a), 0o755)
	os.WriteFile(a, []byte("a0"), 0o644)
	os.WriteFile(b, []byte("b0"), 0o644)
	e, err := s.Apply("x", "x", []Change{{Path: "/home/u/a", Before: []byte("a0"), After: []byte("a1")}, {Path: "/home/u/b", Before: []byte("b0"), After: []byte("b1")}})
	if err != nil {
		t.Fatal(err)
	}
	setPending := func() {
		list, _ := s.List()
		list[len(list)-1].Pending = true
		if err := s.save(list); err != nil {
			t.Fatal(err)
		}
	}
	// Killed after both renames, before the entry was marked done.
	setPending()
	if _, err := applyOne(s, "/home/u/c", "", "c1"); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List()
	if list[0].Pending || list[0].Undone {
		t.Fatalf("a fix whose files all landed should be applied: %+v", list[0])
	}
	// Killed after the first rename: a is new, b is old. The next apply
	// puts a back and marks the entry interrupted.
	os.WriteFile(b, []byte("b0"), 0o644)
	setPendingID := func(id string) {
		list, _ := s.List()
		for i := range list {
			if list[i].ID == id {
				list[i].Pending = true
			}
		}
		s.save(list)
	}
	setPendingID(e.ID)
	if _, err := applyOne(s, "/home/u/d", "", "d1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a); string(got) != "a0" {
		t.Fatalf("a half-applied fix was not taken back: a holds %q", got)
	}
	list, _ = s.List()
	if !list[0].Interrupted || !list[0].Undone || list[0].Pending {
		t.Fatalf("the half-applied entry: %+v", list[0])
	}
	if _, err := s.Undo(e.ID); err == nil {
		t.Fatal("an interrupted fix cannot be undone again")
	}
}

// TestStoreIDsSurviveALostLog: the backup folders keep the ids taken.
func TestStoreIDsSurviveALostLog(t *testing.T) {
	s, root := newStore(t)
	f := filepath.Join(root, "home/u/f")
	os.MkdirAll(filepath.Dir(f), 0o755)
	os.WriteFile(f, []byte("orig"), 0o644)
	e1, err := applyOne(s, "/home/u/f", "orig", "one")
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(root, s.Dir, "undo.json"))
	e2, err := applyOne(s, "/home/u/f", "one", "two")
	if err != nil {
		t.Fatal(err)
	}
	if e2.ID == e1.ID {
		t.Fatalf("id %s reused after the log was lost", e2.ID)
	}
	if b, _ := os.ReadFile(filepath.Join(root, e1.Files[0].Backup)); string(b) != "orig" {
		t.Fatalf("the first backup was overwritten: %q", b)
	}
	// A fix that only creates files reserves its folder too.
	e3, err := applyOne(s, "/home/u/new", "", "x")
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(root, s.Dir, "undo.json"))
	e4, _ := applyOne(s, "/home/u/new2", "", "x")
	if e4.ID == e3.ID || e4.ID == e2.ID {
		t.Fatalf("ids %s %s %s", e2.ID, e3.ID, e4.ID)
	}
}

// TestStoreRefusesRelativePaths: with no home, paths come out relative;
// nothing is read or written for them, and the error asks about HOME.
func TestStoreRefusesRelativePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := &Store{FS: DiskFS{}, Dir: filepath.Join(dir, "cfg")}
	_, err := applyOne(s, ".bashrc", "", "export X=1\n")
	if !errors.Is(err, ErrRelative) || !strings.Contains(err.Error(), "HOME") {
		t.Fatalf("err %v, want ErrRelative naming HOME", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".bashrc")); err == nil {
		t.Fatal("a relative path was written in the current folder")
	}
	if _, err := s.current(".claude/settings.json"); !errors.Is(err, ErrRelative) {
		t.Fatalf("reading a relative path for a fix: %v", err)
	}
	rel := &Store{FS: DiskFS{}, Dir: "relative/apidoctor"}
	if _, err := applyOne(rel, filepath.Join(dir, "f"), "", "x"); !errors.Is(err, ErrRelative) {
		t.Fatalf("a relative store folder: %v", err)
	}
}

// TestUndoLatestGoesBackwards: UndoLatest undoes the last fix not undone.
func TestUndoLatestGoesBackwards(t *testing.T) {
	s, root := newStore(t)
	f := filepath.Join(root, "home/u/f")
	os.MkdirAll(filepath.Dir(f), 0o755)
	os.WriteFile(f, []byte("0"), 0o644)
	applyOne(s, "/home/u/f", "0", "1")
	applyOne(s, "/home/u/f", "1", "2")
	for _, want := range []struct{ id, content string }{{"2", "1"}, {"1", "0"}} {
		e, err := s.UndoLatest()
		if err != nil || e.ID != want.id {
			t.Fatalf("UndoLatest: %+v %v, want fix %s", e, err, want.id)
		}
		if got, _ := os.ReadFile(f); string(got) != want.content {
			t.Fatalf("after undoing %s: %q", want.id, got)
		}
	}
	if _, err := s.UndoLatest(); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("with nothing left: %v", err)
	}
}
