package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// FuzzEveryOutput plants secrets and terminal escapes everywhere the
// network or a file can put them, then reads every output of every format
// and proves none holds a secret (beyond the four characters a mask keeps)
// or a raw control character (beyond newline and tab in text formats).
//
// The plants: a key the server quotes back in an error message or a raw
// body of any length around the 200-byte cut, in Request-Id, Retry-After,
// Cf-Ray and Server; a proxy that quotes its refused credentials (a user
// name holding escapes, a password); a base URL with a password, parsable
// or not; settings-file values and names holding escapes and tokens;
// custom headers. The outputs: check (text), --plain, --json; the reports
// in Markdown, JSON, HTML and text; watch and watch --json (and the
// summaries on stderr). The seed corpus runs as a normal test.
func FuzzEveryOutput(f *testing.F) {
	f.Add(uint64(1), uint8(0), 112, "The gateway refused this credential; it was: ", " \x1b]0;pwned\x07 \x1b[2J", "req_{key}", "{key}")
	f.Add(uint64(2), uint8(0), 178, "denied ", "\x1b]52;c;cHduZWQ=\x07\u009b31m \u202eevil", "{key}", "17")
	f.Add(uint64(3), uint8(1), 190, "<html><body>Access denied for ", "</body>\x1b[2J\r</html>", "", "{key}")
	f.Add(uint64(4), uint8(1), 40, "quota ", strings.Repeat("x", 300)+"\x07", "req_1", "1")
	f.Add(uint64(5), uint8(2), 0, "\x1b]0;user\x07", "", "", "")
	f.Add(uint64(6), uint8(3), 0, "", "", "", "")
	f.Add(uint64(7), uint8(4), 150, "echo ", "\x1b[31m", "{key}", "{key}")
	f.Fuzz(func(t *testing.T, seed uint64, mode uint8, at int, pre, post, reqID, header string) {
		if len(pre) > 400 || len(post) > 400 || len(reqID) > 200 || len(header) > 200 {
			return
		}
		checkEveryOutput(t, seed, mode%5, at, pre, post, reqID, header)
	})
}

