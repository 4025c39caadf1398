package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/ui"
)

// runArgs runs the command line with no engine (any use of it fails the
// test) and returns the exit code, stdout and stderr.
func runArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, system{stdout: &out, stderr: &errb,
		newEnv:    func() *checks.Env { t.Fatalf("%v: the engine ran", args); return nil },
		configDir: func() (string, error) { t.Fatalf("%v: the undo log was opened", args); return "", nil }})
	return code, out.String(), errb.String()
}

// TestCompletionScripts: apidoctor completion SHELL prints that shell's
// script for apidoctor, in every shell cobra knows.
func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash":       "complete -o default -F __start_apidoctor apidoctor",
		"zsh":        "#compdef apidoctor",
		"fish":       "complete -c apidoctor",
		"powershell": "Register-ArgumentCompleter -CommandName 'apidoctor'",
	} {
		code, out, errb := runArgs(t, "completion", shell)
		if code != exitOK || errb != "" || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, stderr %q, the script lacks %q:\n%.500s", shell, code, errb, marker, out)
		}
	}
}

// TestCompletionOfValues: the shell asks the program itself (the hidden
// __complete command the scripts call) for the values a flag or a word
// can take.
func TestCompletionOfValues(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"check", "--client", ""}, []string{"claude-code", "python-sdk", "curl"}},
		{[]string{"--client", ""}, []string{"node-sdk", "go-sdk"}},
		{[]string{"check", "--format", ""}, []string{"markdown", "json", "html", "text"}},
		{[]string{"watch", "--lang", ""}, []string{"en", "zh"}},
		{[]string{"demo", ""}, []string{"tls-inspection\t", "proxy-not-exported\t"}},
		{[]string{"fix", ""}, []string{"proxy.edit\t", "ca.bundle\t"}},
		{[]string{"fix", "proxy.edit", "--target", ""}, []string{"claude-settings", "shell", "print"}},
		{[]string{"help", ""}, []string{"check\t", "watch\t"}},
		{[]string{"completion", ""}, []string{"bash\t", "zsh\t", "fish\t", "powershell\t"}},
		{[]string{"ch"}, []string{"check\t"}},
	} {
		code, out, _ := runArgs(t, append([]string{"__complete"}, c.args...)...)
		for _, w := range c.want {
			if code != exitOK || !strings.Contains(out, w) {
				t.Errorf("%q: exit %d, no %q in:\n%s", c.args, code, w, out)
			}
		}
	}
}

// TestHelpOfACommand: apidoctor help fix, fix --help, fix -h and the old
// fix -help print the same help, fix's, in the reader's language: what
// the command does, its flags, its examples.
func TestHelpOfACommand(t *testing.T) {
	for lang, says := range map[string]string{"en": "Without --apply it prints the plan", "zh": "不带 --apply 时"} {
		l := i18n.Lang(lang)
		var first string
		for _, args := range [][]string{{"help", "fix"}, {"fix", "--help"}, {"fix", "-h"}, {"fix", "-help"}, {"fix", "proxy.edit", "--help"}} {
			args = append(args, "--lang", lang)
			code, out, errb := runArgs(t, args...)
			if code != exitOK || errb != "" {
				t.Fatalf("%v: exit %d, stderr %q", args, code, errb)
			}
			for _, want := range []string{says, "apidoctor fix <id>", "--apply", "--set", "--target", "--pick", "--base-url", strings.Split(l.T("cmd.fix.example"), "\n")[0]} {
				if !strings.Contains(out, want) {
					t.Errorf("%v: the help lacks %q:\n%s", args, want, out)
				}
			}
			if strings.Contains(out, "--interval") || strings.Contains(out, "--metrics-addr") {
				t.Errorf("%v: fix's help lists another command's flags:\n%s", args, out)
			}
			if first == "" {
				first = out
			} else if out != first {
				t.Errorf("%v: a help unlike apidoctor help fix's:\n%s", args, out)
			}
		}
	}
}

