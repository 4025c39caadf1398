package checks_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/lab"
)

// The classifier is tested with errors produced by real sockets on
// loopback, not with constructed values, except where loopback cannot
// produce the condition (an unreachable network).
func TestClassifyRealSocketErrors(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	refused, err := lab.Refused("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = lab.Dial(ctx, "tcp", refused)
	if got := checks.Classify(err, checks.PhaseConnect, now); got != checks.CauseTCPRefused {
		t.Errorf("refused connect: %s (%v)", got, err)
	}
	if got := checks.Classify(err, checks.PhaseProxy, now); got != checks.CauseProxyUnreachable {
		t.Errorf("refused proxy: %s", got)
	}

	t.Run("black-holed connect", func(t *testing.T) {
		bh, closer, err := lab.Blackhole()
		if errors.Is(err, lab.ErrNotHere) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer closer()
		cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		_, err = lab.Dial(cctx, "tcp", bh)
		cancel()
		if got := checks.Classify(err, checks.PhaseConnect, now); got != checks.CauseTCPTimeout {
			t.Errorf("%s (%v)", got, err)
		}
	})

	dns, err := lab.StartDNS()
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()
	dns.SetMode("gone.lab.test", lab.DNSNXDomain)
	dns.SetMode("broken.lab.test", lab.DNSServFail)
	dns.SetMode("silent.lab.test", lab.DNSSilent)
	res := dns.Resolver()
	for host, want := range map[string]checks.Cause{
		"gone.lab.test":   checks.CauseDNSNXDomain,
		"broken.lab.test": checks.CauseDNSFailure,
		"silent.lab.test": checks.CauseDNSTimeout,
	} {
		c, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		_, err := res.LookupNetIP(c, "ip4", host)
		cancel()
		if got := checks.Classify(err, checks.PhaseDNS, now); got != want {
			t.Errorf("%s: %s, want %s (%v)", host, got, want, err)
		}
	}

	for name, start := range map[string]func(string) (*lab.Listener, error){
		"reset": lab.ResetAfterHello, "plain": lab.PlainHTTP, "stall": lab.Stall,
	} {
		ln, err := start("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		c, err := lab.Dial(ctx, "tcp", ln.Addr)
		if err != nil {
			t.Fatal(err)
		}
		hctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err = tls.Client(c, &tls.Config{ServerName: "x"}).HandshakeContext(hctx)
		cancel()
		c.Close()
		ln.Close()
		want := map[string]checks.Cause{"reset": checks.CauseTLSReset, "plain": checks.CauseTLSProtocol, "stall": checks.CauseTLSTimeout}[name]
		if got := checks.Classify(err, checks.PhaseTLS, now); got != want {
			t.Errorf("%s listener: %s, want %s (%v)", name, got, want, err)
		}
	}

	// Certificate errors from real verification.
	ca, _ := lab.NewCA("Root", "Lab")
	other, _ := lab.NewCA("Zscaler Root CA", "Zscaler Inc.")
	verify := func(issuer *lab.CA, host string, from, to time.Duration, at time.Time) error {
		cert, err := issuer.Issue([]string{host}, now.Add(from), now.Add(to), false)
		if err != nil {
			t.Fatal(err)
		}
		_, err = cert.Leaf.Verify(x509.VerifyOptions{DNSName: "api.anthropic.com", Roots: ca.Pool(), CurrentTime: at})
		return err
	}
	for name, c := range map[string]struct {
		err  error
		want checks.Cause
	}{
		"untrusted": {verify(other, "api.anthropic.com", -time.Hour, time.Hour, now), checks.CauseTLSUntrusted},
		"expired":   {verify(ca, "api.anthropic.com", -2*time.Hour, -time.Hour, now), checks.CauseTLSExpired},
		"future":    {verify(ca, "api.anthropic.com", time.Hour, 2*time.Hour, now), checks.CauseTLSNotYetValid},
		"wronghost": {verify(ca, "portal.example.net", -time.Hour, time.Hour, now), checks.CauseTLSHostnameMismatch},
	} {
		if got := checks.Classify(c.err, checks.PhaseTLS, now); got != c.want {
			t.Errorf("%s: %s, want %s (%v)", name, got, c.want, c.err)
		}
	}

	// An unreachable network cannot be made on loopback; the errno is what
	// connect(2) returns, wrapped as net does.
	unreach := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}
	if got := checks.Classify(unreach, checks.PhaseConnect, now); got != checks.CauseNetUnreachable {
		t.Errorf("ENETUNREACH: %s", got)
	}
	if got := checks.Classify(errors.New("something"), checks.PhaseHTTP, now); got != checks.CauseMiddleboxResponse {
		t.Errorf("unknown HTTP-phase error: %s", got)
	}
	if got := checks.Classify(context.DeadlineExceeded, checks.PhaseHTTP, now); got != checks.CauseTimeout {
		t.Errorf("HTTP deadline: %s", got)
	}
}

// errnoRow is one errno and the cause it must give in each phase.
type errnoRow struct {
	name  string
	errno syscall.Errno
	want  map[checks.Phase]checks.Cause
}

// The causes each kind of errno gives, by phase.
var (
	refusedCauses = map[checks.Phase]checks.Cause{
		checks.PhaseConnect: checks.CauseTCPRefused, checks.PhaseProxy: checks.CauseProxyUnreachable, checks.PhaseTLS: checks.CauseTCPRefused,
	}
	unreachableCauses = map[checks.Phase]checks.Cause{
		checks.PhaseConnect: checks.CauseNetUnreachable, checks.PhaseProxy: checks.CauseProxyUnreachable, checks.PhaseHTTP: checks.CauseNetUnreachable,
	}
	resetCauses = map[checks.Phase]checks.Cause{
		checks.PhaseConnect: checks.CauseTCPRefused, checks.PhaseProxy: checks.CauseProxyUnreachable,
		checks.PhaseTLS: checks.CauseTLSReset, checks.PhaseHTTP: checks.CauseMiddleboxResponse,
	}
	timeoutCauses = map[checks.Phase]checks.Cause{
		checks.PhaseConnect: checks.CauseTCPTimeout, checks.PhaseProxy: checks.CauseProxyUnreachable,
		checks.PhaseTLS: checks.CauseTLSTimeout, checks.PhaseHTTP: checks.CauseTimeout,
	}
)

// testErrnoTable classifies each errno bare and wrapped the ways net
// wraps it (an *os.SyscallError in a *net.OpError, then in a %w chain).
func testErrnoTable(t *testing.T, rows []errnoRow) {
	t.Helper()
	now := time.Now()
	for _, r := range rows {
		forms := map[string]error{
			"bare":    r.errno,
			"syscall": os.NewSyscallError("connectex", r.errno),
			"op":      &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connectex", r.errno)},
			"wrapped": fmt.Errorf("connect: %w", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("wsarecv", r.errno)}),
		}
		for form, err := range forms {
			for phase, want := range r.want {
				if got := checks.Classify(err, phase, now); got != want {
					t.Errorf("%s (%d) %s, %s phase: %s, want %s", r.name, int(r.errno), form, phase, got, want)
				}
			}
		}
	}
}
