package checks

import (
	"bufio"
	"bytes"
	"context"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"apidoctor/i18n"
)

// AddrClass says what kind of address a DNS answer is.
type AddrClass string

// Address classes, from expected to suspicious.
const (
	ClassExpected    AddrClass = "expected"
	ClassPublic      AddrClass = "public"
	ClassUnexpected  AddrClass = "outside_published_ranges"
	ClassFakeIP      AddrClass = "fake_ip"
	ClassLoopback    AddrClass = "loopback"
	ClassPrivate     AddrClass = "private"
	ClassUnspecified AddrClass = "unspecified"
)

// Answer is one address with its class.
type Answer struct {
	Addr  netip.Addr `json:"addr"`
	Class AddrClass  `json:"class"`
}

// ClassifyAddr says what kind of address a is, given the ranges the host is
// known to be served from (none known: any public address is fine).
func ClassifyAddr(a netip.Addr, expected []netip.Prefix) AddrClass {
	a = a.Unmap()
	for _, p := range expected {
		if p.Contains(a) {
			return ClassExpected
		}
	}
	switch {
	case a.IsUnspecified():
		return ClassUnspecified
	case a.IsLoopback():
		return ClassLoopback
	case FakeIPRange.Contains(a):
		return ClassFakeIP
	case a.IsPrivate() || a.IsLinkLocalUnicast():
		return ClassPrivate
	case len(expected) > 0:
		return ClassUnexpected
	}
	return ClassPublic
}

// DNSEvidence is what a resolver answered.
type DNSEvidence struct {
	Resolver  string   `json:"resolver"`
	Host      string   `json:"host"`
	A         []Answer `json:"a,omitempty"`
	AAAA      []Answer `json:"aaaa,omitempty"`
	AError    string   `json:"a_error,omitempty"`
	AAAAError string   `json:"aaaa_error,omitempty"`
	AMS       float64  `json:"a_ms"`
	AAAAMS    float64  `json:"aaaa_ms"`
	// Hosts holds the hosts-file entries for the host; when present the
	// system uses them instead of DNS.
	Hosts     []netip.Addr `json:"hosts_entries,omitempty"`
	HostsFile string       `json:"hosts_file,omitempty"`
	// Reference-only fields.
	Agrees *bool `json:"agrees_with_system,omitempty"`
	// RefProof is the client's request sent to the reference answer
	// while the system's answer failed: the proof a verdict rests on.
	RefProof *PathProof `json:"reference_request,omitempty"`
	// Controls are other public names asked when the API's "does not exist".
	Controls []ControlLookup `json:"control_lookups,omitempty"`
}

// Addrs returns every answered address, A first.
func (e *DNSEvidence) Addrs() []netip.Addr {
	var out []netip.Addr
	for _, a := range append(append([]Answer(nil), e.A...), e.AAAA...) {
		out = append(out, a.Addr)
	}
	return out
}

// hostsEntries reads the hosts file for host.
func hostsEntries(data []byte, host string) []netip.Addr {
	var out []netip.Addr
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			continue
		}
		for _, name := range f[1:] {
			if strings.EqualFold(strings.TrimSuffix(name, "."), host) {
				out = append(out, a)
			}
		}
	}
	return out
}

type lookupFunc func(ctx context.Context, family string) ([]netip.Addr, error)

// lookupBoth asks for A and AAAA at once, each within the DNS timeout.
func (r *Run) lookupBoth(ctx context.Context, ev *DNSEvidence, look lookupFunc, expected []netip.Prefix) (errA, errAAAA error) {
	var wg sync.WaitGroup
	one := func(family string, dst *[]Answer, ms *float64, errp *error) {
		defer wg.Done()
		c, cancel := context.WithTimeout(ctx, r.Env.Timeouts.DNS)
		defer cancel()
		t0 := time.Now()
		addrs, err := look(c, family)
		*ms = float64(time.Since(t0).Microseconds()) / 1000
		*errp = err
		for _, a := range addrs {
			a = a.Unmap()
			if (family == "ip4") != a.Is4() {
				continue
			}
			*dst = append(*dst, Answer{a, ClassifyAddr(a, expected)})
		}
	}
	wg.Add(2)
	go one("ip4", &ev.A, &ev.AMS, &errA)
	go one("ip6", &ev.AAAA, &ev.AAAAMS, &errAAAA)
	wg.Wait()
	if errA != nil {
		ev.AError = errA.Error()
	}
	if errAAAA != nil {
		ev.AAAAError = errAAAA.Error()
	}
	return errA, errAAAA
}

func isIPLiteral(host string) bool {
	_, err := netip.ParseAddr(host)
	return err == nil
}

