// Package platform holds what differs between Linux, macOS, Windows and
// WSL: where the OS keeps its proxy and its trusted roots, where Claude
// Code's files live, which shell profile a fix writes, and what WSL adds.
//
// Each piece is a small interface or a pure function of the OS, with one
// implementation per OS chosen at run time, not by build tags: every one
// of them reads the OS's own command output or files through a Runner
// and a Files it is given, so all of them are tested on Linux against
// fixtures of the real output. It imports nothing of the project.
package platform

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"path"
	"strings"
	"time"
)

// Runner runs a program and returns its standard output.
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// Files reads files by absolute path.
type Files interface {
	ReadFile(name string) ([]byte, error)
}

// LimitedFiles is Files that can refuse a file past a size limit; the
// platform code reads small system files, and asks for no more.
type LimitedFiles interface {
	ReadFileMax(name string, max int64) ([]byte, error)
}

// MaxSystemFile is the most the platform code reads of one file
// (/proc/version, resolv.conf, kioslaverc, .wslconfig are a few KB).
const MaxSystemFile = 1 << 20

// CommandTimeout bounds each command the platform code runs (gsettings,
// scutil, security, reg.exe, cmd.exe, powershell.exe), whatever deadline
// the caller set: a hung desktop service must not hang the diagnosis.
var CommandTimeout = 10 * time.Second

// Host is the machine as the platform code sees it.
type Host struct {
	GOOS  string
	Home  string
	Vars  map[string]string
	Files Files
	Run   Runner
	// Timeout bounds each command (CommandTimeout when zero). The Runner
	// may enforce a limit of its own; this one is what a command that
	// runs out of time is reported against.
	Timeout time.Duration
}

// Why a command gave no answer: [CommandError]'s Reason.
const (
	ReasonMissing = "missing" // the program is not there (not installed, not on PATH)
	ReasonTimeout = "timeout" // it did not finish within the limit, and was stopped
	ReasonExit    = "exit"    // it ran and exited with a status other than 0
	ReasonFailed  = "failed"  // anything else: it could not start, printed too much, was cancelled
)

// CommandError says why a command the platform code ran gave no answer.
// It is data for the evidence: a registry that could not be read must
// not look like a registry with no proxy in it.
type CommandError struct {
	Command  string `json:"command"`
	Reason   string `json:"reason"`
	LimitMS  int64  `json:"limit_ms,omitempty"`  // ReasonTimeout: the limit it ran into
	ExitCode int    `json:"exit_code,omitempty"` // ReasonExit
	Detail   string `json:"detail,omitempty"`    // the error's own text
}

func (e *CommandError) Error() string {
	switch e.Reason {
	case ReasonMissing:
		return e.Command + " is missing"
	case ReasonTimeout:
		return fmt.Sprintf("%s did not finish within %v", e.Command, time.Duration(e.LimitMS)*time.Millisecond)
	case ReasonExit:
		return fmt.Sprintf("%s exited with status %d", e.Command, e.ExitCode)
	}
	return e.Command + ": " + e.Detail
}

func (h Host) limit() time.Duration {
	if h.Timeout > 0 {
		return h.Timeout
	}
	return CommandTimeout
}

// run is output without the reason for a failure: "" then.
func (h Host) run(ctx context.Context, name string, args ...string) string {
	out, _ := h.output(ctx, name, args...)
	return out
}

// output runs a command within the Host's limit and says why it gave no
// answer when it did not. With no Runner nothing runs, and that is no
// failure.
func (h Host) output(ctx context.Context, name string, args ...string) (string, *CommandError) {
	if h.Run == nil {
		return "", nil
	}
	limit := h.limit()
	cctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	out, err := h.Run(cctx, name, args...)
	if err == nil {
		return string(out), nil
	}
	return "", commandError(ctx, cctx, name, limit, err)
}

// commandError reads a Runner's error: the caller's own cancellation, the
// limit (the command was stopped, whatever error the kill left), a
// missing program, an exit status.
func commandError(parent, ctx context.Context, name string, limit time.Duration, err error) *CommandError {
	e := &CommandError{Command: name, Reason: ReasonFailed, Detail: err.Error()}
	var exit *exec.ExitError
	switch {
	case parent.Err() != nil:
		e.Detail = parent.Err().Error()
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		e.Reason, e.LimitMS, e.Detail = ReasonTimeout, limit.Milliseconds(), ""
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist):
		e.Reason, e.Detail = ReasonMissing, ""
	case errors.As(err, &exit) && exit.Exited():
		e.Reason, e.ExitCode, e.Detail = ReasonExit, exit.ExitCode(), ""
	}
	return e
}

func (h Host) read(name string) string {
	if h.Files == nil {
		return ""
	}
	var b []byte
	var err error
	if lf, ok := h.Files.(LimitedFiles); ok {
		b, err = lf.ReadFileMax(name, MaxSystemFile)
	} else {
		b, err = h.Files.ReadFile(name)
	}
	if err != nil {
		return ""
	}
	return string(b)
}

// Join joins path elements the way goos writes paths, whatever OS runs
// this code (Windows paths are built on Linux in the tests).
func Join(goos string, elem ...string) string {
	if goos != "windows" {
		return path.Join(elem...)
	}
	var parts []string
	for i, e := range elem {
		e = strings.ReplaceAll(e, "/", `\`)
		if i > 0 {
			e = strings.TrimLeft(e, `\`)
		}
		if i < len(elem)-1 {
			e = strings.TrimRight(e, `\`)
		}
		if e != "" {
			parts = append(parts, e)
		}
	}
	return strings.Join(parts, `\`)
}
