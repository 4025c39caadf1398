package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/lab"
	"apidoctor/report"
	"apidoctor/ui"
	"apidoctor/watch"
)

// Exit codes, documented in the README.
const (
	exitOK      = 0 // the verdict is ok (or the wizard ended before a verdict)
	exitProblem = 1 // a problem was found
	exitUsage   = 2 // bad usage or input
)

const usage = `apidoctor finds out why this machine cannot reach the Claude API.

Usage:
  apidoctor [flags]              the wizard (on a terminal; otherwise the headless report)
  apidoctor check [flags]        run every check and print the verdict
  apidoctor demo [scenario]      the wizard against a built-in loopback lab (demo --list)
  apidoctor fix <id> [--apply]   preview, test and apply a fix (apidoctor fix for the list)
  apidoctor undo [--list | ID]   undo an applied fix
  apidoctor watch [--interval 5s --count N --duration D --json --metrics-addr A]
                                 probe again and again; latency, outcomes, advice
  apidoctor version              print the version
  apidoctor help                 show this help

Flags (every subcommand):
`

// system is the process's outside world, injectable for tests.
type system struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// tty reports whether stdin and stdout are a terminal.
	tty    bool
	newEnv func() *checks.Env
	// disk is where fixes write (the real file system in production);
	// configDir holds apidoctor's backups and undo log.
	disk      fixes.DiskFS
	configDir func() (string, error)
}

// commonFlags are the flags that choose the target and the client, and how
// results are shown; every subcommand takes the same ones.
type commonFlags struct {
	opts    checks.Options
	client  string
	json    bool
	ascii   bool
	noColor bool
	plain   bool
	// The session report to write (--report, --format, --redact-paths).
	reportPath  string
	format      string
	redactPaths bool
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
	fs.BoolVar(&c.json, "json", false, "print one JSON document (apidoctor.check/v1) instead of text")
	fs.BoolVar(&c.ascii, "ascii", false, "plain ASCII glyphs, for terminals without Unicode")
	fs.BoolVar(&c.noColor, "no-color", false, "no colour (NO_COLOR in the environment does the same)")
	fs.BoolVar(&c.plain, "plain", false, "line-by-line output with no animation (screen readers)")
	fs.BoolVar(&c.opts.Routes, "routes", false, "also test the other ways to Claude: the direct API, the gateway, Bedrock and Vertex")
	fs.Var(listFlag{&c.opts.BedrockRegions}, "bedrock-regions", "Bedrock regions for --routes (default "+strings.Join(checks.DefaultBedrockRegions, ",")+")")
	fs.Var(listFlag{&c.opts.VertexRegions}, "vertex-regions", "Vertex regions for --routes (default "+strings.Join(checks.DefaultVertexRegions, ",")+")")
	fs.StringVar(&c.reportPath, "report", "", "also write the session report to this file (never overwritten: a number is added)")
	fs.StringVar(&c.format, "format", "", "report format: markdown, json, html or text (default: from the file's extension)")
	fs.BoolVar(&c.redactPaths, "redact-paths", false, "hide the user name in paths and the host name in reports")
}

// listFlag is a comma-separated list.
type listFlag struct{ v *[]string }

func (l listFlag) String() string {
	if l.v == nil {
		return ""
	}
	return strings.Join(*l.v, ",")
}

func (l listFlag) Set(s string) error {
	*l.v = nil
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			*l.v = append(*l.v, x)
		}
	}
	return nil
}

// writeReport saves the session when --report was given and says where.
func (c commonFlags) writeReport(s *report.Session, sys system) error {
	if c.reportPath == "" || s == nil {
		return nil
	}
	f := report.FormatFromPath(c.reportPath)
	if c.format != "" {
		var err error
		if f, err = report.ParseFormat(c.format); err != nil {
			return err
		}
	}
	path, err := report.SaveNew(c.reportPath, s, f, report.Options{RedactPaths: c.redactPaths})
	if err != nil {
		return fmt.Errorf("--report: %v", err)
	}
	fmt.Fprintf(sys.stderr, "apidoctor: report written to %s\n", path)
	return nil
}

// hostInfo describes the machine for the session report.
func hostInfo(env *checks.Env) report.HostInfo {
	h := report.HostInfo{OS: env.GOOS, Arch: runtime.GOARCH, Home: env.Home, User: env.Vars["USER"]}
	if h.User == "" {
		h.User = env.Vars["USERNAME"]
	}
	h.Hostname, _ = os.Hostname()
	return h
}

// parse reads flags; it returns the exit code to stop with, or -1.
func (c *commonFlags) parse(name string, args []string, sys system) ([]string, int) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(sys.stderr)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK
		}
		return nil, exitUsage
	}
	client, err := checks.ParseClient(c.client)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: --client: %v\n", err)
		return nil, exitUsage
	}
	c.opts.Client = client
	if err := checks.ValidateOptions(c.opts); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return nil, exitUsage
	}
	if c.format != "" {
		if _, err := report.ParseFormat(c.format); err != nil {
			fmt.Fprintf(sys.stderr, "apidoctor: --format: %v\n", err)
			return nil, exitUsage
		}
	}
	return fs.Args(), -1
}

