package checks

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"apidoctor/i18n"
)

// TCPEvidence lists the connection attempts of one address family.
type TCPEvidence struct {
	Family   string       `json:"family"`
	Attempts []TCPAttempt `json:"attempts"`
	OnRoute  bool         `json:"on_client_route"`
}

// TCPAttempt is one connect.
type TCPAttempt struct {
	Addr  string  `json:"addr"`
	OK    bool    `json:"ok"`
	MS    float64 `json:"ms"`
	Cause Cause   `json:"cause,omitempty"`
	Error string  `json:"error,omitempty"`
}

// tcpAttemptsPerFamily bounds how many addresses of a family are tried.
const tcpAttemptsPerFamily = 2

// offRoute downgrades a failure that is not on the client's route to a
// warning: a direct path that fails while the client uses a proxy is
// evidence, not the problem.
func (r *Run) offRoute(res Result, direct bool) Result {
	if res.Status != Fail {
		return res
	}
	if direct != (r.Route.Proxy == nil) {
		res.Status = Warn
		res.Msg = msg(OffRouteKey, res.Msg)
	}
	return res
}

func checkTCP(family string) func(ctx context.Context, r *Run) Result {
	return func(ctx context.Context, r *Run) Result {
		id := "tcp." + map[string]string{"ip4": "ipv4", "ip6": "ipv6"}[family]
		// Every way out says the family did not connect, so that the other
		// family's check never waits in vain.
		defer r.publishFamily(family, false)
		t := r.Target
		if t.URL == nil {
			return skip(msg("common.no_base_url"))
		}
		port, err := parsePort(t.Port)
		if err != nil {
			return skip(msg("tcp.bad_port"))
		}
		var addrs []netip.Addr
		if a, err := netip.ParseAddr(t.Host); err == nil {
			addrs = []netip.Addr{a.Unmap()}
		} else {
			dns := r.Await(ctx, id, "dns.system")
			ev, _ := dns.Evidence.(*DNSEvidence)
			if ev == nil || !dns.OK() {
				return skip(msg("tcp.no_dns"))
			}
			addrs = ev.Addrs()
		}
		var fam []netip.Addr
		for _, a := range addrs {
			if a.Is4() == (family == "ip4") {
				fam = append(fam, a)
			}
		}
		if len(fam) == 0 {
			return na(msg("tcp.no_family", map[string]string{"ip4": "IPv4", "ip6": "IPv6"}[family], t.Host))
		}
		if len(fam) > tcpAttemptsPerFamily {
			fam = fam[:tcpAttemptsPerFamily]
		}
		ev := &TCPEvidence{Family: family, Attempts: make([]TCPAttempt, len(fam)), OnRoute: r.Route.Proxy == nil}
		errs := make([]error, len(fam))
		var wg sync.WaitGroup
		for i, a := range fam {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ap := netip.AddrPortFrom(a, port)
				r.Note(ctx, "note.tcp", ap.String())
				t0 := time.Now()
				c, err := r.dialAddr(ctx, ap)
				at := TCPAttempt{Addr: ap.String(), MS: float64(time.Since(t0).Microseconds()) / 1000, OK: err == nil}
				if err != nil {
					at.Cause, at.Error, errs[i] = Classify(err, PhaseConnect, r.Env.Now()), err.Error(), err
				} else {
					c.Close()
				}
				ev.Attempts[i] = at
			}()
		}
		wg.Wait()
		for _, at := range ev.Attempts {
			if at.OK {
				r.publishFamily(family, true)
				return pass(msg("tcp.ok", at.Addr, at.MS), ev)
			}
		}
		r.publishFamily(family, false)
		first := ev.Attempts[0]
		res := fail(first.Cause, msg("tcp.cannot_connect", first.Addr, connectReason(first.Cause)), ev, errs[0])
		if family == "ip4" && r.otherFamilyConnected(ctx, family) {
			// IPv6 works, and every client takes it when IPv4 fails.
			res.Status, res.Fixes = Warn, nil
			res.Msg = msg("tcp.v4_fallback", res.Msg, string(r.Profile.Name))
			return res
		}
		if family == "ip6" && r.otherFamilyConnected(ctx, family) {
			// IPv4 works. A dead IPv6 path breaks no client today: they race
			// the families, or (httpx) try IPv6 first and fall back once
			// its connect times out. Only a v6 path that connects and then
			// breaks does harm; the TLS check sees that.
			res.Status, res.Cause, res.Fixes = Warn, CauseIPv6Broken, nil
			res.Msg = msg("tcp.v6_fallback", res.Msg, string(r.Profile.Name))
			if !r.Profile.HappyEyeballs() && first.Cause == CauseTCPTimeout {
				res.Msg = msg("tcp.v6_slow_fallback", res.Msg, string(r.Profile.Name))
			}
			return res
		}
		return r.offRoute(res, true)
	}
}

