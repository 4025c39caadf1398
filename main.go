// Command apidoctor finds out why this machine cannot reach the Claude API
// and says what to do about it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"

	"apidoctor/checks"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
	os.Exit(code)
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
