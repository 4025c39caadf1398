package checks_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// BenchmarkVerdictHealthy measures a full run against a healthy lab: time
// to verdict and the allocations of one run.
func BenchmarkVerdictHealthy(b *testing.B) { benchScenario(b, "healthy", true) }

// benchScenario measures time to a healthy verdict on a lab scenario with
// the default timeouts; allocs reports the allocations of one run.
func benchScenario(b *testing.B, name string, allocs bool) {
	s, _ := lab.Find(name)
	l, env, opts, err := lab.Prepare(s, b.TempDir())
	if errors.Is(err, lab.ErrNotHere) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	env.Timeouts = checks.DefaultTimeouts
	if allocs {
		b.ReportAllocs()
	}
	benchExecute(b, env, opts, checks.CauseOK)
}

// benchExecute runs the engine once per iteration and stops at a verdict
// other than want.
func benchExecute(b *testing.B, env *checks.Env, opts checks.Options, want checks.Cause) {
	for b.Loop() {
		rep, err := checks.Execute(context.Background(), env, opts)
		if err != nil || rep.Verdict.Cause != want {
			b.Fatalf("verdict %v %v", rep.Verdict.Cause, err)
		}
	}
}

// BenchmarkVerdictBlackholed measures time to verdict when every endpoint
// drops packets and the reference resolver is silent, with the default
// timeouts: the claim is about the TCP timeout (5 s), not their sum.
// Run it with -benchtime=1x or 3x.
func BenchmarkVerdictBlackholed(b *testing.B) { benchBlackholed(b, false) }

// BenchmarkVerdictBlackholedLocalProxy is the same black-holed API with a
// working local proxy listening, never exported (Clash on 7890): the
// request through it hangs the same way, and the verdict must still come
// at the TCP budget, not at the proxy's own connect timeout.
func BenchmarkVerdictBlackholedLocalProxy(b *testing.B) { benchBlackholed(b, true) }

func benchBlackholed(b *testing.B, localProxy bool) {
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	addr, closer, err := lab.Blackhole()
	if errors.Is(err, lab.ErrNotHere) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer closer()
	_, port, _ := net.SplitHostPort(addr)
	opts.BaseURL = fmt.Sprintf("https://%s:%s", lab.APIHost, port)
	if localProxy {
		p, err := l.StartProxy(lab.ProxyOptions{})
		if err != nil {
			b.Fatal(err)
		}
		_, pport, _ := net.SplitHostPort(p.Addr)
		n, _ := strconv.Atoi(pport)
		env.LocalProxyPorts = []int{n}
	} else {
		opts.PlatformURL = fmt.Sprintf("https://%s:%s/v1/oauth/hello", lab.PlatformHost, port)
		opts.StatusURL = fmt.Sprintf("https://%s:%s", lab.StatusHost, port)
		l.RefDNS.SetMode(lab.APIHost, lab.DNSSilent)
	}
	env.Timeouts = checks.DefaultTimeouts
	benchExecute(b, env, opts, checks.CauseTCPTimeout)
}

// BenchmarkVerdictViaProxyDirectDropped measures a healthy run through a
// proxy while the direct path drops packets, with the default timeouts:
// the direct-path checks are side checks, not awaited past their grace.
func BenchmarkVerdictViaProxyDirectDropped(b *testing.B) {
	benchScenario(b, "healthy-proxy-direct-dropped", false)
}

// BenchmarkDiagnose measures the pure verdict function on a full result set.
func BenchmarkDiagnose(b *testing.B) {
	rep := func() *checks.Report {
		s, _ := lab.Find("proxy-not-exported")
		l, env, opts, err := lab.Prepare(s, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		rep, _ := checks.Execute(context.Background(), env, opts)
		return rep
	}()
	b.ReportAllocs()
	for b.Loop() {
		checks.Diagnose(rep.Checks, checks.Facts{Direct: true})
	}
}

// BenchmarkVerdictIPv6Dropped measures a healthy run where AAAA resolves
// and IPv6 SYNs are dropped, with the default timeouts: Claude Code races
// the families, so the verdict does not wait for the IPv6 connect timeout.
func BenchmarkVerdictIPv6Dropped(b *testing.B) { benchScenario(b, "ipv6-dropped", false) }