// TestEveryCommandHasHelpAndAnExample: every command a person can run has
// a description and an example in both languages, and every flag a
// placeholder that names its value (no "string", no "value").
func TestEveryCommandHasHelpAndAnExample(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		root := (&app{sys: system{lang: lang}}).rootCmd()
		walk(root, func(c *cobra.Command) {
			if c.Hidden {
				return
			}
			if c.Short == "" || c.Long == "" || c.Example == "" {
				t.Errorf("%s %s: short %q, long %q, example %q", lang, c.CommandPath(), c.Short, c.Long, c.Example)
			}
			c.Flags().VisitAll(func(f *pflag.Flag) {
				if f.Usage == "" || strings.Contains(f.Usage, "cmd.") || strings.Contains(f.Usage, "flag.") {
					t.Errorf("%s %s --%s: usage %q", lang, c.CommandPath(), f.Name, f.Usage)
				}
				if typ := f.Value.Type(); typ != "bool" && (typ == "string" || typ == "value" || typ == "") {
					t.Errorf("%s --%s: the placeholder is %q", c.CommandPath(), f.Name, typ)
				}
			})
		})
	}
}

// walk calls f on a command and every command below it.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// TestHelpSurvivesFangsCapitals: fang capitalises the first word of each
// command's and flag's description, lower-casing the rest of that word
// ("API" would show as "Api"; a Chinese description, with no space, is a
// single word: "claude-code" in it would show as "Claude-Code"). Every
// description's first word must come out of that unharmed.
func TestHelpSurvivesFangsCapitals(t *testing.T) {
	title := cases.Title(language.AmericanEnglish)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		root := (&app{sys: system{lang: lang}}).rootCmd()
		check := func(what, s string) {
			s = strings.TrimLeftFunc(strings.Split(s, "\n")[0], unicode.IsSpace)
			if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
				s = s[:i]
			}
			if s == "" {
				return
			}
			r := []rune(s)
			if got := title.String(s); got != s && got != string(unicode.ToUpper(r[0]))+string(r[1:]) {
				t.Errorf("%s %s: fang shows %q as %q", lang, what, s, got)
			}
		}
		walk(root, func(c *cobra.Command) {
			c.InitDefaultHelpFlag()
			check(c.CommandPath(), c.Short)
			c.Flags().VisitAll(func(f *pflag.Flag) { check(c.CommandPath()+" --"+f.Name, f.Usage) })
		})
	}
}

// TestHelpColours: the help takes the wizard's colours; with --no-color
// none at all; and help that is not written to a terminal has no escape
// sequence in it.
func TestHelpColours(t *testing.T) {
	dark := helpColors(false)(lipgloss.LightDark(true))
	if want := ui.NewStyles(true, false).Accent; dark.Title != want || dark.Program != want {
		t.Errorf("the titles are %v, not the wizard's accent %v", dark.Title, want)
	}
	none := helpColors(true)(lipgloss.LightDark(true))
	v := reflect.ValueOf(none)
	for i := range v.NumField() {
		var cs []color.Color
		switch x := v.Field(i).Interface().(type) {
		case color.Color:
			cs = []color.Color{x}
		case [2]color.Color:
			cs = x[:]
		}
		for _, c := range cs {
			if c != nil && c != (lipgloss.NoColor{}) {
				t.Errorf("--no-color: %s is %v", v.Type().Field(i).Name, c)
			}
		}
	}
	for _, args := range [][]string{{"--help"}, {"fix", "--help", "--no-color"}, {"help", "watch"}} {
		code, out, _ := runArgs(t, args...)
		if code != exitOK || strings.Contains(out, "\x1b") {
			t.Errorf("%v: exit %d, escapes in help that is not on a terminal:\n%q", args, code, out)
		}
	}
	if !scanNoColor([]string{"-h", "--no-color"}) || scanNoColor([]string{"--no-color=false"}) || scanNoColor([]string{"--", "--no-color"}) {
		t.Error("scanNoColor")
	}
}

