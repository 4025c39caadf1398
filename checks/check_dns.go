package checks

import (
	"apidoctor/i18n"
	"bufio"
	"bytes"
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/dns/dnsmessage"
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
	Agrees   *bool  `json:"agrees_with_system,omitempty"`
	RefTCP   string `json:"reference_addr_tcp,omitempty"`
	RefTCPOK bool   `json:"reference_addr_connects,omitempty"`
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
		return warn(CauseHostsOverride, msg("dns.hosts", t.Host, joinAddrs(ev.Hosts)), ev)
	}
	if len(ev.A) == 0 && len(ev.AAAA) == 0 {
		err := errA
		if err == nil {
			err = errAAAA
		}
		if err == nil {
			return fail(CauseDNSNXDomain, msg("dns.no_records", t.Host), ev, nil)
		}
		cause := Classify(err, PhaseDNS, r.Env.Now())
		return fail(cause, msg("dns.cannot_resolve", t.Host, dnsReason(cause)), ev, err)
	}
	for _, a := range append(append([]Answer(nil), ev.A...), ev.AAAA...) {
		switch a.Class {
		case ClassFakeIP:
			return warn(CauseDNSPoisoned, msg("dns.fake_ip", t.Host, a.Addr.String()), ev)
		case ClassLoopback, ClassPrivate, ClassUnspecified, ClassUnexpected:
			return warn(CauseDNSPoisoned, msg("dns.odd_answer", t.Host, a.Addr.String(), string(a.Class)), ev)
		}
	}
	return pass(msg("dns.ok", t.Host, joinAddrs(ev.Addrs()), maxf(ev.AMS, ev.AAAAMS)), ev)
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
	// reference answer works.
	sysOK := r.Await(ctx, id, "tcp.ipv4").Status == Pass || r.Await(ctx, id, "tcp.ipv6").Status == Pass
	if !sysOK {
		a := ev.Addrs()[0]
		p, _ := parsePort(t.Port)
		ap := netip.AddrPortFrom(a, p)
		ev.RefTCP = ap.String()
		if c, err := r.dialAddr(ctx, ap); err == nil {
			c.Close()
			ev.RefTCPOK = true
			return fail(CauseDNSPoisoned, msg("dnsref.poisoned", joinAddrs(sev.Addrs()), a.String()), ev, nil)
		}
	}
	return warn(CauseDNSPoisoned, msg("dnsref.disagree", joinAddrs(sev.Addrs()), joinAddrs(ev.Addrs())), ev)
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
