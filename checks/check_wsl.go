package checks

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"apidoctor/platform"
)

// WSLEvidence is what WSL does to this machine's network.
type WSLEvidence struct {
	*platform.WSL
	// Nameservers probed from a resolv.conf WSL generated.
	Probes []NameserverProbe `json:"nameserver_probes,omitempty"`
	// WindowsProxy is the proxy set on the Windows side, which Linux
	// processes do not inherit; UseAddr is where Linux reaches it.
	WindowsProxy *OSProxy       `json:"windows_proxy,omitempty"`
	UseAddr      string         `json:"use_addr,omitempty"`
	WindowsTry   *LocalProxyTry `json:"windows_proxy_try,omitempty"`
}

// NameserverProbe is one question to one nameserver.
type NameserverProbe struct {
	Server string  `json:"server"`
	OK     bool    `json:"answered"`
	MS     float64 `json:"ms"`
	Error  string  `json:"error,omitempty"`
}

// WorkingProxy is the address at which the Windows proxy tunnels to the
// API from Linux, or "".
func (e *WSLEvidence) WorkingProxy() string {
	if e != nil && e.WindowsTry != nil && e.WindowsTry.Works {
		return e.UseAddr
	}
	return ""
}

// checkWSL finds WSL and what it adds: a generated resolv.conf whose
// nameserver does not answer, and a Windows-side proxy that Linux
// processes never see (reachable at the Windows host's address in NAT
// mode, at 127.0.0.1 only when networking is mirrored).
func checkWSL(ctx context.Context, r *Run) Result {
	h := r.Env.Host()
	w := platform.DetectWSL(ctx, h)
	if w == nil {
		return na(msg("wsl.not"))
	}
	ev := &WSLEvidence{WSL: w}
	var wg sync.WaitGroup
	if w.ResolvGenerated && r.Target.URL != nil {
		ev.Probes = make([]NameserverProbe, len(w.Nameservers))
		for i, ns := range w.Nameservers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ev.Probes[i] = r.probeNameserver(ctx, ns)
			}()
		}
	}
	if r.Route.Proxy == nil && r.Target.URL != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := platform.Registry{FromWSL: true}.Read(ctx, h)
			if p == nil || p.Host == "" {
				ev.WindowsProxy = p
				return
			}
			ev.WindowsProxy, ev.UseAddr = p, wslProxyAddr(w, p)
			if ev.UseAddr != "" {
				t := r.tryProxy(ctx, ev.UseAddr)
				ev.WindowsTry = &t
			}
		}()
	}
	wg.Wait()

	answered := false
	for _, p := range ev.Probes {
		answered = answered || p.OK
	}
	switch {
	case len(ev.Probes) > 0 && !answered:
		return warn(CauseWSLDNS, msg("wsl.dns", ev.Probes[0].Server, w.NetworkingMode), ev)
	case ev.WorkingProxy() != "":
		return warn(CauseWSLWindowsProxy, msg("wsl.proxy", ev.WindowsProxy.Addr(), ev.UseAddr, r.Target.Host), ev)
	case ev.WindowsProxy != nil && ev.WindowsProxy.Host != "":
		return warn(CauseWSLWindowsProxy, msg("wsl.proxy_unreachable", ev.WindowsProxy.Addr(), ev.UseAddr, w.NetworkingMode), ev)
	case ev.WindowsProxy != nil && ev.WindowsProxy.PAC != "":
		return warn(CauseWSLWindowsProxy, msg("wsl.pac", ev.WindowsProxy.PAC), ev)
	}
	if m := unreadMsg(ev.WindowsProxy); !m.IsZero() {
		// reg.exe missing (interop off), failing or too slow: the
		// Windows side is unknown, not proxy-free.
		return pass(msg("wsl.ok_unread", w.Version, w.NetworkingMode, m), ev)
	}
	return pass(msg("wsl.ok", w.Version, w.NetworkingMode), ev)
}

// wslProxyAddr is where a Linux process reaches a Windows proxy: itself
// when mirrored or not on loopback; in NAT mode, the Windows host (the
// default gateway, or the generated nameserver) on the same port.
func wslProxyAddr(w *platform.WSL, p *OSProxy) string {
	port := strconv.Itoa(p.Port)
	ip, err := netip.ParseAddr(p.Host)
	if err != nil || !ip.IsLoopback() || w.Mirrored() || w.Version == 1 {
		return p.Addr()
	}
	host := w.Gateway
	if host == "" && w.ResolvGenerated && len(w.Nameservers) > 0 {
		host = w.Nameservers[0]
	}
	if host == "" {
		return ""
	}
	return net.JoinHostPort(host, port)
}

// probeNameserver asks one nameserver for the API host.
func (r *Run) probeNameserver(ctx context.Context, ns string) NameserverProbe {
	port := r.Env.DNSPort
	if port == 0 {
		port = 53
	}
	server := net.JoinHostPort(ns, strconv.Itoa(port))
	c, cancel := context.WithTimeout(ctx, r.Env.Timeouts.DNS)
	defer cancel()
	t0 := time.Now()
	_, err := r.lookupUDP(c, server, r.Target.Host, dnsmessage.TypeA)
	p := NameserverProbe{Server: ns, MS: float64(time.Since(t0).Microseconds()) / 1000}
	var de *net.DNSError
	switch {
	case err == nil:
		p.OK = true
	case errors.As(err, &de) && !de.IsTimeout:
		// An answer, even NXDOMAIN or SERVFAIL, means it is reachable.
		p.OK, p.Error = true, err.Error()
	default:
		p.Error = err.Error()
	}
	return p
}
