//go:build !linux

package lab

import (
	"io"
	"net"
	"net/netip"
)

// Blackhole falls back to a listener that accepts and stalls: outside Linux
// the backlog trick is not reliable, so the connect succeeds and the next
// phase times out instead.
func Blackhole() (string, func(), error) {
	return BlackholeAt(netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), 0))
}

// BlackholeAt is Blackhole on a given address and port (0: any port).
func BlackholeAt(at netip.AddrPort) (string, func(), error) {
	ln, err := net.Listen("tcp", at.String())
	if err != nil {
		return "", nil, err
	}
	l := &Listener{Addr: ln.Addr().String(), ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			l.keep(c)
			go io.Copy(io.Discard, c)
		}
	}()
	return l.Addr, func() { l.Close() }, nil
}
