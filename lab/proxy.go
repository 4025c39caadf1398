package lab

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strings"
	"sync"
)

// ProxyOptions choose how a lab proxy behaves.
type ProxyOptions struct {
	// User and Pass turn on Basic auth: without them CONNECT gets 407.
	User, Pass string
	// AuthScheme is the scheme named in Proxy-Authenticate (Basic by default;
	// NTLM shows a scheme the clients cannot do).
	AuthScheme string
	// RefuseStatus, when set, answers every CONNECT with this status, the
	// way squid answers a destination its policy denies.
	RefuseStatus int
	// Resign, when set, terminates TLS with certificates from this CA and
	// forwards the requests upstream: corporate TLS inspection.
	Resign *CA
	// UpstreamRoots are the roots the inspecting proxy trusts upstream.
	UpstreamRoots *x509.CertPool
	// Resolve maps a host name to a loopback address for CONNECT targets.
	Resolve func(host string) (netip.Addr, bool)
	// Listen is the loopback address to listen on (127.0.0.1 when empty):
	// another one stands for another machine, such as WSL's Windows host.
	Listen string
}

// Proxy is an HTTP CONNECT proxy on a loopback port.
type Proxy struct {
	Addr string
	ln   net.Listener
	opts ProxyOptions
	mu   sync.Mutex
	// Connects counts CONNECT requests received.
	Connects int
}

// StartProxy starts a proxy on a loopback port.
func StartProxy(opts ProxyOptions) (*Proxy, error) {
	host := opts.Listen
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, err
	}
	p := &Proxy{Addr: ln.Addr().String(), ln: ln, opts: opts}
	go p.serve()
	return p, nil
}

// URL is the proxy's URL, with credentials when given.
func (p *Proxy) URL(user, pass string) string {
	u := url.URL{Scheme: "http", Host: p.Addr}
	if user != "" {
		u.User = url.UserPassword(user, pass)
	}
	return u.String()
}

// Close stops the proxy.
func (p *Proxy) Close() error { return p.ln.Close() }

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

func (p *Proxy) handle(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	p.mu.Lock()
	p.Connects++
	p.mu.Unlock()
	if req.Method != http.MethodConnect {
		writeProxyAnswer(c, http.StatusMethodNotAllowed, nil, "lab proxy: CONNECT only")
		return
	}
	if p.opts.User != "" {
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte(p.opts.User+":"+p.opts.Pass))
		if req.Header.Get("Proxy-Authorization") != want {
			scheme := p.opts.AuthScheme
			if scheme == "" {
				scheme = `Basic realm="lab"`
			}
			// Like some proxies, say who was refused: the credentials come back.
			user := ""
			if b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(req.Header.Get("Proxy-Authorization"), "Basic ")); err == nil {
				user = string(b)
			}
			writeProxyAnswer(c, http.StatusProxyAuthRequired, http.Header{"Proxy-Authenticate": {scheme}}, "<html>Cache Access Denied for "+user+"</html>")
			return
		}
	}
	if p.opts.RefuseStatus != 0 {
		writeProxyAnswer(c, p.opts.RefuseStatus, http.Header{"X-Squid-Error": {"ERR_ACCESS_DENIED 0"}, "Server": {"squid/lab"}}, "<html>Access Denied</html>")
		return
	}
	target, err := p.resolve(req.Host)
	if err != nil {
		writeProxyAnswer(c, http.StatusServiceUnavailable, http.Header{"X-Squid-Error": {"ERR_DNS_FAIL 0"}}, "<html>Unable to determine IP address</html>")
		return
	}
	if p.opts.Resign != nil {
		io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
		p.inspect(c, req.Host, target)
		return
	}
	up, err := Dial(context.Background(), "tcp", target)
	if err != nil {
		writeProxyAnswer(c, http.StatusServiceUnavailable, http.Header{"X-Squid-Error": {"ERR_CONNECT_FAIL 111"}}, "<html>Connection refused</html>")
		return
	}
	defer up.Close()
	io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
	pipe(c, br, up)
}

// resolve turns host:port into a loopback ip:port.
func (p *Proxy) resolve(hostport string) (string, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return "", err
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return netip.AddrPortFrom(a, mustPort(port)).String(), nil
	}
	if p.opts.Resolve != nil {
		if a, ok := p.opts.Resolve(host); ok {
			return netip.AddrPortFrom(a, mustPort(port)).String(), nil
		}
	}
	return "", fmt.Errorf("lab proxy: cannot resolve %s", host)
}

func mustPort(s string) uint16 {
	var n uint16
	fmt.Sscanf(s, "%d", &n)
	return n
}

// inspect terminates TLS with a re-signed certificate and forwards the
// requests to the real upstream, as an inspecting proxy does.
func (p *Proxy) inspect(c net.Conn, hostport, target string) {
	host, _, _ := net.SplitHostPort(hostport)
	cert, err := p.opts.Resign.Valid(host)
	if err != nil {
		return
	}
	cert.Certificate = append(cert.Certificate, p.opts.Resign.Cert.Raw) // inspection proxies send their root
	tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
	if err := tc.Handshake(); err != nil {
		return
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = "https", hostport
			pr.Out.Host = hostport
		},
		Transport: &http.Transport{
			DialContext:     func(ctx context.Context, _, _ string) (net.Conn, error) { return Dial(ctx, "tcp", target) },
			TLSClientConfig: &tls.Config{RootCAs: p.opts.UpstreamRoots, ServerName: host},
		},
		ErrorLog: quietLog(),
	}
	srv := &http.Server{Handler: rp, ErrorLog: quietLog()}
	srv.Serve(&oneConnListener{c: tc})
}

func writeProxyAnswer(c net.Conn, status int, h http.Header, body string) {
	fmt.Fprintf(c, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	for k, vs := range h {
		for _, v := range vs {
			fmt.Fprintf(c, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprintf(c, "Content-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
}

// pipe copies both ways until either side closes.
func pipe(c net.Conn, br *bufio.Reader, up net.Conn) {
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, br); closeWrite(up); done <- struct{}{} }()
	go func() { io.Copy(c, up); closeWrite(c); done <- struct{}{} }()
	<-done
	<-done
}

func closeWrite(c net.Conn) {
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		tc.CloseWrite()
	}
}

// oneConnListener serves exactly one connection, then reports closed.
type oneConnListener struct {
	c    net.Conn
	once sync.Once
	done chan struct{}
	mu   sync.Mutex
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	var c net.Conn
	l.once.Do(func() { c = l.c; l.done = make(chan struct{}) })
	if c != nil {
		return &closeNotifyConn{Conn: c, l: l}, nil
	}
	l.mu.Lock()
	done := l.done
	l.mu.Unlock()
	<-done
	return nil, net.ErrClosed
}

func (l *oneConnListener) Close() error   { return nil }
func (l *oneConnListener) Addr() net.Addr { return l.c.LocalAddr() }

type closeNotifyConn struct {
	net.Conn
	l    *oneConnListener
	once sync.Once
}

func (c *closeNotifyConn) Close() error {
	c.once.Do(func() { close(c.l.done) })
	return c.Conn.Close()
}
