package checks

import (
	"context"
	"errors"
	"io"
	"strings"
	"unicode"

	"apidoctor/i18n"
	"apidoctor/redact"
)

// FilesEvidence lists the Claude Code files looked at.
type FilesEvidence struct {
	Files []SettingsFile `json:"files"`
	Notes []string       `json:"notes,omitempty"`
}

// flagSettingsNote says what the files cannot show: `claude --settings`,
// for one session, ranks below the managed settings and above the rest.
const flagSettingsNote = "a --settings file or JSON given to claude for one session ranks above the local, project and user files and cannot be seen from here"

// noHomeNote is the evidence's note when no home folder is known.
const noHomeNote = "no home folder is known (HOME is not set, or not a full path): the user settings (~/.claude/settings.json) and ~/.claude.json were not read"

func checkFiles(_ context.Context, r *Run) Result {
	if !r.Profile.ReadsClaudeSettings {
		return na(msg("files.na", string(r.Profile.Name)))
	}
	ev := &FilesEvidence{Files: r.Settings.Files, Notes: []string{flagSettingsNote}}
	if r.Settings.noHome {
		ev.Notes = append(ev.Notes, noHomeNote)
	}
	found := 0
	for _, f := range r.Settings.Files {
		if f.Exists {
			found++
		}
		switch {
		case !f.unreadable.IsZero():
			// A named pipe, a file too large, no permission: not read, so
			// nothing is known of its JSON.
			return warn(CauseSettingsInvalid, msg("files.unreadable", f.Path, f.unreadable), ev)
		case f.Error != "" && f.Line > 0:
			return warn(CauseSettingsInvalid, msg("files.broken_at", f.Path, f.Line, f.Column), ev)
		case f.Error != "":
			return warn(CauseSettingsInvalid, msg("files.broken", f.Path), ev)
		}
	}
	if r.Settings.noHome {
		return pass(msg("files.ok_no_home", found, len(r.Settings.Files)), ev)
	}
	return pass(msg("files.ok", found, len(r.Settings.Files)), ev)
}

// BaseURLEvidence shows the base URL and where it came from.
type BaseURLEvidence struct {
	Value  string `json:"value"`
	Source string `json:"source"`
	Host   string `json:"host,omitempty"`
	Port   string `json:"port,omitempty"`
}

func checkBaseURL(_ context.Context, r *Run) Result {
	t := r.Target
	ev := &BaseURLEvidence{Value: t.Raw.Display(), Source: t.Raw.Source, Host: t.Host, Port: t.Port}
	raw := t.Raw.Raw
	bad := func(why i18n.M) Result {
		return fail(CauseBaseURLInvalid, msg("baseurl.bad", redact.URL(raw), why), ev, nil)
	}
	switch {
	case strings.TrimSpace(raw) != raw || strings.ContainsFunc(raw, unicode.IsSpace):
		return bad(msg("baseurl.why.space"))
	case t.ParseErr != "":
		return bad(msg("baseurl.why.parse", t.ParseErr))
	}
	u := t.URL
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return bad(msg("baseurl.why.scheme", u.Scheme))
	case strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/v1"):
		return bad(msg("baseurl.why.v1"))
	case u.RawQuery != "" || u.Fragment != "":
		return bad(msg("baseurl.why.query"))
	case u.Scheme == "http" && strings.EqualFold(u.Hostname(), "api.anthropic.com"):
		return bad(msg("baseurl.why.http"))
	case u.Scheme == "http":
		return warn(CauseBaseURLInvalid, msg("baseurl.http_gateway", redact.URL(raw)), ev)
	case strings.Trim(u.Path, "/") != "":
		return warn(CauseBaseURLInvalid, msg("baseurl.path", redact.URL(raw)), ev)
	}
	return pass(msg("baseurl.ok", redact.URL(raw), source(t.Raw.Source)), ev)
}

// ProxyConfigEvidence shows every proxy variable and the client's route.
type ProxyConfigEvidence struct {
	Variables []Value  `json:"variables,omitempty"`
	Route     Route    `json:"route"`
	Notes     []string `json:"notes,omitempty"`
}

var proxyVarNames = []string{"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY", "NODE_USE_ENV_PROXY"}

func checkProxyConfig(ctx context.Context, r *Run) Result {
	s := r.Settings
	ev := &ProxyConfigEvidence{Route: r.Route}
	for _, n := range proxyVarNames {
		if v, ok := s.Lookup(n); ok {
			ev.Variables = append(ev.Variables, v)
		}
	}
	if r.Target.URL == nil {
		return skip(msg("common.no_base_url"))
	}
	rt := r.Route
	if rt.Err != nil {
		return fail(rt.ErrCause, i18n.ErrMsg(rt.Err), ev, rt.Err)
	}
	if rt.AsHTTP {
		return r.probeAsHTTP(ctx, ev)
	}
	// Every set proxy variable must at least parse, even those not chosen
	// (NODE_USE_ENV_PROXY is a switch, not a proxy).
	for _, v := range ev.Variables {
		if isProxyVar(v.Name) && strings.TrimSpace(v.Raw) != "" {
			if _, err := ParseProxyURL(v.Raw); err != nil {
				return warn(CauseProxyMalformed, msg("proxycfg.unparsable", v.Name, i18n.ErrMsg(err)), ev)
			}
		}
	}
	for _, pair := range [][2]string{{"https_proxy", "HTTPS_PROXY"}, {"http_proxy", "HTTP_PROXY"}, {"no_proxy", "NO_PROXY"}} {
		lo, up := s.Get(pair[0]), s.Get(pair[1])
		if lo != "" && up != "" && strings.TrimSpace(lo) != strings.TrimSpace(up) {
			return warn(CauseProxyMalformed, msg("proxycfg.case_differs", pair[0], pair[1]), ev)
		}
	}
	if rt.Proxy != nil && proxyPassword(rt.Proxy.String()) != "" {
		ev.Notes = append(ev.Notes, "the proxy URL carries credentials (masked everywhere)")
	}
	if name := r.socksAtStart(); name != "" {
		ev.Notes = append(ev.Notes, name+" is a SOCKS proxy: httpx builds it only with the socksio package (pip install httpx[socks]); without it the client does not start")
	}
	switch {
	case rt.Ignored != "":
		return warn(CauseProxyIgnoredByClient, msg("proxycfg.ignored", rt.IgnoredMsg), ev)
	case rt.Bypassed:
		return warn(CauseProxyBypassed, msg("proxycfg.bypassed", r.Target.Host, BypassRuleMsg(rt.BypassRule)), ev)
	case rt.Proxy != nil && rt.Proxy.Scheme == "https":
		return warn(CauseProxyScheme, msg("proxycfg.https", rt.ProxyVar), ev)
	case rt.Proxy != nil:
		return pass(msg("proxycfg.via", r.Target.Host, rt.ProxyDisplay, rt.ProxyVar), ev)
	}
	return pass(msg("proxycfg.none"), ev)
}

