package checks

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// LocalProxyEvidence lists what answered on the usual proxy ports.
type LocalProxyEvidence struct {
	Probed []int           `json:"probed_ports"`
	Found  []LocalProxyTry `json:"found,omitempty"`
	OS     *OSProxy        `json:"os_proxy,omitempty"`
	OSTry  *LocalProxyTry  `json:"os_proxy_try,omitempty"`
}

// LocalProxyTry is one proxy found and whether it tunnels to the target.
type LocalProxyTry struct {
	Addr   string    `json:"addr"`
	Works  bool      `json:"works"`
	Status int       `json:"connect_status,omitempty"`
	Error  string    `json:"error,omitempty"`
	Timing *TimingMS `json:"timing,omitempty"`
	// Request is the client's request sent through the proxy.
	Request *PathProof `json:"request,omitempty"`
}

// localPortTimeout bounds the connect to a local port: loopback answers at once.
const localPortTimeout = 500 * time.Millisecond

func checkLocalProxy(ctx context.Context, r *Run) Result {
	if r.Route.Proxy != nil {
		return na(msg("local.proxy_used"))
	}
	if r.Target.URL == nil {
		return skip(msg("common.no_base_url"))
	}
	ev := &LocalProxyEvidence{Probed: r.Env.LocalProxyPorts}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, port := range r.Env.LocalProxyPorts {
		wg.Add(1)
		go func(port int) {
			defer wg.Done()
			ap, err := netip.ParseAddrPort(net.JoinHostPort(r.Env.LocalProxyHost, strconv.Itoa(port)))
			if err != nil {
				return
			}
			c, err := func() (net.Conn, error) {
				cctx, cancel := context.WithTimeout(ctx, localPortTimeout)
				defer cancel()
				return r.Env.Dial(cctx, "tcp", ap.String())
			}()
			if err != nil {
				return
			}
			c.Close()
			try := r.tryProxy(ctx, ap.String())
			mu.Lock()
			ev.Found = append(ev.Found, try)
			mu.Unlock()
		}(port)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if p := detectOSProxy(ctx, r.Env); p != nil {
			var try *LocalProxyTry
			if p.Host != "" {
				t := r.tryProxy(ctx, p.Addr())
				try = &t
			}
			mu.Lock()
			ev.OS, ev.OSTry = p, try
			mu.Unlock()
		}
	}()
	wg.Wait()
	if ctx.Err() != nil {
		return skip(msg("engine.cancelled_midway"))
	}
	for _, f := range ev.Found {
		if f.Works {
			return warn(CauseProxyNotExported, msg("local.found", f.Addr, r.Target.Host), ev)
		}
	}
	if ev.OSTry != nil && ev.OSTry.Works {
		return warn(CauseProxyNotExported, msg("local.os_proxy", ev.OS.Addr(), ev.OS.Source, r.Target.Host), ev)
	}
	if ev.OS != nil && ev.OS.PAC != "" {
		return warn(CauseProxyNotExported, msg("local.pac", ev.OS.PAC), ev)
	}
	if ev.OS != nil && ev.OS.Auto {
		return warn(CauseProxyNotExported, msg("local.wpad", ev.OS.Source), ev)
	}
	// A proxy that answers but does not get the request through is a
	// fact for the evidence, not a way out.
	if t := ev.firstTry(); t != nil && t.Request != nil {
		return pass(msg("local.found_fails", t.Addr, t.Request.reasonOf()), ev)
	}
	return pass(ev.noneMsg(), ev)
}

// firstTry is the first proxy found (the OS proxy last).
func (e *LocalProxyEvidence) firstTry() *LocalProxyTry {
	if len(e.Found) > 0 {
		return &e.Found[0]
	}
	return e.OSTry
}

// Proven reports whether a proxy the client does not use carried the
// client's request to a genuine API answer.
func (e *LocalProxyEvidence) Proven() bool {
	for _, f := range e.Found {
		if f.Works {
			return true
		}
	}
	return e.OSTry != nil && e.OSTry.Works
}

// tryProxy sends the client's request through a proxy at addr: only a
// genuine API answer at the end proves the proxy is a way out.
func (r *Run) tryProxy(ctx context.Context, addr string) LocalProxyTry {
	proof := r.proveProxy(ctx, &url.URL{Scheme: "http", Host: addr})
	return LocalProxyTry{Addr: addr, Works: proof.Works, Status: proof.connectStatus(), Error: proof.Error, Timing: proof.Timing, Request: proof}
}
