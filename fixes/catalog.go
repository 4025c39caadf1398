package fixes

import (
	"fmt"
	"sort"
	"strings"

	"apidoctor/checks"
)

// Fix identifiers besides those the checks name.
const (
	FixOnboarding = "claude.onboarding"
	// AdvicePrefix starts the id of an advice-only fix: "advice.region_blocked".
	AdvicePrefix = "advice."
)

// Params are what a person chose for a fix (the form, or --set KEY=VALUE).
type Params struct {
	Target Target
	// Set overrides variable values; "" removes the variable.
	Set map[string]string
	// Pick is the file chosen for ca.bundle ("chain-root" extracts the
	// root the proxy sent).
	Pick string
	// Var is the CA variable ca.bundle saves (default: the client's).
	Var string
}

// Proposal is one fix that applies to what was found.
type Proposal struct {
	Fix   string
	Title string
}

// titles name each fix in words.
var titles = map[string]string{
	checks.FixProxyEdit: "Set the proxy variables",
	checks.FixCABundle:  "Trust your organisation's root CA",
	checks.FixBaseURL:   "Correct ANTHROPIC_BASE_URL",
	checks.FixKeyClean:  "Clean up the stored key",
	FixOnboarding:       "Skip Claude Code's first-run connectivity check",
}

// Title names a fix.
func Title(fix string) string {
	if t, ok := titles[fix]; ok {
		return t
	}
	if strings.HasPrefix(fix, AdvicePrefix) {
		return "What to do about " + strings.TrimPrefix(fix, AdvicePrefix)
	}
	return fix
}

// IDs lists the fixes `apidoctor fix` knows.
func IDs() []string {
	ids := []string{checks.FixProxyEdit, checks.FixCABundle, checks.FixBaseURL, checks.FixKeyClean, FixOnboarding}
	for _, c := range sortedCauses() {
		ids = append(ids, AdvicePrefix+c)
	}
	return ids
}

// Propose lists the fixes that apply to a report's verdict, then advice.
// (The wizard puts a row's own fixes first when opened from its detail.)
func Propose(rep *checks.Report) []Proposal {
	seen := map[string]bool{}
	var out []Proposal
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, Proposal{Fix: f, Title: Title(f)})
		}
	}
	for _, f := range rep.Verdict.Fixes {
		add(f)
	}
	if onboardingApplies(rep) {
		add(FixOnboarding)
	}
	if _, ok := advice[rep.Verdict.Cause]; ok {
		add(AdvicePrefix + string(rep.Verdict.Cause))
	}
	return out
}

// Build makes the plan for a fix.
func Build(c Context, fix string, p Params) (*Plan, error) {
	if c.Report == nil {
		return nil, fmt.Errorf("no findings to build %s from", fix)
	}
	for k := range p.Set {
		if strings.ContainsAny(k, "= \t\n") || k == "" {
			return nil, fmt.Errorf("--set: %q is not a variable name", k)
		}
	}
	switch {
	case fix == checks.FixProxyEdit:
		return buildProxy(c, p)
	case fix == checks.FixCABundle:
		return buildCA(c, p)
	case fix == checks.FixBaseURL:
		return buildBaseURL(c, p)
	case fix == checks.FixKeyClean:
		return buildKey(c, p)
	case fix == FixOnboarding:
		return buildOnboarding(c)
	case strings.HasPrefix(fix, AdvicePrefix):
		cause := checks.Cause(strings.TrimPrefix(fix, AdvicePrefix))
		a, ok := advice[cause]
		if !ok {
			return nil, fmt.Errorf("no advice for %q", cause)
		}
		return &Plan{Fix: fix, Title: Title(fix), Why: cause.Info().Meaning, Advice: a}, nil
	}
	return nil, fmt.Errorf("unknown fix %q (known: %s)", fix, strings.Join(IDs(), ", "))
}

// overrides applies --set values over suggested ones ("" removes).
func overrides(vars map[string]*string, set map[string]string) map[string]*string {
	if vars == nil {
		vars = map[string]*string{}
	}
	for k, v := range set {
		if v == "" {
			vars[k] = nil
		} else {
			vars[k] = str(v)
		}
	}
	return vars
}

// result finds a check's result in a report.
func result(rep *checks.Report, id string) checks.Result {
	for _, r := range rep.Checks {
		if r.ID == id {
			return r
		}
	}
	return checks.Result{}
}

// setting finds a variable's value in a report.
func setting(rep *checks.Report, name string) (checks.Value, bool) {
	for _, v := range rep.Settings {
		if v.Name == name {
			return v, true
		}
	}
	return checks.Value{}, false
}

// advice is what to do when nothing on this machine can be changed.
var advice = map[checks.Cause][]string{
	checks.CauseRegionBlocked: {
		"The API refuses requests from the country this machine's traffic leaves from. Check the list of supported countries: https://www.anthropic.com/supported-countries",
		"If a VPN or proxy exits in an unsupported region, switch its exit to a supported country; apidoctor's region check shows the loc= the edge sees.",
	},
	checks.CauseServiceOutage: {
		"The status page reports a problem with the API: https://status.claude.com — nothing on this machine needs changing.",
		"Clients retry by themselves; for long jobs, raise retries (CLAUDE_CODE_MAX_RETRIES) rather than timeouts.",
	},
	checks.CauseKeyInvalid: {
		"The API rejected the key. Create a new one at https://console.anthropic.com/settings/keys and replace the stored key (apidoctor fix key.clean --set ANTHROPIC_API_KEY=… saves it).",
		"For Claude Code with a Claude subscription, run `claude /login` instead of using a key.",
	},
	checks.CauseRateLimited: {
		"Wait for the time in retry-after; the rate-limit headers in the auth check's evidence say which limit was hit.",
		"Raise the limits or lower concurrency: https://docs.anthropic.com/en/api/rate-limits",
	},
	checks.CauseOverloaded: {
		"The API is overloaded (529): retry with backoff. The SDKs and Claude Code already do; nothing on this machine is wrong.",
	},
	checks.CauseBilling: {
		"Add credit or fix the payment method: https://console.anthropic.com/settings/billing",
	},
	checks.CausePermissionDenied: {
		"The key works but lacks permission: check its workspace and the model's access in the Console: https://console.anthropic.com/settings/keys",
	},
	checks.CauseEdgeChallenge: {
		"The API's edge asks for a browser challenge, which an API client cannot pass. It is usually triggered by a VPN or datacenter exit: try another network or exit.",
	},
	checks.CauseClockSkew: {
		"Set the system clock: enable NTP (timedatectl set-ntp true on Linux; Date & Time settings on macOS and Windows).",
	},
}

func sortedCauses() []string {
	var out []string
	for c := range advice {
		out = append(out, string(c))
	}
	sort.Strings(out)
	return out
}
