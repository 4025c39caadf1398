//go:build !windows

package fixes

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// processAlive reports whether a process with this pid runs (the lock's
// time serves Windows, which hands pids out again soon).
func processAlive(pid int, _ time.Time) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	switch {
	case err == nil:
		return true
	case errors.Is(err, os.ErrProcessDone), errors.Is(err, syscall.ESRCH):
		return false
	}
	// EPERM: it runs, as someone else.
	return true
}
