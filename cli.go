package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"apidoctor/checks"
	"apidoctor/report"
)

// Exit codes, documented in the README.
const (
	exitOK      = 0 // the verdict is ok
	exitProblem = 1 // a problem was found
	exitUsage   = 2 // bad usage or input
)

const usage = `apidoctor finds out why this machine cannot reach the Claude API.

Usage:
  apidoctor [flags]            run every check (the wizard comes later; headless for now)
  apidoctor check [flags]      run every check and print the verdict
  apidoctor version            print the version
  apidoctor help               show this help

Flags (every subcommand):
`

// commonFlags are the flags that choose the target and the client; every
// subcommand takes the same ones.
type commonFlags struct {
	opts   checks.Options
	client string
	json   bool
	ascii  bool
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.client, "client", string(checks.ClaudeCode), "whose network rules to follow: claude-code, python-sdk, node-sdk, go-sdk, curl")
	fs.StringVar(&c.opts.BaseURL, "base-url", "", "API base URL (default: ANTHROPIC_BASE_URL, then https://api.anthropic.com)")
	fs.StringVar(&c.opts.ReferenceDNS, "reference-dns", "", "second-opinion resolver: host:port, an https:// DoH URL, or none (default "+checks.DefaultReferenceDNS+")")
	fs.StringVar(&c.opts.StatusURL, "status-url", "", "status page base URL, or none (default "+checks.DefaultStatusURL+")")
	fs.StringVar(&c.opts.PlatformURL, "platform-url", "", "Claude Code's platform probe URL, or none (default "+checks.DefaultPlatformURL+")")
	fs.StringVar(&c.opts.TraceURL, "trace-url", "", "edge trace URL, or none (default <base>/cdn-cgi/trace)")
	fs.StringVar(&c.opts.CABundle, "ca-bundle", "", "an extra PEM bundle to trust, to try a CA before setting it")
	fs.BoolVar(&c.opts.ProbeMessages, "probe-messages", false, "also send a 1-token message (costs a fraction of a cent)")
	fs.DurationVar(&c.opts.Timeout, "timeout", 0, "HTTP timeout; the DNS, TCP and TLS timeouts scale with it (default 10s)")
	fs.BoolVar(&c.json, "json", false, "print one JSON document (apidoctor.check/v1)")
	fs.BoolVar(&c.ascii, "ascii", false, "plain ASCII status marks")
}

// run is the whole program, minus the process: testable with any
// environment and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, newEnv func() *checks.Env) int {
	cmd := "check"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "check":
		return runCheck(ctx, args, stdout, stderr, newEnv)
	case "version":
		t := checks.Tool()
		fmt.Fprintf(stdout, "apidoctor %s (%s, %s/%s)\n", t.Version, t.Go, t.OS, t.Arch)
		return exitOK
	case "help", "-h", "--help":
		printUsage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "apidoctor: unknown command %q\n\n", cmd)
	printUsage(stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fs := flag.NewFlagSet("apidoctor", flag.ContinueOnError)
	var c commonFlags
	c.register(fs)
	fs.SetOutput(w)
	io.WriteString(w, usage)
	fs.PrintDefaults()
	io.WriteString(w, "\nExit codes: 0 ok, 1 a problem was found, 2 bad usage or input.\n")
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer, newEnv func() *checks.Env) int {
	fs := flag.NewFlagSet("apidoctor check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c commonFlags
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "apidoctor check: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	client, err := checks.ParseClient(c.client)
	if err != nil {
		fmt.Fprintf(stderr, "apidoctor: --client: %v\n", err)
		return exitUsage
	}
	c.opts.Client = client
	if err := checks.ValidateOptions(c.opts); err != nil {
		fmt.Fprintf(stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	rep, err := checks.Execute(ctx, newEnv(), c.opts)
	if err != nil {
		fmt.Fprintf(stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	var text string
	if c.json {
		text, err = report.JSON(rep)
	} else {
		g := report.UnicodeGlyphs
		if c.ascii {
			g = report.ASCIIGlyphs
		}
		text = report.Text(rep, report.TextOptions{Glyphs: g})
	}
	if err == nil {
		err = report.Write(stdout, rep, text)
	}
	if err != nil {
		fmt.Fprintf(stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "apidoctor: interrupted; the results above are partial")
	}
	if rep.Verdict.Status == "ok" {
		return exitOK
	}
	return exitProblem
}
