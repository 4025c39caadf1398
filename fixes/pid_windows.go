package fixes

import (
	"errors"
	"time"

	"golang.org/x/sys/windows"
)

// stillActive is what GetExitCodeProcess says of a process that runs.
const stillActive = 259 // STILL_ACTIVE

// processAlive reports whether the process that wrote a lock at lockedAt
// (this pid) still runs. Windows has no signal 0: the process is opened
// and asked for its exit code, STILL_ACTIVE while it runs. A pid nobody
// has (ERROR_INVALID_PARAMETER) is dead; one that cannot be opened for
// another reason (another user's, a protected one) runs. Windows hands
// pids out again soon: a process started after the lock was written is
// another one, and the holder is dead.
func processAlive(pid int, lockedAt time.Time) bool {
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
	var created, exited, kernel, user windows.Filetime
	if !lockedAt.IsZero() && windows.GetProcessTimes(h, &created, &exited, &kernel, &user) == nil {
		// A second of slack for the clocks' grain.
		return !time.Unix(0, created.Nanoseconds()).After(lockedAt.Add(time.Second))
	}
	return true
}
