package checks

import (
	"context"
	"math"
	"net"
	"net/netip"
	"time"
)

// FamilyRace is how a client tries a host's IPv6 and IPv4 addresses
// (docs/clients.md, "Address families").
type FamilyRace struct {
	// Delay is how long an attempt runs alone before the next address is
	// tried (an attempt that fails starts the next at once). Zero: one
	// address at a time, each until it connects or fails (httpx through
	// socket.create_connection).
	Delay time.Duration
	// Abandon closes the attempt that has not connected within Delay when
	// the next one starts (Node's autoSelectFamily), rather than letting
	// both race (RFC 8305: Go, curl). The last address is never abandoned.
	Abandon bool
	// ResolverFirst starts with the family of the resolver's first
	// address (Go's dialParallel primaries, Node's lookup order);
	// otherwise IPv6 goes first whatever the order (curl; Claude Code,
	// seen dialling both at once).
	ResolverFirst bool
}

// connectAny connects to the first of addrs that answers, the way the
// client does (Profile.Race): IPv6 first, families alternating, the next
// address after the client's delay or at once when one fails, the slow
// attempts racing on or abandoned; or one address after another, in the
// resolver's order.
func (r *Run) connectAny(ctx context.Context, addrs []netip.Addr, port uint16) (net.Conn, error) {
	race := r.Profile.Race
	if race.Delay <= 0 || len(addrs) < 2 {
		var last error
		for _, a := range addrs {
			ap := netip.AddrPortFrom(a, port)
			r.Note(ctx, "note.tcp", ap.String())
			c, err := r.dialAddr(ctx, ap)
			if err == nil {
				return c, nil
			}
			last = err
			if ctx.Err() != nil {
				break
			}
		}
		return nil, last
	}
	order := interleaveFamilies(addrs, race.ResolverFirst && addrs[0].Is4())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type attempt struct {
		c   net.Conn
		err error
		n   int // which attempt
	}
	results := make(chan attempt, len(order))
	abandoned := map[int]bool{}
	var stop context.CancelFunc // the latest attempt's, for Abandon
	next, pending := 0, 0
	start := func() {
		ap := netip.AddrPortFrom(order[next], port)
		actx, acancel := context.WithCancel(ctx)
		n := next
		next++
		pending++
		stop = acancel
		r.Note(ctx, "note.tcp", ap.String())
		go func() {
			defer acancel()
			c, err := r.dialAddr(actx, ap)
			results <- attempt{c, err, n}
		}()
	}
	timer := time.NewTimer(race.Delay)
	defer timer.Stop()
	start()
	var last error
	for pending > 0 {
		select {
		case a := <-results:
			pending--
			if a.err == nil && !abandoned[a.n] {
				// The race is won: close whatever else still connects.
				go func(n int) {
					for range n {
						if late := <-results; late.c != nil {
							late.c.Close()
						}
					}
				}(pending)
				return a.c, nil
			}
			if a.c != nil {
				a.c.Close() // connected as it was abandoned
			}
			if abandoned[a.n] {
				continue
			}
			last = a.err
			if next < len(order) {
				start()
				timer.Reset(race.Delay)
			}
		case <-timer.C:
			if next < len(order) {
				if race.Abandon {
					abandoned[next-1] = true
					stop()
				}
				start()
				timer.Reset(race.Delay)
			}
		}
	}
	return nil, last
}

// interleaveFamilies orders addresses alternating families, IPv6 first
// unless v4First.
func interleaveFamilies(addrs []netip.Addr, v4First bool) []netip.Addr {
	var v6, v4 []netip.Addr
	for _, a := range addrs {
		if a.Is6() && !a.Is4In6() {
			v6 = append(v6, a)
		} else {
			v4 = append(v4, a)
		}
	}
	return interleave(v6, v4, v4First)
}

// interleave alternates the items of two families, a's first unless
// bFirst.
func interleave[T any](a, b []T, bFirst bool) []T {
	if bFirst {
		a, b = b, a
	}
	out := make([]T, 0, len(a)+len(b))
	for i := 0; i < len(a) || i < len(b); i++ {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}

// replayRace replays connectAny on recorded attempts, in the order the
// client makes them (each attempt's MS counted from its own start; nil:
// still running, it never ends) and returns the index of the attempt the
// client keeps, or -1 when none connects. Decided on recorded times, it
// does not depend on when the checks happened to finish.
func replayRace(race FamilyRace, order []*TCPAttempt) int {
	n := len(order)
	if race.Delay <= 0 || n < 2 {
		// One address after another, each to its end.
		for i, at := range order {
			if at == nil {
				return -1
			}
			if at.OK {
				return i
			}
		}
		return -1
	}
	delay := float64(race.Delay.Microseconds()) / 1000
	start := make([]float64, n)
	ended := make([]bool, n)
	abandoned := make([]bool, n)
	next, timer := 1, delay // the first attempt starts at 0
	for {
		// The live attempt that ends first.
		first, at := -1, math.Inf(1)
		for i := range next {
			if ended[i] || abandoned[i] || order[i] == nil {
				continue
			}
			if end := start[i] + order[i].MS; end < at {
				first, at = i, end
			}
		}
		fire := math.Inf(1)
		if next < n {
			fire = timer
		}
		switch {
		case first >= 0 && at <= fire:
			if order[first].OK {
				return first
			}
			// A failure starts the next attempt at once.
			ended[first] = true
			if next < n {
				start[next], timer = at, at+delay
				next++
			}
		case next < n:
			if race.Abandon {
				abandoned[next-1] = true
			}
			start[next], timer = fire, fire+delay
			next++
		default:
			return -1
		}
	}
}
