package checks

import (
	"context"
	"strings"
	"unicode"

	"apidoctor/redact"
)

// KeyEvidence describes the credential without showing it.
type KeyEvidence struct {
	Variable string `json:"variable,omitempty"`
	Source   string `json:"source,omitempty"`
	Masked   string `json:"masked,omitempty"`
	Length   int    `json:"length,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Header   string `json:"header,omitempty"`
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

// keyKind names the shape of a credential.
func keyKind(k string) string {
	for prefix, kind := range map[string]string{
		"sk-ant-api": "api_key", "sk-ant-oat": "oauth_token", "sk-ant-admin": "admin_key", "sk-ant-ort": "refresh_token",
	} {
		if strings.HasPrefix(k, prefix) {
			return kind
		}
	}
	return "unknown"
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
	trimmed := strings.Trim(strings.TrimSpace(raw), `"'`)
	ev := &KeyEvidence{Variable: cred.Value.Name, Source: cred.Value.Source, Masked: redact.Secret(raw), Length: len(raw), Kind: keyKind(trimmed), Header: cred.Header}
	official := r.Target.URL != nil && strings.EqualFold(r.Target.Host, "api.anthropic.com")
	switch {
	case strings.ContainsAny(raw, "\r\n"):
		return fail(CauseKeyMalformed, msg("key.newline", cred.Value.Name), ev, nil)
	case strings.TrimSpace(raw) != raw:
		return fail(CauseKeyMalformed, msg("key.space_around", cred.Value.Name), ev, nil)
	case strings.ContainsAny(raw, `"'`):
		return fail(CauseKeyMalformed, msg("key.quotes", cred.Value.Name), ev, nil)
	case strings.ContainsFunc(raw, unicode.IsSpace):
		return fail(CauseKeyMalformed, msg("key.space_inside", cred.Value.Name), ev, nil)
	case ev.Kind == "admin_key":
		return fail(CauseKeyMalformed, msg("key.admin", cred.Value.Name), ev, nil)
	case ev.Kind == "refresh_token":
		return fail(CauseKeyMalformed, msg("key.refresh", cred.Value.Name), ev, nil)
	case ev.Kind == "oauth_token" && cred.Header == "x-api-key":
		return fail(CauseKeyWrongHeader, msg("key.oauth_in_api_key"), ev, nil)
	case ev.Kind == "api_key" && cred.Header == "authorization" && official:
		return fail(CauseKeyWrongHeader, msg("key.api_key_as_bearer", cred.Value.Name), ev, nil)
	case ev.Kind == "unknown" && official:
		return warn(CauseKeyMalformed, msg("key.unknown_shape", cred.Value.Name), ev)
	}
	return pass(msg("key.ok", cred.Value.Name, ev.Masked, source(cred.Value.Source), cred.Header), ev)
}

// keyHeader returns the header name and value the client sends.
func (c credential) headerValue() (string, string) {
	if c.Header == "authorization" {
		return "Authorization", "Bearer " + c.Value.Raw
	}
	return "x-api-key", c.Value.Raw
}