func connectReason(c Cause) i18n.M {
	switch c {
	case CauseTCPRefused:
		return msg("tcp.reason.refused")
	case CauseTCPTimeout:
		return msg("tcp.reason.timeout")
	case CauseNetUnreachable:
		return msg("tcp.reason.unreachable")
	}
	return raw(string(c))
}

// stallsAfterConnect are handshake failures on a connection that was
// made: what a path that breaks after the SYN looks like.
var stallsAfterConnect = map[Cause]bool{CauseTLSReset: true, CauseTLSTimeout: true}

// keptAddr is the address the client's own connection ends up on, and,
// when that is IPv6, IPv4's that connected too (the proof that the family
// is at fault if IPv6 then breaks). It replays the client's connect
// (connectAny) on the recorded attempts of the two TCP checks, so that
// each client keeps what it would: the racing clients an IPv6 address
// unless IPv4, started after their delay, connects first; Node an IPv6
// attempt only if it connected within its delay; httpx the first address
// of the resolver's answer that connects. A family whose check is still
// running is waited for only as long as it could still change that.
func (r *Run) keptAddr(ctx context.Context, id string) (kept, other string, ok bool) {
	for _, n := range []string{"tcp.ipv4", "tcp.ipv6"} {
		if !r.slots[id].needs[n] {
			panic("check " + id + " races " + n + " without declaring it in Needs")
		}
	}
	if r.Profile.Race.Delay <= 0 {
		return r.keptInOrder(ctx)
	}
	// The family the client starts with: the resolver's first, for the
	// clients that follow its order.
	v4First := false
	if r.Profile.Race.ResolverFirst {
		addrs, _ := r.resolve(ctx, "ip", r.Target.Host)
		v4First = len(addrs) > 0 && addrs[0].Is4()
	}
	d4, d6 := r.slots["tcp.ipv4"].done, r.slots["tcp.ipv6"].done
	var v4, v6 *Result
	take := func(block bool) bool {
		if block {
			select {
			case <-d4:
				v4, d4 = &r.slots["tcp.ipv4"].res, nil
			case <-d6:
				v6, d6 = &r.slots["tcp.ipv6"].res, nil
			case <-ctx.Done():
				return false
			}
		}
		// Whatever else is already done counts too.
		select {
		case <-d4:
			v4, d4 = &r.slots["tcp.ipv4"].res, nil
		default:
		}
		select {
		case <-d6:
			v6, d6 = &r.slots["tcp.ipv6"].res, nil
		default:
		}
		return true
	}
	for v4 == nil || v6 == nil {
		if !take(true) {
			return "", "", false
		}
		switch {
		case v4 != nil && v6 != nil:
		case v6 != nil && !v4First:
			// IPv4 still connecting: an IPv6 win over any IPv4 attempt
			// yet to end is final (Node's: only within its delay). When
			// IPv4 goes first, nothing is known until it ends.
			if k, o, won := r.replayFamilies(nil, v6, v4First); won {
				return k, o, true
			}
		case v4 != nil:
			if _, connected := firstConnected(*v4); connected {
				// IPv6 still has the race's delay to win.
				if res, done := r.awaitWithin(ctx, id, "tcp.ipv6", r.Profile.Race.Delay); done {
					v6 = &res
				}
				k, o, won := r.replayFamilies(v4, v6, v4First)
				if !won {
					k, _ = firstConnected(*v4)
				}
				return k, o, true
			}
		}
	}
	if k, o, won := r.replayFamilies(v4, v6, v4First); won {
		return k, o, true
	}
	// No address wins the client's race (Node's IPv6 abandoned, IPv4
	// failing): the one that connects is the nearest the TLS check gets.
	if a6, ok6 := firstConnected(*v6); ok6 {
		return a6, "", true
	}
	a4, ok4 := firstConnected(*v4)
	return a4, "", ok4
}

