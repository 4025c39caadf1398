package checks

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"apidoctor/i18n"
)

// rootEnv is an engine environment whose files live below root.
func rootEnv(root, home, cwd string, vars map[string]string) *Env {
	if vars == nil {
		vars = map[string]string{}
	}
	return &Env{Vars: vars, Home: home, Cwd: cwd, GOOS: "linux", Files: RootFS{Root: root}, Now: time.Now}
}

func writeBelow(t *testing.T, root, path string, data []byte) string {
	t.Helper()
	full := filepath.Join(root, path)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return full
}

func newRun(t *testing.T, env *Env) *Run {
	t.Helper()
	r, err := New(env, Options{Client: ClaudeCode, ReferenceDNS: "none", StatusURL: "none", PlatformURL: "none", TraceURL: "none"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestUnreadableSettingsSayCannotBeRead: a settings file that is a named
// pipe, or larger than a settings file may be, was reported as "cannot
// be parsed", as if its JSON were broken; it is "cannot be read: <why>",
// in the reader's language. A real JSON error keeps its line and column.
func TestUnreadableSettingsSayCannotBeRead(t *testing.T) {
	big := make([]byte, KindSettings.Limit+1)
	cases := []struct {
		name       string
		make       func(t *testing.T, root, path string)
		en, zh     string
		notEN      string
		wantStatus Status
	}{
		{"named pipe", func(t *testing.T, root, path string) {
			if runtime.GOOS == "windows" {
				t.Skip("no named pipes in the file system")
			}
			full := filepath.Join(root, path)
			os.MkdirAll(filepath.Dir(full), 0o755)
			if err := makeFIFO(full); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "cannot be read: it is a named pipe (FIFO), not a regular file", "无法读取：它是命名管道（FIFO）", "cannot be parsed", Warn},
		{"too large", func(t *testing.T, root, path string) { writeBelow(t, root, path, big) },
			"cannot be read: it is larger than 4 MiB, more than a settings file should ever hold", "无法读取：它超过了 4 MiB", "cannot be parsed", Warn},
		{"broken JSON", func(t *testing.T, root, path string) {
			writeBelow(t, root, path, []byte("{\n  \"env\": {\n    \"A\": \"b\",\n  }\n}\n"))
		}, "cannot be parsed at line 4, column 3", "无法解析（第 4 行第 3 列）", "cannot be read", Warn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			c.make(t, root, "/home/u/.claude/settings.json")
			r := newRun(t, rootEnv(root, "/home/u", "/home/u/p", nil))
			res := checkFiles(context.Background(), r)
			en, zh := res.SummaryIn(i18n.EN), res.SummaryIn(i18n.ZH)
			if res.Status != c.wantStatus || res.Cause != CauseSettingsInvalid {
				t.Errorf("status %s cause %s, want %s %s", res.Status, res.Cause, c.wantStatus, CauseSettingsInvalid)
			}
			if !strings.Contains(en, "/home/u/.claude/settings.json "+c.en) || strings.Contains(en, c.notEN) {
				t.Errorf("English summary %q, want %q", en, c.en)
			}
			if !strings.Contains(zh, c.zh) {
				t.Errorf("Chinese summary %q, want %q", zh, c.zh)
			}
		})
	}
}

// TestCAFileProblemInTheReadersLanguage: a CA variable naming a file that
// cannot be read was explained in English (fmt.Sprintf) in a Chinese run.
func TestCAFileProblemInTheReadersLanguage(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "etc")
	os.MkdirAll(dir, 0o755) // a folder where the bundle should be
	r := newRun(t, rootEnv(root, "/home/u", "/home/u/p", map[string]string{"NODE_EXTRA_CA_CERTS": "/etc"}))
	res := checkCAConfig(context.Background(), r)
	en, zh := res.SummaryIn(i18n.EN), res.SummaryIn(i18n.ZH)
	if res.Cause != CauseCAFileInvalid {
		t.Fatalf("config.ca: %s %s: %s", res.Status, res.Cause, en)
	}
	if !strings.Contains(en, "cannot read /etc: it is a folder, not a regular file") {
		t.Errorf("English: %q", en)
	}
	if !strings.Contains(zh, "无法读取 /etc：它是文件夹，不是普通文件") || strings.Contains(zh, "cannot read") || strings.Contains(zh, "folder") {
		t.Errorf("Chinese: %q", zh)
	}
	// The evidence keeps the English text, for scripts.
	var found bool
	for _, s := range r.trust().sources {
		if s.Name == "NODE_EXTRA_CA_CERTS" && strings.HasPrefix(s.Problem, "cannot read /etc: it is a folder") {
			found = true
		}
	}
	if !found {
		t.Errorf("the evidence lacks the English problem: %+v", r.trust().sources)
	}
}

// recordingFS answers every read with "no such file" and remembers the
// names asked for.
type recordingFS struct {
	mu    sync.Mutex
	names []string
}

func (f *recordingFS) ReadFile(name string) ([]byte, error) {
	f.mu.Lock()
	f.names = append(f.names, name)
	f.mu.Unlock()
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// TestNoHomeReadsNothingRelative: with no home folder known, the user
// settings and ~/.claude.json came out as relative paths (.claude/
// settings.json, .claude.json) and were read from the current folder.
// They are not looked for, and config.files says why.
func TestNoHomeReadsNothingRelative(t *testing.T) {
	files := &recordingFS{}
	env := &Env{Vars: map[string]string{}, Home: "", Cwd: "/work/p", GOOS: "linux", Files: files, Now: time.Now}
	r := newRun(t, env)
	for _, name := range files.names {
		if !strings.HasPrefix(name, "/") {
			t.Errorf("read %q, a path relative to the current folder", name)
		}
	}
	for _, f := range r.Settings.Files {
		if !strings.HasPrefix(f.Path, "/") {
			t.Errorf("settings file %s at %q", f.Kind, f.Path)
		}
		if f.Kind == "user" || f.Kind == "state" {
			t.Errorf("with no home, the %s file is listed: %+v", f.Kind, f)
		}
	}
	res := checkFiles(context.Background(), r)
	if res.Status != Pass || !strings.Contains(res.SummaryIn(i18n.EN), "no home folder is known") || !strings.Contains(res.SummaryIn(i18n.ZH), "不知道主目录") {
		t.Errorf("config.files: %s %q / %q", res.Status, res.SummaryIn(i18n.EN), res.SummaryIn(i18n.ZH))
	}
	b, _ := json.Marshal(res.Evidence)
	if !strings.Contains(string(b), "no home folder is known") {
		t.Errorf("the evidence does not say there is no home: %s", b)
	}

	// CLAUDE_CONFIG_DIR still names the user folder, home or not.
	files = &recordingFS{}
	env = &Env{Vars: map[string]string{"CLAUDE_CONFIG_DIR": "/cfg"}, Cwd: "/work/p", GOOS: "linux", Files: files, Now: time.Now}
	r = newRun(t, env)
	var kinds []string
	for _, f := range r.Settings.Files {
		kinds = append(kinds, f.Kind+"="+f.Path)
	}
	if got := strings.Join(kinds, " "); !strings.Contains(got, "state=/cfg/.claude.json") || !strings.Contains(got, "user=/cfg/settings.json") {
		t.Errorf("with CLAUDE_CONFIG_DIR: %s", got)
	}
	if res := checkFiles(context.Background(), r); strings.Contains(res.SummaryIn(i18n.EN), "no home") {
		t.Errorf("CLAUDE_CONFIG_DIR set, yet: %q", res.SummaryIn(i18n.EN))
	}
}

// TestCABundleFlagReadIsBounded: --ca-bundle was read with os.ReadFile:
// a named pipe never opened, a huge file was read whole. Each is refused
// at once, saying what it is, in the reader's language.
func TestCABundleFlagReadIsBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(KindCA.Limit + 1)
	f.Close()
	cases := map[string]string{big: "it is larger than 8 MiB", dir: "it is a folder"}
	// (/dev/zero is in the hostile tests, under a memory limit: read
	// without a bound it eats the machine.)
	if runtime.GOOS != "windows" {
		fifo := filepath.Join(dir, "ca.pem")
		if err := makeFIFO(fifo); err == nil {
			cases[fifo] = "it is a named pipe"
		}
	}
	for path, want := range cases {
		done := make(chan error, 1)
		go func() { done <- ValidateOptions(Options{CABundle: path}) }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "--ca-bundle: cannot read "+path+": "+want) || !errors.Is(err, ErrNotRegular) && !errors.Is(err, ErrTooLarge) {
				t.Errorf("--ca-bundle %s: %v", path, err)
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) || !strings.Contains(i18n.ZH.Err(err), "无法读取") {
				t.Errorf("--ca-bundle %s: not in the reader's language: %q", path, i18n.ZH.Err(err))
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("--ca-bundle %s: still reading after 5 s", path)
		}
	}
}
