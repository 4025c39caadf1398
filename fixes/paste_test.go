package fixes

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/redact"
)

// The secrets these tests plant: a key and a proxy password, as the
// redaction tests plant them.
const (
	plantedKey      = "sk-ant-api03-Pl4nt3dK3yB0dyXq9w8e7r6t5y4u3i2o1pAZ"
	plantedPassword = "pw-Pl4nted-s3cret-77"
)

// unset is what the evaluators print for a variable that is not set.
const unset = "<unset>"

// pasteCase: the variable the fix sets, its value, and the variables of
// the shell the lines are pasted into.
type pasteCase struct {
	name string
	env  map[string]string
	k    string
	v    *string
	// left: a secret no variable holds, whose line must be left out.
	left bool
}

func pasteCases() []pasteCase {
	proxy := "http://alice:" + plantedPassword + "@proxy.corp.example:3128"
	return []pasteCase{
		{name: "plain proxy", k: "HTTPS_PROXY", v: sp("http://127.0.0.1:7890")},
		{name: "quotes and dollars", k: "NO_PROXY", v: sp(`localhost,it's,"q",$HOME,\x,%PATH%`)},
		{name: "proxy password from the other case", env: map[string]string{"https_proxy": proxy}, k: "HTTPS_PROXY", v: sp(proxy)},
		{name: "key moved to another name", env: map[string]string{"ANTHROPIC_API_KEY": plantedKey}, k: "ANTHROPIC_AUTH_TOKEN", v: sp(plantedKey)},
		{name: "key with a bad paste around it", env: map[string]string{"ANTHROPIC_API_KEY": " \"" + plantedKey + "'\r\n"}, k: "ANTHROPIC_API_KEY", v: sp(plantedKey)},
		{name: "key nowhere", k: "ANTHROPIC_API_KEY", v: sp(plantedKey), left: true},
		{name: "proxy password nowhere", k: "HTTPS_PROXY", v: sp(proxy), left: true},
		{name: "removal", env: map[string]string{"HTTP_PROXY": "http://old:1"}, k: "HTTP_PROXY"},
	}
}

func pasteContext(env map[string]string) Context {
	vars := map[string]string{}
	for k, v := range env {
		vars[k] = v
	}
	return Context{Env: &checks.Env{GOOS: "linux", Vars: vars}}
}

func want(c pasteCase) string {
	if c.v == nil {
		return unset
	}
	return *c.v
}

// noSecret fails when a line shows a planted secret, whole or in part.
func noSecret(t *testing.T, what, line string) {
	t.Helper()
	red := redact.New(plantedKey, plantedPassword)
	if strings.Contains(line, plantedKey) || strings.Contains(line, plantedPassword) || len(red.Leaks(line)) > 0 {
		t.Errorf("%s shows a secret: %s", what, line)
	}
}

// TestPastedLinesSetTheRealValue: for each shell, the line printed for a
// person to paste, run by that shell (bash, zsh and fish for real when
// installed; PowerShell's and the user environment's by their rules),
// sets exactly the value the fix wants, and shows no secret: a secret is
// read from the variable that holds it, or its line is left out.
func TestPastedLinesSetTheRealValue(t *testing.T) {
	for _, c := range pasteCases() {
		ctx := pasteContext(c.env)
		for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
			line, _, ok := ctx.pasteLine(Shell{Name: shell}, c.k, c.v)
			if ok == c.left {
				t.Errorf("%s, %s: printed %v, want %v (%q)", c.name, shell, ok, !c.left, line)
				continue
			}
			if !ok {
				continue
			}
			if line == "" {
				// Nothing to paste: the shell holds the value already
				// (PowerShell's names are one in any case).
				held := false
				for name, v := range c.env {
					held = held || v == want(c) && (name == c.k || shell == "powershell" && strings.EqualFold(name, c.k))
				}
				if !held {
					t.Errorf("%s, %s: no line, yet the shell does not hold the value", c.name, shell)
				}
				continue
			}
			noSecret(t, c.name+", "+shell, line)
			if got := emulate(t, shell, line, c.env, c.k); got != want(c) {
				t.Errorf("%s, %s: %q sets %q, want %q", c.name, shell, line, got, want(c))
			}
			if got, ran := runShell(t, shell, line, c.env, c.k); ran && got != want(c) {
				t.Errorf("%s, %s (run): %q sets %q, want %q", c.name, shell, line, got, want(c))
			}
		}
		// The Windows user environment.
		lines, left := ctx.userEnvLines(map[string]*string{c.k: c.v})
		if (len(left) > 0) != c.left || len(lines)+len(left) != 1 {
			t.Errorf("%s, user environment: lines %q, left out %q", c.name, lines, left)
			continue
		}
		for _, l := range lines {
			noSecret(t, c.name+", user environment", l)
			if got := emulateUserEnv(t, l, c.env, c.k); got != want(c) {
				t.Errorf("%s, user environment: %q sets %q, want %q", c.name, l, got, want(c))
			}
		}
	}
}

