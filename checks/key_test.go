package checks

import (
	"strings"
	"testing"
)

// fakeKey builds a made-up credential of n characters, prefix included,
// put together from parts so no secret scanner takes it for a leak.
func fakeKey(kind string, n int) string {
	k := "sk-" + "ant-" + kind + "-"
	return k + strings.Repeat("x", n-len(k)-2) + "AA"
}

// TestKeyLints: each kind × length × header × official API or gateway.
func TestKeyLints(t *testing.T) {
	const (
		apiKey = "x-api-key"
		bearer = "authorization"
	)
	console := fakeKey("api03", 108)
	type want struct {
		st    Status
		cause Cause
		key   string // the message's catalogue key ("" when passing)
	}
	ok := want{Pass, "", ""}
	cases := []struct {
		name, raw, header string
		official, gateway want
	}{
		// Console keys: whole, cut, longer, and in the wrong header.
		{"console whole", console, apiKey, ok, ok},
		{"console as bearer", console, bearer, want{Fail, CauseKeyWrongHeader, "key.api_key_as_bearer"}, want{Warn, CauseKeyWrongHeader, "key.gateway_header"}},
		{"console cut", console[:53], apiKey, want{Fail, CauseKeyMalformed, "key.short"}, want{Fail, CauseKeyMalformed, "key.short"}},
		{"console cut as bearer", console[:53], bearer, want{Fail, CauseKeyMalformed, "key.short"}, want{Fail, CauseKeyMalformed, "key.short"}},
		{"console one short", console[:107], apiKey, want{Fail, CauseKeyMalformed, "key.short"}, want{Fail, CauseKeyMalformed, "key.short"}},
		{"console longer (left to the server)", console + "xy", apiKey, ok, ok},
		{"future console version, any length", fakeKey("api04", 60), apiKey, ok, ok},
		// OAuth access tokens go out as Bearer.
		{"oauth as bearer", fakeKey("oat01", 108), bearer, ok, ok},
		{"oauth as x-api-key", fakeKey("oat01", 108), apiKey, want{Fail, CauseKeyWrongHeader, "key.oauth_in_api_key"}, want{Warn, CauseKeyWrongHeader, "key.gateway_header"}},
		// Never credentials for Messages, whatever the header.
		{"admin key", fakeKey("admin01", 108), apiKey, want{Fail, CauseKeyMalformed, "key.admin"}, want{Fail, CauseKeyMalformed, "key.admin"}},
		{"admin key as bearer", fakeKey("admin01", 108), bearer, want{Fail, CauseKeyMalformed, "key.admin"}, want{Fail, CauseKeyMalformed, "key.admin"}},
		{"refresh token", fakeKey("ort01", 108), bearer, want{Fail, CauseKeyMalformed, "key.refresh"}, want{Fail, CauseKeyMalformed, "key.refresh"}},
		// Copy and paste damage.
		{"newline", console + "\n", apiKey, want{Fail, CauseKeyMalformed, "key.newline"}, want{Fail, CauseKeyMalformed, "key.newline"}},
		{"space around", " " + console, apiKey, want{Fail, CauseKeyMalformed, "key.space_around"}, want{Fail, CauseKeyMalformed, "key.space_around"}},
		{"quotes", `"` + console + `"`, apiKey, want{Fail, CauseKeyMalformed, "key.quotes"}, want{Fail, CauseKeyMalformed, "key.quotes"}},
		{"typographic quotes", "\u201c" + console + "\u201d", apiKey, want{Fail, CauseKeyMalformed, "key.quotes"}, want{Fail, CauseKeyMalformed, "key.quotes"}},
		{"space inside", console[:50] + " " + console[50:], apiKey, want{Fail, CauseKeyMalformed, "key.space_inside"}, want{Fail, CauseKeyMalformed, "key.space_inside"}},
		{"masked copy", console[:20] + "…" + console[100:], apiKey, want{Fail, CauseKeyMalformed, "key.masked"}, want{Fail, CauseKeyMalformed, "key.masked"}},
		{"bad character", console[:40] + "+" + console[41:], apiKey, want{Fail, CauseKeyMalformed, "key.bad_char"}, want{Fail, CauseKeyMalformed, "key.bad_char"}},
		{"start lost", console[3:], apiKey, want{Fail, CauseKeyMalformed, "key.prefix_damaged"}, want{Fail, CauseKeyMalformed, "key.prefix_damaged"}},
		{"two keys", console + console, apiKey, want{Fail, CauseKeyMalformed, "key.twice"}, want{Fail, CauseKeyMalformed, "key.twice"}},
		// Not an Anthropic shape: suspect for the API, a gateway's business.
		{"unknown shape", "abc123", apiKey, want{Warn, CauseKeyMalformed, "key.unknown_shape"}, ok},
		{"gateway JWT as bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.sig_-x", bearer, want{Warn, CauseKeyMalformed, "key.unknown_shape"}, ok},
	}
	for _, c := range cases {
		for _, official := range []bool{true, false} {
			w, where := c.official, "official"
			if !official {
				w, where = c.gateway, "gateway"
			}
			t.Run(c.name+"/"+c.header+"/"+where, func(t *testing.T) {
				l := lintKey("THE_VAR", c.raw, c.header, official)
				if l.Status != w.st || l.Cause != w.cause || l.Msg.Key != w.key {
					t.Fatalf("got %s %s %q, want %s %s %q", l.Status, l.Cause, l.Msg.Key, w.st, w.cause, w.key)
				}
				if l.Status != Pass && c.raw != "" && strings.Contains(l.Msg.String(), strings.TrimSpace(c.raw)) {
					t.Fatalf("the message shows the key: %s", l.Msg.String())
				}
			})
		}
	}
}

// TestCutKeySaysHowMuchIsMissing: the message gives both lengths.
func TestCutKeySaysHowMuchIsMissing(t *testing.T) {
	l := lintKey("ANTHROPIC_API_KEY", fakeKey("api03", 108)[:53], "x-api-key", true)
	if s := l.Msg.String(); !strings.Contains(s, "53 characters") || !strings.Contains(s, "108") || !strings.Contains(s, "ANTHROPIC_API_KEY") {
		t.Fatalf("message %q", s)
	}
}

// TestKeyShapes: kinds by prefix; only the versioned console prefix has a
// pinned length.
func TestKeyShapes(t *testing.T) {
	for k, want := range map[string]keyShape{
		fakeKey("api03", 108):   {"sk-ant-api03-", kindAPIKey, 108},
		fakeKey("api04", 108):   {"sk-ant-api", kindAPIKey, 0},
		fakeKey("admin01", 108): {"sk-ant-admin01-", kindAdminKey, 0},
		fakeKey("oat01", 108):   {"sk-ant-oat01-", kindOAuthToken, 0},
		fakeKey("ort01", 108):   {"sk-ant-ort01-", kindRefreshToken, 0},
		"sk-proj-abc":           {Kind: kindUnknown},
	} {
		if got := shapeOf(k); got != want {
			t.Errorf("%.16s: %+v, want %+v", k, got, want)
		}
	}
}