// run is the whole program, minus the process.
func run(ctx context.Context, args []string, sys system) int {
	cmd := "wizard"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "wizard":
		return runWizard(ctx, args, sys)
	case "check":
		return runCheck(ctx, args, sys)
	case "demo":
		return runDemo(ctx, args, sys)
	case "fix":
		return runFix(ctx, args, sys)
	case "undo":
		return runUndo(ctx, args, sys)
	case "watch":
		return runWatch(ctx, args, sys)
	case "version":
		t := checks.Tool()
		fmt.Fprintf(sys.stdout, "apidoctor %s (%s, %s/%s)\n", t.Version, t.Go, t.OS, t.Arch)
		return exitOK
	case "help", "-h", "--help":
		printUsage(sys.stdout)
		return exitOK
	}
	fmt.Fprintf(sys.stderr, "apidoctor: unknown command %q\n\n", cmd)
	printUsage(sys.stderr)
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

func runCheck(ctx context.Context, args []string, sys system) int {
	var c commonFlags
	rest, code := c.parse("apidoctor check", args, sys)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(sys.stderr, "apidoctor check: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	if c.plain {
		return runPlain(ctx, sys.newEnv(), c, sys)
	}
	return headless(ctx, sys.newEnv(), c, sys)
}

// headless runs every check and prints the text or JSON report.
func headless(ctx context.Context, env *checks.Env, c commonFlags, sys system) int {
	rep, err := checks.Execute(ctx, env, c.opts)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	code := printReport(ctx, rep, c, sys)
	if err := c.writeReport(report.SessionOf(rep, hostInfo(env)), sys); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	return code
}

func printReport(ctx context.Context, rep *checks.Report, c commonFlags, sys system) int {
	var text string
	var err error
	if c.json {
		text, err = report.JSON(rep)
	} else {
		text = report.Text(rep, report.TextOptions{Glyphs: glyphs(c)})
	}
	if err == nil {
		err = report.Write(sys.stdout, rep, text)
	}
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	if ctx.Err() != nil {
		fmt.Fprintln(sys.stderr, "apidoctor: interrupted; the results above are partial")
	}
	return verdictCode(rep)
}

func verdictCode(rep *checks.Report) int {
	if rep.Verdict.Status == "ok" {
		return exitOK
	}
	return exitProblem
}

func glyphs(c commonFlags) report.Glyphs {
	if c.ascii {
		return report.ASCIIGlyphs
	}
	return report.UnicodeGlyphs
}

// runPlain prints each check as it finishes, then the verdict: no
// animation and no redraws, for screen readers and logs.
func runPlain(ctx context.Context, env *checks.Env, c commonFlags, sys system) int {
	r, err := checks.New(env, c.opts)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	g := glyphs(c)
	red := r.Redactor
	fmt.Fprintf(sys.stdout, "Checking %s as %s, %d checks.\n", r.Target.Raw.Display(), r.Profile.Name, len(r.IDs()))
	for ev := range r.Start(ctx) {
		if ev.Result == nil {
			continue
		}
		res := ev.Result
		fmt.Fprintln(sys.stdout, red.String(fmt.Sprintf("%s %s: %s: %s", g[res.Status], res.Status, res.ID, res.Summary)))
	}
	rep := r.Report()
	fmt.Fprintln(sys.stdout)
	text := report.Text(rep, report.TextOptions{Glyphs: g, OnlyProblems: true})
	// The per-check lines were already printed: keep the verdict block.
	if i := strings.Index(text, "\n\n"); i >= 0 {
		if j := strings.Index(text[i+2:], "\n\n"); j >= 0 {
			text = text[i+2 : i+2+j+1]
		}
	}
	if err := report.Write(sys.stdout, rep, text); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	if err := c.writeReport(report.SessionOf(rep, hostInfo(env)), sys); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	return verdictCode(rep)
}

func runWizard(ctx context.Context, args []string, sys system) int {
	var c commonFlags
	rest, code := c.parse("apidoctor", args, sys)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(sys.stderr, "apidoctor: unexpected argument %q (see apidoctor help)\n", rest[0])
		return exitUsage
	}
	return wizardOrFallback(ctx, sys.newEnv, c, sys, "")
}

