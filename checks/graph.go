package checks

// Graph returns every check in path order: settings, local proxies, DNS,
// TCP, proxy, TLS, HTTP, authentication, then the side checks. Needs
// declares the edges; independent branches run side by side.
func Graph() []Check {
	return []Check{
		{ID: "config.files", Title: "Claude Code settings files", Run: checkFiles},
		{ID: "config.base_url", Title: "Base URL", Run: checkBaseURL},
		{ID: "config.proxy", Title: "Proxy settings", Run: checkProxyConfig},
		{ID: "config.ca", Title: "CA settings", Run: checkCAConfig},
		{ID: "config.key", Title: "API key", Run: checkKey},
		{ID: "local_proxy", Title: "Local and OS proxies", Run: side(checkLocalProxy)},
		{ID: "wsl", Title: "WSL", Run: side(checkWSL)},
		{ID: "dns.system", Title: "DNS (system)", Run: side(checkDNSSystem)},
		{ID: "dns.reference", Title: "DNS (reference)", Needs: []string{"dns.system", "http.hello"}, Run: side(checkDNSReference)},
		{ID: "tcp.ipv4", Title: "TCP over IPv4", Needs: []string{"dns.system"}, Run: side(checkTCP("ip4"))},
		{ID: "tcp.ipv6", Title: "TCP over IPv6", Needs: []string{"dns.system"}, Run: side(checkTCP("ip6"))},
		{ID: "proxy", Title: "Proxy CONNECT", Run: side(checkProxy)},
		{ID: "tls", Title: "TLS handshake", Needs: []string{"tcp.ipv4", "tcp.ipv6", "proxy"}, Run: checkTLS},
		{ID: "trust", Title: "Trust candidates", Needs: []string{"tls"}, Run: checkTrust},
		{ID: "http.hello", Title: "Reachability (/api/hello)", Needs: []string{"tls"}, Run: checkHello},
		{ID: "http.platform", Title: "Reachability (platform)", Run: checkPlatform},
		{ID: "auth", Title: "Authentication", Needs: []string{"config.key", "http.hello"}, Run: checkAuth},
		{ID: "clock", Title: "Clock", Needs: []string{"http.hello", "http.platform", "status_page", "tls"}, Run: checkClock},
		{ID: "status_page", Title: "Status page", Run: side(checkStatusPage)},
		{ID: "region", Title: "Egress region", Needs: []string{"tls"}, Run: side(checkRegion)},
	}
}
