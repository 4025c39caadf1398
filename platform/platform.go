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
}

func (h Host) run(ctx context.Context, name string, args ...string) string {
	if h.Run == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, CommandTimeout)
	defer cancel()
	out, err := h.Run(ctx, name, args...)
	if err != nil {
		return ""
	}
	return string(out)
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