// TestLeftoverWordsExitTwo: a word a command does not take is an error,
// never ignored, in every command; an unknown command too.
func TestLeftoverWordsExitTwo(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate" (apidoctor --help`},
		{[]string{"chek"}, `unknown command "chek"; did you mean check?`},
		{[]string{"--ascii", "stray"}, `unknown command "stray"`},
		{[]string{"check", "stray"}, `unexpected argument "stray" (apidoctor check --help`},
		{[]string{"check", "--json", "stray", "--ascii"}, `unexpected argument "stray"`},
		{[]string{"demo", "healthy", "stray"}, `unexpected argument "stray" (apidoctor demo --help`},
		{[]string{"fix", "proxy.edit", "stray"}, `unexpected argument "stray" (apidoctor fix --help`},
		{[]string{"fix", "--apply"}, "fix needs the id of a fix, one of: proxy.edit, "},
		{[]string{"undo", "1", "2"}, `unexpected argument "2" (apidoctor undo --help`},
		{[]string{"undo", "--list", "1"}, `unexpected argument "1"`},
		{[]string{"watch", "stray"}, `unexpected argument "stray" (apidoctor watch --help`},
		{[]string{"version", "stray"}, `unexpected argument "stray" (apidoctor version --help`},
		{[]string{"help", "stray"}, `unknown command "stray" (apidoctor help --help`},
		{[]string{"help", "fix", "stray"}, `unknown command "stray"`},
		{[]string{"man", "stray"}, `unexpected argument "stray" (apidoctor man --help`},
		{[]string{"completion", "tcsh"}, `unknown command "tcsh" (apidoctor completion --help`},
		{[]string{"completion", "zsh", "stray"}, `unexpected argument "stray" (apidoctor completion zsh --help`},
		{[]string{"--", "-h"}, `unknown command "-h"`},
		{[]string{"--lang", "zh", "check", "stray"}, `多余的参数 "stray"（用 apidoctor check --help 查看用法）`},
	} {
		code, out, errb := runArgs(t, c.args...)
		if code != exitUsage || out != "" || !strings.HasPrefix(errb, "apidoctor: ") || !strings.Contains(errb, c.want) || strings.Count(errb, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errb, c.want)
		}
	}
}

// TestFlagMistakesExitTwo: cobra's and pflag's mistakes are said in the
// reader's language, naming the flag, exit 2.
func TestFlagMistakesExitTwo(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--timeout", "soon"}, `--timeout: want a duration such as 500ms, 10s or 1m30s, got "soon"`},
		{[]string{"watch", "--count", "many"}, `--count: want a whole number, got "many"`},
		{[]string{"check", "--json=maybe"}, `--json: want true or false, got "maybe"`},
		{[]string{"check", "--client"}, "--client needs a value"},
		{[]string{"fix", "proxy.edit", "--set", "NOEQUALS"}, `--set: want KEY=VALUE`},
		{[]string{"undo", "--json"}, "unknown flag --json (apidoctor undo --help"},
		{[]string{"version", "--plain"}, "unknown flag --plain (apidoctor version --help"},
		{[]string{"help", "--ascii"}, "unknown flag --ascii"},
		{[]string{"check", "--version"}, "unknown flag --version"},
		{[]string{"check", "-x"}, "unknown flag -x"},
		{[]string{"check", "--lang", "zh", "--timeout", "soon"}, `--timeout：应为时长，如 500ms、10s 或 1m30s，实际为 "soon"（用 apidoctor check --help 查看用法）`},
	} {
		code, out, errb := runArgs(t, c.args...)
		if code != exitUsage || out != "" || !strings.HasPrefix(errb, "apidoctor: ") || !strings.Contains(errb, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errb, c.want)
		}
	}
}

// TestSingleDashFlagsStillWork: the old command line took -json, -lang zh
// and -help; scripts that say so keep working. After --, nothing is read
// as a flag.
func TestSingleDashFlagsStillWork(t *testing.T) {
	code, out, stderr, _, _ := runLab(t, "healthy", "-json", "-timeout=30s")
	var doc struct{ Schema string }
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil || doc.Schema != checks.Schema {
		t.Fatalf("check -json: exit %d\n%s\n%s", code, out, stderr)
	}
	if code, _, errb := runArgs(t, "check", "-lang", "zh", "-no-such-flag"); code != exitUsage || !strings.Contains(errb, "未知参数 -no-such-flag") {
		t.Errorf("-lang zh -no-such-flag: exit %d, %q", code, errb)
	}
	if got := longFlags((&app{}).rootCmd(), []string{"-lang", "zh", "fix", "-set", "-json", "proxy.edit", "-apply", "-h", "--", "-json"}); strings.Join(got, " ") != "--lang zh fix --set -json proxy.edit --apply -h -- -json" {
		t.Errorf("rewritten: %q", got)
	}
}

