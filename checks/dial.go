package checks

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/net/proxy"

	"apidoctor/redact"
)

// PhaseError records the phase in which a connection failed.
type PhaseError struct {
	Phase Phase
	Err   error
}

func (e *PhaseError) Error() string { return string(e.Phase) + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *PhaseError) Unwrap() error { return e.Err }

// PhaseProxyTLS is the TLS handshake with an https:// proxy itself.
const PhaseProxyTLS Phase = "proxy_tls"

// ProxyError is a proxy's non-200 answer to CONNECT, kept as data.
type ProxyError struct {
	Status       int    `json:"status"`
	StatusText   string `json:"status_text"`
	Authenticate string `json:"proxy_authenticate,omitempty"`
	SquidError   string `json:"x_squid_error,omitempty"`
	Server       string `json:"server,omitempty"`
	Body         string `json:"body,omitempty"`
}

func (e *ProxyError) Error() string {
	return fmt.Sprintf("proxy answered CONNECT with %d %s", e.Status, e.StatusText)
}

// Timing is how long each phase of one connection or request took.
type Timing struct {
	mu        sync.Mutex
	reached   Phase
	reused    bool
	DNS       time.Duration `json:"-"`
	Connect   time.Duration `json:"-"`
	Proxy     time.Duration `json:"-"`
	TLS       time.Duration `json:"-"`
	FirstByte time.Duration `json:"-"`
	Total     time.Duration `json:"-"`
}

// TimingMS is Timing in milliseconds, for JSON and reports.
type TimingMS struct {
	DNS       float64 `json:"dns_ms"`
	Connect   float64 `json:"connect_ms"`
	Proxy     float64 `json:"proxy_connect_ms,omitempty"`
	TLS       float64 `json:"tls_ms"`
	FirstByte float64 `json:"first_byte_ms,omitempty"`
	Total     float64 `json:"total_ms"`
}

// MS returns the timing in milliseconds.
func (t *Timing) MS() *TimingMS {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return &TimingMS{ms(t.DNS), ms(t.Connect), ms(t.Proxy), ms(t.TLS), ms(t.FirstByte), ms(t.Total)}
}

func (t *Timing) enter(p Phase) {
	t.mu.Lock()
	t.reached = p
	t.mu.Unlock()
}

func (t *Timing) add(field *time.Duration, d time.Duration) {
	t.mu.Lock()
	*field += d
	t.mu.Unlock()
}

// finish records the total and turns the time to the first byte (measured
// from the start) into the wait after the connection was ready.
func (t *Timing) finish(total time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Total = total
	if t.FirstByte > 0 {
		t.FirstByte = max(t.FirstByte-t.DNS-t.Connect-t.Proxy-t.TLS, 0)
	}
}

func (t *Timing) setReused(v bool) {
	t.mu.Lock()
	t.reused = v
	t.mu.Unlock()
}

func (t *Timing) wasReused() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reused
}

// Reached is the last phase the connection entered.
func (t *Timing) Reached() Phase {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reached
}

// resolve looks a host up with the injected resolver, bounded by the DNS
// timeout. IP literals resolve to themselves.
func (r *Run) resolve(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{a}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, r.Env.Timeouts.DNS)
	defer cancel()
	addrs, err := r.Env.Resolver.LookupNetIP(ctx, network, host)
	for i := range addrs {
		addrs[i] = addrs[i].Unmap()
	}
	return addrs, err
}

// dialAddr opens one TCP connection to ip:port within the TCP timeout.
func (r *Run) dialAddr(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Env.Timeouts.TCP)
	defer cancel()
	return r.Env.Dial(ctx, "tcp", addr.String())
}

