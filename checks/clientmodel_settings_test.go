package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManagedDropInsMergeInNameOrder: Claude Code (2.1.83 and later)
// merges managed-settings.d/*.json on top of managed-settings.json, in
// name order, a later file winning a name; hidden files and other names
// are not read. All of it is managed, above every other file.
func TestManagedDropInsMergeInNameOrder(t *testing.T) {
	for goos, dir := range map[string]string{
		"linux":  "/etc/claude-code",
		"darwin": "/Library/Application Support/ClaudeCode",
	} {
		t.Run(goos, func(t *testing.T) {
			root := t.TempDir()
			write := func(path, body string) {
				full := filepath.Join(root, filepath.FromSlash(path))
				os.MkdirAll(filepath.Dir(full), 0o755)
				if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(dir+"/managed-settings.json", `{"env": {"A": "base", "B": "base"}}`)
			write(dir+"/managed-settings.d/20-b.json", `{"env": {"C": "twenty"}}`)
			write(dir+"/managed-settings.d/10-a.json", `{"env": {"B": "ten", "C": "ten"}}`)
			write(dir+"/managed-settings.d/.hidden.json", `{"env": {"D": "hidden"}}`)
			write(dir+"/managed-settings.d/notes.txt", `{"env": {"D": "txt"}}`)
			write("/home/u/.claude/settings.json", `{"env": {"C": "user", "E": "user"}}`)
			env := &Env{Vars: map[string]string{"C": "shell"}, Home: "/home/u", Cwd: "/home/u/p", GOOS: goos, Files: RootFS{Root: root}}
			s := LoadSettings(env, ClaudeCode, nil)
			want := map[string]string{
				"A": "base@" + dir + "/managed-settings.json",
				"B": "ten@" + dir + "/managed-settings.d/10-a.json",
				"C": "twenty@" + dir + "/managed-settings.d/20-b.json",
				"E": "user@/home/u/.claude/settings.json",
			}
			for name, w := range want {
				v, ok := s.Lookup(name)
				if got := v.Raw + "@" + v.Source; !ok || got != w {
					t.Errorf("%s = %q, want %q", name, got, w)
				}
			}
			if _, ok := s.Lookup("D"); ok {
				t.Errorf("a hidden file or a .txt was read: D = %+v", s.Vars["D"])
			}
			var hidden []string
			for _, v := range s.Hidden("C") {
				hidden = append(hidden, v.Raw)
			}
			if got := strings.Join(hidden, ","); got != "ten,user" {
				t.Errorf("C's hidden values, highest first: %q", got)
			}
			var managed []string
			for _, f := range s.Files {
				if f.Kind == "managed" {
					managed = append(managed, strings.TrimPrefix(f.Path, dir+"/"))
				}
			}
			if got := strings.Join(managed, " "); got != "managed-settings.json managed-settings.d/10-a.json managed-settings.d/20-b.json" {
				t.Errorf("managed files %q", got)
			}
		})
	}
}

// TestFilesSayFlagSettingsAreUnseen: `claude --settings` cannot be seen
// from outside, and the evidence says so (docs/clients.md).
func TestFilesSayFlagSettingsAreUnseen(t *testing.T) {
	r := trustRun(t, ClaudeCode, map[string]string{})
	ev := checkFiles(t.Context(), r).Evidence.(*FilesEvidence)
	if !strings.Contains(strings.Join(ev.Notes, "\n"), "--settings") {
		t.Fatalf("notes %q", ev.Notes)
	}
}

// TestSettingsEncodingsClaudeCodeReads: Claude Code 2.1.332 loads a
// settings file with a UTF-8 byte-order mark, with CRLF, and in UTF-16LE
// with its mark, and refuses comments and trailing commas ("Invalid or
// malformed JSON", the env block not in effect): the engine reads the
// same files and refuses the same ones.
func TestSettingsEncodingsClaudeCodeReads(t *testing.T) {
	utf16le := func(s string) string {
		out := []byte{0xFF, 0xFE}
		for _, r := range s {
			out = append(out, byte(r), byte(r>>8))
		}
		return string(out)
	}
	const doc = "{\r\n  \"env\": {\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:18002\"}\r\n}\r\n"
	for _, c := range []struct {
		name, body string
		read       bool
	}{
		{"plain", doc, true},
		{"utf-8 byte-order mark", "\xEF\xBB\xBF" + doc, true},
		{"utf-16le with its mark", utf16le(doc), true},
		{"comments", "{\n  // the gateway\n  \"env\": {\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:18002\"}\n}\n", false},
		{"trailing comma", "{\"env\": {\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:18002\",},\n}\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			path := filepath.Join(root, "home/u/.claude/settings.json")
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			env := &Env{Vars: map[string]string{"ANTHROPIC_BASE_URL": "http://127.0.0.1:18001"}, Home: "/home/u", Cwd: "/home/u/p", GOOS: "linux", Files: RootFS{Root: root}}
			s := LoadSettings(env, ClaudeCode, nil)
			v, _ := s.Lookup("ANTHROPIC_BASE_URL")
			if got := v.Raw == "http://127.0.0.1:18002"; got != c.read {
				t.Errorf("the settings' env block in effect: %v, want %v (%+v)", got, c.read, v)
			}
			for _, f := range s.Files {
				if f.Path == "/home/u/.claude/settings.json" && (f.Error == "") != c.read {
					t.Errorf("the file's error %q, want one: %v", f.Error, !c.read)
				}
			}
		})
	}
}
