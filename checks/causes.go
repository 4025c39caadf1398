package checks

import "apidoctor/i18n"

// Cause is a stable, machine-readable root-cause code. Codes never change
// meaning once published: people script against them.
type Cause string

// The verdict's closed set of causes (see the README's cause table).
const (
	CauseOK                   Cause = "ok"
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

// causeTable is the catalogue, in the order the README lists it.
var causeTable = []CauseInfo{
	{CauseOK, "The client can reach the Claude API and authenticate.", "Nothing to do.", nil},
	{CauseKeyMissing, "No API key or token is set for an SDK client.", "Set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for a gateway).", nil},
	{CauseKeyMalformed, "The key has whitespace, quotes or a newline around it, or is not a credential at all (admin or refresh token).", "Store the bare key; use a console API key (sk-ant-api03-…).", []string{FixKeyClean}},
	{CauseKeyWrongHeader, "A token sits in the variable for the other header (an OAuth token in ANTHROPIC_API_KEY goes out as x-api-key).", "Move an sk-ant-oat01- token to ANTHROPIC_AUTH_TOKEN, a console key to ANTHROPIC_API_KEY.", []string{FixKeyClean}},
	{CauseKeyInvalid, "The API rejected the key (401 authentication_error): revoked, deleted or mistyped.", "Create a new key in the Console and replace the stored one.", []string{FixKeyClean}},
	{CausePermissionDenied, "The key is valid but lacks permission for this resource (403 permission_error).", "Check the key's workspace and the model's access in the Console.", nil},
	{CauseBilling, "The organisation cannot be billed (402, or 400 'credit balance is too low').", "Add credit or fix the payment method in the Console.", nil},
	{CauseRateLimited, "The API answered 429 rate_limit_error.", "Wait for retry-after; lower concurrency or raise the limits.", nil},
	{CauseOverloaded, "The API answered 529 overloaded_error.", "Retry with backoff; the clients do this by themselves.", nil},
	{CauseServerError, "The API answered with a server error (500 api_error, 504 timeout_error).", "Retry later; check the status page.", nil},
	{CauseServiceOutage, "API requests fail while the status page reports the API degraded or down.", "Wait for the incident to end; nothing on this machine is wrong.", nil},
	{CauseTimeout, "The connection was made but the HTTP answer never came in time.", "Look for a proxy or firewall that holds requests; raise API_TIMEOUT_MS only if the path is just slow.", nil},
	{CauseBaseURLInvalid, "ANTHROPIC_BASE_URL is malformed: a /v1 path, a wrong scheme, whitespace, or no host.", "Use the bare origin, e.g. https://api.anthropic.com.", []string{FixBaseURL}},
	{CauseProxyMalformed, "A proxy variable cannot be parsed, has no scheme, or upper- and lower-case copies disagree.", "Set one well-formed http://host:port value in both cases.", []string{FixProxyEdit}},
	{CauseProxyScheme, "The proxy URL's scheme is one the client cannot use (https:// for a plain HTTP proxy, or SOCKS where unsupported).", "Use http://host:port for the proxy.", []string{FixProxyEdit}},
	{CauseProxyUnreachable, "The configured proxy does not answer: refused, timed out, or its name does not resolve.", "Start the proxy, or fix or remove the variable.", []string{FixProxyEdit}},
	{CauseProxyAuthRequired, "The proxy answered 407: it needs credentials (or the ones given are wrong).", "Put user:password in the proxy URL (Basic only; NTLM/Negotiate need a local helper proxy).", []string{FixProxyEdit}},
	{CauseProxyRefusedTarget, "The proxy answered CONNECT with an error: its policy or its own route blocks the API.", "Ask the proxy's owner to allow api.anthropic.com:443.", nil},
	{CauseProxyBypassed, "NO_PROXY sends the API host direct, the direct path fails, and the proxy path works.", "Take the API host out of NO_PROXY.", []string{FixProxyEdit}},
	{CauseProxyNotExported, "No proxy is set in the shell, the direct path fails, and a local or OS proxy works.", "Export HTTPS_PROXY (and https_proxy) pointing at that proxy.", []string{FixProxyEdit}},
	{CauseProxyIgnoredByClient, "A proxy is set, but this client ignores it (a Node SDK without NODE_USE_ENV_PROXY, ALL_PROXY or SOCKS for Claude Code), and the direct path fails.", "Set the variable the client reads, or NODE_USE_ENV_PROXY=1 for Node.", []string{FixProxyEdit}},
	{CauseCAFileInvalid, "A CA file the client is told to use is missing, unreadable, not PEM, or expired, and TLS fails without it.", "Point the variable at a readable PEM bundle that holds your proxy's root.", []string{FixCABundle}},
	{CauseDNSNXDomain, "The API host name does not exist according to the system resolver.", "Check the host name and your DNS or VPN settings.", nil},
	{CauseDNSTimeout, "The system resolver did not answer in time.", "Check the nameserver in use; a VPN or WSL may have left a dead one.", nil},
	{CauseDNSFailure, "The system resolver failed (SERVFAIL or another error).", "Check the nameserver in use, or try another resolver.", nil},
	{CauseDNSPoisoned, "The system resolver's answer differs from a reference resolver's, fails to connect, and the reference answer works.", "Use a trusted resolver (DoH) or a proxy that resolves remotely.", []string{FixProxyEdit}},
	{CauseHostsOverride, "A hosts-file entry pins the API host to an address that does not work.", "Remove the entry for the host from the hosts file.", nil},
	{CauseTCPRefused, "The connection was refused: nothing listens at that address and port.", "Check ANTHROPIC_BASE_URL and any firewall; a stale gateway URL does this.", []string{FixBaseURL}},
	{CauseTCPTimeout, "The connection attempt timed out: the route or a firewall drops the packets.", "A filtered network: use the proxy your network provides.", []string{FixProxyEdit}},
	{CauseNetUnreachable, "The operating system has no route to the address.", "Check the network connection, VPN and routing table.", nil},
	{CauseIPv6Broken, "The host has IPv6 addresses but IPv6 connections fail; IPv4 works. Node and Bun do not fall back.", "Fix or disable IPv6, or prefer IPv4 (NODE_OPTIONS=--dns-result-order=ipv4first).", nil},
	{CauseTLSUntrusted, "The certificate chain is signed by an authority the client does not trust: usually TLS inspection.", "Give the client your organisation's root CA (NODE_EXTRA_CA_CERTS); never switch verification off.", []string{FixCABundle}},
	{CauseTLSExpired, "The server's certificate has expired.", "If the local clock is right, something in between presents an old certificate.", nil},
	{CauseTLSNotYetValid, "The server's certificate is not valid yet.", "Check the local clock.", nil},
	{CauseTLSHostnameMismatch, "The certificate is for another host name: something in between answered.", "Check the proxy, captive portal, or ANTHROPIC_BASE_URL.", []string{FixBaseURL}},
	{CauseTLSReset, "The connection was reset or closed right after the TLS ClientHello: filtering by SNI.", "A filtered network: use a proxy that works.", []string{FixProxyEdit}},
	{CauseTLSTimeout, "The TLS handshake never finished.", "Something holds the connection; check the proxy scheme and the firewall.", nil},
	{CauseTLSProtocol, "The peer does not speak TLS (a plain-HTTP answer) or no common protocol version.", "Check the port and scheme of ANTHROPIC_BASE_URL and of the proxy.", []string{FixBaseURL}},
	{CauseClockSkew, "A certificate validity error and the local clock disagrees with the server's Date by minutes or more.", "Set the system clock (enable NTP).", nil},
	{CauseRegionBlocked, "The API refuses requests from this egress location (403 'Request not allowed').", "Use a network or proxy whose exit is in a supported country.", []string{FixProxyEdit}},
	{CauseEdgeChallenge, "The API's edge answered with a bot challenge (cf-mitigated: challenge), often for VPN or datacenter exits.", "Use another egress; a browser challenge cannot be passed by an API client.", nil},
	{CauseMiddleboxResponse, "Something between the client and the API answered (no request-id, or an HTML body).", "Find the proxy, firewall or captive portal in the path and its rule.", nil},
	{CauseSettingsInvalid, "A Claude Code settings file cannot be parsed, so the client ignores it.", "Fix the JSON at the line and column shown.", nil},
}

// Causes returns the catalogue of causes, in their documented order.
func Causes() []CauseInfo { return append([]CauseInfo(nil), causeTable...) }

// Info returns the catalogue entry for c.
func (c Cause) Info() CauseInfo {
	for _, ci := range causeTable {
		if ci.Cause == c {
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
