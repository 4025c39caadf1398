package fixes

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"apidoctor/checks"
)

func buildBaseURL(c Context, p Params) (*Plan, error) {
	cur := c.Report.Target.Raw
	vars := map[string]*string{}
	why := ""
	raw := strings.TrimSpace(cur.Raw)
	if cur.Source == checks.SourceDefault {
		if _, ok := p.Set["ANTHROPIC_BASE_URL"]; !ok {
			return nil, fmt.Errorf("ANTHROPIC_BASE_URL is not set; give one with --set ANTHROPIC_BASE_URL=https://…")
		}
	} else if u, err := url.Parse(raw); err == nil && u.Host != "" {
		fixed := *u
		if strings.EqualFold(u.Hostname(), "api.anthropic.com") {
			fixed.Scheme = "https"
		}
		fixed.Path = strings.TrimSuffix(strings.TrimRight(fixed.Path, "/"), "/v1")
		fixed.RawQuery, fixed.Fragment = "", ""
		next := strings.TrimRight(fixed.String(), "/")
		switch {
		case next != cur.Raw:
			vars["ANTHROPIC_BASE_URL"] = &next
			why = "clients add /v1 themselves and need https:// and no stray characters; " + next + " is the bare origin"
		case unreachable(c.Report):
			vars["ANTHROPIC_BASE_URL"] = nil
			why = "nothing answers at " + raw + "; without the variable the client uses https://api.anthropic.com (the live test shows whether that works)"
		}
	} else if strings.ContainsFunc(cur.Raw, unicode.IsSpace) {
		vars["ANTHROPIC_BASE_URL"] = &raw
		why = "the value has whitespace around it"
	}
	vars = overrides(vars, p.Set)
	if len(vars) == 0 {
		return nil, fmt.Errorf("ANTHROPIC_BASE_URL (%s) looks right; give another with --set ANTHROPIC_BASE_URL=…", cur.Display())
	}
	if why == "" {
		why = "the client will use the base URL given"
	}
	plan := &Plan{Fix: checks.FixBaseURL, Title: titles[checks.FixBaseURL], Why: why, Target: p.Target}
	if err := c.setVars(plan, vars); err != nil {
		return nil, err
	}
	return plan, nil
}

// unreachable reports whether the target's host did not answer at all.
func unreachable(rep *checks.Report) bool {
	for _, id := range []string{"dns.system", "tcp.ipv4", "tls"} {
		switch result(rep, id).Cause {
		case checks.CauseDNSNXDomain, checks.CauseTCPRefused, checks.CauseTCPTimeout, checks.CauseNetUnreachable, checks.CauseTLSProtocol:
			return result(rep, id).Status == checks.Fail
		}
	}
	return false
}

// cleanKey strips what breaks a pasted key: whitespace, quotes, newlines.
func cleanKey(k string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '"' || r == '\'' {
			return -1
		}
		return r
	}, k)
}

func buildKey(c Context, p Params) (*Plan, error) {
	vars := map[string]*string{}
	why := ""
	official := strings.EqualFold(c.Report.Target.Host, "api.anthropic.com")
	for _, name := range []string{"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"} {
		cur, ok := setting(c.Report, name)
		if !ok {
			continue
		}
		clean := cleanKey(cur.Raw)
		dest := name
		switch {
		case name == "ANTHROPIC_API_KEY" && strings.HasPrefix(clean, "sk-ant-oat"):
			dest = "ANTHROPIC_AUTH_TOKEN"
			why = "an OAuth token goes in ANTHROPIC_AUTH_TOKEN, sent as a Bearer token"
		case name == "ANTHROPIC_AUTH_TOKEN" && strings.HasPrefix(clean, "sk-ant-api") && official:
			dest = "ANTHROPIC_API_KEY"
			why = "a console API key goes in ANTHROPIC_API_KEY, sent as x-api-key"
		case clean != cur.Raw:
			why = "whitespace, quotes or a newline around a key break it"
		default:
			continue
		}
		if dest != name {
			vars[name] = nil
		}
		vars[dest] = &clean
	}
	vars = overrides(vars, p.Set)
	if len(vars) == 0 {
		return nil, fmt.Errorf("the stored key looks clean; replace it with --set ANTHROPIC_API_KEY=… if it was revoked")
	}
	if why == "" {
		why = "the client will use the key given"
	}
	plan := &Plan{Fix: checks.FixKeyClean, Title: titles[checks.FixKeyClean], Why: why + " (the key is never shown)", Target: p.Target, Only: []string{"config.key", "auth"}}
	if err := c.setVars(plan, vars); err != nil {
		return nil, err
	}
	return plan, nil
}

// statePath is Claude Code's state file.
func (c Context) statePath() string {
	if d := c.Env.Vars["CLAUDE_CONFIG_DIR"]; d != "" {
		return filepath.Join(d, ".claude.json")
	}
	return filepath.Join(c.Env.Home, ".claude.json")
}

// onboardingApplies: Claude Code with a gateway whose first-run check
// cannot reach Anthropic's hosts, and onboarding not yet done.
func onboardingApplies(rep *checks.Report) bool {
	if rep.Client != checks.ClaudeCode || rep.Target.Raw.Source == checks.SourceDefault || strings.EqualFold(rep.Target.Host, "api.anthropic.com") {
		return false
	}
	if result(rep, "http.platform").Status != checks.Fail {
		return false
	}
	ev, _ := result(rep, "config.files").Evidence.(*checks.FilesEvidence)
	if ev != nil {
		for _, f := range ev.Files {
			if f.Kind == "state" && f.Onboarded != nil && *f.Onboarded {
				return false
			}
		}
	}
	return true
}

func buildOnboarding(c Context) (*Plan, error) {
	plan := &Plan{
		Fix:   FixOnboarding,
		Title: titles[FixOnboarding],
		Why:   "Claude Code's first run checks api.anthropic.com and platform.claude.com whatever ANTHROPIC_BASE_URL says; a gateway user behind a filtered network never gets past it. Marking onboarding done skips that check.",
	}
	if err := c.editFile(plan, c.statePath(), func(b []byte) ([]byte, error) { return SetTop(b, "hasCompletedOnboarding", true) }); err != nil {
		return nil, err
	}
	return plan, nil
}
