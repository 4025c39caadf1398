package lab

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"apidoctor/checks"
)

// Scenario is one broken (or healthy) network, built on a lab.
type Scenario struct {
	Name   string
	Title  string
	Client checks.ClientName
	// Want is the verdict the engine must reach.
	Want checks.Cause
	// Demo marks the scenarios `apidoctor demo --list` offers.
	Demo bool
	// Scripted marks a server that answers by turns: any extra request
	// (a probe through another path) changes what the client sees, so
	// it is not composed with other conditions.
	Scripted bool
	Setup    func(l *Lab, env *checks.Env, o *checks.Options) error
}

func withKey(key string) func(*Lab, *checks.Env, *checks.Options) error {
	return func(_ *Lab, env *checks.Env, _ *checks.Options) error {
		env.Vars["ANTHROPIC_API_KEY"] = key
		return nil
	}
}

func persona(p Personality) func(*Lab, *checks.Env, *checks.Options) error {
	return func(l *Lab, env *checks.Env, _ *checks.Options) error {
		env.Vars["ANTHROPIC_API_KEY"] = Key
		l.API.SetPersonality(p)
		return nil
	}
}

// portURL points the base URL at another loopback port, same host name.
func portURL(o *checks.Options, addr string) {
	_, port, _ := net.SplitHostPort(addr)
	o.BaseURL = "https://" + APIHost + ":" + port
}

// directBroken makes the direct path fail: the system resolver answers an
// address where nothing listens, while proxies still reach the real server.
func directBroken(l *Lab, o *checks.Options) {
	l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"))
	l.RefDNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"))
	o.Expected = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
}

// ErrNotHere says this machine cannot build a scenario (no IPv6
// loopback, say): tests skip it rather than fail.
var ErrNotHere = errors.New("lab: this machine cannot build the scenario")

// dualPort finds a port where ::1 stalls and 127.0.0.1 serves the API. A
// port free on ::1 may be taken on 127.0.0.1, so it tries a few.
func dualPort(l *Lab) (string, error) {
	var last error
	for range 5 {
		st, err := Stall("::1")
		if err != nil {
			return "", fmt.Errorf("%w: no IPv6 loopback: %v", ErrNotHere, err)
		}
		_, port, _ := net.SplitHostPort(st.Addr)
		ln, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err != nil {
			st.Close()
			last = err
			continue
		}
		l.Keep(func() { st.Close() })
		l.API.ListenOn(ln)
		l.Keep(func() { ln.Close() })
		return port, nil
	}
	return "", last
}

// DropDirect makes the direct path drop packets: the system resolver
// answers 127.0.0.2, where the API's port takes no connection, while
// proxies still reach the real server.
func DropDirect(l *Lab, o *checks.Options) error {
	_, port, _ := net.SplitHostPort(l.API.Addr)
	p, _ := strconv.Atoi(port)
	_, closer, err := BlackholeAt(netip.AddrPortFrom(netip.MustParseAddr("127.0.0.2"), uint16(p)))
	if err != nil {
		return err
	}
	l.Keep(closer)
	l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"))
	l.RefDNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"))
	o.Expected = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	return nil
}

func certFor(l *Lab, hosts []string, from, to time.Duration) (int, error) {
	cert, err := l.PublicCA.Issue(hosts, time.Now().Add(from), time.Now().Add(to), false)
	if err != nil {
		return 0, err
	}
	return l.StartAPIWith(cert)
}

func listenerScenario(start func(string) (*Listener, error)) func(*Lab, *checks.Env, *checks.Options) error {
	return func(l *Lab, env *checks.Env, o *checks.Options) error {
		ln, err := start("127.0.0.1")
		if err != nil {
			return err
		}
		l.Keep(func() { ln.Close() })
		portURL(o, ln.Addr)
		return nil
	}
}

// Scenarios lists every lab scenario: each cause the engine can name, and
// healthy controls that must not name one.
func Scenarios() []Scenario {
	var all []Scenario
	all = append(all, faultScenarios()...)
	all = append(all, clientScenarios()...)
	return all
}

