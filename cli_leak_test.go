package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"apidoctor/lab"
)

// These tests run the real binary against a lab API server that quotes the
// key back (lab.EchoKey), the way some gateways and proxies do, and look
// for the key in every output: stdout in each format, the reports, watch.
// A key is masked to sk-ant-api03-…Xy7A: no run of more than four
// characters of its body may show anywhere.

// echoLab is a lab API server that echoes the key as told, and what aims
// the real binary at it: its environment (a fresh home, the lab's CA) and
// the flags that keep the run on loopback.
type echoLab struct {
	t     *testing.T
	lab   *lab.Lab
	dir   string
	env   []string
	flags []string
}

func newEchoLab(t *testing.T, e lab.Echo, env ...string) *echoLab {
	t.Helper()
	dir := t.TempDir()
	l, err := lab.Start(filepath.Join(dir, "lab"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	l.API.SetPersonality(lab.EchoKey)
	l.API.SetEcho(e)
	ca := filepath.Join(dir, "lab-ca.pem")
	home := filepath.Join(dir, "home")
	if err := os.WriteFile(ca, l.PublicCA.PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(home, 0o700)
	x := &echoLab{t: t, lab: l, dir: dir}
	// Nothing of the machine's own environment: no proxy, no key, no locale.
	x.env = append([]string{"PATH=/usr/bin:/bin", "HOME=" + home, "LANG=C.UTF-8", "NODE_EXTRA_CA_CERTS=" + ca, "SSL_CERT_FILE=" + ca}, env...)
	x.flags = []string{"--status-url", "none", "--platform-url", "none", "--reference-dns", "none", "--trace-url", "none", "--timeout", "5s"}
	return x
}

// baseURL is the lab API's address, for --base-url.
func (x *echoLab) baseURL() string { return "https://127.0.0.1:" + strconv.Itoa(x.lab.API.Port) }

// run runs the binary with args and the lab's flags; it returns stdout,
// stderr and the exit code.
func (x *echoLab) run(args ...string) (string, string, int) {
	x.t.Helper()
	cmd := exec.Command(binary(x.t), append(args, x.flags...)...)
	cmd.Dir, cmd.Env = x.dir, x.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		x.t.Fatalf("%v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// report runs the binary with --report into the lab's folder and returns
// stdout and the report.
func (x *echoLab) report(name string, args ...string) (string, string) {
	x.t.Helper()
	path := filepath.Join(x.dir, name)
	out, errb, _ := x.run(append(args, "--report", path)...)
	data, err := os.ReadFile(path)
	if err != nil {
		x.t.Fatalf("%s was not written: %v\n%s", name, err, errb)
	}
	return out, string(data)
}

// letters makes a random run of mixed-case letters: no digit of a port or
// a timing, no English word, can pass for a piece of it by chance.
func letters(rng *rand.Rand, n int) string {
	const abc = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, n)
	for i := range b {
		b[i] = abc[rng.IntN(len(abc))]
	}
	return string(b)
}

// testKey is a console key's shape and length (108 characters) with a
// random body.
func testKey(seed uint64) (key, body string) {
	body = letters(rand.New(rand.NewPCG(seed, 1)), 95)
	return "sk-ant-api03-" + body, body
}

// shown is the longest run of more than four characters of secret that
// out holds ("" when there is none): four is the tail a mask keeps.
func shown(out, secret string) string {
	best := ""
	for i := range secret {
		n := max(len(best)+1, 5)
		for i+n <= len(secret) && strings.Contains(out, secret[i:i+n]) {
			best = secret[i : i+n]
			n++
		}
	}
	return best
}

// noRun fails when out shows more than the masked tail of secret.
func noRun(t *testing.T, what, out, secret string) {
	t.Helper()
	if run := shown(out, secret); run != "" {
		i := strings.Index(out, run)
		t.Errorf("%s shows %d characters of the secret: %q in …%s…", what, len(run), run, out[max(i-40, 0):min(i+len(run)+20, len(out))])
	}
}

// TestCutBodyKeepsTheKeyMasked: a gateway quotes the key in an error body
// longer than the 200 bytes kept as evidence, so the cut falls inside the
// key. The cut key must be masked like a whole one, in check --json and in
// every report format.
func TestCutBodyKeepsTheKeyMasked(t *testing.T) {
	key, body := testKey(11)
	// {"error":{"message":" is 21 bytes; the preamble puts the key at byte
	// 112, so the cut at 200 keeps 88 of its 108 characters.
	preamble := "The gateway refused this credential. Check it in the console and try again; it was: " + strings.Repeat("-", 6)
	x := newEchoLab(t, lab.Echo{Message: preamble + "{key} (end of message)"}, "ANTHROPIC_API_KEY="+key)
	x.flags = append(x.flags, "--base-url", x.baseURL())
	outputs := map[string]string{}
	for _, f := range []string{"md", "html", "json", "txt"} {
		out, rep := x.report("report."+f, "check", "--json")
		outputs["check --json"], outputs["report ."+f] = out, rep
	}
	if !strings.Contains(outputs["check --json"], "it was: "+strings.Repeat("-", 6)+"sk-ant-api03-") {
		t.Fatalf("the echoed body never reached the output; the test would prove nothing:\n%s", outputs["check --json"])
	}
	for name, out := range outputs {
		noRun(t, name, out, body)
	}
}

// TestWrapRedactsFirst: the text outputs wrap at 100 columns. A key too
// long for a line, or a base URL whose password comes back in a parse
// error, is broken across two lines; redacted after the wrap, neither half
// is recognised. Stdout, --plain and the text report must show no more
// than the masked tail.
func TestWrapRedactsFirst(t *testing.T) {
	key, body := testKey(12)
	x := newEchoLab(t, lab.Echo{}, "ANTHROPIC_API_KEY="+key)
	x.flags = append(x.flags, "--base-url", x.baseURL())
	text, _, _ := x.run("check")
	plain, _, _ := x.run("check", "--plain")
	_, txt := x.report("report.txt", "check")
	if !strings.Contains(text, "invalid x-api-key: sk-ant-api03-…") && !strings.Contains(text, "invalid x-api-key:\n") {
		t.Fatalf("the echoed key never reached the verdict; the test would prove nothing:\n%s", text)
	}
	for name, out := range map[string]string{"check": text, "check --plain": plain, "report .txt": txt} {
		noRun(t, name+" (key)", out, body)
	}

	// A base URL that does not parse comes back whole in the parse error.
	password := letters(rand.New(rand.NewPCG(12, 2)), 100)
	u := "https://alice:" + password + "@127.0.0.1:" + strconv.Itoa(x.lab.API.Port) + ":1"
	y := newEchoLab(t, lab.Echo{}, "ANTHROPIC_BASE_URL="+u)
	text, _, _ = y.run("check")
	plain, _, _ = y.run("check", "--plain")
	_, txt = y.report("report.txt", "check")
	if !strings.Contains(text, "base_url_invalid") {
		t.Fatalf("the base URL should be the verdict:\n%s", text)
	}
	for name, out := range map[string]string{"check": text, "check --plain": plain, "report .txt": txt} {
		noRun(t, name+" (base URL password)", out, password)
	}
}

// TestWatchJSONRedactsEveryField: a gateway that puts the key in its
// Request-Id and Retry-After headers; watch --json prints both fields.
func TestWatchJSONRedactsEveryField(t *testing.T) {
	key, body := testKey(13)
	x := newEchoLab(t, lab.Echo{Status: 429, RequestID: "{key}", Headers: map[string]string{"Retry-After": "{key}"}}, "ANTHROPIC_API_KEY="+key)
	x.flags = append(x.flags, "--base-url", x.baseURL())
	out, errb, _ := x.run("watch", "--json", "--count", "2", "--interval", "10ms")
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var p struct {
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if !strings.HasPrefix(p.RequestID, "sk-ant-api03-") {
			t.Fatalf("the echoed request id never reached the output; the test would prove nothing: %q", p.RequestID)
		}
		lines++
	}
	if lines != 2 {
		t.Fatalf("%d NDJSON lines, want 2:\n%s\n%s", lines, out, errb)
	}
	noRun(t, "watch --json", out, body)
	noRun(t, "watch --json (stderr)", errb, body)
	text, _, _ := x.run("watch", "--count", "2", "--interval", "10ms")
	noRun(t, "watch", text, body)
}