// runShell runs line in the real shell with env, and returns what it left
// in k; ran is false when the shell is not installed.
func runShell(t *testing.T, shell, line string, env map[string]string, k string) (string, bool) {
	t.Helper()
	var args []string
	switch shell {
	case "bash", "zsh":
		args = []string{"-c", line + "\nprintf '%s' \"${" + k + "-" + unset + "}\""}
	case "fish":
		args = []string{"--no-config", "-c", line + "\nif set -q " + k + "; printf '%s' \"$" + k + "\"; else; printf '%s' '" + unset + "'; end"}
	case "powershell":
		shell = "pwsh"
		args = []string{"-NoProfile", "-NonInteractive", "-Command", line + "\nif (Test-Path Env:" + k + ") { [Console]::Out.Write($env:" + k + ") } else { [Console]::Out.Write('" + unset + "') }"}
	}
	bin, err := exec.LookPath(shell)
	if err != nil {
		return "", false
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for name, v := range env {
		cmd.Env = append(cmd.Env, name+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %q: %v", shell, line, err)
	}
	return string(out), true
}

// The reference forms the lines use, by shell.
var (
	bashRef      = regexp.MustCompile(`^export (\w+)="\$(\w+)"$`)
	bashClean    = regexp.MustCompile(`^export (\w+)="\$\(printf '%s' "\$(\w+)" \| LC_ALL=C tr -cd 'A-Za-z0-9_-'\)"$`)
	fishRef      = regexp.MustCompile(`^set -gx (\w+) "\$(\w+)"$`)
	fishClean    = regexp.MustCompile(`^set -gx (\w+) \(string replace -ar '\[\^A-Za-z0-9_-\]' '' -- "\$(\w+)"\)$`)
	psRefLine    = regexp.MustCompile(`^\$env:(\w+) = (.+)$`)
	psVar        = regexp.MustCompile(`^\$env:(\w+)$`)
	psCleanVar   = regexp.MustCompile(`^\(\$env:(\w+) -replace '\[\^A-Za-z0-9_-\]', ''\)$`)
	setxLine     = regexp.MustCompile(`^setx (\w+) "((?:[^"\\]|\\.)*)"$`)
	regDelete    = regexp.MustCompile(`^reg delete HKCU\\Environment /v (\w+) /f$`)
	setEnvMethod = regexp.MustCompile(`^\[Environment\]::SetEnvironmentVariable\('(\w+)', (.+), 'User'\)$`)
)

// emulate evaluates a line by its shell's rules (the quoting parseLine
// reads, and the reference forms), for the shells not installed here.
func emulate(t *testing.T, shell, line string, env map[string]string, k string) string {
	t.Helper()
	get := func(name string) string {
		if v, ok := env[name]; ok {
			return v
		}
		return ""
	}
	var m []string
	switch {
	case shell != "fish" && shell != "powershell" && bashClean.MatchString(line):
		m = bashClean.FindStringSubmatch(line)
		return checkName(t, m[1], k, keyOnly.ReplaceAllString(get(m[2]), ""))
	case shell != "fish" && shell != "powershell" && bashRef.MatchString(line):
		m = bashRef.FindStringSubmatch(line)
		return checkName(t, m[1], k, get(m[2]))
	case shell == "fish" && fishClean.MatchString(line):
		m = fishClean.FindStringSubmatch(line)
		return checkName(t, m[1], k, keyOnly.ReplaceAllString(get(m[2]), ""))
	case shell == "fish" && fishRef.MatchString(line):
		m = fishRef.FindStringSubmatch(line)
		return checkName(t, m[1], k, get(m[2]))
	case shell == "powershell" && psRefLine.MatchString(line) && !strings.HasPrefix(psRefLine.FindStringSubmatch(line)[2], "'"):
		m = psRefLine.FindStringSubmatch(line)
		return checkName(t, m[1], k, psExpr(t, m[2], env))
	}
	name, v, ok := Shell{Name: shell}.parseLine(line)
	if !ok {
		t.Fatalf("%s cannot read %q", shell, line)
	}
	if v == nil {
		return checkName(t, name, k, unset)
	}
	return checkName(t, name, k, *v)
}

// psExpr evaluates the PowerShell expressions the lines use.
func psExpr(t *testing.T, e string, env map[string]string) string {
	t.Helper()
	if m := psVar.FindStringSubmatch(e); m != nil {
		return env[m[1]]
	}
	if m := psCleanVar.FindStringSubmatch(e); m != nil {
		return keyOnly.ReplaceAllString(env[m[1]], "")
	}
	if strings.HasPrefix(e, "'") && strings.HasSuffix(e, "'") {
		return strings.ReplaceAll(e[1:len(e)-1], "''", "'")
	}
	t.Fatalf("not a PowerShell expression these lines use: %s", e)
	return ""
}

// emulateUserEnv evaluates a line of the Windows user environment: setx
// with its quoted value (\" a quote), reg delete, or the .NET call.
func emulateUserEnv(t *testing.T, line string, env map[string]string, k string) string {
	t.Helper()
	if m := setxLine.FindStringSubmatch(line); m != nil {
		return checkName(t, m[1], k, strings.ReplaceAll(m[2], `\"`, `"`))
	}
	if m := regDelete.FindStringSubmatch(line); m != nil {
		return checkName(t, m[1], k, unset)
	}
	if m := setEnvMethod.FindStringSubmatch(line); m != nil {
		return checkName(t, m[1], k, psExpr(t, m[2], env))
	}
	t.Fatalf("not a user environment line: %s", line)
	return ""
}

func checkName(t *testing.T, got, want, v string) string {
	t.Helper()
	if got != want {
		t.Fatalf("the line sets %s, not %s", got, want)
	}
	return v
}

// TestPastedLinesReadBeforeTheyUnset: the key moved to another name is
// read from its old variable before that one is unset, whatever the
// names' order.
func TestPastedLinesReadBeforeTheyUnset(t *testing.T) {
	got := pasteOrder([]pasted{
		{"unset ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", ""},
		{`export ANTHROPIC_AUTH_TOKEN="$ANTHROPIC_API_KEY"`, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"},
		{"export NO_PROXY='x'", "NO_PROXY", ""},
	})
	if strings.Join(got, "\n") != "export ANTHROPIC_AUTH_TOKEN=\"$ANTHROPIC_API_KEY\"\nunset ANTHROPIC_API_KEY\nexport NO_PROXY='x'" {
		t.Fatalf("order:\n%s", strings.Join(got, "\n"))
	}
	if _, ran := runShell(t, "bash", "true", nil, "X"); !ran {
		return
	}
	out, _ := runShell(t, "bash", strings.Join(got, "\n"), map[string]string{"ANTHROPIC_API_KEY": plantedKey}, "ANTHROPIC_AUTH_TOKEN")
	if out != plantedKey {
		t.Fatalf("bash got %q", out)
	}
}
