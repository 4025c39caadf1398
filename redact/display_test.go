package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

const testKey = "sk-ant-api03-QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOpXy7A"

// longestRun is the longest run of body that s holds.
func longestRun(s, body string) string {
	best := ""
	for i := range body {
		for n := len(best) + 1; i+n <= len(body) && strings.Contains(s, body[i:i+n]); n++ {
			best = body[i : i+n]
		}
	}
	return best
}

// TestCutSecretsAreMasked: a key cut anywhere (by a body limit, with the
// ellipsis, or with nothing after it) shows its prefix and no more.
func TestCutSecretsAreMasked(t *testing.T) {
	body := bodyOf(testKey)
	known := New(testKey)
	for n := 1; n < len(body); n++ {
		cut := testKey[:13+n]
		for _, in := range []string{
			`{"error":{"message":"invalid x-api-key: ` + cut + "…",
			"key " + cut + "… more",
			"key " + cut,
		} {
			for name, r := range map[string]*Redactor{"known": known, "shape only": nil} {
				out := r.String(in)
				if run := longestRun(out, body); len(run) > 4 {
					t.Fatalf("%s: cut at %d: %q shows %q", name, n, out, run)
				}
				if !strings.Contains(out, "sk-ant-api03-…") {
					t.Fatalf("%s: cut at %d: the prefix should stay recognisable: %q", name, n, out)
				}
				if strings.Contains(out, "……") {
					t.Fatalf("%s: cut at %d: two ellipses: %q", name, n, out)
				}
			}
		}
	}
}

// TestRunsOfKnownSecretsAreMasked: any FragmentLen run of a known secret,
// wherever it starts and ends (a wrap, a cut, a body that starts mid-key),
// is masked; the end of the secret keeps the tail Secret keeps.
func TestRunsOfKnownSecretsAreMasked(t *testing.T) {
	pass := "correct-horse-battery-staple-42"
	r := New(testKey, pass)
	for _, sec := range []string{testKey, pass} {
		body := bodyOf(sec)
		for i := 0; i+FragmentLen <= len(body); i += 3 {
			for _, j := range []int{i + FragmentLen, min(i+40, len(body)), len(body)} {
				in := "before " + body[i:j] + " after"
				out := r.String(in)
				if run := longestRun(out, body); len(run) > 4 {
					t.Fatalf("%q -> %q shows %q", in, out, run)
				}
				if j == len(body) && !strings.HasSuffix(strings.TrimSuffix(out, " after"), body[len(body)-4:]) {
					t.Fatalf("%q -> %q: a run to the end keeps the tail", in, out)
				}
			}
		}
	}
	// Split across lines, as a wrap would.
	out := r.String("key " + testKey[:60] + "\n    " + testKey[60:])
	if run := longestRun(out, bodyOf(testKey)); len(run) > 4 {
		t.Fatalf("a key split across lines shows %q: %q", run, out)
	}
}

// TestPathsAreNotFragments: a variable named like a key may hold a path;
// its runs must not mask the paths beside it (the whole value still is).
func TestPathsAreNotFragments(t *testing.T) {
	r := New("/home/alice/.ssh/id_ed25519", "https://vault.example.com/token")
	in := "settings /home/alice/.claude/settings.json, key /home/alice/.ssh/id_ed25519, status https://vault.example.com/status"
	out := r.String(in)
	for _, keep := range []string{"/home/alice/.claude/settings.json", "https://vault.example.com/status"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q lost %q: %q", in, keep, out)
		}
	}
	if strings.Contains(out, "id_ed25519") {
		t.Errorf("the whole value should still be masked: %q", out)
	}
}

// TestMaskingTwiceChangesNothing: outputs are redacted value by value and
// then once more whole; the second pass must not eat the tail.
func TestMaskingTwiceChangesNothing(t *testing.T) {
	r := New(testKey, "hunter2-proxy-pass")
	for _, in := range []string{
		"key " + testKey,
		"x-api-key: " + testKey,
		`{"x-api-key": "` + testKey + `"}`,
		"Authorization: Bearer " + testKey,
		"Authorization: Bearer sk-ant-oat01-" + strings.Repeat("b", 60) + "Zz9Q",
		"proxy http://alice:hunter2-proxy-pass@p:1",
		"cut " + testKey[:70] + "…",
		"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpM",
	} {
		once := r.String(in)
		if twice := r.String(once); twice != once {
			t.Errorf("%q: once %q, twice %q", in, once, twice)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string][2]string{
		"plain text, 中文, ✓ …":           {"plain text, 中文, ✓ …", "plain text, 中文, ✓ …"},
		"title \x1b]0;pwned\x07 end":    {`title \x1b]0;pwned\x07 end`, `title \x1b]0;pwned\x07 end`},
		"clear \x1b[2J":                 {`clear \x1b[2J`, `clear \x1b[2J`},
		"clip \x1b]52;c;aGk=\x07":       {`clip \x1b]52;c;aGk=\x07`, `clip \x1b]52;c;aGk=\x07`},
		"csi \u009b31m":                 {`csi \u009b31m`, `csi \u009b31m`},
		"bidi \u202eevil \u2066x\u2069": {`bidi \u202eevil \u2066x\u2069`, `bidi \u202eevil \u2066x\u2069`},
		"bad \xff\x9b byte":             {`bad \xff\x9b byte`, `bad \xff\x9b byte`},
		"cr \rover del \x7f nul \x00":   {`cr \x0dover del \x7f nul \x00`, `cr \x0dover del \x7f nul \x00`},
		"lines\nand\ttabs":              {`lines\x0aand\x09tabs`, "lines\nand\ttabs"},
	} {
		if got := Escape(in); got != want[0] {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want[0])
		}
		if got := EscapeText(in); got != want[1] {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want[1])
		}
		if !Safe(Escape(in), false) || !Safe(EscapeText(in), true) {
			t.Errorf("%q: the escaped forms are not safe", in)
		}
	}
}

