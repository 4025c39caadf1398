package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"apidoctor/advisor"
	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
	"apidoctor/ui"
	"apidoctor/watch"
)

// runWatch is `apidoctor watch`; given reports whether a flag was on
// the line. Every flag is checked before the first probe, and before the
// metrics listener opens.
func runWatch(ctx context.Context, c commonFlags, wo watch.Options, metricsAddr string, given func(string) bool, sys system) int {
	if code := refuseReportFlags(given, sys); code >= 0 {
		return code
	}
	if code := c.validate(sys); code >= 0 {
		return code
	}
	err := validateWatch(wo)
	if err == nil && metricsAddr != "" {
		err = checkMetricsAddr(metricsAddr)
	}
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	return watchWith(ctx, c, wo, metricsAddr, sys.newEnv(), sys)
}

// refuseReportFlags refuses --report, --format and --redact-paths in a
// watch, which writes no report (--json is its record); it returns the
// exit code to stop with, or -1. given reports whether a flag was on the
// line.
func refuseReportFlags(given func(string) bool, sys system) int {
	for _, f := range []string{"format", "redact-paths", "report"} {
		if given(f) {
			sys.say("cli.watch_no_report", "--"+f)
			return exitUsage
		}
	}
	return -1
}

// validateWatch checks a watch's pace and bounds: --interval must be
// more than zero (0 would not mean "no wait", it would quietly be 5 s).
func validateWatch(wo watch.Options) error {
	if err := wo.Validate(); err != nil {
		return err
	}
	if wo.Interval <= 0 {
		return i18n.Errorf("err.positive", "--interval")
	}
	return nil
}

// checkMetricsAddr checks the form of --metrics-addr (host:port, or :port
// for every interface) before anything runs; whether the port is free is
// known only when the listener opens.
func checkMetricsAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err == nil && port != "" {
		if n, perr := strconv.Atoi(port); perr == nil && n >= 0 && n <= 65535 && !strings.ContainsAny(host, " /") {
			return nil
		}
	}
	return i18n.Errorf("cli.metrics_addr_form", addr)
}

// watchWith runs a watch against env: the live screen on a terminal,
// NDJSON with --json, a line per probe otherwise; then the summary and
// the advice.
func watchWith(ctx context.Context, c commonFlags, wo watch.Options, metricsAddr string, env *checks.Env, sys system) int {
	// The prober's redactor masks what the run saw; NDJSON goes through it.
	probe, err := checks.NewProber(env, c.opts)
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	red := probe.Run().Redactor
	probe.Close()

	metrics := watch.NewMetrics()
	if metricsAddr != "" {
		addr, _, err := metrics.Serve(ctx, metricsAddr)
		if err != nil {
			sys.say("cli.flag_error", "--metrics-addr", sys.lang.Err(err))
			return exitUsage
		}
		sys.say("cli.metrics_on", addr)
	}
	var mu sync.Mutex
	sink := func(r checks.ProbeResult) {
		metrics.Observe(r)
		if c.json {
			mu.Lock()
			writeNDJSON(sys.stdout, red, r)
			mu.Unlock()
		}
	}

	var stats *watch.Stats
	var advice advisor.Advice
	interrupted := false
	if sys.tty && !c.json && !c.plain {
		cfg := ui.Config{NewEnv: func() *checks.Env { return env }, Opts: c.opts, ASCII: c.ascii, NoColor: c.noColor, Lang: sys.lang}
		prog := ui.NewWatchProgram(cfg, wo, sink)
		_, err := tea.NewProgram(prog, tea.WithContext(ctx), tea.WithInput(sys.stdin), tea.WithOutput(sys.stdout)).Run()
		stopped := errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted)
		if err != nil && !stopped {
			sys.fail(err)
			return exitUsage
		}
		stats, advice, interrupted = prog.Stats(), prog.Advice(), stopped || prog.Interrupted()
	} else {
		p, err := checks.NewProber(env, c.opts)
		if err != nil {
			sys.fail(err)
			return exitUsage
		}
		defer p.Close()
		stats = watch.NewStats()
		watch.Run(ctx, p, wo, func(r checks.ProbeResult) {
			stats.Add(r)
			sink(r)
			if !c.json {
				fmt.Fprintln(sys.stdout, red.Display(watch.Line(r, sys.lang)))
			}
		})
		advice = advisor.Recommend(stats.Results, wo.Interval, stats.ConnectP99())
	}
	// A watch ended by a signal (or ctrl+c on its screen) was interrupted;
	// one that ran its --count or --duration, or was left with q, was not.
	interrupted = interrupted || ctx.Err() != nil
	if stats == nil || stats.Probes == 0 {
		if interrupted {
			return exitInterrupted
		}
		return exitOK
	}
	// The summary and the advice go to stderr with --json, so stdout stays NDJSON.
	out := sys.stdout
	if c.json {
		out = sys.stderr
	}
	fmt.Fprintln(out, red.DisplayText("\n"+stats.Text(100, sys.lang)))
	fmt.Fprintln(out, red.DisplayText(advice.Text(sys.lang)))
	if interrupted {
		return exitInterrupted
	}
	if stats.Results[len(stats.Results)-1].OK() {
		return exitOK
	}
	return exitProblem
}

// writeNDJSON writes one probe as a line of JSON, every string in it
// redacted and escaped (watch.Run made the probe Safe already; this is
// the last pass, over every field the line holds).
func writeNDJSON(w io.Writer, red *redact.Redactor, r checks.ProbeResult) {
	line, err := red.Marshal(watch.Safe(red, r), "")
	if err == nil {
		_, err = w.Write(append(line, '\n'))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "apidoctor watch:", err)
	}
}