// replayFamilies replays the racing client's connect on the recorded
// attempts (a nil or unfinished family never connects) and reports the
// winner, with IPv4's connected address as other when IPv6 won.
func (r *Run) replayFamilies(v4, v6 *Result, v4First bool) (kept, other string, won bool) {
	var a4, a6 []TCPAttempt
	if ev := tcpEvidence(v4); ev != nil {
		a4 = ev.Attempts
	}
	if ev := tcpEvidence(v6); ev != nil {
		a6 = ev.Attempts
	}
	p4, p6 := make([]*TCPAttempt, len(a4)), make([]*TCPAttempt, len(a6))
	for i := range a4 {
		p4[i] = &a4[i]
	}
	for i := range a6 {
		p6[i] = &a6[i]
	}
	order := interleave(p6, p4, v4First)
	i := replayRace(r.Profile.Race, order)
	if i < 0 {
		return "", "", false
	}
	kept = order[i].Addr
	if ap, err := netip.ParseAddrPort(kept); err == nil && ap.Addr().Is6() && v4 != nil {
		other, _ = firstConnected(*v4)
	}
	return kept, other, true
}

// keptInOrder is keptAddr for a client that tries one address after
// another in the resolver's order (httpx through create_connection): the
// first that connects is kept, and a later one is never tried, so a
// family is waited for only when its address comes next.
func (r *Run) keptInOrder(ctx context.Context) (kept, other string, ok bool) {
	ids := map[bool]string{true: "tcp.ipv4", false: "tcp.ipv6"} // by "is IPv4"
	attempts := func(is4 bool) []TCPAttempt {
		sl := r.slots[ids[is4]]
		select {
		case <-sl.done:
			if ev := tcpEvidence(&sl.res); ev != nil {
				return ev.Attempts
			}
		case <-ctx.Done():
		}
		return nil
	}
	keep := func(at TCPAttempt, a netip.Addr) (string, string, bool) {
		if a.Is6() {
			// IPv4's address, if it is known by now: the TLS check waits
			// for it only when IPv6 breaks.
			select {
			case <-r.slots["tcp.ipv4"].done:
				other, _ = firstConnected(r.slots["tcp.ipv4"].res)
			default:
			}
		}
		return at.Addr, other, true
	}
	order, _ := r.resolve(ctx, "ip", r.Target.Host)
	seen := map[netip.Addr]bool{}
	for _, a := range order {
		a = a.Unmap()
		if seen[a] {
			continue
		}
		seen[a] = true
		for _, at := range attempts(a.Is4()) {
			if ap, err := netip.ParseAddrPort(at.Addr); err == nil && ap.Addr() == a && at.OK {
				return keep(at, a)
			}
		}
		if ctx.Err() != nil {
			return "", "", false
		}
	}
	// Addresses the checks tried that this answer lacks (the resolver
	// changed its mind, or failed): IPv6 first, as the lookups went.
	for _, is4 := range []bool{false, true} {
		for _, at := range attempts(is4) {
			if ap, err := netip.ParseAddrPort(at.Addr); err == nil && !seen[ap.Addr()] && at.OK {
				return keep(at, ap.Addr())
			}
		}
	}
	return "", "", false
}

// tcpEvidence is a TCP check's evidence, or nil.
func tcpEvidence(res *Result) *TCPEvidence {
	if res == nil {
		return nil
	}
	ev, _ := res.Evidence.(*TCPEvidence)
	return ev
}

