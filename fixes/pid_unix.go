//go:build !windows

package fixes

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether a process with this pid runs (the start
// time serves Windows, which hands pids out again soon).
func processAlive(pid int, _ string) bool {
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

// processStart is "": a lock here is told from a former process with the
// same pid by the boot id (Linux), and pids come back only after a wrap.
func processStart() string { return "" }
