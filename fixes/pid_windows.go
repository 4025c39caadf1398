package fixes

import (
	"errors"
	"strconv"

	"golang.org/x/sys/windows"
)

// stillActive is what GetExitCodeProcess says of a process that runs.
const stillActive = 259 // STILL_ACTIVE

// processAlive reports whether the process that wrote a lock still runs:
// this pid, created at started (processStart's answer, "" or "-" when the
// lock does not say). Windows has no signal 0: the process is opened and
// asked for its exit code, STILL_ACTIVE while it runs. A pid nobody has
// (ERROR_INVALID_PARAMETER) is dead; one that cannot be opened for another
// reason (another user's, a protected one) runs. Windows hands pids out
// again soon: a process with another creation time is another one, and the
// holder is dead. Both times come from the same kernel record, so no clock
// is compared (the lock file's time is the file server's, when the store
// is in a redirected %APPDATA%).
func processAlive(pid int, started string) bool {
	if pid <= 0 {
		return false
	}
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return !errors.Is(err, windows.ERROR_INVALID_PARAMETER)
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil {
		return true
	}
	if code != stillActive {
		return false
	}
	if started == "" || started == "-" {
		return true
	}
	if now := startOf(h); now != "" {
		return now == started
	}
	return true
}

// processStart is when this process was created, for its lock token.
func processStart() string { return startOf(windows.CurrentProcess()) }

// startOf is the creation time of the process h, in 100 ns since 1601 as
// Windows keeps it, or "" when it cannot be read.
func startOf(h windows.Handle) string {
	var created, exited, kernel, user windows.Filetime
	if windows.GetProcessTimes(h, &created, &exited, &kernel, &user) != nil {
		return ""
	}
	return strconv.FormatUint(uint64(created.HighDateTime)<<32|uint64(created.LowDateTime), 10)
}