// firstConnected returns the first address that accepted a TCP connection.
func firstConnected(results ...Result) (string, bool) {
	for _, res := range results {
		if ev, ok := res.Evidence.(*TCPEvidence); ok {
			for _, at := range ev.Attempts {
				if at.OK {
					return at.Addr, true
				}
			}
		}
	}
	return "", false
}

// ProxyEvidence is what the configured proxy did with CONNECT.
type ProxyEvidence struct {
	Proxy    string      `json:"proxy"`
	Variable string      `json:"variable"`
	Scheme   string      `json:"scheme"`
	Target   string      `json:"target"`
	OnRoute  bool        `json:"on_client_route"`
	Answer   *ProxyError `json:"answer,omitempty"`
	Status   int         `json:"connect_status,omitempty"`
	Timing   *TimingMS   `json:"timing,omitempty"`
	Note     string      `json:"note,omitempty"`
	// Request is the client's request sent through a proxy the client
	// does not use (bypassed or ignored): the proof it would work.
	Request *PathProof `json:"request,omitempty"`
}

func asProxyError(err error) *ProxyError {
	var pe *ProxyError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

func phaseOf(err error) Phase {
	var pe *PhaseError
	if errors.As(err, &pe) {
		return pe.Phase
	}
	return ""
}

func checkProxy(ctx context.Context, r *Run) Result {
	rt := r.Route
	if rt.Configured == nil {
		if rt.Err != nil {
			return skip(msg("proxy.unusable"))
		}
		return na(msg("proxy.none"))
	}
	if r.Target.URL == nil {
		return skip(msg("common.no_base_url"))
	}
	pu := rt.Configured
	ev := &ProxyEvidence{Proxy: displayURL(pu), Variable: rt.ProxyVar, Scheme: pu.Scheme, Target: r.Target.HostPort(), OnRoute: rt.Proxy != nil}
	if rt.Err != nil {
		ev.Note = rt.Err.Error()
	}
	tm := &Timing{}
	t0 := time.Now()
	r.Note(ctx, "note.proxy", ev.Proxy)
	c, err := r.tunnel(ctx, pu, r.Target.HostPort(), tm)
	tm.Total = time.Since(t0)
	ev.Timing = tm.MS()
	if err == nil {
		c.Close()
		ev.Status = 200
		if rt.Proxy != nil {
			// On the client's route the TLS and HTTP checks carry on.
			return pass(msg("proxy.ok", ev.Proxy, ev.Target, ev.Timing.Total), ev)
		}
		// Not on the client's route: a tunnel proves nothing until the
		// client's whole request went through it.
		ev.Request = r.proveProxy(ctx, pu)
		if !ev.Request.Works {
			return warn(ev.Request.Cause, msg("proxy.request_fails", ev.Proxy, ev.Request.reasonOf()), ev)
		}
		return pass(msg("proxy.request_ok", ev.Proxy, r.Target.Host, orDash(ev.Request.RequestID)), ev)
	}
	res := r.proxyFailure(err, ev)
	if rt.Err != nil {
		// The client cannot use this proxy anyway (SOCKS for Claude Code):
		// the proxy's own health is evidence only.
		res.Status = Warn
	}
	return r.offRoute(res, false)
}

// proxyFailure explains a failed tunnel from the proxy's own evidence.
func (r *Run) proxyFailure(err error, ev *ProxyEvidence) Result {
	if phaseOf(err) == PhaseProxyTLS {
		return fail(CauseProxyScheme, msg("proxy.no_tls", ev.Proxy), ev, err)
	}
	if pe := asProxyError(err); pe != nil {
		ev.Answer, ev.Status = pe, pe.Status
		switch {
		case pe.Status == 407 || pe.Status == 401:
			scheme, _, _ := strings.Cut(pe.Authenticate, " ")
			if strings.EqualFold(scheme, "NTLM") || strings.EqualFold(scheme, "Negotiate") {
				return fail(CauseProxyAuthRequired, msg("proxy.auth_ntlm", pe.Status, scheme), ev, err)
			}
			if scheme != "" {
				return fail(CauseProxyAuthRequired, msg("proxy.auth_scheme", pe.Status, scheme), ev, err)
			}
			return fail(CauseProxyAuthRequired, msg("proxy.auth", pe.Status), ev, err)
		case pe.Status == 0:
			return fail(CauseProxyRefusedTarget, msg("proxy.socks_refused"), ev, err)
		}
		if pe.SquidError != "" {
			return fail(CauseProxyRefusedTarget, msg("proxy.refused_squid", pe.Status, pe.SquidError), ev, err)
		}
		return fail(CauseProxyRefusedTarget, msg("proxy.refused", pe.Status), ev, err)
	}
	var silent *ConnectWaitError
	if errors.As(err, &silent) {
		// Running, since it took the connection, but it never answered.
		res := fail(CauseProxyUnreachable, msg("proxy.hung", ev.Proxy, silent.Waited.Round(100*time.Millisecond).String()), ev, err)
		if !silent.Timeout() {
			res.Msg = msg("proxy.closed", ev.Proxy)
		}
		res.Advice = msg("advice.proxy_hung")
		return res
	}
	return fail(CauseProxyUnreachable, msg("proxy.unreachable", ev.Proxy, connectReason(Classify(err, PhaseConnect, r.Env.Now()))), ev, err)
}

// TLSEvidence is the handshake as the client would see it.
type TLSEvidence struct {
	Addr        string     `json:"addr,omitempty"`
	Via         string     `json:"via,omitempty"`
	ServerName  string     `json:"server_name"`
	Version     string     `json:"version,omitempty"`
	ALPN        string     `json:"alpn,omitempty"`
	Cipher      string     `json:"cipher,omitempty"`
	Chain       []CertInfo `json:"chain,omitempty"`
	Interceptor string     `json:"interceptor,omitempty"`
	VerifyError string     `json:"verify_error,omitempty"`
	Timing      *TimingMS  `json:"timing,omitempty"`
	// ServerDate is the Date of a bare HEAD sent after a validity error,
	// so the clock check can compare even when no verified answer exists.
	ServerDate time.Time `json:"server_date,omitzero"`
	// OtherFamily is the client's request over the other address family,
	// sent when the kept one connected and then broke.
	OtherFamily *PathProof `json:"other_family,omitempty"`
	chain       []*x509.Certificate
	dateAt      time.Time
}

func checkTLS(ctx context.Context, r *Run) Result {
	const id = "tls"
	t := r.Target
	if t.URL == nil {
		return skip(msg("common.no_base_url"))
	}
	if t.URL.Scheme == "http" {
		return na(msg("tls.plain_http"))
	}
	ev := &TLSEvidence{ServerName: t.Host}
	tm := &Timing{}
	t0 := time.Now()
	var open func() (net.Conn, error)
	var other string // the other family's address, when both connected
	if r.Route.Proxy == nil {
		addr, alt, ok := r.keptAddr(ctx, id)
		if !ok {
			return skip(msg("tls.no_tcp"))
		}
		ev.Addr, other = addr, alt
		open = func() (net.Conn, error) { return r.dialAddr(ctx, netip.MustParseAddrPort(addr)) }
	} else {
		if !r.Await(ctx, id, "proxy").OK() {
			return skip(msg("tls.no_tunnel"))
		}
		ev.Via = r.Route.ProxyDisplay
		open = func() (net.Conn, error) { return r.tunnel(ctx, r.Route.Proxy, t.HostPort(), tm) }
	}
	raw, err := open()
	if err != nil {
		if r.Route.Proxy != nil {
			return r.proxyFailure(err, &ProxyEvidence{Proxy: ev.Via})
		}
		return fail(Classify(err, PhaseConnect, r.Env.Now()), msg("tls.tcp_flapped", err.Error()), ev, err)
	}
	defer raw.Close()
	ctx2, cancel := context.WithTimeout(ctx, r.Env.Timeouts.TLS)
	defer cancel()
	cfg := r.tlsConfig(t.Host, "h2", "http/1.1")
	var verifyErr error
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		ev.chain = cs.PeerCertificates
		verifyErr = r.trust().verify(cs.PeerCertificates, t.Host, r.Env.Now())
		return nil // finish the handshake to record everything; judged below
	}
	tc := tls.Client(raw, cfg)
	r.Note(ctx, "note.tls", t.Host)
	hs := time.Now()
	err = tc.HandshakeContext(ctx2)
	tm.TLS = time.Since(hs)
	tm.Total = time.Since(t0)
	ev.Timing = tm.MS()
	for _, c := range ev.chain {
		ev.Chain = append(ev.Chain, certInfo(c))
	}
	ev.Interceptor = interceptorOf(ev.chain)
	if err != nil {
		cause := Classify(err, PhaseTLS, r.Env.Now())
		res := fail(cause, tlsReason(cause, t.Host), ev, err)
		if other == "" && stallsAfterConnect[cause] && netip.MustParseAddrPort(ev.Addr).Addr().Is6() {
			// The race kept IPv6 before IPv4 was done: wait for it now.
			other, _ = firstConnected(r.Await(ctx, id, "tcp.ipv4"))
		}
		if other != "" && stallsAfterConnect[cause] {
			// The kept family connects and then breaks (a v6 MTU black hole,
			// say): the client hangs here. Only the other family carrying
			// the whole request makes it the family's fault.
			ev.OtherFamily = r.proveAddr(ctx, netip.MustParseAddrPort(other))
			if ev.OtherFamily.Works {
				res = fail(CauseIPv6Broken, msg("tls.v6_breaks", ev.Addr, tlsReason(cause, t.Host), other), ev, err)
			}
		}
		return res
	}
	cs := tc.ConnectionState()
	ev.Version, ev.ALPN, ev.Cipher = tls.VersionName(cs.Version), cs.NegotiatedProtocol, tls.CipherSuiteName(cs.CipherSuite)
	if verifyErr != nil {
		ev.VerifyError = verifyErr.Error()
		cause := Classify(verifyErr, PhaseTLS, r.Env.Now())
		m := tlsReason(cause, t.Host)
		if cause == CauseTLSExpired || cause == CauseTLSNotYetValid {
			ev.ServerDate, ev.dateAt = r.serverDate(ctx, open, t.Host)
		}
		if ev.Interceptor != "" && cause == CauseTLSUntrusted {
			m = msg("tls.inspection", m, ev.Interceptor)
		}
		return fail(cause, m, ev, verifyErr)
	}
	return pass(msg("tls.ok", ev.Version, orDash(ev.ALPN), ev.Timing.TLS), ev)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func tlsReason(c Cause, host any) i18n.M {
	switch c {
	case CauseTLSUntrusted:
		return msg("tls.reason.untrusted", host)
	case CauseTLSExpired:
		return msg("tls.reason.expired", host)
	case CauseTLSNotYetValid:
		return msg("tls.reason.not_yet_valid", host)
	case CauseTLSHostnameMismatch:
		return msg("tls.reason.hostname", host)
	case CauseTLSReset:
		return msg("tls.reason.reset")
	case CauseTLSTimeout:
		return msg("tls.reason.timeout")
	case CauseTLSProtocol:
		return msg("tls.reason.protocol")
	}
	return msg("tls.reason.other")
}

// TrustEvidence says which trust sources accept the observed chain.
type TrustEvidence struct {
	Candidates []TrustCandidate `json:"candidates"`
	// ChainRoot is the top certificate the server sent when it is a CA:
	// the root to hand to the client when IT confirms its fingerprint.
	ChainRoot *CertInfo `json:"chain_root,omitempty"`
	rootDER   []byte
}

// ChainRootPEM is the root the server sent, PEM-encoded, for a person to
// confirm and trust (nil when the chain did not include it).
func (e *TrustEvidence) ChainRootPEM() []byte {
	if e == nil || len(e.rootDER) == 0 {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: e.rootDER})
}

