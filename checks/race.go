package checks

import (
	"context"
	"net"
	"net/netip"
	"time"
)

// connectAny connects to the first of addrs that answers, the way the
// client does: racing the families when it does (Happy Eyeballs, RFC 8305:
// IPv6 first, the next address after happyEyeballsDelay or at once when
// one fails), or one after another when it does not (httpx).
func (r *Run) connectAny(ctx context.Context, addrs []netip.Addr, port uint16) (net.Conn, error) {
	if !r.Profile.HappyEyeballs || len(addrs) < 2 {
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
	order := interleaveFamilies(addrs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type attempt struct {
		c   net.Conn
		err error
	}
	results := make(chan attempt, len(order))
	next, pending := 0, 0
	start := func() {
		ap := netip.AddrPortFrom(order[next], port)
		next++
		pending++
		r.Note(ctx, "note.tcp", ap.String())
		go func() {
			c, err := r.dialAddr(ctx, ap)
			results <- attempt{c, err}
		}()
	}
	timer := time.NewTimer(happyEyeballsDelay)
	defer timer.Stop()
	start()
	var last error
	for pending > 0 {
		select {
		case a := <-results:
			pending--
			if a.err == nil {
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
			last = a.err
			if next < len(order) {
				start()
				timer.Reset(happyEyeballsDelay)
			}
		case <-timer.C:
			if next < len(order) {
				start()
				timer.Reset(happyEyeballsDelay)
			}
		}
	}
	return nil, last
}

// interleaveFamilies orders addresses IPv6 first, alternating families.
func interleaveFamilies(addrs []netip.Addr) []netip.Addr {
	var v6, v4 []netip.Addr
	for _, a := range addrs {
		if a.Is6() && !a.Is4In6() {
			v6 = append(v6, a)
		} else {
			v4 = append(v4, a)
		}
	}
	out := make([]netip.Addr, 0, len(addrs))
	for i := 0; i < len(v6) || i < len(v4); i++ {
		if i < len(v6) {
			out = append(out, v6[i])
		}
		if i < len(v4) {
			out = append(out, v4[i])
		}
	}
	return out
}
