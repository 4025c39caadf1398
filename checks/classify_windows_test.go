package checks_test

import (
	"syscall"
	"testing"

	"golang.org/x/sys/windows"
)

// TestClassifyWindowsErrnos: the Winsock errors Go's net returns on
// Windows, and the Win32 forms an overlapped operation reports; none of
// them is the syscall package's Unix-like constant of the same name.
func TestClassifyWindowsErrnos(t *testing.T) {
	if windows.WSAECONNREFUSED == syscall.ECONNREFUSED {
		t.Fatal("WSAECONNREFUSED is Go's invented ECONNREFUSED: the table proves nothing")
	}
	testErrnoTable(t, []errnoRow{
		{"WSAECONNREFUSED", windows.WSAECONNREFUSED, refusedCauses},
		{"ERROR_CONNECTION_REFUSED", windows.ERROR_CONNECTION_REFUSED, refusedCauses},
		{"WSAENETUNREACH", windows.WSAENETUNREACH, unreachableCauses},
		{"WSAEHOSTUNREACH", windows.WSAEHOSTUNREACH, unreachableCauses},
		{"WSAEADDRNOTAVAIL", windows.WSAEADDRNOTAVAIL, unreachableCauses},
		{"ERROR_NETWORK_UNREACHABLE", windows.ERROR_NETWORK_UNREACHABLE, unreachableCauses},
		{"WSAECONNRESET", windows.WSAECONNRESET, resetCauses},
		{"WSAECONNABORTED", windows.WSAECONNABORTED, resetCauses},
		{"ERROR_NETNAME_DELETED", windows.ERROR_NETNAME_DELETED, resetCauses},
		{"WSAETIMEDOUT", windows.WSAETIMEDOUT, timeoutCauses},
		// Go's own values, should a library return them.
		{"ECONNREFUSED", syscall.ECONNREFUSED, refusedCauses},
		{"ECONNRESET", syscall.ECONNRESET, resetCauses},
	})
}
