package checks

import (
	"net/netip"
	"strings"
)

// MatchNoProxy reports whether host (and port) match a NO_PROXY list and
// which entry matched. Entries are separated by commas or spaces. It
// understands "*", leading dots, a bare domain (which also covers its
// subdomains), host:port, IP literals and CIDR ranges (matched against IP
// literal hosts only, as the clients do: they do not resolve first).
func MatchNoProxy(list, host, port string) (string, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	hostIP, ipErr := netip.ParseAddr(strings.Trim(host, "[]"))
	for _, entry := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		e := strings.ToLower(strings.TrimSpace(entry))
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
