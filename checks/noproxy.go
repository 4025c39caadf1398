package checks

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/http/httpproxy"

	"apidoctor/i18n"
)

// NO_PROXY rules, one per client, each read from that client's own source;
// docs/clients.md cites the sources and tabulates where the clients differ.

// NoProxyFunc applies one client's NO_PROXY rules to a target: whether the
// client goes direct although a proxy is set, and the entry of list that
// made it so ("" when the client's own rule did, as Go's for loopback). An
// error means the client rejects the list and does not start at all.
type NoProxyFunc func(list string, target *url.URL) (entry string, bypass bool, err error)

// targetPort is the port the client connects to, the scheme's default
// when the URL names none.
func targetPort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "http" {
		return "80"
	}
	return "443"
}

// claudeNoProxy is Claude Code's rule (observed, docs/clients.md).
func claudeNoProxy(list string, target *url.URL) (string, bool, error) {
	entry, ok := MatchNoProxy(list, target.Hostname(), targetPort(target))
	return entry, ok, nil
}

// MatchNoProxy applies Claude Code's NO_PROXY rules to host and port and
// returns the entry that matched. Entries are separated by commas or
// spaces; "*" matches everything; ".example.com", "*.example.com" and
// "example.com" all match example.com and its subdomains on a dot
// boundary; host:port matches that port only; an IP literal or CIDR range
// matches IP-literal hosts only (the client does not resolve first).
func MatchNoProxy(list, host, port string) (string, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	hostIP, ipErr := netip.ParseAddr(strings.Trim(host, "[]"))
	for _, entry := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		// A trailing dot is dropped from the entry as from the host (seen
		// with Claude Code 2.1.332).
		e := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(entry)), ".")
		if e == "" {
			continue
		}
		if e == "*" {
			return entry, true
		}
		if p, err := netip.ParsePrefix(e); err == nil {
			if ipErr == nil && p.Contains(hostIP) {
				return entry, true
			}
			continue
		}
		eHost, ePort := e, ""
		if i := strings.LastIndexByte(e, ':'); i > 0 && !strings.Contains(e[:i], ":") {
			eHost, ePort = e[:i], e[i+1:]
		} else if strings.HasPrefix(e, "[") {
			if i := strings.Index(e, "]:"); i > 0 {
				eHost, ePort = e[:i+1], e[i+2:]
			}
		}
		eHost = strings.Trim(eHost, "[]")
		if ePort != "" && ePort != port {
			continue
		}
		if a, err := netip.ParseAddr(eHost); err == nil {
			if ipErr == nil && a == hostIP {
				return entry, true
			}
			continue
		}
		eHost = strings.TrimPrefix(strings.TrimPrefix(eHost, "*"), ".")
		if eHost == "" {
			continue
		}
		if host == eHost || strings.HasSuffix(host, "."+eHost) {
			return entry, true
		}
	}
	return "", false
}

// goNoProxy is net/http's ProxyFromEnvironment, which runs the copy of
// golang.org/x/net/http/httpproxy vendored into the Go toolchain (the tests
// hold this function to net/http itself). localhost and loopback IPs are
// never proxied; entries split on commas; "*" anywhere matches everything;
// IPs, [v6]:port and CIDR ranges match IP-literal targets; "example.com"
// matches itself and its subdomains, ".example.com" and "*.example.com"
// its subdomains only; name:port matches that port.
func goNoProxy(list string, target *url.URL) (string, bool, error) {
	// golang.org/x/net/http/httpproxy is the judge (net/http runs its own
	// copy of it); asking it entry by entry also names the entry that matched.
	const probe = "http://proxy.invalid:1"
	bypassed := func(noProxy string) bool {
		u, err := (&httpproxy.Config{HTTPProxy: probe, HTTPSProxy: probe, NoProxy: noProxy}).ProxyFunc()(target)
		return err == nil && u == nil
	}
	if !bypassed(list) {
		return "", false, nil
	}
	for _, e := range strings.Split(list, ",") {
		if e = strings.TrimSpace(e); e != "" && bypassed(e) {
			return e, true, nil
		}
	}
	// Nothing in the list: the loopback rule, which no entry can undo.
	return "", true, nil
}