// dialHost resolves host:port and connects to the first address that
// answers, as a client with fallback would.
func (r *Run) dialHost(ctx context.Context, hostport string, tm *Timing, phase Phase) (net.Conn, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, &PhaseError{phase, err}
	}
	if phase == PhaseConnect {
		tm.enter(PhaseDNS)
	}
	t0 := time.Now()
	addrs, err := r.resolve(ctx, "ip", host)
	tm.add(&tm.DNS, time.Since(t0))
	if err != nil {
		if phase == PhaseConnect {
			phase = PhaseDNS
		}
		return nil, &PhaseError{phase, err}
	}
	if len(addrs) == 0 {
		return nil, &PhaseError{phase, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}}
	}
	tm.enter(phase)
	portNum, err := parsePort(port)
	if err != nil {
		return nil, &PhaseError{phase, err}
	}
	t0 = time.Now()
	defer func() { tm.add(&tm.Connect, time.Since(t0)) }()
	c, err := r.connectAny(ctx, addrs, portNum)
	if err != nil {
		return nil, &PhaseError{phase, err}
	}
	return c, nil
}

func parsePort(s string) (uint16, error) {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("bad port %q", s)
	}
	return uint16(n), nil
}

// dialRoute opens a raw TCP stream to hostport along the route: straight,
// or through the proxy's tunnel. TLS to the target is the caller's job.
func (r *Run) dialRoute(ctx context.Context, route Route, hostport string, tm *Timing) (net.Conn, error) {
	if route.Proxy == nil {
		return r.dialHost(ctx, hostport, tm, PhaseConnect)
	}
	return r.tunnel(ctx, route.Proxy, hostport, tm)
}

// tunnel connects through a proxy: HTTP CONNECT (over TLS for https://
// proxies) or SOCKS5.
func (r *Run) tunnel(ctx context.Context, pu *url.URL, hostport string, tm *Timing) (net.Conn, error) {
	if isSOCKS(pu) {
		return r.socksTunnel(ctx, pu, hostport, tm)
	}
	c, err := r.dialHost(ctx, proxyHostPort(pu), tm, PhaseProxy)
	if err != nil {
		return nil, err
	}
	if pu.Scheme == "https" {
		tm.enter(PhaseProxyTLS)
		tc := tls.Client(c, r.tlsConfig(pu.Hostname()))
		hctx, cancel := context.WithTimeout(ctx, r.Env.Timeouts.TLS)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			c.Close()
			return nil, &PhaseError{PhaseProxyTLS, err}
		}
		c = tc
	}
	tm.enter(PhaseProxy)
	t0 := time.Now()
	// A proxy answers CONNECT once its own connect upstream is done: the
	// wait belongs to the connect budget, not to the HTTP one.
	_, err = connectRequest(ctx, c, pu, hostport, r.Env.Timeouts.TCP, r.Redactor)
	tm.add(&tm.Proxy, time.Since(t0))
	if err != nil {
		c.Close()
		if asProxyError(err) == nil {
			err = &ConnectWaitError{Waited: time.Since(t0), Err: err}
		}
		return nil, &PhaseError{PhaseProxy, err}
	}
	return c, nil
}

// ConnectWaitError is a proxy that took the connection and then sent no
// answer to CONNECT: it timed out or closed the connection.
type ConnectWaitError struct {
	Waited time.Duration
	Err    error
}

func (e *ConnectWaitError) Error() string {
	return fmt.Sprintf("no answer to CONNECT after %.1fs: %v", e.Waited.Seconds(), e.Err)
}

// Unwrap returns the read error.
func (e *ConnectWaitError) Unwrap() error { return e.Err }