// TrustCandidate is one trust source and its verdict on the chain.
type TrustCandidate struct {
	TrustSource
	UsedByClient bool   `json:"used_by_client"`
	Accepts      bool   `json:"accepts"`
	Error        string `json:"error,omitempty"`
}

func checkTrust(ctx context.Context, r *Run) Result {
	tlsRes := r.Await(ctx, "trust", "tls")
	tev, _ := tlsRes.Evidence.(*TLSEvidence)
	if tev == nil || len(tev.chain) == 0 {
		return skip(msg("trust.no_chain"))
	}
	used := r.trust().sources
	cands := append([]TrustSource(nil), used...)
	seen := map[string]bool{}
	for _, s := range used {
		seen[s.Name+s.Path] = true
	}
	// add builds a source only if the client's own trust lacks it: loading
	// a store (the Mozilla roots, say) is the expensive part.
	add := func(name, path string, build func() TrustSource) {
		if !seen[name+path] {
			seen[name+path] = true
			cands = append(cands, build())
		}
	}
	for _, t := range []Trust{TrustSystem, TrustBundled} {
		add(string(t), "", func() TrustSource { return r.baseSource(t) })
	}
	for _, v := range caVarNames {
		if p := r.Settings.Get(v); p != "" && v != "NODE_USE_SYSTEM_CA" && v != "CLAUDE_CODE_CERT_STORE" && v != "SSL_CERT_DIR" {
			add(v, p, func() TrustSource { return r.fileSource(v, p) })
		}
	}
	for _, p := range r.Env.CertifiPaths {
		add("certifi", p, func() TrustSource { return r.fileSource("certifi", p) })
	}
	ev := &TrustEvidence{}
	if top := tev.chain[len(tev.chain)-1]; top.IsCA && len(tev.chain) > 1 {
		ci := certInfo(top)
		ev.ChainRoot, ev.rootDER = &ci, top.Raw
	}
	var accepting []string
	for i, s := range cands {
		tc := TrustCandidate{TrustSource: s, UsedByClient: i < len(used)}
		if err := verifyChain(s.pool, tev.chain, r.Target.Host, r.Env.Now()); err != nil {
			tc.Error = err.Error()
		} else {
			tc.Accepts = true
			accepting = append(accepting, sourceLabel(s))
		}
		ev.Candidates = append(ev.Candidates, tc)
	}
	switch {
	case tlsRes.Status == Pass:
		return pass(msg("trust.ok", strings.Join(accepting, ", ")), ev)
	case tlsRes.Cause != CauseTLSUntrusted:
		return na(msg("trust.na", string(tlsRes.Cause)))
	case len(accepting) > 0:
		return warn(CauseTLSUntrusted, msg("trust.other_accepts", strings.Join(accepting, ", ")), ev)
	}
	return fail(CauseTLSUntrusted, msg("trust.none"), ev, nil)
}