// undiciNoProxy is undici's EnvHttpProxyAgent (Node's fetch with
// NODE_USE_ENV_PROXY=1): entries split on commas and white space; "*" only
// as the whole value; a leading "." or "*." is dropped, so an entry
// matches itself and its subdomains; host:port and [v6]:port match that
// port; no CIDR, and names are compared as written (no trailing-dot folding).
func undiciNoProxy(list string, target *url.URL) (string, bool, error) {
	if list == "*" {
		return list, true, nil
	}
	host := strings.ToLower(target.Hostname())
	port, _ := strconv.Atoi(targetPort(target))
	for _, e := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		eHost, ePort := undiciEntry(e)
		if ePort != 0 && ePort != port {
			continue
		}
		if host == eHost || strings.HasSuffix(host, "."+eHost) {
			return e, true, nil
		}
	}
	return "", false, nil
}

// undiciEntry splits an entry into host and port (0 for any).
func undiciEntry(e string) (string, int) {
	host, port := e, 0
	if h, p, ok := strings.Cut(e, "]:"); ok && strings.HasPrefix(h, "[") && len(h) > 1 && isDigits(p) {
		host, port = h[1:], atoiOr(p, -1)
	} else {
		if len(e) > 2 && e[0] == '[' && e[len(e)-1] == ']' {
			host = e[1 : len(e)-1]
		}
		// Only one colon is host:port; more is a bare IPv6 address.
		if h, p, ok := strings.Cut(host, ":"); ok && h != "" && isDigits(p) && strings.Count(host, ":") == 1 {
			host, port = h, atoiOr(p, -1)
		}
	}
	if strings.HasPrefix(host, "*.") {
		host = host[2:]
	} else {
		host = strings.TrimPrefix(host, ".")
	}
	return strings.ToLower(host), port
}

// curlNoProxy is curl's Curl_check_noproxy: "*" only as the whole value;
// entries separated by commas (blanks around them allowed; since curl 8.9
// a blank without a comma ends the list); one leading and one trailing
// dot ignored and a name matches itself and its subdomains; "*.x" and
// ports never match; IP-literal targets match IP entries and CIDR ranges
// only.
func curlNoProxy(list string, target *url.URL) (string, bool, error) {
	if list == "*" {
		return list, true, nil
	}
	host := target.Hostname()
	ip, err := netip.ParseAddr(host)
	isIP := err == nil && ip.Zone() == ""
	if !isIP {
		host = strings.TrimSuffix(host, ".")
	}
	blank := func(r rune) bool { return r == ' ' || r == '\t' }
	rest := list
	for rest != "" {
		rest = strings.TrimLeftFunc(rest, blank)
		end := strings.IndexFunc(rest, func(r rune) bool { return r == ',' || blank(r) })
		if end < 0 {
			end = len(rest)
		}
		token := rest[:end]
		rest = strings.TrimLeftFunc(rest[end:], blank)
		if token != "" {
			if (isIP && curlMatchIP(token, ip)) || (!isIP && curlMatchHost(token, host)) {
				return token, true, nil
			}
		}
		if !strings.HasPrefix(rest, ",") {
			break
		}
		rest = strings.TrimLeft(rest, ",")
	}
	return "", false, nil
}

func curlMatchHost(token, host string) bool {
	token = strings.TrimSuffix(token, ".")
	token = strings.TrimPrefix(token, ".")
	if token == "" || len(token) > len(host) {
		return false
	}
	if len(token) == len(host) {
		return strings.EqualFold(token, host)
	}
	cut := len(host) - len(token)
	return host[cut-1] == '.' && strings.EqualFold(token, host[cut:])
}

// curlMatchIP: no prefix length (or 0, or the full length) means the
// exact address.
func curlMatchIP(token string, ip netip.Addr) bool {
	addr, bits, hasBits := strings.Cut(token, "/")
	n := 0
	if hasBits {
		if !isDigits(bits) {
			return false
		}
		n = atoiOr(bits, 1000)
	}
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Zone() != "" || a.Is4() != ip.Is4() || n > a.BitLen() {
		return false
	}
	if n == 0 || n == a.BitLen() {
		return a == ip
	}
	return netip.PrefixFrom(a, n).Contains(ip)
}