// faultScenarios are one per network fault, plus the healthy controls.
func faultScenarios() []Scenario {
	return []Scenario{
		{Name: "healthy", Title: "Everything works", Want: checks.CauseOK, Demo: true, Setup: withKey(Key)},
		{Name: "healthy-login", Title: "Claude Code with its own login, no key", Want: checks.CauseOK, Setup: func(*Lab, *checks.Env, *checks.Options) error { return nil }},
		{Name: "healthy-proxy", Title: "Works through an authenticated proxy", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{User: "alice", Pass: "s3cret-proxy-pw"})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("alice", "s3cret-proxy-pw")
			env.Vars["ANTHROPIC_API_KEY"] = Key
			directBroken(l, o)
			return nil
		}},
		{Name: "healthy-proxy-direct-dropped", Title: "Works through a proxy while the direct path drops packets", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return DropDirect(l, o)
		}},
		{Name: "ipv6-fallback", Title: "Broken IPv6, but the client falls back", Client: checks.PythonSDK, Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"))
			o.Expected = append(o.Expected, netip.MustParsePrefix("::1/128"))
			return nil
		}},
		{Name: "healthy-socks", Title: "The Python SDK through a SOCKS5 proxy", Client: checks.PythonSDK, Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartSOCKS()
			if err != nil {
				return err
			}
			env.Vars["ALL_PROXY"] = "socks5://" + p.Addr
			env.Vars["ANTHROPIC_API_KEY"] = Key
			directBroken(l, o)
			return nil
		}},
		{Name: "socks-dead", Title: "The SOCKS5 proxy is not running", Client: checks.GoSDK, Want: checks.CauseProxyUnreachable, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, err := Refused("127.0.0.1")
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = "socks5://" + addr
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return nil
		}},
		{Name: "flapping", Title: "A flapping API: 529s, 429s, slow answers, resets (try --watch)", Want: checks.CauseOK, Demo: true, Scripted: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			// The single check sees the first two turns (reachability, then
			// authentication); a watch sees them all.
			l.API.SetSteps(
				Step{Status: 200}, Step{Status: 200}, Step{Status: 529}, Step{Status: 200},
				Step{Status: 429, RetryAfter: "1"}, Step{Status: 200}, Step{Status: 200, Delay: 250 * time.Millisecond},
				Step{Reset: true}, Step{Status: 200}, Step{Status: 529}, Step{Status: 529}, Step{Status: 200},
			)
			return nil
		}},
		{Name: "settings-broken", Title: "A broken settings.json (a warning only)", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			return l.WriteFile(Home+"/.claude/settings.json", []byte("{\n  \"env\": {\n    \"HTTPS_PROXY\": \"http://x:1\",\n  }\n}\n"))
		}},
		{Name: "key-missing", Title: "An SDK with no key", Client: checks.PythonSDK, Want: checks.CauseKeyMissing, Setup: func(*Lab, *checks.Env, *checks.Options) error { return nil }},
		{Name: "key-newline", Title: "A key pasted with a trailing newline", Want: checks.CauseKeyMalformed, Setup: withKey(Key + "\n")},
		{Name: "key-oauth-in-api-key", Title: "An OAuth token in ANTHROPIC_API_KEY", Want: checks.CauseKeyWrongHeader, Setup: withKey(FakeKey("oat01", "LABtoken", 76, "labBB"))},
		{Name: "key-revoked", Title: "A revoked key", Want: checks.CauseKeyInvalid, Demo: true, Setup: persona(KeyInvalid)},
		{Name: "permission", Title: "A key without permission", Want: checks.CausePermissionDenied, Setup: persona(Permission)},
		{Name: "billing", Title: "Credit balance too low", Want: checks.CauseBilling, Setup: persona(Billing)},
		{Name: "rate-limited", Title: "Rate limited (429)", Want: checks.CauseRateLimited, Setup: persona(RateLimited)},
		{Name: "overloaded", Title: "The API is overloaded (529)", Want: checks.CauseOverloaded, Setup: persona(Overloaded)},
		{Name: "server-error", Title: "The API answers 500", Want: checks.CauseServerError, Setup: persona(ServerError)},
		{Name: "outage", Title: "An outage on the status page", Want: checks.CauseServiceOutage, Demo: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			persona(ServerError)(l, env, o)
			l.API.SetStatus(StatusMajorOutage)
			return nil
		}},
		{Name: "slow", Title: "Connected, but the answer never comes", Want: checks.CauseTimeout, Setup: persona(Slow)},
		{Name: "base-url-v1", Title: "ANTHROPIC_BASE_URL ending in /v1", Want: checks.CauseBaseURLInvalid, Demo: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_BASE_URL"] = l.BaseURL() + "/v1"
			o.BaseURL = ""
			return nil
		}},
		{Name: "proxy-no-scheme", Title: "HTTPS_PROXY without a scheme", Want: checks.CauseProxyMalformed, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["HTTPS_PROXY"] = "127.0.0.1:7890"
			return nil
		}},
		{Name: "proxy-https-scheme", Title: "An http proxy written as https://", Want: checks.CauseProxyScheme, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = "https://" + p.Addr
			return nil
		}},
		{Name: "proxy-socks-claude", Title: "A SOCKS proxy for Claude Code", Want: checks.CauseProxyScheme, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["HTTPS_PROXY"] = "socks5://127.0.0.1:10808"
			return nil
		}},
		{Name: "proxy-dead", Title: "The local proxy is not running", Want: checks.CauseProxyUnreachable, Demo: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, err := Refused("127.0.0.1")
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = "http://" + addr
			env.Vars["https_proxy"] = "http://" + addr
			return nil
		}},
		{Name: "proxy-407", Title: "The proxy wants credentials", Want: checks.CauseProxyAuthRequired, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{User: "alice", Pass: "right"})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("alice", "wrong-password")
			return nil
		}},
		{Name: "proxy-denies", Title: "The proxy's policy denies the API", Want: checks.CauseProxyRefusedTarget, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{RefuseStatus: 403})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			return nil
		}},
		{Name: "proxy-bypassed", Title: "NO_PROXY sends the API direct, where it is blocked", Want: checks.CauseProxyBypassed, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			env.Vars["NO_PROXY"] = "localhost,.anthropic.com"
			directBroken(l, o)
			return nil
		}},
		{Name: "proxy-not-exported", Title: "A local proxy runs, but the shell never exported it", Want: checks.CauseProxyNotExported, Demo: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			_, port, _ := net.SplitHostPort(p.Addr)
			n, _ := strconv.Atoi(port)
			env.LocalProxyPorts = []int{n}
			directBroken(l, o)
			return nil
		}},
		{Name: "os-proxy-not-exported", Title: "A GNOME system proxy the shell never sees", Want: checks.CauseProxyNotExported, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			host, port, _ := net.SplitHostPort(p.Addr)
			env.Run = fakeGSettings(host, port)
			directBroken(l, o)
			return nil
		}},
		{Name: "wsl-windows-proxy", Title: "In WSL, Clash runs on Windows but Linux never uses it", Want: checks.CauseWSLWindowsProxy, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			// The Windows host, as WSL 2 in NAT mode sees it, is 127.0.0.3
			// here; its proxy listens on all interfaces ("Allow LAN").
			p, err := l.StartProxy(ProxyOptions{Listen: "127.0.0.3"})
			if err != nil {
				return err
			}
			_, port, _ := net.SplitHostPort(p.Addr)
			env.Run = fakeWindowsRegistry("127.0.0.1:" + port)
			directBroken(l, o)
			// The generated nameserver is the lab's resolver, and answers.
			env.DNSPort = int(l.DNS.Addr.Port())
			return wslFiles(l, env, l.DNS.Addr.Addr().String(), "127.0.0.3")
		}},
		{Name: "os-proxy-pac", Title: "KDE takes its proxy from a PAC file, which no CLI client reads (a clue: the direct failure is the verdict)", Want: checks.CauseTCPRefused, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			directBroken(l, o)
			return l.WriteFile(Home+"/.config/kioslaverc", []byte("[Proxy Settings]\nProxyType=2\nProxy Config Script=http://pac.corp.example/proxy.pac\n"))
		}},
		{Name: "proxy-ignored-node", Title: "The Node SDK ignores HTTPS_PROXY", Client: checks.NodeSDK, Want: checks.CauseProxyIgnoredByClient, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			env.Vars["ANTHROPIC_API_KEY"] = Key
			directBroken(l, o)
			return nil
		}},
		{Name: "tls-inspection", Title: "Corporate TLS inspection (Zscaler)", Want: checks.CauseTLSUntrusted, Demo: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{Resign: l.InspectCA})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			return nil
		}},
		{Name: "ca-file-missing", Title: "NODE_EXTRA_CA_CERTS points at a missing file", Want: checks.CauseCAFileInvalid, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{Resign: l.InspectCA})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			env.Vars["NODE_EXTRA_CA_CERTS"] = "/etc/ssl/corp/zscaler-root.pem"
			return nil
		}},
		{Name: "dns-nxdomain", Title: "The resolver says the host does not exist", Want: checks.CauseDNSNXDomain, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.SetMode(APIHost, DNSNXDomain)
			return nil
		}},
		{Name: "dns-timeout", Title: "The resolver never answers", Want: checks.CauseDNSTimeout, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.SetMode(APIHost, DNSSilent)
			return nil
		}},
		{Name: "wsl-dns", Title: "In WSL, the nameserver WSL generated never answers", Want: checks.CauseWSLDNS, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.SetMode(APIHost, DNSSilent)
			// The generated nameserver: a UDP port that reads and never answers.
			pc, err := net.ListenPacket("udp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			l.Keep(func() { pc.Close() })
			env.DNSPort = pc.LocalAddr().(*net.UDPAddr).Port
			return wslFiles(l, env, "127.0.0.1", "127.0.0.1")
		}},
		{Name: "dns-servfail", Title: "The resolver fails (SERVFAIL)", Want: checks.CauseDNSFailure, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.SetMode(APIHost, DNSServFail)
			return nil
		}},
		{Name: "dns-poisoned", Title: "The resolver lies; a reference resolver does not", Want: checks.CauseDNSPoisoned, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"))
			return nil
		}},
		{Name: "dns-poisoned-doh", Title: "The same, with a DoH reference", Want: checks.CauseDNSPoisoned, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"))
			l.DNS.Set("dns.lab.test", netip.MustParseAddr("127.0.0.1"))
			cert, err := l.PublicCA.Valid("dns.lab.test")
			if err != nil {
				return err
			}
			doh, err := StartAPI(cert, Key)
			if err != nil {
				return err
			}
			l.Keep(func() { doh.Close() })
			doh.SetDoH(l.RefDNS.ServeDoH)
			o.ReferenceDNS = fmt.Sprintf("https://dns.lab.test:%d/dns-query", doh.Port)
			return nil
		}},
		{Name: "hosts-override", Title: "A hosts-file entry pins the API to a dead address", Want: checks.CauseHostsOverride, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			return l.WriteFile("/etc/hosts", []byte("127.0.0.1 localhost\n127.0.0.3  api.anthropic.com # old mirror\n"))
		}},
		{Name: "tcp-refused", Title: "Nothing listens at the base URL (a stale gateway)", Want: checks.CauseTCPRefused, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, err := Refused("127.0.0.1")
			if err != nil {
				return err
			}
			portURL(o, addr)
			return nil
		}},
		{Name: "tcp-timeout", Title: "A firewall drops the packets", Want: checks.CauseTCPTimeout, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, closer, err := Blackhole()
			if err != nil {
				return err
			}
			l.Keep(closer)
			portURL(o, addr)
			return nil
		}},
		{Name: "ipv6-dead", Title: "AAAA resolves, nothing answers on IPv6: Claude Code races both families", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"))
			o.Expected = append(o.Expected, netip.MustParsePrefix("::1/128"))
			return nil
		}},
		{Name: "ipv6-dropped", Title: "AAAA resolves, IPv6 SYNs are dropped: clients race or fall back to IPv4", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			_, port, _ := net.SplitHostPort(l.API.Addr)
			p, _ := strconv.Atoi(port)
			_, closer, err := BlackholeAt(netip.AddrPortFrom(netip.IPv6Loopback(), uint16(p)))
			if errors.Is(err, ErrNotHere) {
				return err
			}
			if err != nil {
				return fmt.Errorf("%w: no IPv6 loopback: %v", ErrNotHere, err)
			}
			l.Keep(closer)
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback())
			o.Expected = append(o.Expected, netip.MustParsePrefix("::1/128"))
			return nil
		}},
		{Name: "ipv6-blackhole", Title: "IPv6 connects, then the handshake stalls (an MTU black hole); IPv4 works", Want: checks.CauseIPv6Broken, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			// The same port on both families: the API on 127.0.0.1, a
			// listener that takes the connection and never answers on ::1.
			port, err := dualPort(l)
			if err != nil {
				return err
			}
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"))
			o.Expected = append(o.Expected, netip.MustParsePrefix("::1/128"))
			o.BaseURL = "https://" + APIHost + ":" + port
			return nil
		}},
		{Name: "gateway-localhost-down", Title: "A gateway on localhost that is not running", Want: checks.CauseTCPRefused, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, err := Refused("127.0.0.1")
			if err != nil {
				return err
			}
			_, port, _ := net.SplitHostPort(addr)
			o.BaseURL, o.Expected = "https://localhost:"+port, nil
			env.Vars["ANTHROPIC_AUTH_TOKEN"] = "gw-token-lab-0123456789"
			return nil
		}},
		{Name: "gateway-name-down", Title: "A gateway whose name resolves to loopback, with nothing listening", Want: checks.CauseTCPRefused, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, err := Refused("127.0.0.1")
			if err != nil {
				return err
			}
			_, port, _ := net.SplitHostPort(addr)
			l.DNS.Set("llm-gateway.lab.test", netip.MustParseAddr("127.0.0.1"))
			l.RefDNS.Set("llm-gateway.lab.test", netip.MustParseAddr("127.0.0.1"))
			o.BaseURL, o.Expected = "https://llm-gateway.lab.test:"+port, nil
			return nil
		}},
		{Name: "gateway-name-dropped", Title: "A gateway on a loopback name whose port drops packets", Want: checks.CauseTCPTimeout, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			addr, closer, err := Blackhole()
			if err != nil {
				return err
			}
			l.Keep(closer)
			_, port, _ := net.SplitHostPort(addr)
			l.DNS.Set("llm-gateway.lab.test", netip.MustParseAddr("127.0.0.1"))
			l.RefDNS.Set("llm-gateway.lab.test", netip.MustParseAddr("127.0.0.1"))
			o.BaseURL, o.Expected = "https://llm-gateway.lab.test:"+port, nil
			return nil
		}},
		{Name: "healthy-gateway", Title: "A working gateway on a loopback name", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return l.Gateway(o, "llm-gateway.lab.test")
		}},
		{Name: "proxy-hung", Title: "The proxy takes the connection and never answers CONNECT", Want: checks.CauseProxyUnreachable, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			st, err := Stall("127.0.0.1")
			if err != nil {
				return err
			}
			l.Keep(func() { st.Close() })
			env.Vars["HTTPS_PROXY"] = "http://" + st.Addr
			return nil
		}},
		{Name: "dns-offline", Title: "The resolver hides every public name (offline, portal, filter)", Want: checks.CauseDNSNXDomain, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			for _, h := range []string{APIHost, PlatformHost, StatusHost} {
				l.DNS.SetMode(h, DNSNXDomain)
			}
			return nil
		}},
		{Name: "base-url-http-on-tls-port", Title: "ANTHROPIC_BASE_URL says http:// for a gateway port that speaks TLS", Want: checks.CauseBaseURLInvalid, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			if err := l.Gateway(o, "llm-gateway.lab.test"); err != nil {
				return err
			}
			o.BaseURL = "http://" + strings.TrimPrefix(o.BaseURL, "https://")
			return nil
		}},
		{Name: "slow-within-client-timeout", Title: "Answers take half a second: slow, within the client's own timeout", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			l.API.SetSteps(Step{Status: 200, Delay: 500 * time.Millisecond})
			return nil
		}},
		{Name: "client-timeout", Title: "API_TIMEOUT_MS is shorter than the API takes to answer", Want: checks.CauseTimeout, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			env.Vars["API_TIMEOUT_MS"] = "200"
			l.API.SetSteps(Step{Status: 200, Delay: 500 * time.Millisecond})
			return nil
		}},
		{Name: "ipv4-dead", Title: "Nothing answers on IPv4, IPv6 works: the client's race takes IPv6", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			_, port, _ := net.SplitHostPort(l.API.Addr)
			ln, err := net.Listen("tcp", "[::1]:"+port)
			if err != nil {
				return fmt.Errorf("%w: no IPv6 loopback: %v", ErrNotHere, err)
			}
			l.API.ListenOn(ln)
			l.Keep(func() { ln.Close() })
			l.DNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"), netip.MustParseAddr("::1"))
			l.RefDNS.Set(APIHost, netip.MustParseAddr("127.0.0.2"), netip.MustParseAddr("::1"))
			o.Expected = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
			return nil
		}},
		{Name: "gateway-split-horizon", Title: "A gateway's internal address is down; its public one answers (evidence, not the cause)", Want: checks.CauseTCPRefused, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			if err := l.Gateway(o, "llm-gateway.lab.test"); err != nil {
				return err
			}
			l.DNS.Set("llm-gateway.lab.test", netip.MustParseAddr("127.0.0.2"))
			return nil
		}},
		{Name: "socks-hung", Title: "A SOCKS5 proxy takes the connection and never answers", Client: checks.GoSDK, Want: checks.CauseProxyUnreachable, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			st, err := Stall("127.0.0.1")
			if err != nil {
				return err
			}
			l.Keep(func() { st.Close() })
			env.Vars["HTTPS_PROXY"] = "socks5://" + st.Addr
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return nil
		}},
		{Name: "slow-login", Title: "Slow answers, and Claude Code's own login (no key)", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			l.API.SetSteps(Step{Status: 200, Delay: 500 * time.Millisecond})
			return nil
		}},
		{Name: "tls-expired", Title: "An expired certificate", Want: checks.CauseTLSExpired, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			port, err := certFor(l, []string{APIHost}, -400*24*time.Hour, -30*24*time.Hour)
			o.BaseURL = fmt.Sprintf("https://%s:%d", APIHost, port)
			return err
		}},
		{Name: "tls-not-yet-valid", Title: "A certificate from the future", Want: checks.CauseTLSNotYetValid, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			port, err := certFor(l, []string{APIHost}, 30*24*time.Hour, 400*24*time.Hour)
			o.BaseURL = fmt.Sprintf("https://%s:%d", APIHost, port)
			return err
		}},
		{Name: "tls-wrong-host", Title: "A certificate for another host", Want: checks.CauseTLSHostnameMismatch, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			port, err := certFor(l, []string{"portal.example.net"}, -time.Hour, 24*time.Hour)
			o.BaseURL = fmt.Sprintf("https://%s:%d", APIHost, port)
			return err
		}},
		{Name: "clock-skew", Title: "The local clock is three years ahead", Want: checks.CauseClockSkew, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Now = func() time.Time { return time.Now().Add(3 * 365 * 24 * time.Hour) }
			return nil
		}},
		{Name: "sni-filtered", Title: "The connection is reset after the ClientHello", Want: checks.CauseTLSReset, Demo: true, Setup: listenerScenario(ResetAfterHello)},
		{Name: "tls-stall", Title: "The TLS handshake never finishes", Want: checks.CauseTLSTimeout, Setup: listenerScenario(Stall)},
		{Name: "plain-http", Title: "The port speaks plain HTTP", Want: checks.CauseTLSProtocol, Setup: listenerScenario(PlainHTTP)},
		{Name: "region-blocked", Title: "The API refuses this country", Want: checks.CauseRegionBlocked, Demo: true, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			persona(RegionBlocked)(l, env, o)
			l.API.SetLoc("HK")
			return nil
		}},
		{Name: "edge-challenge", Title: "The edge wants a browser challenge", Want: checks.CauseEdgeChallenge, Setup: persona(Challenge)},
		{Name: "middlebox", Title: "A firewall answers with its own page", Want: checks.CauseMiddleboxResponse, Setup: persona(Middlebox)},
	}
}

