package redact

import (
	"strings"
	"testing"
)

func TestSecretKeepsARecognisableShape(t *testing.T) {
	for in, want := range map[string]string{
		"sk-ant-api03-abcdefghijklmnopqrstuvwxyzXy7A": "sk-ant-api03-…Xy7A",
		"sk-ant-oat01-0123456789abcdef":               "sk-ant-oat01-…cdef",
		"  sk-ant-api03-abcdefghijklmnopXy7A\n":       "sk-ant-api03-…Xy7A",
		"short":                                       "…",
		"":                                            "",
	} {
		if got := Secret(in); got != want {
			t.Errorf("Secret(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLMasksOnlyThePassword(t *testing.T) {
	for in, want := range map[string]string{
		"http://alice:hunter2@proxy:3128":     "http://alice:***@proxy:3128",
		"http://proxy:3128":                   "http://proxy:3128",
		"http://alice@proxy:3128":             "http://alice@proxy:3128",
		"http://alice:p%40ss:w@proxy:3128/x":  "http://alice:***@proxy:3128/x",
		"not a url but://bob:pw@host:1 stuff": "not a url but://bob:***@host:1 stuff",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactorMasksKnownAndShapedSecrets(t *testing.T) {
	key := "sk-ant-api03-" + strings.Repeat("Q", 80) + "Zz9A"
	r := New(key, "hunter2-proxy-pass", "x")
	in := strings.Join([]string{
		"key " + key,
		"proxy http://alice:hunter2-proxy-pass@p:1",
		"Authorization: Bearer abcdefghijklmnop.qrstu",
		"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpM",
		"other sk-ant-oat01-unknownTokenNotSeenBefore123",
		"x marks the spot",
	}, "\n")
	out := r.String(in)
	for _, secret := range []string{key, "hunter2-proxy-pass", "abcdefghijklmnop.qrstu", "SflKxwRJSMeKKF2QT4fwpM", "unknownTokenNotSeenBefore123"} {
		if strings.Contains(out, secret) {
			t.Errorf("secret %q survived:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "sk-ant-api03-…Z9A") && !strings.Contains(out, "sk-ant-api03-…Zz9A") {
		t.Errorf("masked key is not recognisable:\n%s", out)
	}
	if !strings.Contains(out, "x marks the spot") {
		t.Errorf("a too-short secret garbled ordinary text:\n%s", out)
	}
	if strings.Contains(out, "……") {
		t.Errorf("double masking:\n%s", out)
	}
	if leaks := r.Leaks(out); len(leaks) != 0 {
		t.Errorf("Leaks after String: %v", leaks)
	}
	if leaks := r.Leaks(in); len(leaks) == 0 {
		t.Errorf("Leaks missed the raw text")
	}
}

// FuzzRedactor plants a random secret in random text: the output never
// contains it, whatever surrounds it.
func FuzzRedactor(f *testing.F) {
	f.Add("prefix ", "sk-ant-api03-AbCdEfGhIjKlMnOp", " suffix")
	f.Add(`{"k":"`, "pa$$w0rd!!", `"}`)
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		if len(secret) < 8 || strings.ContainsAny(secret, "…") {
			return
		}
		r := New(secret)
		out := r.String(before + secret + after)
		if strings.Contains(out, secret) {
			t.Fatalf("secret %q survived in %q", secret, out)
		}
	})
}

func TestSensitiveName(t *testing.T) {
	for name, want := range map[string]bool{
		"ANTHROPIC_API_KEY": true, "ANTHROPIC_AUTH_TOKEN": true, "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE": true,
		"Proxy-Authorization": true, "Cookie": true, "HTTPS_PROXY": false, "ANTHROPIC_BASE_URL": false,
	} {
		if got := SensitiveName(name); got != want {
			t.Errorf("SensitiveName(%q) = %v", name, got)
		}
	}
}

func TestHeaderValuesAreMasked(t *testing.T) {
	r := New()
	for in, secret := range map[string]string{
		"x-api-key: abcdef123456789":                      "abcdef123456789",
		`"authorization": "Bearer tok_1234567890abc"`:     "tok_1234567890abc",
		"Proxy-Authorization: Basic YWxpY2U6aHVudGVyMg==": "YWxpY2U6aHVudGVyMg==",
		"Cookie: session=0123456789abcdef":                "0123456789abcdef",
	} {
		out := r.String(in)
		if strings.Contains(out, secret) {
			t.Errorf("%q -> %q still holds the value", in, out)
		}
		if !strings.Contains(strings.ToLower(out), strings.ToLower(strings.Fields(strings.Trim(in, `"`))[0][:5])) {
			t.Errorf("%q -> %q lost the header name", in, out)
		}
	}
}
