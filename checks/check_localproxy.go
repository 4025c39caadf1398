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
	if len(ev.Found) > 0 {
		return pass(msg("local.ports_no_tunnel", len(ev.Found)), ev)
	}
	return pass(msg("local.none"), ev)
}

// tryProxy asks a proxy at addr to tunnel to the target.
func (r *Run) tryProxy(ctx context.Context, addr string) LocalProxyTry {
	try := LocalProxyTry{Addr: addr}
	tm := &Timing{}
	t0 := time.Now()
	c, err := r.tunnel(ctx, &url.URL{Scheme: "http", Host: addr}, r.Target.HostPort(), tm)
	tm.Total = time.Since(t0)
	try.Timing = tm.MS()
	if err != nil {
		try.Error = err.Error()
		if pe := asProxyError(err); pe != nil {
			try.Status = pe.Status
		}
		return try
	}
	c.Close()
	try.Works, try.Status = true, 200
	return try
}
