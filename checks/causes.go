package checks

import "apidoctor/i18n"

// Cause is a stable, machine-readable root-cause code. Codes never change
// meaning once published: people script against them.
type Cause string

// The verdict's closed set of causes (see docs/causes.md).
const (
	CauseOK                   Cause = "ok"
	CauseIncomplete           Cause = "incomplete" // the run did not finish: no root cause, but the verdict names it
	CauseKeyMissing           Cause = "key_missing"
	CauseKeyMalformed         Cause = "key_malformed"
	CauseKeyWrongHeader       Cause = "key_wrong_header"
	CauseKeyInvalid           Cause = "key_invalid"
	CausePermissionDenied     Cause = "permission_denied"
	CauseBilling              Cause = "billing"
	CauseRateLimited          Cause = "rate_limited"
	CauseOverloaded           Cause = "overloaded"
	CauseServerError          Cause = "server_error"
	CauseServiceOutage        Cause = "service_outage"
	CauseTimeout              Cause = "timeout"
	CauseBaseURLInvalid       Cause = "base_url_invalid"
	CauseProxyMalformed       Cause = "proxy_malformed"
	CauseProxyScheme          Cause = "proxy_scheme"
	CauseProxyUnreachable     Cause = "proxy_unreachable"
	CauseProxyAuthRequired    Cause = "proxy_auth_required"
	CauseProxyRefusedTarget   Cause = "proxy_refused_target"
	CauseProxyBypassed        Cause = "proxy_bypassed"
	CauseProxyNotExported     Cause = "proxy_not_exported"
	CauseProxyIgnoredByClient Cause = "proxy_ignored_by_client"
	CauseCAFileInvalid        Cause = "ca_file_invalid"
	CauseDNSNXDomain          Cause = "dns_nxdomain"
	CauseDNSTimeout           Cause = "dns_timeout"
	CauseDNSFailure           Cause = "dns_failure"
	CauseDNSPoisoned          Cause = "dns_poisoned"
	CauseHostsOverride        Cause = "hosts_override"
	CauseTCPRefused           Cause = "tcp_refused"
	CauseTCPTimeout           Cause = "tcp_timeout"
	CauseNetUnreachable       Cause = "net_unreachable"
	CauseIPv6Broken           Cause = "ipv6_broken"
	CauseTLSUntrusted         Cause = "tls_untrusted"
	CauseTLSExpired           Cause = "tls_expired"
	CauseTLSNotYetValid       Cause = "tls_not_yet_valid"
	CauseTLSHostnameMismatch  Cause = "tls_hostname_mismatch"
	CauseTLSReset             Cause = "tls_reset"
	CauseTLSTimeout           Cause = "tls_timeout"
	CauseTLSProtocol          Cause = "tls_protocol"
	CauseClockSkew            Cause = "clock_skew"
	CauseRegionBlocked        Cause = "region_blocked"
	CauseEdgeChallenge        Cause = "edge_challenge"
	CauseMiddleboxResponse    Cause = "middlebox_response"
	CauseWSLDNS               Cause = "wsl_dns"
	CauseWSLWindowsProxy      Cause = "wsl_windows_proxy"
)

// CauseSettingsInvalid marks a Claude Code settings file that cannot be
// parsed. It is a check-level warning only: the verdict never names it,
// because the client simply ignores such a file.
const CauseSettingsInvalid Cause = "settings_invalid"

// Fix identifiers name the guided fixes a result can offer.
const (
	FixProxyEdit = "proxy.edit"
	FixCABundle  = "ca.bundle"
	FixBaseURL   = "base_url.fix"
	FixKeyClean  = "key.clean"
)

// CauseInfo explains a cause to a person: what it means and what to do.
type CauseInfo struct {
	Cause   Cause
	Meaning string
	Action  string
	Fixes   []string
}