// Find returns the scenario with the given name.
func Find(name string) (Scenario, bool) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Prepare starts a lab below dir, applies the scenario and returns what the
// engine needs to run against it. The caller closes the lab.
func Prepare(s Scenario, dir string) (*Lab, *checks.Env, checks.Options, error) {
	l, err := Start(dir)
	if err != nil {
		return nil, nil, checks.Options{}, err
	}
	client := s.Client
	if client == "" {
		client = checks.ClaudeCode
	}
	env, opts := l.Env(), l.Options(client)
	if err := s.Setup(l, env, &opts); err != nil {
		l.Close()
		return nil, nil, checks.Options{}, err
	}
	return l, env, opts, nil
}

// wslFiles makes the lab's file system a WSL 2 distribution in NAT mode
// with a generated resolv.conf naming nameserver, and the Windows host
// as the default gateway.
func wslFiles(l *Lab, env *checks.Env, nameserver, gateway string) error {
	ip := netip.MustParseAddr(gateway).As4()
	gw := fmt.Sprintf("%02X%02X%02X%02X", ip[3], ip[2], ip[1], ip[0])
	env.Vars["WSL_DISTRO_NAME"] = "Ubuntu"
	files := map[string]string{
		"/proc/version":    "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0) #1 SMP Fri Mar 29 23:14:13 UTC 2024\n",
		"/etc/resolv.conf": "# This file was automatically generated by WSL. To stop automatic generation of this file, add the following entry to /etc/wsl.conf:\n# [network]\n# generateResolvConf = false\nnameserver " + nameserver + "\n",
		"/proc/net/route":  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t" + gw + "\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
	}
	for name, text := range files {
		if err := l.WriteFile(name, []byte(text)); err != nil {
			return err
		}
	}
	return nil
}

// fakeWindowsRegistry answers reg.exe, through WSL's interop, with a
// Windows proxy at addr.
func fakeWindowsRegistry(addr string) checks.CommandRunner {
	out := "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\r\n" +
		"    ProxyEnable    REG_DWORD    0x1\r\n    ProxyServer    REG_SZ    " + addr + "\r\n    ProxyOverride    REG_SZ    localhost;127.*;<local>\r\n"
	return func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name == "reg.exe" && len(args) == 2 && args[0] == "query" {
			return []byte(out), nil
		}
		return noCommand(ctx, name)
	}
}

// fakeGSettings answers the gsettings calls for a manual GNOME proxy.
func fakeGSettings(host, port string) checks.CommandRunner {
	answers := map[string]string{
		"org.gnome.system.proxy mode":           "'manual'\n",
		"org.gnome.system.proxy.https host":     "'" + host + "'\n",
		"org.gnome.system.proxy.https port":     port + "\n",
		"org.gnome.system.proxy autoconfig-url": "''\n",
	}
	return func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name == "gsettings" && len(args) == 3 {
			if a, ok := answers[args[1]+" "+args[2]]; ok {
				return []byte(a), nil
			}
		}
		return noCommand(ctx, name)
	}
}
