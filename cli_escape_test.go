package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"apidoctor/lab"
)

// hostile is what a hostile server or proxy puts in an error message:
// a window title (OSC 0), a screen clear (CSI 2J), a clipboard write
// (OSC 52), a one-byte CSI (C1 U+009B), a carriage return that rewrites
// the line, and a right-to-left override.
const hostile = "denied \x1b]0;pwned\x07 \x1b[2J \x1b]52;c;cHduZWQ=\x07 \u009b31m red \rfake ok \u202eevil"

// rawControl finds a control character an output must not hold: any C0
// control but newline and tab (when lines allows them), DEL, a C1 control,
// a bidi override, or a byte that is not UTF-8. It returns a description,
// or "".
func rawControl(s string, lines bool) string {
	for i, r := range s {
		bad := false
		switch {
		case r == utf8.RuneError:
			_, n := utf8.DecodeRuneInString(s[i:])
			bad = n == 1
		case r == '\n' || r == '\t':
			bad = !lines
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			bad = true
		}
		if bad {
			return fmt.Sprintf("%U at byte %d: …%q…", r, i, s[max(i-30, 0):min(i+30, len(s))])
		}
	}
	return ""
}

// noRawControl fails when a text output holds a raw control character.
func noRawControl(t *testing.T, what, out string) {
	t.Helper()
	if bad := rawControl(out, true); bad != "" {
		t.Errorf("%s holds a raw control character: %s", what, bad)
	}
}

// jsonStrings calls f with every string (keys too) of a JSON document.
func jsonStrings(t *testing.T, what string, data []byte, f func(string)) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s is not JSON: %v\n%s", what, err, data)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			f(x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				f(k)
				walk(e)
			}
		}
	}
	walk(v)
}

// noRawControlJSON fails when a JSON document's strings, once decoded (as
// jq -r prints them), hold a raw control character.
func noRawControlJSON(t *testing.T, what string, data []byte) {
	t.Helper()
	noRawControl(t, what, string(data))
	jsonStrings(t, what, data, func(s string) {
		if bad := rawControl(s, true); bad != "" {
			t.Errorf("%s: a decoded string holds a raw control character: %s", what, bad)
		}
	})
}

// TestNetworkEscapesAreShownEscaped: terminal escapes a server sends in
// its error message and its request id reach no output
// raw — check, --plain, --json, watch, watch --json, and the reports —
// and each shows them as visible text (\x1b).
func TestNetworkEscapesAreShownEscaped(t *testing.T) {
	key, _ := testKey(21)
	// Go's HTTP client refuses a header holding a control character, so the
	// escapes come in the JSON body: the message and the request id (read
	// from the body when there is no Request-Id header).
	body, _ := json.Marshal(map[string]any{"type": "error", "error": map[string]string{"type": "rate_limit_error", "message": hostile}, "request_id": "req_\x1b]0;id\x07"})
	x := newEchoLab(t, lab.Echo{Status: 429, Body: string(body), Headers: map[string]string{"Content-Type": "application/json", "Retry-After": "17"}}, "ANTHROPIC_API_KEY="+key)
	x.flags = append(x.flags, "--base-url", x.baseURL())
	text, _, _ := x.run("check")
	plain, _, _ := x.run("check", "--plain")
	js, md := x.report("report.md", "check", "--json")
	_, html := x.report("report.html", "check")
	_, txt := x.report("report.txt", "check")
	_, sessionJSON := x.report("report.json", "check")
	watchText, watchErr, _ := x.run("watch", "--count", "2", "--interval", "10ms")
	ndjson, ndjsonErr, _ := x.run("watch", "--json", "--count", "2", "--interval", "10ms")

	if !strings.Contains(js, "denied") || !strings.Contains(js, "pwned") {
		t.Fatalf("the server's message never reached the output; the test would prove nothing:\n%s", js)
	}
	if !strings.Contains(js, `denied \\x1b]0;pwned\\x07`) {
		t.Errorf("check --json should show the server's escapes as \\x1b text")
	}
	for name, out := range map[string]string{"check": text, "check --plain": plain, "report .md": md, "report .html": html, "report .txt": txt, "watch": watchText, "watch (stderr)": watchErr, "watch --json (stderr)": ndjsonErr} {
		noRawControl(t, name, out)
		if !strings.HasPrefix(name, "watch") && !strings.Contains(out, `\x1b]0;pwned\x07`) {
			t.Errorf("%s does not show the escape as text:\n%s", name, out)
		}
	}
	noRawControlJSON(t, "check --json", []byte(js))
	noRawControlJSON(t, "report .json", []byte(sessionJSON))
	sc := bufio.NewScanner(strings.NewReader(ndjson))
	for sc.Scan() {
		noRawControlJSON(t, "watch --json", sc.Bytes())
	}
}