func sourceLabel(s TrustSource) string {
	if s.Path != "" {
		return s.Name + "=" + s.Path
	}
	return s.Name
}

// serverDate reads the server's Date over a fresh, unverified HTTP/1.1
// connection with a credential-free HEAD, so the clock check can compare
// even when no verified answer exists. It returns the date and its arrival.
func (r *Run) serverDate(ctx context.Context, open func() (net.Conn, error), host string) (time.Time, time.Time) {
	raw, err := open()
	if err != nil {
		return time.Time{}, time.Time{}
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(r.Env.Timeouts.TLS))
	tc := tls.Client(raw, &tls.Config{ServerName: host, InsecureSkipVerify: true, NextProtos: []string{"http/1.1"}})
	if err := tc.HandshakeContext(ctx); err != nil {
		return time.Time{}, time.Time{}
	}
	if _, err := fmt.Fprintf(tc, "HEAD / HTTP/1.1\r\nHost: %s\r\nUser-Agent: apidoctor\r\nConnection: close\r\n\r\n", host); err != nil {
		return time.Time{}, time.Time{}
	}
	resp, err := http.ReadResponse(bufio.NewReader(tc), &http.Request{Method: http.MethodHead})
	if err != nil {
		return time.Time{}, time.Time{}
	}
	resp.Body.Close()
	d, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return time.Time{}, time.Time{}
	}
	return d, time.Now()
}
