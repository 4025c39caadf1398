//go:build !windows

package checks

import "syscall"

// errnoKind reads a Unix errno (what connect(2), read(2) and write(2)
// return, wrapped by net as *net.OpError and *os.SyscallError).
func errnoKind(e syscall.Errno) errnoClass {
	switch e {
	case syscall.ECONNREFUSED:
		return errnoRefused
	case syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.EADDRNOTAVAIL:
		return errnoUnreachable
	case syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE:
		return errnoReset
	case syscall.ETIMEDOUT:
		return errnoTimeout
	}
	return errnoNone
}
