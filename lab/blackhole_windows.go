package lab

import (
	"net/netip"
	"syscall"
)

// fullQueue is the Unix one with a Winsock handle: a listening socket
// with a backlog of zero, never accepted on, its queue filled.
func fullQueue(at netip.AddrPort) (string, func(), error) {
	family, sa := sockaddr(at)
	s, err := syscall.Socket(family, syscall.SOCK_STREAM, syscall.IPPROTO_TCP)
	if err != nil {
		return "", nil, err
	}
	closeSocket := func() { syscall.Closesocket(s) }
	if err := syscall.Bind(s, sa); err != nil {
		closeSocket()
		return "", nil, err
	}
	if err := syscall.Listen(s, 0); err != nil {
		closeSocket()
		return "", nil, err
	}
	bound, err := syscall.Getsockname(s)
	if err != nil {
		closeSocket()
		return "", nil, err
	}
	addr := boundAddr(at, bound)
	return addr, closeAll(fillQueue(addr), closeSocket), nil
}
