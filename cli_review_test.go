package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"apidoctor/checks"
)

// TestNothingAcceptedAndIgnored: a flag that would change nothing, a
// pair that contradicts itself, and a word after --version or beside
// --list are refused (exit 2, in the reader's language) before anything
// runs; each of these exited 0 or was silently dropped before.
func TestNothingAcceptedAndIgnored(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--json", "--plain"}, "--json and --plain do not go together"},
		{[]string{"fix", "proxy.edit", "--json"}, "--json: a fix prints its plan as text"},
		{[]string{"--version", "extra"}, `unknown command "extra"`},
		{[]string{"demo", "--list", "tls-inspection"}, `unexpected argument "tls-inspection"`},
	} {
		code, out, errb := runArgs(t, c.args...)
		if code != exitUsage || !strings.Contains(errb, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q, want 2 and %q", c.args, code, out, errb, c.want)
		}
	}
}

// TestUnknownLanguageInTheReadersOwn: a --lang the program does not know
// is refused in the language of the locale (it was half English).
func TestUnknownLanguageInTheReadersOwn(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"check", "--lang", "xx"}, system{stdout: &out, stderr: &errb,
		locale: map[string]string{"LANG": "zh_CN.UTF-8"},
		newEnv: func() *checks.Env { t.Fatal("the engine ran"); return nil }})
	if code != exitUsage || !strings.Contains(errb.String(), `--lang "xx"：未知的语言（可选 en 或 zh）`) {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestNoSuggestionOfTheWordItself: after --, check is a word, not the
// command: the error does not ask "did you mean check?"; an empty word
// gets no list of every command.
func TestNoSuggestionOfTheWordItself(t *testing.T) {
	for _, args := range [][]string{{"--", "check"}, {""}} {
		code, _, errb := runArgs(t, args...)
		if code != exitUsage || strings.Contains(errb, "did you mean") {
			t.Errorf("%q: exit %d, %s", args, code, errb)
		}
	}
}

// failingWriter fails every write, like stdout on a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteErrorsAreErrors: version, --version, demo --list and undo
// --list that cannot write their output exit 2, not 0 in silence.
func TestWriteErrorsAreErrors(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"demo", "--list"}} {
		var errb bytes.Buffer
		code := run(context.Background(), args, system{stdout: failingWriter{}, stderr: &errb,
			newEnv: func() *checks.Env { t.Fatalf("%v: the engine ran", args); return nil }})
		if code != exitUsage || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}
