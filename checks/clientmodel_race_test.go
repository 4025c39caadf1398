package checks

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// TestFamilyRacePerClient holds each client's way with IPv6 and IPv4 to
// its source (docs/clients.md, "Address families").
func TestFamilyRacePerClient(t *testing.T) {
	for c, want := range map[ClientName]FamilyRace{
		ClaudeCode: {Delay: 300 * time.Millisecond}, // observed racing; the delay is not documented
		NodeSDK:    {Delay: 250 * time.Millisecond, Abandon: true, ResolverFirst: true},
		PythonSDK:  {},
		GoSDK:      {Delay: 300 * time.Millisecond, ResolverFirst: true},
		Curl:       {Delay: 200 * time.Millisecond},
	} {
		p := ProfileOf(c)
		if p.Race != want {
			t.Errorf("%s: race %+v, want %+v", c, p.Race, want)
		}
	}
}

// raceDialer stands in for the network: ::1 takes SYNs and never
// answers (the dial lasts until its context ends), 127.0.0.1 connects
// at once. It records what the IPv6 attempt was doing when IPv4 began.
type raceDialer struct {
	mu sync.Mutex
	// v6 is the IPv6 attempt's context; v6Ended is closed when it returns.
	v6      context.Context
	v6Ended chan struct{}
	// atV4 is the IPv6 attempt's state when the IPv4 one started:
	// "racing" (still dialling), "abandoned" (cancelled, not by its own
	// timeout), "timed out" (it ran its whole connect timeout).
	atV4 string
}

func (d *raceDialer) dial(ctx context.Context, _, address string) (net.Conn, error) {
	ap := netip.MustParseAddrPort(address)
	if ap.Addr().Is6() {
		d.mu.Lock()
		d.v6 = ctx
		d.mu.Unlock()
		defer close(d.v6Ended)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.v6 == nil:
		d.atV4 = "not started"
	case d.v6.Err() == nil:
		d.atV4 = "racing"
	case d.v6.Err() == context.DeadlineExceeded:
		<-d.v6Ended
		d.atV4 = "timed out"
	default:
		d.atV4 = "abandoned"
	}
	a, b := net.Pipe()
	go b.Close()
	return a, nil
}

// TestConnectFollowsTheClientsRace: with an IPv6 address that drops the
// connection attempt, the racing clients start IPv4 while IPv6 still
// dials and keep the first connection; Node closes the IPv6 attempt
// before it tries IPv4; httpx waits for IPv6's whole connect timeout.
// Events are compared, not durations.
func TestConnectFollowsTheClientsRace(t *testing.T) {
	addrs := []netip.Addr{netip.MustParseAddr("::1"), netip.MustParseAddr("127.0.0.1")}
	for c, want := range map[ClientName]string{
		ClaudeCode: "racing", GoSDK: "racing", Curl: "racing",
		NodeSDK:   "abandoned",
		PythonSDK: "timed out",
	} {
		t.Run(string(c), func(t *testing.T) {
			d := &raceDialer{v6Ended: make(chan struct{})}
			env := &Env{Vars: map[string]string{}, Home: "/nonexistent", Cwd: "/nonexistent", GOOS: "linux", Files: RootFS{Root: "/nonexistent-root"}, Now: time.Now, Dial: d.dial}
			env.Timeouts = DefaultTimeouts
			env.Timeouts.TCP = 600 * time.Millisecond // IPv6's whole attempt, for httpx
			r, err := New(env, Options{Client: c, BaseURL: "https://api.anthropic.com"})
			if err != nil {
				t.Fatal(err)
			}
			conn, err := r.connectAny(context.Background(), addrs, 443)
			if err != nil {
				t.Fatal(err)
			}
			conn.Close()
			d.mu.Lock()
			defer d.mu.Unlock()
			if d.atV4 != want {
				t.Fatalf("when IPv4 started, IPv6 was %q, want %q", d.atV4, want)
			}
		})
	}
}