func checkDNSSystem(ctx context.Context, r *Run) Result {
	t := r.Target
	if t.URL == nil {
		return skip(msg("common.no_base_url"))
	}
	if isIPLiteral(t.Host) {
		return na(msg("dns.ip_literal"))
	}
	ev := &DNSEvidence{Resolver: "system", Host: t.Host, HostsFile: r.Env.HostsFile}
	if data, err := r.Env.readFile(r.Env.HostsFile); err == nil {
		ev.Hosts = hostsEntries(data, t.Host)
	}
	r.Note(ctx, "note.resolver", t.Host)
	errA, errAAAA := r.lookupBoth(ctx, ev, func(c context.Context, fam string) ([]netip.Addr, error) {
		return r.Env.Resolver.LookupNetIP(c, fam, t.Host)
	}, t.expected)
	if len(ev.Hosts) > 0 {
		// The hosts file wins over DNS in every client's resolver.
		ev.A, ev.AAAA = nil, nil
		for _, a := range ev.Hosts {
			ans := Answer{a.Unmap(), ClassifyAddr(a, t.expected)}
			if ans.Addr.Is4() {
				ev.A = append(ev.A, ans)
			} else {
				ev.AAAA = append(ev.AAAA, ans)
			}
		}
		if odd := oddAnswer(ev, t.expected); odd != nil {
			// A clue only: the verdict needs DNS's own answer to work.
			return warn(CauseHostsOverride, msg("dns.hosts", t.Host, joinAddrs(ev.Hosts)), ev)
		}
		return pass(msg("dns.hosts_fact", t.Host, joinAddrs(ev.Hosts), ev.HostsFile), ev)
	}
	if len(ev.A) == 0 && len(ev.AAAA) == 0 {
		err := errA
		if err == nil {
			err = errAAAA
		}
		cause := CauseDNSNXDomain
		m := msg("dns.no_records", t.Host)
		if err != nil {
			cause = Classify(err, PhaseDNS, r.Env.Now())
			m = msg("dns.cannot_resolve", t.Host, dnsReason(cause))
		}
		res := fail(cause, m, ev, err)
		if cause == CauseDNSNXDomain && r.official() {
			r.explainMissingName(ctx, &res, ev)
		}
		return res
	}
	if odd := oddAnswer(ev, t.expected); odd != nil {
		if odd.Class == ClassFakeIP {
			return warn(CauseDNSPoisoned, msg("dns.fake_ip", t.Host, odd.Addr.String()), ev)
		}
		return warn(CauseDNSPoisoned, msg("dns.odd_answer", t.Host, odd.Addr.String(), string(odd.Class)), ev)
	}
	return pass(msg("dns.ok", t.Host, joinAddrs(ev.Addrs()), maxf(ev.AMS, ev.AAAAMS)), ev)
}

// oddAnswer returns the first answer outside the host's expected ranges.
// Only hosts with published ranges (Anthropic's own) have expectations: a
// custom gateway on loopback or a private address is a fact, not a clue.
// An unspecified address (0.0.0.0) is a blocking resolver's answer for any host.
func oddAnswer(ev *DNSEvidence, expected []netip.Prefix) *Answer {
	for _, a := range append(append([]Answer(nil), ev.A...), ev.AAAA...) {
		switch {
		case a.Class == ClassUnspecified:
			return &a
		case len(expected) == 0:
		case a.Class == ClassFakeIP, a.Class == ClassLoopback, a.Class == ClassPrivate, a.Class == ClassUnexpected:
			return &a
		}
	}
	return nil
}

// controlNames are other public names the run reaches anyway (the status
// page, the platform host): asked when the API's own name "does not exist".
func (r *Run) controlNames() []string {
	var out []string
	for _, raw := range []string{r.Target.Status, r.Target.Platform} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" && !isIPLiteral(u.Hostname()) && !strings.EqualFold(u.Hostname(), r.Target.Host) {
			out = append(out, u.Hostname())
		}
	}
	return out
}

// explainMissingName tells a resolver that hides every public name from
// one that hides only the API: api.anthropic.com exists, so an NXDOMAIN
// for it says something about this resolver, not about the name.
func (r *Run) explainMissingName(ctx context.Context, res *Result, ev *DNSEvidence) {
	names := r.controlNames()
	if len(names) == 0 {
		return
	}
	missing := 0
	for _, n := range names {
		c, cancel := context.WithTimeout(ctx, r.Env.Timeouts.DNS)
		addrs, err := r.Env.Resolver.LookupNetIP(c, "ip", n)
		cancel()
		ev.Controls = append(ev.Controls, ControlLookup{Name: n, Found: len(addrs) > 0, Error: errString(err)})
		if len(addrs) == 0 && Classify(err, PhaseDNS, r.Env.Now()) == CauseDNSNXDomain {
			missing++
		}
	}
	if missing == len(names) {
		res.Msg = msg("dns.hides_public", r.Target.Host, strings.Join(names, ", "))
		res.Advice = msg("advice.dns_hides_public")
		return
	}
	res.Msg = msg("dns.hides_api", r.Target.Host, strings.Join(names, ", "))
	res.Advice = msg("advice.dns_hides_api")
}