// socksAtStart names a SOCKS proxy variable that a client building its
// proxies at start (httpx) needs an optional package for, if any.
func (r *Run) socksAtStart() string {
	p := r.Profile
	for _, names := range p.StartupProxyVars {
		if name, raw, _, _ := p.pick(r.Settings, names); raw != "" {
			if u, err := ParseProxyURL(raw); err == nil && isSOCKS(u) {
				return name
			}
		}
	}
	return ""
}

// isProxyVar reports whether a variable holds a proxy URL.
func isProxyVar(name string) bool {
	n := strings.ToLower(name)
	return contains([]string{"https_proxy", "http_proxy", "all_proxy"}, n)
}

// probeAsHTTP says what becomes of a proxy URL the client sends as an
// HTTP proxy (undici, Go): its CONNECT goes to that port, which a
// SOCKS-only proxy never answers in HTTP, and a mixed port does. A proxy
// that cannot be reached at all is the proxy check's to name.
func (r *Run) probeAsHTTP(ctx context.Context, ev *ProxyConfigEvidence) Result {
	rt := r.Route
	c, err := r.tunnel(ctx, rt.Proxy, r.Target.HostPort(), &Timing{})
	if err == nil {
		c.Close()
		return warn(CauseProxyScheme, msg("proxycfg.as_http_works", rt.NoteMsg), ev)
	}
	// A CONNECT left unanswered proves nothing alone: an HTTP proxy whose
	// own way out hangs is silent too. The port is asked a question every
	// HTTP server answers at once, with no upstream; only a port that
	// does not answer it is shown not to speak HTTP.
	var silent *ConnectWaitError
	if errors.As(err, &silent) && !r.answersHTTP(ctx, proxyHostPort(rt.Proxy)) {
		return fail(CauseProxyScheme, msg("proxycfg.as_http_unanswered", rt.NoteMsg), ev, err)
	}
	return warn(CauseProxyScheme, msg("proxycfg.as_http", rt.NoteMsg), ev)
}

// answersHTTP reports whether hostport answers "OPTIONS *" in HTTP within
// the connect budget: any HTTP server or proxy does, by itself; a SOCKS
// server closes or stays silent.
func (r *Run) answersHTTP(ctx context.Context, hostport string) bool {
	ctx, cancel := context.WithTimeout(ctx, r.Env.Timeouts.TCP)
	defer cancel()
	c, err := r.dialHost(ctx, hostport, &Timing{}, PhaseProxy)
	if err != nil {
		return false
	}
	defer c.Close()
	if d, ok := ctx.Deadline(); ok {
		c.SetDeadline(d)
	}
	if _, err := io.WriteString(c, "OPTIONS * HTTP/1.1\r\nHost: "+hostport+"\r\n\r\n"); err != nil {
		return false
	}
	head := make([]byte, 5)
	_, err = io.ReadFull(c, head)
	return err == nil && string(head) == "HTTP/"
}

// CAEvidence shows the trust the client starts from and every CA variable.
type CAEvidence struct {
	Sources []TrustSource `json:"sources"`
	Unread  []Value       `json:"not_read_by_client,omitempty"`
	Notes   []string      `json:"notes,omitempty"`
}

var caVarNames = []string{"NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_USE_SYSTEM_CA", "CLAUDE_CODE_CERT_STORE"}

func checkCAConfig(_ context.Context, r *Run) Result {
	ts := r.trust()
	ev := &CAEvidence{Sources: ts.sources}
	p := r.Profile
	for _, n := range caVarNames {
		if v, ok := r.Settings.Lookup(n); ok && !r.readsCAVar(n) {
			ev.Unread = append(ev.Unread, v)
		}
	}
	if v := r.Settings.Get("NODE_TLS_REJECT_UNAUTHORIZED"); v == "0" && (p.Name == ClaudeCode || p.Name == NodeSDK) {
		ev.Notes = append(ev.Notes, "NODE_TLS_REJECT_UNAUTHORIZED=0 switches certificate checks off: anyone in the path can read and change the traffic, API key included")
		return warn(CauseTLSUntrusted, msg("ca.reject_unauthorized"), ev)
	}
	for _, s := range ts.sources {
		if s.Path != "" && s.Problem != "" {
			return warn(CauseCAFileInvalid, msg("ca.file_problem", s.Name, s.Path, s.problemMsg()), ev)
		}
	}
	names := i18n.Joined{Sep: " + "}
	for _, s := range ts.sources {
		names.Items = append(names.Items, trustName(s.Name))
	}
	return pass(msg("ca.trusts", names), ev)
}
