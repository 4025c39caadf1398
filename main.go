// Command apidoctor finds out why this machine cannot reach the Claude API
// and says what to do about it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"apidoctor/checks"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, checks.SystemEnv)
	stop()
	os.Exit(code)
}
