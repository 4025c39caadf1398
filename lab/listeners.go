package lab

import (
	"io"
	"net"
	"sync"
	"time"
)

// Listener is a misbehaving server on a loopback port.
type Listener struct {
	Addr  string
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// Close stops the listener and drops every connection it holds.
func (l *Listener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		c.Close()
	}
	if l.ln == nil {
		return nil
	}
	return l.ln.Close()
}

func (l *Listener) keep(c net.Conn) {
	l.mu.Lock()
	l.conns = append(l.conns, c)
	l.mu.Unlock()
}

func listen(host string, handle func(l *Listener, c net.Conn)) (*Listener, error) {
	return listenAt(net.JoinHostPort(host, "0"), handle)
}

// listenAt is listen on a given host:port.
func listenAt(addr string, handle func(l *Listener, c net.Conn)) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	l := &Listener{Addr: ln.Addr().String(), ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handle(l, c)
		}
	}()
	return l, nil
}

// Refused returns an address where nothing listens: connects are refused.
func Refused(host string) (string, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr, nil
}

// Stall accepts connections and never says a word.
func Stall(host string) (*Listener, error) {
	return listen(host, func(l *Listener, c net.Conn) {
		l.keep(c)
		io.Copy(io.Discard, c)
	})
}

// ResetAfterHello reads the TLS ClientHello and answers with a TCP reset,
// as SNI filtering does.
func ResetAfterHello(host string) (*Listener, error) {
	return listen(host, func(l *Listener, c net.Conn) {
		buf := make([]byte, 5)
		if _, err := io.ReadFull(c, buf); err != nil {
			c.Close()
			return
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with RST, not FIN
		}
		c.Close()
	})
}

// PlainHTTP answers anything with a plain-HTTP error, as a port that does
// not speak TLS does.
func PlainHTTP(host string) (*Listener, error) {
	return listen(host, func(l *Listener, c net.Conn) {
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 1024)
		c.Read(buf)
		io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request")
	})
}
