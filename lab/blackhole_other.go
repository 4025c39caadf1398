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
	l, err := listenAt(at.String(), func(l *Listener, c net.Conn) {
		l.keep(c)
		io.Copy(io.Discard, c)
	})
	if err != nil {
		return "", nil, err
	}
	return l.Addr, func() { l.Close() }, nil
}
