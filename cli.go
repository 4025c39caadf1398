package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/report"
	"apidoctor/ui"
	"apidoctor/watch"
)

// Exit codes, documented in the README and in apidoctor --help.
const (
	exitOK      = 0 // the verdict is ok (or the wizard ended before a verdict)
	exitProblem = 1 // a problem was found
	exitUsage   = 2 // bad usage or input
	// exitInterrupted: the run was interrupted before it finished, so there
	// is no verdict; 128 + SIGINT, as shells expect (main makes it 128 + the
	// signal's number when another signal, like SIGTERM, did it).
	exitInterrupted = 130
)

// system is the process's outside world, injectable for tests.
type system struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// reportOut, when set, is where --report - goes: the standard output,
	// which then carries the report alone (the run's own output moves to
	// stderr, so that --report - | jq reads one document).
	reportOut io.Writer
	// tty reports whether stdin and stdout are a terminal.
	tty    bool
	newEnv func() *checks.Env
	// disk is where fixes write (the real file system in production);
	// configDir holds apidoctor's backups and undo log.
	disk      fixes.DiskFS
	configDir func() (string, error)
	// locale is the process environment's locale variables (LANG, LC_ALL,
	// LC_MESSAGES); lang is the language chosen from them and --lang.
	locale map[string]string
	lang   i18n.Lang
}

// say writes a translated line to stderr, after the program's name.
func (s system) say(key string, args ...any) {
	fmt.Fprintln(s.stderr, "apidoctor: "+s.lang.T(key, args...))
}

// fail writes an error to stderr in the user's language.
func (s system) fail(err error) {
	fmt.Fprintln(s.stderr, "apidoctor: "+s.lang.Err(err))
}

// scanLang finds --lang (or the old -lang) before the command line is
// parsed: the help and the errors of the parse are in that language too.
// The last one wins, as in the parse.
func scanLang(args []string) string {
	lang := ""
	for i, a := range args {
		switch {
		case a == "--":
			return lang
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				lang = args[i+1]
			}
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
			lang = a[strings.Index(a, "=")+1:]
		}
	}
	return lang
}

