package checks

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"

	"apidoctor/i18n"
)

// PathProof is what an alternative path (a proxy the client does not use,
// another address for the host) did with the client's own request: TCP,
// TLS verified with the client's trust, then GET /api/hello. A verdict
// that blames the configuration (a proxy never exported, a NO_PROXY
// entry, a poisoned DNS answer, a hosts entry) holds only when the
// alternative Works; a tunnel or a connect alone proves nothing.
type PathProof struct {
	Via       string    `json:"via"`
	Works     bool      `json:"works"`
	Status    int       `json:"status,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	Cause     Cause     `json:"cause,omitempty"`
	Phase     Phase     `json:"failed_phase,omitempty"`
	Error     string    `json:"error,omitempty"`
	Timing    *TimingMS `json:"timing,omitempty"`
	// Reason says in a few words why it did not work.
	Reason i18n.M `json:"-"`
	err    error
}

// genuineAnswer reports whether an answer came from the API itself (an
// answer any client would act on), whatever its status: an edge block, a
// challenge, a middlebox page or a proxy's 407 did not.
func genuineAnswer(st Status, c Cause) bool {
	if st == Pass {
		return true
	}
	switch c {
	case CauseMiddleboxResponse, CauseEdgeChallenge, CauseRegionBlocked, CauseProxyAuthRequired:
		return false
	}
	return st == Fail
}

// proveVia sends the client's reachability request along dial and says
// whether a genuine API answer came back.
func (r *Run) proveVia(ctx context.Context, via string, dial rawDial) *PathProof {
	p := &PathProof{Via: via}
	if r.Target.URL == nil {
		p.Cause, p.Reason = CauseBaseURLInvalid, msg("common.no_base_url")
		return p
	}
	// The client gives up where it would on its own route too.
	wctx, cancel, gaveUp := r.withClientWait(ctx)
	defer cancel()
	client := r.client(r.transportVia(ctx, dial, false))
	ev, err := r.doWith(wctx, client, Route{}, http.MethodGet, r.baseURL("/api/hello"), nil, apiHeaders())
	p.Timing = ev.Timing
	if err != nil {
		p.Phase, p.Error, p.err = ev.Phase, err.Error(), err
		if gaveUp() {
			wait, from := r.waitWords()
			p.Cause, p.Reason = CauseTimeout, msg("http.client_gave_up", "GET /api/hello", wait, from)
			return p
		}
		if ph := phaseOf(err); ph == PhaseProxy || ph == PhaseProxyTLS {
			res := r.proxyFailure(err, &ProxyEvidence{Proxy: via})
			p.Cause, p.Reason = res.Cause, res.Msg
			return p
		}
		p.Cause = Classify(err, ev.Phase, r.Env.Now())
		p.Reason = causeShort(p.Cause)
		return p
	}
	p.Status, p.RequestID = ev.Status, ev.RequestID
	st, cause, m := classifyAnswer(ev, r.official())
	if genuineAnswer(st, cause) {
		p.Works = true
		return p
	}
	p.Cause, p.Reason = cause, m
	return p
}

// tunnelDial reaches any host:port through the proxy at pu.
func (r *Run) tunnelDial(pu *url.URL) rawDial {
	return func(ctx context.Context, hostport string, tm *Timing) (net.Conn, error) {
		return r.tunnel(ctx, pu, hostport, tm)
	}
}

// pinnedDial reaches the target at addr instead of where the system
// resolver says (another hosts file, another resolver's answer); any
// other host is dialled as usual.
func (r *Run) pinnedDial(addr netip.AddrPort) rawDial {
	return func(ctx context.Context, hostport string, tm *Timing) (net.Conn, error) {
		if hostport != r.Target.HostPort() {
			return r.dialHost(ctx, hostport, tm, PhaseConnect)
		}
		tm.enter(PhaseConnect)
		c, err := r.dialAddr(ctx, addr)
		if err != nil {
			return nil, &PhaseError{PhaseConnect, err}
		}
		return c, nil
	}
}

// proveProxy sends the client's request through the proxy at pu.
func (r *Run) proveProxy(ctx context.Context, pu *url.URL) *PathProof {
	return r.proveVia(ctx, displayURL(pu), r.tunnelDial(pu))
}

// proveAddr sends the client's request to the target at addr.
func (r *Run) proveAddr(ctx context.Context, addr netip.AddrPort) *PathProof {
	return r.proveVia(ctx, addr.String(), r.pinnedDial(addr))
}

// reasonOf is why a proof failed, for a summary.
func (p *PathProof) reasonOf() i18n.M {
	if p.Reason.IsZero() {
		return raw(string(p.Cause))
	}
	return p.Reason
}

// connectStatus is the proxy's answer to CONNECT seen by a proof: its
// error status, 200 once the tunnel carried TLS, 0 when it never answered.
func (p *PathProof) connectStatus() int {
	var pe *ProxyError
	if errors.As(p.err, &pe) {
		return pe.Status
	}
	switch {
	case p.Works, p.Status != 0, p.Phase == PhaseTLS, p.Phase == PhaseHTTP:
		return 200
	}
	return 0
}
