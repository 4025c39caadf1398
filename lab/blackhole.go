package lab

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// Blackhole returns an address on 127.0.0.1 whose SYNs go unanswered, so a
// connect times out for real; the returned closer releases it. It is an
// ErrNotHere error where this OS cannot make one.
func Blackhole() (string, func(), error) {
	return BlackholeAt(netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), 0))
}

// BlackholeAt is Blackhole on a given loopback address and port (0: any
// port), so one address of a host can drop SYNs while another serves.
//
// The black hole is a listening socket with a backlog of zero whose
// queue is already full: Linux then drops further SYNs. Other systems
// (and Wine, whose sockets are the host's but whose listen is its own)
// may complete the connect or refuse it instead, so the black hole is
// proved before it is handed out: a connect to it must still be pending
// when blackholeProof runs out. Where it is not, the error wraps
// ErrNotHere and says what happened instead.
func BlackholeAt(at netip.AddrPort) (string, func(), error) {
	addr, closer, err := fullQueue(at)
	if err != nil {
		return "", nil, err
	}
	if err := proveSilent(addr); err != nil {
		closer()
		return "", nil, err
	}
	return addr, closer, nil
}

// blackholeProof is how long the proving connect waits: far more than a
// loopback connect takes to complete or to be refused.
const blackholeProof = 150 * time.Millisecond

// errConnected is what proveSilent reports when the connect completed.
var errConnected = errors.New("the connect completed")

// proveSilent connects to addr and wants the connect to time out.
func proveSilent(addr string) error {
	c, err := net.DialTimeout("tcp", addr, blackholeProof)
	var ne net.Error
	if err == nil {
		c.Close()
		err = errConnected
	} else if errors.As(err, &ne) && ne.Timeout() {
		return nil
	}
	return fmt.Errorf("%w: no black hole: a connect to a full listen queue on %s did not hang (%v)", ErrNotHere, addr, err)
}

// fillQueue connects to a listener that never accepts until its queue is
// full; the connects that completed are returned, to be closed with it.
func fillQueue(addr string) []net.Conn {
	var fillers []net.Conn
	for range 2 {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			break
		}
		fillers = append(fillers, c)
	}
	return fillers
}

// closeAll closes the fillers, then the listening socket.
func closeAll(fillers []net.Conn, closeSocket func()) func() {
	return func() {
		for _, c := range fillers {
			c.Close()
		}
		closeSocket()
	}
}

// sockaddr is at for a raw socket: its family and address.
func sockaddr(at netip.AddrPort) (int, syscall.Sockaddr) {
	if at.Addr().Is4() {
		return syscall.AF_INET, &syscall.SockaddrInet4{Addr: at.Addr().As4(), Port: int(at.Port())}
	}
	return syscall.AF_INET6, &syscall.SockaddrInet6{Addr: at.Addr().As16(), Port: int(at.Port())}
}

// boundAddr is the address a raw socket was bound to, at's host with
// the port the system picked.
func boundAddr(at netip.AddrPort, bound syscall.Sockaddr) string {
	port := 0
	switch b := bound.(type) {
	case *syscall.SockaddrInet4:
		port = b.Port
	case *syscall.SockaddrInet6:
		port = b.Port
	}
	return netip.AddrPortFrom(at.Addr(), uint16(port)).String()
}