// scanNoColor finds --no-color before the command line is parsed, for
// the help's colours.
func scanNoColor(args []string) bool {
	no := false
	for _, a := range args {
		if a == "--" {
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "no-color" {
			continue
		}
		no = true
		if hasVal {
			no, _ = strconv.ParseBool(val)
		}
	}
	return no
}

// commonFlags are the flags that choose the target and the client, and how
// results are shown: the wizard and check, demo, fix and watch take them.
// --lang, which every command takes, is the root's (see app.rootCmd).
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

// register defines the common flags on cmd, with the completion of their
// values: the one place they are defined.
func (c *commonFlags) register(cmd *cobra.Command, l i18n.Lang) {
	fs := cmd.Flags()
	fs.Var(textValue{&c.client, "client"}, "client", l.T("flag.client"))
	fs.Var(textValue{&c.opts.BaseURL, "url"}, "base-url", l.T("flag.base_url"))
	fs.Var(textValue{&c.opts.ReferenceDNS, "resolver"}, "reference-dns", l.T("flag.reference_dns", checks.DefaultReferenceDNS))
	fs.Var(textValue{&c.opts.StatusURL, "url"}, "status-url", l.T("flag.status_url", checks.DefaultStatusURL))
	fs.Var(textValue{&c.opts.PlatformURL, "url"}, "platform-url", l.T("flag.platform_url", checks.DefaultPlatformURL))
	fs.Var(textValue{&c.opts.TraceURL, "url"}, "trace-url", l.T("flag.trace_url"))
	fs.Var(textValue{&c.opts.CABundle, "file"}, "ca-bundle", l.T("flag.ca_bundle"))
	fs.BoolVar(&c.opts.ProbeMessages, "probe-messages", false, l.T("flag.probe_messages"))
	fs.Var(durationValue{&c.opts.Timeout}, "timeout", l.T("flag.timeout"))
	fs.BoolVar(&c.json, "json", false, l.T("flag.json"))
	fs.BoolVar(&c.ascii, "ascii", false, l.T("flag.ascii"))
	fs.BoolVar(&c.noColor, "no-color", false, l.T("flag.no_color"))
	fs.BoolVar(&c.plain, "plain", false, l.T("flag.plain"))
	fs.BoolVar(&c.opts.Routes, "routes", false, l.T("flag.routes"))
	fs.Var(listFlag{&c.opts.BedrockRegions, "regions"}, "bedrock-regions", l.T("flag.bedrock_regions", strings.Join(checks.DefaultBedrockRegions, ",")))
	fs.Var(listFlag{&c.opts.VertexRegions, "regions"}, "vertex-regions", l.T("flag.vertex_regions", strings.Join(checks.DefaultVertexRegions, ",")))
	fs.Var(textValue{&c.reportPath, "file"}, "report", l.T("flag.report"))
	fs.Var(textValue{&c.format, "format"}, "format", l.T("flag.format"))
	fs.BoolVar(&c.redactPaths, "redact-paths", false, l.T("flag.redact_paths"))

	var clients []string
	for _, n := range checks.ClientNames() {
		clients = append(clients, string(n))
	}
	completeWith(cmd, "client", clients...)
	var formats []string
	for _, f := range report.Formats() {
		formats = append(formats, string(f))
	}
	completeWith(cmd, "format", formats...)
	completeWith(cmd, "reference-dns", "none")
	for _, f := range []string{"status-url", "platform-url", "trace-url"} {
		completeWith(cmd, f, "none")
	}
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
	// "-" (or /dev/stdout) writes to stdout; a device or a pipe is
	// written to; a file that exists is never overwritten.
	out := sys.stdout
	if sys.reportOut != nil {
		out = sys.reportOut
	}
	path, err := report.SaveTo(c.reportPath, s, f, report.Options{RedactPaths: c.redactPaths, Lang: sys.lang}, out)
	if err != nil {
		return i18n.Errorf("store.report_failed", err)
	}
	if path != report.Stdout {
		sys.say("cli.report_written", path)
	}
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

// validate checks the common flags; it returns the exit code to stop
// with, or -1.
func (c *commonFlags) validate(sys system) int {
	if c.json && c.plain {
		sys.say("cli.json_or_plain")
		return exitUsage
	}
	client, err := checks.ParseClient(c.client)
	if err != nil {
		sys.say("cli.flag_error", "--client", sys.lang.Err(err))
		return exitUsage
	}
	c.opts.Client = client
	if err := checks.ValidateOptions(c.opts); err != nil {
		sys.fail(err)
		return exitUsage
	}
	if c.format != "" {
		if _, err := report.ParseFormat(c.format); err != nil {
			sys.say("cli.flag_error", "--format", sys.lang.Err(err))
			return exitUsage
		}
	}
	// The report's folder is checked before anything runs: found missing
	// at the end, it would lose the run (the wizard's whole session, a
	// fix already applied).
	if err := checkReportPath(c.reportPath); err != nil {
		sys.fail(err)
		return exitUsage
	}
	return -1
}

// validateLang checks a --lang value (every command takes it); it returns
// the exit code to stop with, or -1.
func validateLang(lang string, sys system) int {
	if lang != "" {
		if _, err := i18n.Parse(lang); err != nil {
			// i18n.Parse words its error in English (the catalogue may not
			// be chosen yet); the reader gets it in theirs.
			sys.say("cli.unknown_lang", strconv.Quote(lang))
			return exitUsage
		}
	}
	return -1
}

// checkReportPath refuses a --report whose folder does not exist, or that
// names a folder (or anything else no report can go to), before anything
// runs. "-", a terminal, a device or a named pipe passes; the name itself
// is never taken (an existing file gets a number).
func checkReportPath(path string) error {
	if path == "" || path == report.Stdout {
		return nil
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return i18n.Errorf("clierr.report_dir", path, dir)
	}
	if st, err := os.Stat(path); err == nil {
		switch m := st.Mode(); {
		case m.IsRegular(), m&os.ModeCharDevice != 0, m&os.ModeNamedPipe != 0:
		default:
			return &i18n.Error{M: i18n.Msg("err.flag", "--report "+path, i18n.Msg("save.not_writable", checks.WhatIs(m)))}
		}
	}
	return nil
}

// reportOnStdout gives the standard output to a --report - alone: the
// run's own text or JSON goes to stderr, where a person still sees it.
func (c commonFlags) reportOnStdout(sys system) system {
	if report.IsStdout(c.reportPath) {
		sys.reportOut, sys.stdout = sys.stdout, sys.stderr
	}
	return sys
}

// runCheck is `apidoctor check`: every check once, then the report.
func runCheck(ctx context.Context, c commonFlags, sys system) int {
	sys = c.reportOnStdout(sys)
	if c.plain {
		return runPlain(ctx, sys.newEnv(), c, sys)
	}
	return headless(ctx, sys.newEnv(), c, sys)
}

// headless runs every check and prints the text or JSON report.
func headless(ctx context.Context, env *checks.Env, c commonFlags, sys system) int {
	rep, err := checks.Execute(ctx, env, c.opts)
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	code := printReport(rep, c, sys)
	if err := c.writeReport(report.SessionOf(rep, hostInfo(env)), sys); err != nil {
		sys.fail(err)
		return exitUsage
	}
	return code
}

// printReport prints the report as text or JSON and returns the exit code
// it calls for.
func printReport(rep *checks.Report, c commonFlags, sys system) int {
	var text string
	var err error
	if c.json {
		text, err = report.JSON(rep)
	} else {
		text = report.Text(rep, report.TextOptions{Glyphs: glyphs(c), Lang: sys.lang})
	}
	if err == nil {
		err = report.Write(sys.stdout, rep, text)
	}
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	if rep.Incomplete() {
		// On stderr too: with --json, stdout is for scripts.
		sys.say("cli.interrupted")
	}
	return verdictCode(rep)
}

// verdictCode is the exit code a report calls for.
func verdictCode(rep *checks.Report) int {
	switch {
	case rep.Verdict.Status == "ok":
		return exitOK
	case rep.Incomplete():
		return exitInterrupted
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
		sys.fail(err)
		return exitUsage
	}
	g := glyphs(c)
	red := r.Redactor
	// Each value is redacted and escaped (redact.Display) before it is
	// printed; report.Text and report.Write do the same for the verdict.
	fmt.Fprintln(sys.stdout, sys.lang.T("cli.plain_head", red.Display(r.Target.Raw.Display()), string(r.Profile.Name), len(r.IDs())))
	for ev := range r.Start(ctx) {
		if ev.Result == nil {
			continue
		}
		res := ev.Result
		fmt.Fprintf(sys.stdout, "%s %s: %s: %s\n", g[res.Status], res.Status, res.ID, red.Display(res.SummaryIn(sys.lang)))
	}
	rep := r.Report()
	fmt.Fprintln(sys.stdout)
	text := report.Text(rep, report.TextOptions{Glyphs: g, OnlyProblems: true, Lang: sys.lang})
	// The per-check lines were already printed: keep the verdict block.
	if i := strings.Index(text, "\n\n"); i >= 0 {
		if j := strings.Index(text[i+2:], "\n\n"); j >= 0 {
			text = text[i+2 : i+2+j+1]
		}
	}
	if err := report.Write(sys.stdout, rep, text); err != nil {
		sys.fail(err)
		return exitUsage
	}
	if err := c.writeReport(report.SessionOf(rep, hostInfo(env)), sys); err != nil {
		sys.fail(err)
		return exitUsage
	}
	return verdictCode(rep)
}

// runWizard is apidoctor with no command.
func runWizard(ctx context.Context, c commonFlags, sys system) int {
	return wizardOrFallback(ctx, sys.newEnv, c, sys, "")
}

// wizardOrFallback opens the wizard on a terminal; piped, it prints the
// headless report and says so; --plain prints line by line.
func wizardOrFallback(ctx context.Context, newEnv func() *checks.Env, c commonFlags, sys system, banner string) int {
	switch {
	case c.plain:
		return runPlain(ctx, newEnv(), c, c.reportOnStdout(sys))
	case !sys.tty || c.json:
		if !c.json {
			sys.say("cli.not_a_terminal")
		}
		return headless(ctx, newEnv(), c, c.reportOnStdout(sys))
	}
	cwd, _ := os.Getwd()
	configDir, err := sys.configDir()
	if err != nil {
		sys.say("cli.no_config_dir", err.Error())
	}
	cfg := ui.Config{NewEnv: newEnv, Opts: c.opts, ASCII: c.ascii, NoColor: c.noColor, Banner: banner, ExportDir: cwd, Disk: sys.disk, ConfigDir: configDir,
		Host: hostInfo(newEnv()), RedactPaths: c.redactPaths, Lang: sys.lang}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(sys.stdin), tea.WithOutput(sys.stdout)}
	var final tea.Model
	if c.noColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err = tea.NewProgram(ui.New(cfg), opts...).Run()
	stopped := errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted)
	if err != nil && !stopped {
		sys.fail(err)
		return exitUsage
	}
	m, _ := final.(ui.Model)
	if stopped {
		// A signal stopped the program, maybe mid-run: the wizard never saw
		// a key, so end its run here.
		m = m.Interrupt()
	}
	rep := m.Report()
	if rep == nil {
		return exitOK
	}
	reportErr := c.writeReport(m.Session(), sys)
	if reportErr != nil {
		sys.fail(reportErr)
	}
	// The alternate screen is gone; leave a one-screen summary behind.
	text := report.Text(rep, report.TextOptions{Glyphs: glyphs(c), OnlyProblems: true, Width: m.Width(), Lang: sys.lang})
	text += m.ExitSummary()
	if err := report.Write(sys.stdout, rep, text); err != nil {
		sys.fail(err)
	}
	if code := verdictCode(rep); reportErr == nil || code == exitInterrupted {
		return code
	}
	return exitUsage // the report asked for was not written
}

