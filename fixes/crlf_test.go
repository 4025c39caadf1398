package fixes

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSettingsKeepTheirLineBreaksAndBOM: settings.json written on Windows
// (CRLF, often with a byte-order mark, sometimes mixing LF lines in) is
// edited in its own line breaks, the mark stays first, every byte the
// edit does not need stays; and undo gives back the very bytes.
func TestSettingsKeepTheirLineBreaksAndBOM(t *testing.T) {
	const bom = "\uFEFF"
	for _, tc := range []struct {
		name, in string
		edit     func([]byte) ([]byte, error)
		want     string
	}{
		{"CRLF, replace", "{\r\n  \"env\": {\r\n    \"A\": \"1\"\r\n  }\r\n}\r\n",
			setEnv("A", sp("2")),
			"{\r\n  \"env\": {\r\n    \"A\": \"2\"\r\n  }\r\n}\r\n"},
		{"CRLF, remove the only key", "{\r\n  \"model\": \"opus\",\r\n  \"env\": {\r\n    \"A\": \"1\"\r\n  }\r\n}\r\n",
			setEnv("A", nil),
			"{\r\n  \"model\": \"opus\"\r\n}\r\n"},
		{"CRLF and BOM, add", bom + "{\r\n  \"env\": {\r\n    \"A\": \"1\"\r\n  }\r\n}\r\n",
			setEnv("B", sp("2")),
			bom + "{\r\n  \"env\": {\r\n    \"A\": \"1\",\r\n    \"B\": \"2\"\r\n  }\r\n}\r\n"},
		{"CRLF and BOM, no env", bom + "{\r\n    \"model\": \"opus\"\r\n}\r\n",
			setEnv("A", sp("1")),
			bom + "{\r\n    \"model\": \"opus\",\r\n    \"env\": {\r\n        \"A\": \"1\"\r\n    }\r\n}\r\n"},
		{"BOM, empty file", bom,
			setEnv("A", sp("1")),
			bom + "{\n  \"env\": {\n    \"A\": \"1\"\n  }\n}\n"},
		{"CRLF and BOM, state file", bom + "{\r\n  \"numStartups\": 3\r\n}\r\n",
			func(b []byte) ([]byte, error) { return SetTop(b, "hasCompletedOnboarding", true) },
			bom + "{\r\n  \"numStartups\": 3,\r\n  \"hasCompletedOnboarding\": true\r\n}\r\n"},
		// Mixed: the new member takes the line breaks of the lines it joins.
		{"mixed, add", "{\n  \"model\": \"opus\",\r\n  \"env\": {\r\n    \"A\": \"1\"\n  }\r\n}\n",
			setEnv("B", sp("2")),
			"{\n  \"model\": \"opus\",\r\n  \"env\": {\r\n    \"A\": \"1\",\r\n    \"B\": \"2\"\n  }\r\n}\n"},
		{"mixed, into an empty env", "{\r\n  \"env\": {},\n  \"model\": \"opus\"\r\n}\r\n",
			setEnv("A", sp("1")),
			"{\r\n  \"env\": {\n    \"A\": \"1\"\n  },\n  \"model\": \"opus\"\r\n}\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tc.edit([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.want {
				t.Fatalf("got:\n%q\nwant:\n%q", out, tc.want)
			}
			if !json.Valid([]byte(strings.TrimPrefix(string(out), bom))) {
				t.Fatalf("not JSON after its mark:\n%s", out)
			}
			// Written and undone through the store: byte for byte.
			s, root := newStore(t)
			path := filepath.Join(root, "home", "u", ".claude", "settings.json")
			os.MkdirAll(filepath.Dir(path), 0o755)
			os.WriteFile(path, []byte(tc.in), 0o644)
			e, err := s.Apply("x", "x", []Change{{Path: "/home/u/.claude/settings.json", Before: []byte(tc.in), After: out}})
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(path); string(got) != tc.want {
				t.Fatalf("written %q", got)
			}
			if _, err := s.Undo(e.ID); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(path); string(got) != tc.in {
				t.Fatalf("after undo %q, want %q", got, tc.in)
			}
		})
	}
}

func setEnv(k string, v *string) func([]byte) ([]byte, error) {
	return func(b []byte) ([]byte, error) { return SetEnv(b, map[string]*string{k: v}) }
}

// TestProfileBlockFollowsItsLines: in a profile that mixes line breaks,
// the block ends its lines as the line before it does; a byte-order mark
// stays first; a new PowerShell profile whose block is not ASCII starts
// with one (Windows PowerShell 5.1 reads a script without one as ANSI).
func TestProfileBlockFollowsItsLines(t *testing.T) {
	ps := Shell{Name: "powershell"}
	orig := "\uFEFFSet-Alias g git\nImport-Module posh-git\r\n"
	out, err := ps.EditBlock([]byte(orig), map[string]*string{"A": sp("1")})
	if err != nil {
		t.Fatal(err)
	}
	want := orig + "\r\n" + BlockStart + "\r\n# Written by apidoctor; `apidoctor undo` reverts it. Edit outside this block.\r\n$env:A = '1'\r\n" + BlockEnd + "\r\n"
	if string(out) != want {
		t.Fatalf("got %q\nwant %q", out, want)
	}
	// A profile that holds only its mark gets no blank lines before the block.
	if out, _ := ps.EditBlock([]byte("\uFEFF"), map[string]*string{"A": sp("1")}); !strings.HasPrefix(string(out), "\uFEFF"+BlockStart+"\n") {
		t.Fatalf("mark only: %q", out)
	}
	path := `C:\Users\Jürgen\.config\apidoctor\certs\corp.pem`
	if out, _ := ps.EditBlock(nil, map[string]*string{"NODE_EXTRA_CA_CERTS": &path}); !strings.HasPrefix(string(out), "\uFEFF"+BlockStart) {
		t.Fatalf("a new non-ASCII PowerShell profile without a mark: %q", out)
	}
	if out, _ := ps.EditBlock(nil, map[string]*string{"A": sp("1")}); strings.HasPrefix(string(out), "\uFEFF") {
		t.Fatalf("an ASCII profile got a mark: %q", out)
	}
	if out, _ := (Shell{Name: "bash"}).EditBlock(nil, map[string]*string{"NODE_EXTRA_CA_CERTS": &path}); strings.HasPrefix(string(out), "\uFEFF") {
		t.Fatalf("a bash profile got a mark: %q", out)
	}
}
