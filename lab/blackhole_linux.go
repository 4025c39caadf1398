package lab

import (
	"net"
	"net/netip"
	"syscall"
	"time"
)

// Blackhole returns an address on 127.0.0.1 whose SYNs go unanswered, so a
// connect times out for real: a listening socket with a backlog of zero
// whose queue is already full (Linux drops further SYNs). The returned
// closer releases it.
func Blackhole() (string, func(), error) {
	return BlackholeAt(netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), 0))
}

// BlackholeAt is Blackhole on a given loopback address and port (0:
// any port), so one address of a host can drop SYNs while another serves.
func BlackholeAt(at netip.AddrPort) (string, func(), error) {
	family := syscall.AF_INET6
	var sa syscall.Sockaddr = &syscall.SockaddrInet6{Addr: at.Addr().As16(), Port: int(at.Port())}
	if at.Addr().Is4() {
		family, sa = syscall.AF_INET, &syscall.SockaddrInet4{Addr: at.Addr().As4(), Port: int(at.Port())}
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", nil, err
	}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return "", nil, err
	}
	if err := syscall.Listen(fd, 0); err != nil {
		syscall.Close(fd)
		return "", nil, err
	}
	bound, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		return "", nil, err
	}
	var port int
	switch b := bound.(type) {
	case *syscall.SockaddrInet4:
		port = b.Port
	case *syscall.SockaddrInet6:
		port = b.Port
	}
	addr := netip.AddrPortFrom(at.Addr(), uint16(port)).String()
	// Fill the accept queue so that later SYNs are dropped.
	var fillers []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			break
		}
		fillers = append(fillers, c)
	}
	return addr, func() {
		for _, c := range fillers {
			c.Close()
		}
		syscall.Close(fd)
	}, nil
}