// wizardOrFallback opens the wizard on a terminal; piped, it prints the
// headless report and says so; --plain prints line by line.
func wizardOrFallback(ctx context.Context, newEnv func() *checks.Env, c commonFlags, sys system, banner string) int {
	switch {
	case c.plain:
		return runPlain(ctx, newEnv(), c, sys)
	case !sys.tty || c.json:
		if !c.json {
			fmt.Fprintln(sys.stderr, "apidoctor: not a terminal, so printing the headless report (as apidoctor check does)")
		}
		return headless(ctx, newEnv(), c, sys)
	}
	cwd, _ := os.Getwd()
	configDir, err := sys.configDir()
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: no folder for fix backups (%v); fixes will not apply\n", err)
	}
	cfg := ui.Config{NewEnv: newEnv, Opts: c.opts, ASCII: c.ascii, NoColor: c.noColor, Banner: banner, ExportDir: cwd, Disk: sys.disk, ConfigDir: configDir,
		Host: hostInfo(newEnv()), RedactPaths: c.redactPaths}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(sys.stdin), tea.WithOutput(sys.stdout)}
	var final tea.Model
	if c.noColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err = tea.NewProgram(ui.New(cfg), opts...).Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	m, _ := final.(ui.Model)
	rep := m.Report()
	if rep == nil {
		return exitOK
	}
	if err := c.writeReport(m.Session(), sys); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
	}
	// The alternate screen is gone; leave a one-screen summary behind.
	text := report.Text(rep, report.TextOptions{Glyphs: glyphs(c), OnlyProblems: true, Width: m.Width()})
	if err := report.Write(sys.stdout, rep, text); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
	}
	return verdictCode(rep)
}

// runDemo opens the wizard against a lab scenario: a broken network built
// from real servers on loopback, so anyone can see it work with no setup.
func runDemo(ctx context.Context, args []string, sys system) int {
	name := "proxy-not-exported"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	var c commonFlags
	var list, watchIt bool
	var keep string
	var wo watch.Options
	fs := flag.NewFlagSet("apidoctor demo", flag.ContinueOnError)
	fs.SetOutput(sys.stderr)
	c.register(fs)
	fs.BoolVar(&list, "list", false, "list the scenarios")
	fs.StringVar(&keep, "dir", "", "keep the lab's fake home (and what fixes write there) in this folder")
	fs.BoolVar(&watchIt, "watch", false, "watch the lab instead of opening the wizard (try the flapping scenario)")
	fs.DurationVar(&wo.Interval, "interval", time.Second, "with --watch: time between probes")
	fs.IntVar(&wo.Count, "count", 0, "with --watch: stop after this many probes")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if list || name == "list" {
		tw := tabwriter.NewWriter(sys.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SCENARIO\tCLIENT\tVERDICT\tWHAT IT IS")
		for _, s := range lab.Scenarios() {
			client := s.Client
			if client == "" {
				client = checks.ClaudeCode
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, client, s.Want, s.Title)
		}
		tw.Flush()
		return exitOK
	}
	s, ok := lab.Find(name)
	if !ok {
		fmt.Fprintf(sys.stderr, "apidoctor demo: no scenario %q (apidoctor demo --list shows them)\n", name)
		return exitUsage
	}
	dir := keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "apidoctor-demo-")
		if err != nil {
			fmt.Fprintf(sys.stderr, "apidoctor demo: %v\n", err)
			return exitUsage
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor demo: --dir: %v\n", err)
		return exitUsage
	}
	l, env, opts, err := lab.Prepare(s, dir)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor demo: cannot start the lab: %v\n", err)
		return exitUsage
	}
	defer l.Close()
	// The scenario decides the target; the person may still pick the
	// client and the output.
	if c.client != string(checks.ClaudeCode) || s.Client == "" {
		if client, err := checks.ParseClient(c.client); err == nil {
			opts.Client = client
		}
	}
	opts.ProbeMessages = c.opts.ProbeMessages
	if c.opts.Routes {
		// The lab's own alternate routes: a Bedrock endpoint that answers
		// and a Vertex one that does not.
		opts.Routes = true
		bedrock, err1 := l.Endpoint("bedrock-runtime.us-east-1.amazonaws.com", false)
		vertex, err2 := l.Endpoint("us-east5-aiplatform.googleapis.com", true)
		if err := errors.Join(err1, err2); err != nil {
			fmt.Fprintf(sys.stderr, "apidoctor demo: %v\n", err)
			return exitUsage
		}
		opts.Endpoints = []checks.RouteEndpoint{
			{Name: "Claude API", Kind: "api", URL: opts.BaseURL},
			{Name: "Amazon Bedrock us-east-1", Kind: "bedrock", Region: "us-east-1", URL: bedrock, Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=us-east-1 (and AWS credentials)"},
			{Name: "Google Vertex AI us-east5", Kind: "vertex", Region: "us-east5", URL: vertex, Use: "CLAUDE_CODE_USE_VERTEX=1 CLOUD_ML_REGION=us-east5"},
		}
	}
	c.opts = opts
	if watchIt {
		return watchWith(ctx, c, wo, "", env, sys)
	}
	banner := "Demo: " + s.Title + " (a loopback lab; nothing leaves this machine)"
	newEnv := func() *checks.Env { e := *env; return &e }
	// Fixes in the demo write into the lab's own folder, never the real home.
	sys.disk = fixes.DiskFS{Root: dir}
	sys.configDir = func() (string, error) { return lab.Home + "/.config", nil }
	return wizardOrFallback(ctx, newEnv, c, sys, banner)
}
