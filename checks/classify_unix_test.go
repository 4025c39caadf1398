//go:build unix

package checks_test

import (
	"syscall"
	"testing"
)

// TestClassifyUnixErrnos: the errnos connect(2), read(2) and write(2)
// return on Linux and macOS.
func TestClassifyUnixErrnos(t *testing.T) {
	testErrnoTable(t, []errnoRow{
		{"ECONNREFUSED", syscall.ECONNREFUSED, refusedCauses},
		{"ENETUNREACH", syscall.ENETUNREACH, unreachableCauses},
		{"EHOSTUNREACH", syscall.EHOSTUNREACH, unreachableCauses},
		{"EADDRNOTAVAIL", syscall.EADDRNOTAVAIL, unreachableCauses},
		{"ECONNRESET", syscall.ECONNRESET, resetCauses},
		{"ECONNABORTED", syscall.ECONNABORTED, resetCauses},
		{"EPIPE", syscall.EPIPE, resetCauses},
		{"ETIMEDOUT", syscall.ETIMEDOUT, timeoutCauses},
	})
}
