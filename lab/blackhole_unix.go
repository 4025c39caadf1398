//go:build unix

package lab

import (
	"net/netip"
	"syscall"
)

// fullQueue opens a listening socket with a backlog of zero at at, never
// accepts on it, and fills its queue. net.Listen cannot set the backlog,
// hence the raw socket.
func fullQueue(at netip.AddrPort) (string, func(), error) {
	family, sa := sockaddr(at)
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", nil, err
	}
	closeFD := func() { syscall.Close(fd) }
	if err := syscall.Bind(fd, sa); err != nil {
		closeFD()
		return "", nil, err
	}
	if err := syscall.Listen(fd, 0); err != nil {
		closeFD()
		return "", nil, err
	}
	bound, err := syscall.Getsockname(fd)
	if err != nil {
		closeFD()
		return "", nil, err
	}
	addr := boundAddr(at, bound)
	return addr, closeAll(fillQueue(addr), closeFD), nil
}