// TestDemoFlagsAfterTheScenario: apidoctor demo tls-inspection --plain
// used to drop --plain (the flags ended at the scenario's name) and open
// the wizard; it prints the run line by line now, whichever side of the
// name the flags are on.
func TestDemoFlagsAfterTheScenario(t *testing.T) {
	for _, args := range [][]string{{"demo", "tls-inspection", "--plain", "--ascii"}, {"demo", "--plain", "tls-inspection", "--ascii"}} {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, system{stdout: &out, stderr: &errb})
		lines := strings.Split(out.String(), "\n")
		if code != exitProblem || !strings.HasPrefix(lines[0], "Checking ") || !strings.Contains(out.String(), "PROBLEM  tls_untrusted") || strings.Contains(out.String(), "\x1b") {
			t.Errorf("%v: exit %d\n%s\n%s", args, code, out.String(), errb.String())
		}
		if strings.Contains(errb.String(), "not a terminal") {
			t.Errorf("%v: --plain was ignored: %s", args, errb.String())
		}
	}
}

// TestFixFlagsAfterTheID runs the real binary on a scratch home: the fix's
// flags after its id (--apply last) and before it both apply the fix.
func TestFixFlagsAfterTheID(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the store tests drive Unix processes")
	}
	for _, order := range []string{"after", "before"} {
		h := newTestHome(t)
		bashrc := filepath.Join(h.home, ".bashrc")
		h.write(bashrc, "# mine\n")
		flags := []string{"--target", "shell", "--set", "HTTPS_PROXY=http://" + h.refused, "--force", "--apply"}
		args := append([]string{"fix", "proxy.edit"}, flags...)
		if order == "before" {
			args = append(append([]string{"fix"}, flags...), "proxy.edit")
		}
		r := h.run(30*time.Second, h.command("", h.environ(), append(args, h.deadArgs()...)...))
		if appliedID(r) != "1" || !strings.Contains(h.read(bashrc), "HTTPS_PROXY") || !strings.Contains(h.read(bashrc), h.refused) {
			t.Fatalf("flags %s the id: not applied to ~/.bashrc (%q):\n%s", order, h.read(bashrc), r)
		}
		if _, err := os.Stat(filepath.Join(h.home, ".config/apidoctor/undo.json")); err != nil {
			t.Errorf("flags %s the id: no undo log: %v", order, err)
		}
	}
}

// TestManPage: apidoctor man prints a roff man page, to the program's
// stdout (fang's own wrote to the process's), in the reader's language.
func TestManPage(t *testing.T) {
	for lang, want := range map[string]string{"en": "find out why this machine cannot reach the Claude API", "zh": "找出这台机器连不上 Claude API 的原因"} {
		code, out, errb := runArgs(t, "man", "--lang", lang)
		if code != exitOK || errb != "" {
			t.Fatalf("man --lang %s: exit %d, %s", lang, code, errb)
		}
		for _, w := range []string{".TH APIDOCTOR 1", ".SH NAME", want, `\fBfix\fP`, `\fB--apply\fP`, `\fB--timeout duration\fP`, "130"} {
			if !strings.Contains(out, w) {
				t.Errorf("man --lang %s lacks %q:\n%.1500s", lang, w, out)
			}
		}
	}
	code, out, _ := runArgs(t, "--help")
	if code != exitOK || !strings.Contains(out, "man") || !strings.Contains(out, "Print the manual page (roff)") {
		t.Errorf("apidoctor --help does not list man:\n%s", out)
	}
}

// TestVersionFlagIsTheVersionCommand: --version prints what version
// prints.
func TestVersionFlagIsTheVersionCommand(t *testing.T) {
	_, cmd, _ := runArgs(t, "version")
	_, flag, _ := runArgs(t, "--version")
	if cmd != versionLine()+"\n" || flag != cmd || !strings.HasPrefix(cmd, "apidoctor ") {
		t.Errorf("version %q, --version %q", cmd, flag)
	}
}
