package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportFollowsTheLanguage: a report written by check --report is in
// the reader's language, as the wizard's are (the CLI passed no language,
// so its reports were always English).
func TestReportFollowsTheLanguage(t *testing.T) {
	for _, c := range []struct{ lang, want, not string }{
		{"zh", "结论", "Verdict"},
		{"en", "Verdict", "结论"},
	} {
		path := filepath.Join(t.TempDir(), "r.md")
		code, _, errb, _, _ := runLab(t, "tls-inspection", "--lang", c.lang, "--report", path)
		if code != exitProblem {
			t.Fatalf("%s: exit %d: %s", c.lang, code, errb)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if s := string(data); !strings.Contains(s, c.want) || strings.Contains(s, c.not) {
			t.Errorf("--lang %s: the report lacks %q or has %q:\n%.600s", c.lang, c.want, c.not, s)
		}
	}
}