// demoTargetFlags are the flags the lab scenario decides for itself:
// the demo refuses them rather than ignore them.
var demoTargetFlags = []string{"base-url", "ca-bundle", "reference-dns", "status-url", "platform-url", "trace-url", "bedrock-regions", "vertex-regions"}

// demoFlags are demo's own flags.
type demoFlags struct {
	list, watch bool
	dir         string
	wo          watch.Options
}

// runDemo opens the wizard against a lab scenario: a broken network built
// from real servers on loopback, so anyone can see it work with no setup.
// name is the scenario; given reports whether a flag was on the line.
func runDemo(ctx context.Context, name string, c commonFlags, d demoFlags, given func(string) bool, sys system) int {
	// Every flag is checked before the lab starts or --dir is made.
	for _, f := range demoTargetFlags {
		if given(f) {
			sys.say("cli.demo_flag_unused", "--"+f)
			return exitUsage
		}
	}
	if d.watch {
		if code := refuseReportFlags(given, sys); code >= 0 {
			return code
		}
	} else {
		for _, f := range []string{"interval", "count"} {
			if given(f) {
				sys.say("cli.demo_needs_watch", "--"+f)
				return exitUsage
			}
		}
	}
	if code := c.validate(sys); code >= 0 {
		return code
	}
	if err := validateWatch(d.wo); err != nil {
		sys.fail(err)
		return exitUsage
	}
	list, keep, watchIt, wo := d.list, d.dir, d.watch, d.wo
	if list || name == "list" {
		tw := tabwriter.NewWriter(sys.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, sys.lang.T("cli.demo_list_head"))
		for _, s := range lab.Scenarios() {
			client := s.Client
			if client == "" {
				client = checks.ClaudeCode
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, client, s.Want, scenarioTitle(s, sys.lang))
		}
		if err := tw.Flush(); err != nil {
			sys.fail(err)
			return exitUsage
		}
		return exitOK
	}
	s, ok := lab.Find(name)
	if !ok {
		sys.say("cli.no_scenario", name)
		return exitUsage
	}
	dir := keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "apidoctor-demo-")
		if err != nil {
			sys.fail(err)
			return exitUsage
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		sys.say("cli.flag_error", "--dir", err.Error())
		return exitUsage
	}
	l, env, opts, err := lab.Prepare(s, dir)
	if err != nil {
		sys.say("cli.lab_error", err.Error())
		return exitUsage
	}
	defer l.Close()
	// The scenario decides the target; the person may still pick the
	// client (checked above), the timeout and the output.
	if c.client != "" || s.Client == "" {
		opts.Client = c.opts.Client
	}
	opts.ProbeMessages = c.opts.ProbeMessages
	opts.Timeout = c.opts.Timeout
	if err := labRoutes(l, &opts, c.opts.Routes); err != nil {
		sys.fail(err)
		return exitUsage
	}
	c.opts = opts
	if watchIt {
		return watchWith(ctx, c, wo, "", env, sys)
	}
	banner := sys.lang.T("cli.demo_banner", scenarioTitle(s, sys.lang))
	newEnv := func() *checks.Env { e := *env; return &e }
	// Fixes in the demo write into the lab's own folder, never the real home.
	sys.disk = fixes.DiskFS{Root: dir}
	sys.configDir = func() (string, error) { return lab.Home + "/.config", nil }
	return wizardOrFallback(ctx, newEnv, c, sys, banner)
}

