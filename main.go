// Command apidoctor finds out why this machine cannot reach the Claude API
// and says what to do about it.
package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"

	"apidoctor/checks"
)

// versionLine is what apidoctor version and apidoctor --version print:
// the release's stamps (see checks.Tool), else Go's build info.
func versionLine() string { return checks.Tool().String() }

func main() {
	ctx, stop := interruptible(context.Background(), stopSignals()...)
	sys := system{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		tty:       term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()),
		newEnv:    checks.SystemEnv,
		configDir: os.UserConfigDir,
		locale:    localeVars(),
	}
	code := run(ctx, os.Args[1:], sys)
	stop()
	os.Exit(exitCode(code, context.Cause(ctx)))
}

// stopSignals are the signals that end a run the way Ctrl+C does, its
// temporary folders removed and the incomplete verdict given: Ctrl+C,
// SIGTERM, and SIGHUP (the terminal was closed), unless the program was
// started to ignore SIGHUP (nohup), which it keeps ignoring.
func stopSignals() []os.Signal {
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	return sigs
}

// signalCause is why a run was cancelled: a signal arrived.
type signalCause struct{ sig os.Signal }

func (s signalCause) Error() string { return s.sig.String() + " received" }

// interruptible is signal.NotifyContext, except that the context's cause
// says which signal came, for the exit code. stop waits until a signal
// already received is in the cause, so the exit code cannot miss it.
func interruptible(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	quit, done := make(chan struct{}), make(chan struct{})
	signal.Notify(ch, sigs...)
	go func() {
		defer close(done)
		select {
		case s := <-ch:
			cancel(signalCause{s})
		case <-quit:
			select {
			case s := <-ch:
				cancel(signalCause{s})
			default:
			}
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(quit)
		<-done
		cancel(nil)
	}
}

// exitCode turns an interrupted run's code into 128 + the number of the
// signal that interrupted it (130 for SIGINT, 143 for SIGTERM), as shells
// expect; other codes stay as they are.
func exitCode(code int, cause error) int {
	var sc signalCause
	if code != exitInterrupted || !errors.As(cause, &sc) {
		return code
	}
	if n, ok := sc.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return code
}

// localeVars reads the variables that choose the language.
func localeVars() map[string]string {
	out := map[string]string{}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v, ok := os.LookupEnv(k); ok {
			out[k] = v
		}
	}
	return out
}
