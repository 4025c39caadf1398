package checks

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// errnoKind reads a Windows socket error. Go's net returns Winsock's own
// numbers (WSAECONNREFUSED is 10061), not the Unix-like values the
// syscall package invents for Windows; the Win32 forms appear when an
// overlapped operation's status is read back instead (a reset during
// a read is sometimes ERROR_NETNAME_DELETED). The invented values stay
// in, for any library that returns them.
func errnoKind(e syscall.Errno) errnoClass {
	switch e {
	case windows.WSAECONNREFUSED, windows.ERROR_CONNECTION_REFUSED, syscall.ECONNREFUSED:
		return errnoRefused
	case windows.WSAENETUNREACH, windows.WSAEHOSTUNREACH, windows.WSAEADDRNOTAVAIL,
		windows.ERROR_NETWORK_UNREACHABLE, windows.ERROR_HOST_UNREACHABLE,
		syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.EADDRNOTAVAIL:
		return errnoUnreachable
	case windows.WSAECONNRESET, windows.WSAECONNABORTED, windows.ERROR_NETNAME_DELETED, windows.ERROR_CONNECTION_ABORTED,
		syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE:
		return errnoReset
	case windows.WSAETIMEDOUT, windows.ERROR_SEM_TIMEOUT, syscall.ETIMEDOUT:
		return errnoTimeout
	}
	return errnoNone
}