// TestDisplayRedactsThenEscapes: Display does both, in that order.
func TestDisplayRedactsThenEscapes(t *testing.T) {
	r := New(testKey)
	got := r.Display("\x1b]0;" + testKey + "\x07\nnext")
	if want := `\x1b]0;sk-ant-api03-…Xy7A\x07\x0anext`; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	if got := r.DisplayText("a\x1b[2J\nb"); got != "a\\x1b[2J\nb" {
		t.Errorf("DisplayText = %q", got)
	}
}

// TestJSONRewritesEveryString: keys and values, layout kept, and the
// decoded strings hold no control character.
func TestJSONRewritesEveryString(t *testing.T) {
	r := New(testKey)
	v := map[string]any{"body": "echo " + testKey[:90] + "…", "msg": "a\x1b]0;t\x07b\nc", "n": 1.5, "list": []string{testKey}, "k\x1b": true}
	data, _ := json.MarshalIndent(v, "", "  ")
	out, err := r.JSON(data)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if back["msg"] != "a\\x1b]0;t\\x07b\nc" || back["n"] != 1.5 || back["k\\x1b"] != true {
		t.Errorf("decoded: %#v", back)
	}
	if strings.Contains(string(out), bodyOf(testKey)[:20]) || !strings.Contains(string(out), "sk-ant-api03-…Xy7A") {
		t.Errorf("not redacted:\n%s", out)
	}
	if strings.Count(string(out), "\n") != strings.Count(string(data), "\n") {
		t.Errorf("the layout changed:\n%s", out)
	}
}

// TestLeaksSeesEncodedForms: a secret HTML or JSON turned into &#43; or
// \u0026 is still found by the scan before a write.
func TestLeaksSeesEncodedForms(t *testing.T) {
	sec := "p+ss<w>rd&'more\"x"
	r := New(sec)
	for _, s := range []string{"html p&#43;ss&lt;w&gt;rd&amp;&#39;more&#34;x", `json p+ss\u003cw\u003erd\u0026'more\"x`, "raw " + sec} {
		if len(r.Leaks(s)) == 0 {
			t.Errorf("Leaks missed %q", s)
		}
	}
}

// FuzzDisplay plants a secret and escapes in random text, cuts it as the
// evidence does, and checks what Display leaves: no run of FragmentLen
// characters of the secret, no raw control character.
func FuzzDisplay(f *testing.F) {
	f.Add("invalid x-api-key: ", testKey, " \x1b]0;pwned\x07", 200)
	f.Add(`{"error":{"message":"`, "sk-ant-oat01-"+strings.Repeat("Zq", 40), "\"}}", 120)
	f.Add("Cache Access Denied for ", "alice:Tr0ub4dor&3-horse-battery", "</html>\x1b[2J", 30)
	f.Fuzz(func(t *testing.T, before, secret, after string, cut int) {
		if len(secret) < 16 || strings.Contains(secret, "…") || strings.TrimSpace(secret) != secret || pathLike.MatchString(bodyOf(secret)) || !allVaried(bodyOf(secret)) {
			return // not a credential: a path, or too regular for its runs to be its own
		}
		r := New(secret)
		text := before + secret + after
		if cut >= 0 && cut < len(text) {
			text = text[:cut] + "…"
		}
		out := r.Display(text)
		if !Safe(out, false) {
			t.Fatalf("a raw control character in %q", out)
		}
		body := bodyOf(secret)
		if run := longestRun(out, body); len(run) >= FragmentLen && !strings.Contains(before+after, run) {
			t.Fatalf("%q -> %q shows %q", text, out, run)
		}
	})
}

// allVaried reports whether every run of FragmentLen characters of body
// is varied enough to be masked on its own.
func allVaried(body string) bool {
	for i := 0; i+FragmentLen <= len(body); i++ {
		if !varied(body[i : i+FragmentLen]) {
			return false
		}
	}
	return true
}

// TestJSONMasksSensitiveKeysAndStaysJSON: a value under a key named like a
// secret is masked whole, and no mask eats the backslash of an escaped
// quote (a pass over the encoded text could: `x-api-key: abcdef\"`).
func TestJSONMasksSensitiveKeysAndStaysJSON(t *testing.T) {
	r := New()
	v := map[string]any{
		"headers": map[string]any{"x-api-key": "abc123unknownvalue", "Set-Cookie": []string{"sid=0123456789abcdef"}},
		"note":    `x-api-key: abcdef" and x-api-key: \"more\" <b>&`,
		"list":    []any{map[string]string{"token": "t0k3n-value-here"}, "plain"},
		"status":  "ok",
	}
	data, _ := json.MarshalIndent(v, "", "  ")
	out, err := r.JSON(data)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, out)
	}
	for _, secret := range []string{"abc123unknownvalue", "0123456789abcdef", "t0k3n-value-here"} {
		if strings.Contains(string(out), secret) {
			t.Errorf("%q survived:\n%s", secret, out)
		}
	}
	if back["status"] != "ok" || back["list"].([]any)[1] != "plain" {
		t.Errorf("ordinary values changed:\n%s", out)
	}
}

// TestRegularRunsAreNotFragments: a made-up key full of zeros must not
// mask every run of zeros in the output (a Cf-Ray, a fingerprint).
func TestRegularRunsAreNotFragments(t *testing.T) {
	r := New("sk-ant-api03-LAB" + strings.Repeat("0", 86) + "-labAA")
	if out := r.String("cf-ray 8f00000000000000-LAB"); out != "cf-ray 8f00000000000000-LAB" {
		t.Errorf("a run of zeros was masked: %q", out)
	}
}