// Timeout reports whether the wait ran out (rather than the proxy closing).
func (e *ConnectWaitError) Timeout() bool {
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// connectRequest sends CONNECT and reads the proxy's answer. On a non-200
// answer it returns a *ProxyError holding the proxy's own evidence,
// redacted with red and escaped (a proxy may quote the credentials back).
func connectRequest(ctx context.Context, c net.Conn, pu *url.URL, hostport string, limit time.Duration, red *redact.Redactor) (*http.Response, error) {
	deadline := time.Now().Add(limit)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c.SetDeadline(deadline)
	defer c.SetDeadline(time.Time{})
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	req := "CONNECT " + hostport + " HTTP/1.1\r\nHost: " + hostport + "\r\nUser-Agent: apidoctor\r\n"
	if pu.User != nil {
		pass, _ := pu.User.Password()
		cred := base64.StdEncoding.EncodeToString([]byte(pu.User.Username() + ":" + pass))
		req += "Proxy-Authorization: Basic " + cred + "\r\n"
	}
	if _, err := io.WriteString(c, req+"\r\n"); err != nil {
		return nil, err
	}
	// Read byte by byte so no tunnelled byte is swallowed by a buffer.
	resp, err := http.ReadResponse(bufio.NewReaderSize(oneByteReader{c}, 1), &http.Request{Method: http.MethodConnect})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	pe := &ProxyError{
		Status:       resp.StatusCode,
		StatusText:   http.StatusText(resp.StatusCode),
		Authenticate: red.Display(resp.Header.Get("Proxy-Authenticate")),
		SquidError:   red.Display(resp.Header.Get("X-Squid-Error")),
		Server:       red.Display(resp.Header.Get("Server")),
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	pe.Body = snippet(red, body)
	return resp, pe
}

type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

// socksTunnel does a SOCKS5 handshake with golang.org/x/net/proxy.
func (r *Run) socksTunnel(ctx context.Context, pu *url.URL, hostport string, tm *Timing) (net.Conn, error) {
	var auth *proxy.Auth
	if pu.User != nil {
		pass, _ := pu.User.Password()
		auth = &proxy.Auth{User: pu.User.Username(), Password: pass}
	}
	var dialErr error
	fwd := forwardDialer(func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := r.dialHost(ctx, addr, tm, PhaseProxy)
		dialErr = err
		return c, err
	})
	d, err := proxy.SOCKS5("tcp", proxyHostPort(pu), auth, fwd)
	if err != nil {
		return nil, &PhaseError{PhaseProxy, err}
	}
	hctx, cancel := context.WithTimeout(ctx, 2*r.Env.Timeouts.TCP)
	defer cancel()
	t0 := time.Now()
	c, err := d.(proxy.ContextDialer).DialContext(hctx, "tcp", hostport)
	tm.add(&tm.Proxy, time.Since(t0))
	if err != nil {
		if dialErr != nil {
			return nil, dialErr
		}
		if isTimeout(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			// It took the connection and never answered the handshake.
			return nil, &PhaseError{PhaseProxy, &ConnectWaitError{Waited: time.Since(t0), Err: err}}
		}
		return nil, &PhaseError{PhaseProxy, &ProxyError{Status: 0, StatusText: "SOCKS5 handshake failed", Body: r.Redactor.Display(err.Error())}}
	}
	return c, nil
}

type forwardDialer func(ctx context.Context, network, addr string) (net.Conn, error)

func (f forwardDialer) Dial(network, addr string) (net.Conn, error) {
	return f(context.Background(), network, addr)
}

func (f forwardDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return f(ctx, network, addr)
}

// snippetLen is how much of a body the evidence keeps, in bytes;
// snippetWindow how much of it is redacted to decide those bytes.
const (
	snippetLen    = 200
	snippetWindow = 16 << 10
)

// snippet is the start of a body, for evidence: on one line, redacted and
// escaped first and only then cut, so a secret the cut falls in is masked
// whole (a cut secret is no longer the one the redactor knows). The cut
// falls between characters, never inside one.
func snippet(red *redact.Redactor, b []byte) string {
	if len(b) > snippetWindow {
		b = b[:snippetWindow] // what lies beyond cannot reach the first 200 bytes
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	s = red.Display(s)
	if len(s) > snippetLen {
		n := snippetLen
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + redact.Ellipsis
	}
	return s
}