// ControlLookup is one other public name asked of the system resolver.
type ControlLookup struct {
	Name  string `json:"name"`
	Found bool   `json:"found"`
	Error string `json:"error,omitempty"`
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func dnsReason(c Cause) i18n.M {
	switch c {
	case CauseDNSNXDomain:
		return msg("dns.reason.nxdomain")
	case CauseDNSTimeout:
		return msg("dns.reason.timeout")
	}
	return msg("dns.reason.failure")
}

func joinAddrs(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func checkDNSReference(ctx context.Context, r *Run) Result {
	const id = "dns.reference"
	t := r.Target
	switch {
	case t.URL == nil:
		return skip(msg("common.no_base_url"))
	case t.RefDNS == "":
		return na(msg("dnsref.none"))
	case isIPLiteral(t.Host):
		return na(msg("dns.ip_literal"))
	case isLocalName(t.Host):
		return na(msg("dnsref.local_name", t.Host))
	}
	ev := &DNSEvidence{Resolver: t.RefDNS, Host: t.Host}
	r.Note(ctx, "note.reference", t.RefDNS)
	errA, errAAAA := r.lookupBoth(ctx, ev, func(c context.Context, fam string) ([]netip.Addr, error) {
		qt := dnsmessage.TypeA
		if fam == "ip6" {
			qt = dnsmessage.TypeAAAA
		}
		if strings.HasPrefix(t.RefDNS, "https://") {
			return r.lookupDoH(c, t.RefDNS, t.Host, qt)
		}
		return r.lookupUDP(c, t.RefDNS, t.Host, qt)
	}, t.expected)
	if len(ev.A) == 0 && len(ev.AAAA) == 0 {
		err := errA
		if err == nil {
			err = errAAAA
		}
		if err == nil {
			return warn(CauseDNSNXDomain, msg("dnsref.no_address", t.Host), ev)
		}
		cause := Classify(err, PhaseDNS, r.Env.Now())
		res := warn(cause, msg("dnsref.failed", t.RefDNS, dnsReason(cause)), ev)
		res.Error = err.Error()
		return res
	}
	sys := r.Await(ctx, id, "dns.system")
	sev, _ := sys.Evidence.(*DNSEvidence)
	if sev == nil || len(sev.Addrs()) == 0 {
		return pass(msg("dnsref.nothing_to_compare", t.Host, joinAddrs(ev.Addrs())), ev)
	}
	agrees := overlaps(sev.Addrs(), ev.Addrs())
	ev.Agrees = &agrees
	if agrees {
		return pass(msg("dnsref.agrees", joinAddrs(ev.Addrs())), ev)
	}
	// Disagreement matters only if the system's answer fails and the
	// client's whole request to the reference answer gets through.
	if r.Route.Proxy != nil {
		return warn(CauseDNSPoisoned, msg("dnsref.disagree", joinAddrs(sev.Addrs()), joinAddrs(ev.Addrs())), ev)
	}
	if hello := r.Await(ctx, id, "http.hello"); hello.OK() || hello.Status == NA {
		return warn(CauseDNSPoisoned, msg("dnsref.disagree", joinAddrs(sev.Addrs()), joinAddrs(ev.Addrs())), ev)
	}
	p, _ := parsePort(t.Port)
	ref := netip.AddrPortFrom(ev.Addrs()[0], p)
	ev.RefProof = r.proveAddr(ctx, ref)
	cause := CauseDNSPoisoned
	if len(sev.Hosts) > 0 {
		cause = CauseHostsOverride
	}
	if !ev.RefProof.Works {
		return warn(cause, msg("dnsref.disagree_both_fail", joinAddrs(sev.Addrs()), ref.Addr().String(), ev.RefProof.reasonOf()), ev)
	}
	if cause == CauseHostsOverride {
		return fail(cause, msg("dnsref.hosts_proven", joinAddrs(sev.Hosts), sev.HostsFile, ref.Addr().String()), ev, nil)
	}
	if len(t.expected) == 0 {
		// A custom gateway's name may rightly differ inside and outside a
		// network (split horizon): the working public answer is evidence.
		return warn(CauseDNSPoisoned, msg("dnsref.split_horizon", joinAddrs(sev.Addrs()), ref.Addr().String()), ev)
	}
	return fail(cause, msg("dnsref.poisoned", joinAddrs(sev.Addrs()), ref.Addr().String()), ev, nil)
}

// isLocalName reports a name that only this machine answers for
// (RFC 6761): no public resolver has an opinion on it.
func isLocalName(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}

func overlaps(a, b []netip.Addr) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
