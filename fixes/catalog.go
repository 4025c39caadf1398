package fixes

import (
	"fmt"
	"sort"
	"strings"

	"apidoctor/checks"
	"apidoctor/i18n"
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

// TitleMsg names a fix, to be translated.
func TitleMsg(fix string) i18n.M {
	if strings.HasPrefix(fix, AdvicePrefix) {
		return i18n.Msg("fixtitle.advice", strings.TrimPrefix(fix, AdvicePrefix))
	}
	if i18n.Has("fixtitle." + fix) {
		return i18n.Msg("fixtitle." + fix)
	}
	return i18n.Msg("raw", fix)
}

// Title names a fix in English.
func Title(fix string) string { return TitleMsg(fix).String() }

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

// CheckParams says what is wrong with a fix's id and parameters before
// anything runs: an unknown fix, a variable name no shell can hold, a CA
// variable the fix does not write, or a parameter the fix does not take
// (which would be silently ignored otherwise).
func CheckParams(fix string, p Params) error {
	known := false
	for _, id := range IDs() {
		known = known || id == fix
	}
	if !known {
		return i18n.Errorf("fixerr.unknown", fix, strings.Join(IDs(), ", "))
	}
	if err := checkNames(p.Set); err != nil {
		return err
	}
	for k, v := range p.Set {
		if holdsMask(k, v) {
			return i18n.Errorf("fixerr.masked_value", k)
		}
	}
	takesVars := fix == checks.FixProxyEdit || fix == checks.FixCABundle || fix == checks.FixBaseURL || fix == checks.FixKeyClean
	switch {
	case p.Pick != "" && fix != checks.FixCABundle:
		return i18n.Errorf("fixerr.param_not_for", "--pick", checks.FixCABundle, fix)
	case p.Var != "" && fix != checks.FixCABundle:
		return i18n.Errorf("fixerr.param_not_for", "--var", checks.FixCABundle, fix)
	case len(p.Set) > 0 && !takesVars:
		return i18n.Errorf("fixerr.param_not_for", "--set", strings.Join([]string{checks.FixProxyEdit, checks.FixCABundle, checks.FixBaseURL, checks.FixKeyClean}, ", "), fix)
	case p.Target != TargetAuto && !takesVars:
		return i18n.Errorf("fixerr.param_not_for", "--target", strings.Join([]string{checks.FixProxyEdit, checks.FixCABundle, checks.FixBaseURL, checks.FixKeyClean}, ", "), fix)
	}
	switch p.Var {
	case "", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE":
	default:
		return i18n.Errorf("fixerr.ca_var", p.Var)
	}
	return nil
}

// checkNames refuses a variable name no shell or settings file can hold.
func checkNames(set map[string]string) error {
	for k := range set {
		if strings.ContainsAny(k, "= \t\r\n'\"$") || k == "" {
			return i18n.Errorf("fixerr.bad_var", k)
		}
	}
	return nil
}

// Build makes the plan for a fix.
func Build(c Context, fix string, p Params) (*Plan, error) {
	if c.Report == nil {
		return nil, i18n.Errorf("fixerr.no_findings", fix)
	}
	if err := checkNames(p.Set); err != nil {
		return nil, err
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
		n, ok := advice[cause]
		if !ok {
			return nil, i18n.Errorf("fixerr.no_advice", string(cause))
		}
		var a []i18n.M
		for i := 1; i <= n; i++ {
			a = append(a, i18n.Msg(fmt.Sprintf("advice.%s.%d", cause, i)))
		}
		return &Plan{Fix: fix, Title: Title(fix), WhyMsg: cause.Meaning(), AdviceMsgs: a}, nil
	}
	return nil, i18n.Errorf("fixerr.unknown", fix, strings.Join(IDs(), ", "))
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

// advice counts the lines of advice (advice.<cause>.<n> in the catalogue)
// for what cannot be changed on this machine.
var advice = map[checks.Cause]int{
	checks.CauseRegionBlocked:    2,
	checks.CauseServiceOutage:    2,
	checks.CauseKeyInvalid:       2,
	checks.CauseRateLimited:      2,
	checks.CauseOverloaded:       1,
	checks.CauseBilling:          1,
	checks.CausePermissionDenied: 1,
	checks.CauseEdgeChallenge:    1,
	checks.CauseClockSkew:        1,
	checks.CauseWSLDNS:           2,
}

func sortedCauses() []string {
	var out []string
	for c := range advice {
		out = append(out, string(c))
	}
	sort.Strings(out)
	return out
}
