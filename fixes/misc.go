package fixes

import (
	"net/url"
	"strings"
	"unicode"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/platform"
)

func buildBaseURL(c Context, p Params) (*Plan, error) {
	cur := c.Report.Target.Raw
	vars := map[string]*string{}
	var why i18n.M
	raw := strings.TrimSpace(cur.Raw)
	if cur.Source == checks.SourceDefault {
		if _, ok := p.Set["ANTHROPIC_BASE_URL"]; !ok {
			return nil, i18n.Errorf("fixerr.base_unset")
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
			why = i18n.Msg("fixwhy.base_fixed", next)
		case unreachable(c.Report):
			vars["ANTHROPIC_BASE_URL"] = nil
			why = i18n.Msg("fixwhy.base_remove", raw)
		}
	} else if strings.ContainsFunc(cur.Raw, unicode.IsSpace) {
		vars["ANTHROPIC_BASE_URL"] = &raw
		why = i18n.Msg("fixwhy.base_space")
	}
	vars = overrides(vars, p.Set)
	if len(vars) == 0 {
		return nil, i18n.Errorf("fixerr.base_ok", cur.Display())
	}
	if why.IsZero() {
		why = i18n.Msg("fixwhy.base_given")
	}
	plan := &Plan{Fix: checks.FixBaseURL, Title: Title(checks.FixBaseURL), WhyMsg: why, Target: p.Target}
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
	var why i18n.M
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
			why = i18n.Msg("fixwhy.key_oauth")
		case name == "ANTHROPIC_AUTH_TOKEN" && strings.HasPrefix(clean, "sk-ant-api") && official:
			dest = "ANTHROPIC_API_KEY"
			why = i18n.Msg("fixwhy.key_api")
		case clean != cur.Raw:
			why = i18n.Msg("fixwhy.key_space")
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
		return nil, i18n.Errorf("fixerr.key_clean")
	}
	if why.IsZero() {
		why = i18n.Msg("fixwhy.key_given")
	}
	plan := &Plan{Fix: checks.FixKeyClean, Title: Title(checks.FixKeyClean), WhyMsg: i18n.Msg("fixwhy.key_hidden", why), Target: p.Target, Only: []string{"config.key", "auth"}}
	if err := c.setVars(plan, vars); err != nil {
		return nil, err
	}
	return plan, nil
}

// statePath is Claude Code's state file, the path the engine reads.
func (c Context) statePath() string {
	return platform.Claude(c.Env.GOOS, c.Env.Home, c.Env.Cwd, c.Env.Vars).State
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
		Fix:    FixOnboarding,
		Title:  Title(FixOnboarding),
		WhyMsg: i18n.Msg("fixwhy.onboarding"),
	}
	if err := c.editFile(plan, c.statePath(), func(b []byte) ([]byte, error) { return SetTop(b, "hasCompletedOnboarding", true) }); err != nil {
		return nil, err
	}
	return plan, nil
}
