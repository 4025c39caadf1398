package checks

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"apidoctor/i18n"
	"apidoctor/redact"
)

// KeyEvidence describes the credential without showing it.
type KeyEvidence struct {
	Variable string `json:"variable,omitempty"`
	Source   string `json:"source,omitempty"`
	Masked   string `json:"masked,omitempty"`
	Length   int    `json:"length,omitempty"`
	// Expected is the length a whole key of this kind has (0: not known).
	Expected int    `json:"expected_length,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Header   string `json:"header,omitempty"`
	// Gateway is set when the target is not the official API, whose rules
	// on headers a gateway may not follow.
	Gateway bool `json:"gateway,omitempty"`
}

// credential is what the client would authenticate with.
type credential struct {
	Value  Value
	Header string // x-api-key or authorization
}

// credentialOf picks the key or token the client would send.
func (r *Run) credentialOf() (credential, bool) {
	order := []struct{ name, header string }{
		{"ANTHROPIC_API_KEY", "x-api-key"},
		{"ANTHROPIC_AUTH_TOKEN", "authorization"},
	}
	if r.Profile.Name == ClaudeCode {
		order = append(order, struct{ name, header string }{"CLAUDE_CODE_OAUTH_TOKEN", "authorization"})
	}
	for _, o := range order {
		if v, ok := r.Settings.Lookup(o.name); ok && v.Raw != "" {
			return credential{Value: v, Header: o.header}, true
		}
	}
	return credential{}, false
}

// The kinds of Anthropic credential.
const (
	kindAPIKey       = "api_key"       // console API key, for x-api-key
	kindAdminKey     = "admin_key"     // Admin API key, never for Messages
	kindOAuthToken   = "oauth_token"   // OAuth access token, for Authorization: Bearer
	kindRefreshToken = "refresh_token" // never a credential
	kindUnknown      = "unknown"
)

// keyShape is what one kind of credential looks like.
type keyShape struct {
	Prefix string
	Kind   string
	Length int // of a whole key, prefix included; 0 when not pinned down
}

// keyShapes is data: the versioned prefixes first, then each family's,
// so that a future version (api04, say) is still known by kind but not
// held to a length it may not have.
var keyShapes = []keyShape{
	{"sk-ant-api03-", kindAPIKey, 108},
	{"sk-ant-admin01-", kindAdminKey, 0},
	{"sk-ant-oat01-", kindOAuthToken, 0},
	{"sk-ant-ort01-", kindRefreshToken, 0},
	{"sk-ant-api", kindAPIKey, 0},
	{"sk-ant-admin", kindAdminKey, 0},
	{"sk-ant-oat", kindOAuthToken, 0},
	{"sk-ant-ort", kindRefreshToken, 0},
}

// keyFamily is the part every Anthropic credential starts with.
const keyFamily = "sk-ant-"

// shapeOf names the shape of a credential.
func shapeOf(k string) keyShape {
	for _, s := range keyShapes {
		if strings.HasPrefix(k, s.Prefix) {
			return s
		}
	}
	return keyShape{Kind: kindUnknown}
}

// damagedPrefix finds the middle of an Anthropic prefix in a value that
// does not start with one: the start of the key was lost in the copy.
var damagedPrefix = regexp.MustCompile(`ant[-_](api|admin|oat|ort)[0-9]*[-_]`)

// maskedMarks appear in the masked form consoles and logs show a key in,
// never in a key.
var maskedMarks = []string{"…", "...", "***", "•"}

// keyChar is a character a key may have after its prefix (base64url).
func keyChar(c rune) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// keyLint is what lintKey found: Pass with no message when nothing.
type keyLint struct {
	Status Status
	Cause  Cause
	Msg    i18n.M
}

// lintKey judges a credential's shape before any server does: a key that
// cannot be right is named here, so that a server's 401 is explained by
// the shape instead of being called a revoked key. name is the variable,
// header where the client sends it, official whether the target is the
// official API (a gateway may want what the official API refuses).
func lintKey(name, raw, header string, official bool) keyLint {
	bad := func(key string, args ...any) keyLint {
		return keyLint{Fail, CauseKeyMalformed, msg(key, append([]any{name}, args...)...)}
	}
	// A header rule is a failure against the official API and a warning
	// for a gateway, whose 401 then names it (Diagnose prefers config.key).
	wrongHeader := func(key string, args ...any) keyLint {
		if official {
			return keyLint{Fail, CauseKeyWrongHeader, msg(key, args...)}
		}
		return keyLint{Warn, CauseKeyWrongHeader, msg("key.gateway_header", msg(key, args...))}
	}
	switch {
	case strings.ContainsAny(raw, "\r\n"):
		return bad("key.newline")
	case strings.TrimSpace(raw) != raw:
		return bad("key.space_around")
	case strings.ContainsAny(raw, "\"'\u201c\u201d\u2018\u2019"):
		return bad("key.quotes")
	case strings.ContainsFunc(raw, unicode.IsSpace):
		return bad("key.space_inside")
	}
	for _, m := range maskedMarks {
		if strings.Contains(raw, m) {
			return bad("key.masked")
		}
	}
	shape := shapeOf(raw)
	if shape.Kind == kindUnknown {
		switch {
		case damagedPrefix.MatchString(raw):
			return bad("key.prefix_damaged")
		case official:
			return keyLint{Warn, CauseKeyMalformed, msg("key.unknown_shape", name)}
		}
		// A gateway's own tokens (a JWT, say) may look like anything.
		return keyLint{Status: Pass}
	}
	if strings.Count(raw, keyFamily) > 1 {
		return bad("key.twice")
	}
	for i, c := range raw[len(keyFamily):] {
		if !keyChar(c) {
			return bad("key.bad_char", string(c), len(keyFamily)+i+1)
		}
	}
	switch shape.Kind {
	case kindAdminKey:
		return bad("key.admin")
	case kindRefreshToken:
		return bad("key.refresh")
	}
	// Only a short key is named: a cut is certain, while a longer one is
	// left to the server, whose 401 is then a bad key.
	if n := len(raw); n < shape.Length {
		return bad("key.short", n, shape.Length)
	}
	switch {
	case shape.Kind == kindOAuthToken && header == "x-api-key":
		return wrongHeader("key.oauth_in_api_key")
	case shape.Kind == kindAPIKey && header == "authorization":
		return wrongHeader("key.api_key_as_bearer", name)
	}
	return keyLint{Status: Pass}
}

func checkKey(_ context.Context, r *Run) Result {
	cred, ok := r.credentialOf()
	if !ok {
		if r.Profile.NeedsKey {
			return fail(CauseKeyMissing, msg("key.missing"), nil, nil)
		}
		return na(msg("key.none_claude"))
	}
	raw := cred.Value.Raw
	trimmed := strings.Trim(strings.TrimSpace(raw), "\"'")
	shape := shapeOf(trimmed)
	official := r.Target.URL != nil && r.official()
	ev := &KeyEvidence{
		Variable: cred.Value.Name, Source: cred.Value.Source, Masked: redact.Secret(raw), Length: len(raw),
		Expected: shape.Length, Kind: shape.Kind, Header: cred.Header, Gateway: r.Target.URL != nil && !official,
	}
	if l := lintKey(cred.Value.Name, raw, cred.Header, official); l.Status != Pass {
		return problem(l.Status, l.Cause, l.Msg, ev, nil)
	}
	return pass(msg("key.ok", cred.Value.Name, ev.Masked, source(cred.Value.Source), cred.Header), ev)
}

// headerValue returns the header name and value the client sends.
func (c credential) headerValue() (string, string) {
	if c.Header == "authorization" {
		return "Authorization", "Bearer " + c.Value.Raw
	}
	return "x-api-key", c.Value.Raw
}