// causeTable lists the causes in the order docs/causes.md does, with the
// fixes that apply; their words are in the i18n catalogue.
var causeTable = []CauseInfo{
	{Cause: CauseOK},
	{Cause: CauseIncomplete},
	{Cause: CauseKeyMissing},
	{Cause: CauseKeyMalformed, Fixes: []string{FixKeyClean}},
	{Cause: CauseKeyWrongHeader, Fixes: []string{FixKeyClean}},
	{Cause: CauseKeyInvalid, Fixes: []string{FixKeyClean}},
	{Cause: CausePermissionDenied},
	{Cause: CauseBilling},
	{Cause: CauseRateLimited},
	{Cause: CauseOverloaded},
	{Cause: CauseServerError},
	{Cause: CauseServiceOutage},
	{Cause: CauseTimeout},
	{Cause: CauseBaseURLInvalid, Fixes: []string{FixBaseURL}},
	{Cause: CauseProxyMalformed, Fixes: []string{FixProxyEdit}},
	{Cause: CauseProxyScheme, Fixes: []string{FixProxyEdit}},
	{Cause: CauseProxyUnreachable, Fixes: []string{FixProxyEdit}},
	{Cause: CauseProxyAuthRequired, Fixes: []string{FixProxyEdit}},
	{Cause: CauseProxyRefusedTarget},
	{Cause: CauseProxyBypassed, Fixes: []string{FixProxyEdit}},
	{Cause: CauseProxyNotExported, Fixes: []string{FixProxyEdit}},
	{Cause: CauseWSLWindowsProxy, Fixes: []string{FixProxyEdit}},
	{Cause: CauseProxyIgnoredByClient, Fixes: []string{FixProxyEdit}},
	{Cause: CauseCAFileInvalid, Fixes: []string{FixCABundle}},
	{Cause: CauseDNSNXDomain},
	{Cause: CauseDNSTimeout},
	{Cause: CauseDNSFailure},
	{Cause: CauseWSLDNS},
	{Cause: CauseDNSPoisoned, Fixes: []string{FixProxyEdit}},
	{Cause: CauseHostsOverride},
	{Cause: CauseTCPRefused, Fixes: []string{FixBaseURL}},
	{Cause: CauseTCPTimeout, Fixes: []string{FixProxyEdit}},
	{Cause: CauseNetUnreachable},
	{Cause: CauseIPv6Broken},
	{Cause: CauseTLSUntrusted, Fixes: []string{FixCABundle}},
	{Cause: CauseTLSExpired},
	{Cause: CauseTLSNotYetValid},
	{Cause: CauseTLSHostnameMismatch, Fixes: []string{FixBaseURL}},
	{Cause: CauseTLSReset, Fixes: []string{FixProxyEdit}},
	{Cause: CauseTLSTimeout},
	{Cause: CauseTLSProtocol, Fixes: []string{FixBaseURL}},
	{Cause: CauseClockSkew},
	{Cause: CauseRegionBlocked, Fixes: []string{FixProxyEdit}},
	{Cause: CauseEdgeChallenge},
	{Cause: CauseMiddleboxResponse},
	{Cause: CauseSettingsInvalid},
}

// Causes returns the catalogue of causes, in their documented order.
func Causes() []CauseInfo {
	out := make([]CauseInfo, len(causeTable))
	for i, ci := range causeTable {
		out[i] = ci.Cause.Info()
	}
	return out
}

// Info returns the catalogue entry for c, its words in English (the
// i18n catalogue holds them in every language).
func (c Cause) Info() CauseInfo {
	for _, ci := range causeTable {
		if ci.Cause == c {
			ci.Meaning, ci.Action = c.Meaning().String(), c.Action().String()
			return ci
		}
	}
	return CauseInfo{Cause: c}
}

// Meaning is what the cause means, as a message to translate.
func (c Cause) Meaning() i18n.M { return i18n.Msg("cause." + string(c) + ".meaning") }

// Action is what to do about the cause, as a message to translate.
func (c Cause) Action() i18n.M { return i18n.Msg("cause." + string(c) + ".action") }

// TitleMsg is a check's title as a message to translate.
func TitleMsg(id string) i18n.M { return i18n.Msg("check." + id) }

// Fixes returns the fix identifiers the catalogue lists for c.
func (c Cause) Fixes() []string { return append([]string(nil), c.Info().Fixes...) }