// TestEveryOutputProperty runs FuzzEveryOutput's property on random
// inputs built from pieces that matter: escapes, quotes, HTML, the
// ellipsis, header and key shapes, bytes that are not UTF-8.
func TestEveryOutputProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261130, 5))
	pieces := []string{"\x1b]0;t\x07", "\x1b[2J", "\u009b", "\r", "\n", "\t", "é", "中", "\u202e", `"`, "'", "<b>", "&", "+", "…", " ", "x-api-key: ", "Bearer ", "sk-ant-api03-", "abc", "{key}", "\xff", "%", `\`, "@", ":"}
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	n := 30
	if testing.Short() {
		n = 5
	}
	for range n {
		seed, mode, at := rng.Uint64(), uint8(rng.IntN(5)), rng.IntN(330)
		pre, post, reqID, header := gen(rng.IntN(20)), gen(rng.IntN(20)), gen(rng.IntN(5)), gen(rng.IntN(5))
		t.Run("", func(t *testing.T) {
			checkEveryOutput(t, seed, mode, at, pre, post, reqID, header)
			if t.Failed() {
				t.Logf("FuzzEveryOutput input: %d, %d, %d, %q, %q, %q, %q", seed, mode, at, pre, post, reqID, header)
			}
		})
	}
}

// checkEveryOutput plants, runs every output and checks each: no run of
// more than four characters of a secret that the input did not itself
// hold, no raw control character (decoded JSON strings included).
func checkEveryOutput(t *testing.T, seed uint64, mode uint8, at int, pre, post, reqID, header string) {
	t.Helper()
	p := plant(t, seed, mode, at, pre, post, reqID, header)
	outputs := p.outputs(t)
	if !strings.Contains(outputs["check --json"], p.marker) {
		t.Fatalf("mode %d: the plant (%q) never reached check --json; the test would prove nothing:\n%s", mode, p.marker, outputs["check --json"])
	}
	fromInput := pre + post + reqID + header
	for name, out := range outputs {
		for _, sec := range p.secrets {
			if run := shown(out, sec); run != "" && !strings.Contains(fromInput, run) {
				i := strings.Index(out, run)
				t.Errorf("mode %d: %s shows %q of a secret: …%s…", mode, name, run, out[max(i-40, 0):min(i+len(run)+20, len(out))])
			}
		}
		if strings.Contains(name, "json") && !strings.HasSuffix(name, "(stderr)") {
			for _, doc := range jsonDocs(name, out) {
				noRawControlJSON(t, name, doc)
			}
		} else {
			noRawControl(t, name, out)
		}
	}
}

// planted is a lab with secrets and escapes planted, and what it takes to
// run the CLI against it.
type planted struct {
	sys     system
	opts    checks.Options
	dir     string
	secrets []string // bodies: what a mask must never show more than 4 of
	marker  string   // what check --json shows when the plant took
}

// plant builds the lab for one input. Modes: 0 the key in the API's JSON
// error; 1 the key in a raw body with no request-id; 2 a proxy refusing
// and quoting the credentials; 3 a base URL with a password that does
// not parse (its parse error quotes it); 4 the key in the JSON error,
// through an authenticated proxy, with a password in the base URL.
func plant(t *testing.T, seed uint64, mode uint8, at int, pre, post, reqID, header string) *planted {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	keyBody := letters(rng, 95)
	key := "sk-ant-api03-" + keyBody
	token, custom, password, urlPassword, fileSecret := letters(rng, 40), letters(rng, 30), letters(rng, 24), letters(rng, 28), letters(rng, 32)
	s, _ := lab.Find("healthy")
	dir := t.TempDir()
	l, env, opts, err := lab.Prepare(s, filepath.Join(dir, "lab"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	l.API.SetPersonality(lab.EchoKey)

	// Around the cut: the key starts at byte at (give or take) of the body.
	at = max(min(at, 320), 0)
	msg := pre
	for len(msg) < at {
		msg += "."
	}
	msg += "{key}" + post
	noCtl := func(s string) string { // Go's client refuses control characters in headers
		return strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f {
				return -1
			}
			return r
		}, s)
	}
	echo := lab.Echo{Message: msg, RequestID: noCtl(reqID), Headers: map[string]string{
		"Retry-After": noCtl(header), "Cf-Ray": "{key}", "Server": "gw {key}"}}
	marker := "refused"
	switch mode {
	case 0, 4:
		echo.Message = "PLANTED " + msg
		marker = "PLANTED"
	case 1:
		body := "PLANTED " + msg
		echo.Status, echo.Body, echo.RequestID = 403, body, ""
		echo.Headers["Content-Type"] = "text/html"
		marker = "PLANTED"
	}
	l.API.SetEcho(echo)
	env.Vars["ANTHROPIC_API_KEY"] = key
	env.Vars["ANTHROPIC_CUSTOM_HEADERS"] = "X-Corp-Token: " + custom
	secrets := []string{keyBody, token, custom, password, urlPassword, fileSecret}
	switch mode {
	case 2, 4:
		want := password
		if mode == 2 {
			want += "x" // refused: the proxy quotes what it got
			marker = "Cache Access Denied"
		}
		px, err := l.StartProxy(lab.ProxyOptions{User: "alice" + pre, Pass: want})
		if err != nil {
			t.Fatal(err)
		}
		env.Vars["HTTPS_PROXY"] = px.URL("alice"+pre, password)
	}
	switch mode {
	case 3:
		opts.BaseURL = "https://alice:" + urlPassword + "@" + strings.TrimPrefix(opts.BaseURL, "https://") + ":1"
		marker = "base_url_invalid"
	case 4:
		opts.BaseURL = "https://alice:" + urlPassword + "@" + strings.TrimPrefix(opts.BaseURL, "https://")
	}
	// A settings file: a token, a value and a name holding escapes.
	settings, _ := json.Marshal(map[string]any{"env": map[string]string{
		"ANTHROPIC_AUTH_TOKEN":              token,
		"MY_SERVICE_SECRET":                 fileSecret,
		"APIDOCTOR_NOTE":                    "note " + pre + "\x1b]0;file\x07" + post,
		"NOTE_\x1b]0;name\x07" + noCtl(pre): "x",
	}})
	if err := l.WriteFile(lab.Home+"/.claude/settings.json", settings); err != nil {
		t.Fatal(err)
	}
	return &planted{
		sys:  system{newEnv: func() *checks.Env { e := *env; return &e }, configDir: func() (string, error) { return lab.Home + "/.config", nil }},
		opts: opts, dir: dir, secrets: secrets, marker: marker,
	}
}

// outputs runs every output of the CLI against the planted lab.
func (p *planted) outputs(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	runOne := func(name string, args ...string) {
		var o, e bytes.Buffer
		sys := p.sys
		sys.stdout, sys.stderr = &o, &e
		run(context.Background(), append(args, labArgs(p.opts)...), sys)
		out[name], out[name+" (stderr)"] = o.String(), e.String()
	}
	report := func(name, file string, args ...string) {
		path := filepath.Join(p.dir, file)
		runOne(name, append(args, "--report", path)...)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: no report: %v\n%s", name, err, out[name+" (stderr)"])
		}
		out["report "+filepath.Ext(file)] = string(data)
	}
	report("check", "r.md", "check")
	report("check --plain", "r.txt", "check", "--plain")
	report("check --json", "r.json", "check", "--json")
	report("check --ascii", "r.html", "check", "--ascii")
	runOne("check --lang zh", "check", "--lang", "zh")
	runOne("watch", "watch", "--count", "2", "--interval", "1ms")
	runOne("watch --json", "watch", "--json", "--count", "2", "--interval", "1ms")
	return out
}

// jsonDocs splits an output into its JSON documents: one for check and
// the JSON report, one a line for watch --json.
func jsonDocs(name, out string) [][]byte {
	if name == "watch --json" {
		var docs [][]byte
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			docs = append(docs, append([]byte(nil), sc.Bytes()...))
		}
		return docs
	}
	return [][]byte{[]byte(out)}
}