// labRoutes points the routes the demo tries (the wizard's routes panel,
// o, and --routes) at the lab's own, never the public endpoints the lab
// does not serve; routes is --routes.
func labRoutes(l *lab.Lab, opts *checks.Options, routes bool) error {
	eps, err := l.Routes(opts.BaseURL)
	if err != nil {
		return err
	}
	opts.Endpoints, opts.Routes = eps, routes
	return nil
}

// scenarioTitle is a lab scenario's title in l; the lab keeps English
// titles, the catalogue their translations.
func scenarioTitle(s lab.Scenario, l i18n.Lang) string {
	if key := "scenario." + s.Name; i18n.Has(key) {
		return l.T(key)
	}
	return s.Title
}

// runUndo is `apidoctor undo`: bare, it undoes the fix applied last
// that is not undone yet; `undo N` undoes fix N (args holds at most N);
// `undo --list` lists.
func runUndo(args []string, list bool, sys system) int {
	dir, err := sys.configDir()
	if err != nil {
		sys.fail(i18n.Errorf("clierr.no_backup_dir", err))
		return exitUsage
	}
	store := fixes.NewContext(sys.newEnv(), checks.Options{}, nil, sys.disk, dir).Store
	if list {
		return undoList(store, sys)
	}
	var e fixes.Entry
	if len(args) == 1 {
		e, err = store.Undo(args[0])
	} else {
		e, err = store.UndoLatest()
	}
	if errors.Is(err, fixes.ErrNothingToUndo) {
		fmt.Fprintln(sys.stdout, sys.lang.T("undo.nothing"))
		return exitProblem
	}
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	fmt.Fprintln(sys.stdout, sys.lang.T("cli.undid", e.ID, e.Fix))
	for _, f := range e.Files {
		switch {
		case f.Existed && f.Target != "":
			fmt.Fprintln(sys.stdout, sys.lang.T("undo.restored_link", f.Path, f.Target))
		case f.Existed:
			fmt.Fprintln(sys.stdout, sys.lang.T("cli.restored", f.Path))
		default:
			fmt.Fprintln(sys.stdout, sys.lang.T("cli.removed", f.Path))
		}
	}
	return exitOK
}

// undoList prints the undo log, the fix applied last first.
func undoList(store *fixes.Store, sys system) int {
	entries, err := store.List()
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	if len(entries) == 0 {
		fmt.Fprintln(sys.stdout, sys.lang.T("cli.no_fix_applied"))
		return exitOK
	}
	tw := tabwriter.NewWriter(sys.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, sys.lang.T("cli.undo_head"))
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		var files []string
		for _, f := range e.Files {
			files = append(files, f.Path)
		}
		state := sys.lang.T("cli.state_applied")
		switch {
		case e.Pending:
			state = sys.lang.T("undo.state_pending")
		case e.Interrupted:
			state = sys.lang.T("undo.state_interrupted")
		case e.Undone:
			state = sys.lang.T("cli.state_undone")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Time.Format("2006-01-02 15:04"), e.Fix, strings.Join(files, ", "), state)
	}
	if err := tw.Flush(); err != nil {
		sys.fail(err)
		return exitUsage
	}
	return exitOK
}
