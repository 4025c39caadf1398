package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// Format is an output format of a saved report.
type Format string

// The formats a report can be saved in.
const (
	FormatMarkdown Format = "markdown"
	FormatJSON     Format = "json"
	FormatText     Format = "text"
	FormatHTML     Format = "html"
)

// Formats lists the formats, the default first.
func Formats() []Format { return []Format{FormatMarkdown, FormatJSON, FormatHTML, FormatText} }

// ParseFormat validates a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s || (s == "md" && f == FormatMarkdown) {
			return f, nil
		}
	}
	return "", i18n.Errorf("err.format", s)
}

// Ext is the file extension of a format.
func (f Format) Ext() string {
	switch f {
	case FormatJSON:
		return ".json"
	case FormatText:
		return ".txt"
	case FormatHTML:
		return ".html"
	}
	return ".md"
}

// FormatFromPath picks the format from a file name's extension.
func FormatFromPath(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return FormatJSON
	case ".txt", ".log":
		return FormatText
	case ".html", ".htm":
		return FormatHTML
	}
	return FormatMarkdown
}

// SaveNew writes the session to path, or, when path exists, to the first
// free name with -1, -2 … before the extension: it never overwrites a
// file. A character device or a named pipe is written to ("write
// there": /dev/stdout, a terminal, a pipe another program reads). It
// returns the path written; any write error is an error.
func SaveNew(path string, s *Session, f Format, o Options) (string, error) {
	return SaveTo(path, s, f, o, nil)
}

// Stdout names the standard output for SaveTo: "-", /dev/stdout and
// /dev/fd/1 are written there, even when the standard output is a file.
const Stdout = "-"

// SaveTo is SaveNew that also takes "-" (or /dev/stdout) for stdout.
func SaveTo(path string, s *Session, f Format, o Options, stdout io.Writer) (string, error) {
	text, err := RenderSession(s, f, o)
	if err != nil {
		return "", err
	}
	return writeNew(path, text, stdout)
}

// stdoutNames are the names of the standard output: written to the
// program's own, since reopening /proc/self/fd/1 would overwrite a file
// stdout was redirected to from its start.
var stdoutNames = map[string]bool{Stdout: true, "/dev/stdout": true, "/dev/fd/1": true, "/proc/self/fd/1": true}

// IsStdout reports whether SaveTo writes path to the standard output.
func IsStdout(path string) bool { return stdoutNames[path] }

// streamNames are the standard streams by name: always written there
// (appended, when the stream is a file), never a new file beside them.
var streamNames = map[string]bool{"/dev/stdout": true, "/dev/fd/1": true, "/proc/self/fd/1": true, "/dev/stderr": true, "/dev/fd/2": true, "/proc/self/fd/2": true}

func writeNew(path, text string, stdout io.Writer) (string, error) {
	if path == Stdout || (stdoutNames[path] && stdout != nil) {
		if stdout == nil {
			return "", i18n.Errorf("save.no_stdout")
		}
		if _, err := io.WriteString(stdout, text); err != nil {
			return "", &fs.PathError{Op: "write", Path: path, Err: err}
		}
		return Stdout, nil
	}
	if streamNames[path] {
		file, err := checks.Interruptible(context.Background(), func() (*os.File, error) {
			return os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		})
		if err != nil {
			return "", err
		}
		if err := writeClose(file, text); err != nil {
			return "", err
		}
		return path, nil
	}
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for i := 0; i < 1000; i++ {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		if st, err := os.Stat(p); err == nil && !st.Mode().IsRegular() {
			if i > 0 {
				continue // a numbered name is only ever a new file
			}
			return writeDevice(p, st.Mode(), text)
		}
		file, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, werr := file.WriteString(text)
		serr := file.Sync()
		cerr := file.Close()
		if err := errors.Join(werr, serr, cerr); err != nil {
			os.Remove(p)
			return "", err
		}
		abs, _ := filepath.Abs(p)
		return abs, nil
	}
	return "", i18n.Errorf("err.no_free_name", path)
}

// writeDevice writes the report to a character device or a named pipe
// (waiting, until SIGINT or SIGTERM, for a program to read the pipe); a
// folder, a block device or a socket is refused.
func writeDevice(path string, mode fs.FileMode, text string) (string, error) {
	switch {
	case mode&fs.ModeCharDevice != 0, mode&fs.ModeNamedPipe != 0:
	default:
		return "", &fs.PathError{Op: "write", Path: path, Err: &i18n.Error{M: i18n.Msg("save.not_writable", checks.WhatIs(mode)), Wrapped: checks.ErrNotRegular}}
	}
	file, err := openForWriting(path, mode)
	if err != nil {
		return "", err
	}
	if err := writeClose(file, text); err != nil {
		return "", err
	}
	return path, nil
}

// writeClose writes text and closes the file; SIGINT or SIGTERM end a
// write a reader never takes.
func writeClose(file *os.File, text string) error {
	_, err := checks.Interruptible(context.Background(), func() (int, error) {
		n, werr := file.WriteString(text)
		return n, errors.Join(werr, file.Close())
	})
	return err
}

// openForWriting opens a device or a pipe without creating anything. A
// pipe opens only once a reader is there: it is tried again and again,
// so the wait ends on SIGINT or SIGTERM.
func openForWriting(path string, mode fs.FileMode) (*os.File, error) {
	if mode&fs.ModeNamedPipe == 0 || runtime.GOOS == "windows" {
		return checks.Interruptible(context.Background(), func() (*os.File, error) {
			return os.OpenFile(path, os.O_WRONLY, 0)
		})
	}
	stop, sig := checks.WatchInterrupts()
	defer stop()
	for {
		file, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			file.Fd() // back to blocking writes: the reader sets the pace
			return file, nil
		}
		if !errors.Is(err, syscall.ENXIO) {
			return nil, err
		}
		select {
		case s := <-sig:
			return nil, checks.Interrupted(s)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