// httpxNoProxy is httpx's reading (the Python SDK's HTTP library, whose
// get_environment_proxies the SDK copies): comma-separated entries, each
// made a mount pattern. "*" drops every proxy; an IP (or a CIDR, whose
// prefix is then ignored) is an exact host; "localhost" is exact;
// anything else x becomes "*x": "example.com" matches it and its
// subdomains, ".example.com" subdomains only, "*.example.com" nothing. A
// port matches only an explicit, non-default target port. An entry httpx
// cannot parse raises InvalidURL when the client is built.
func httpxNoProxy(list string, target *url.URL) (string, bool, error) {
	var entries []string
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if e == "*" {
			return e, true, nil // before any entry is parsed
		}
		if e != "" {
			entries = append(entries, e)
		}
	}
	hit := ""
	for _, e := range entries {
		p, err := httpxPatternOf(e)
		if err != nil {
			return "", false, i18n.Errorf("err.noproxy_httpx", e, err.Error())
		}
		if hit == "" && p.matches(target) {
			hit = e
		}
	}
	return hit, hit != "", nil
}

// httpxPattern is an httpx URLPattern: "" scheme or host means any, a host
// "*.x" or "*x" is a suffix; a port, when hasPort, must be the target's.
type httpxPattern struct {
	scheme, host string
	hasPort      bool
	port         int
}

// httpxError carries httpx's own words for an entry it rejects.
type httpxError string

func (e httpxError) Error() string { return string(e) }

func httpxPatternOf(e string) (httpxPattern, error) {
	raw := "all://*" + e
	first, _, _ := strings.Cut(e, "/")
	switch a, err := netip.ParseAddr(first); {
	case strings.Contains(e, "://"):
		raw = e
	case err == nil && a.Is4():
		raw = "all://" + e
	case err == nil:
		raw = "all://[" + e + "]"
	case strings.EqualFold(e, "localhost"):
		raw = "all://" + e
	}
	scheme, rest, _ := strings.Cut(raw, "://")
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	host, port := rest, ""
	if j := strings.LastIndexByte(rest, ']'); strings.HasPrefix(rest, "[") && j > 0 {
		host, port = rest[:j+1], strings.TrimPrefix(rest[j+1:], ":")
	} else if i := strings.IndexByte(rest, ':'); i >= 0 {
		host, port = rest[:i], rest[i+1:]
	}
	p := httpxPattern{scheme: strings.ToLower(scheme)}
	if p.scheme == "all" {
		p.scheme = ""
	}
	if port != "" {
		n, err := strconv.Atoi(strings.TrimSpace(port))
		if err != nil {
			return p, httpxError("Invalid port: '" + port + "'")
		}
		p.hasPort, p.port = n != httpxDefaultPort(p.scheme), n
	}
	switch {
	case isDottedQuad(host):
		if a, err := netip.ParseAddr(host); err != nil || !a.Is4() {
			return p, httpxError("Invalid IPv4 address: '" + host + "'")
		}
	case strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]"):
		host = host[1 : len(host)-1]
		if a, err := netip.ParseAddr(host); err != nil || !a.Is6() {
			return p, httpxError("Invalid IPv6 address: '[" + host + "]'")
		}
	case !isASCII(host):
		return p, httpxError("Invalid IDNA hostname: '" + host + "'")
	default:
		host = strings.ToLower(host)
	}
	if host != "*" {
		p.host = host
	}
	return p, nil
}

func (p httpxPattern) matches(u *url.URL) bool {
	if p.scheme != "" && p.scheme != strings.ToLower(u.Scheme) {
		return false
	}
	host := u.Hostname()
	if !strings.Contains(host, ":") {
		host = strings.ToLower(host) // httpx lower-cases names, not IPv6
	}
	switch {
	case p.host == "":
	case strings.HasPrefix(p.host, "*."):
		if !strings.HasSuffix(host, p.host[1:]) || len(host) <= len(p.host)-1 {
			return false
		}
	case strings.HasPrefix(p.host, "*"):
		x := p.host[1:]
		if host != x && !(strings.HasSuffix(host, "."+x) && len(host) > len(x)+1) {
			return false
		}
	case host != p.host:
		return false
	}
	if p.hasPort {
		// httpx drops a default port from the target: it never equals one.
		n, err := strconv.Atoi(u.Port())
		if err != nil || n == httpxDefaultPort(u.Scheme) || n != p.port {
			return false
		}
	}
	return true
}

func httpxDefaultPort(scheme string) int {
	switch strings.ToLower(scheme) {
	case "http", "ws":
		return 80
	case "https", "wss":
		return 443
	case "ftp":
		return 21
	}
	return -1
}

func isDottedQuad(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if !isDigits(p) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func atoiOr(s string, bad int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return bad
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
