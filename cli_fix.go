package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/redact"
	"apidoctor/report"
)

// setFlag collects repeated --set KEY=VALUE.
type setFlag map[string]string

func (s setFlag) String() string { return "" }

func (s setFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE (an empty VALUE removes the variable), got %q", v)
	}
	s[k] = val
	return nil
}

// fixContext runs the checks and wraps the result for the fixes package.
func fixContext(ctx context.Context, c commonFlags, sys system) (fixes.Context, error) {
	env := sys.newEnv()
	rep, err := checks.Execute(ctx, env, c.opts)
	if err != nil {
		return fixes.Context{}, err
	}
	dir, err := sys.configDir()
	if err != nil {
		return fixes.Context{}, fmt.Errorf("no folder for backups and the undo log: %v", err)
	}
	return fixes.NewContext(env, c.opts, rep, sys.disk, dir), nil
}

const fixUsage = `Usage: apidoctor fix <id> [--set KEY=VALUE ...] [--target claude-settings|shell|print] [--apply]

Without --apply it prints the plan, the diff and the result of a live test
with the candidate settings, and changes nothing. With --apply it writes
(with a backup), re-checks, and prints the id to give to apidoctor undo.

Fixes: %s

`

func runFix(ctx context.Context, args []string, sys system) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(sys.stderr, fixUsage, strings.Join(fixes.IDs(), ", "))
		return exitUsage
	}
	id, args := args[0], args[1:]
	var c commonFlags
	set := setFlag{}
	var target, pick, caVar string
	var apply, force bool
	fs := flag.NewFlagSet("apidoctor fix", flag.ContinueOnError)
	fs.SetOutput(sys.stderr)
	c.register(fs)
	fs.Var(set, "set", "set a variable (KEY=VALUE; KEY= removes it); repeat for more")
	fs.StringVar(&target, "target", "", "where to save: claude-settings, shell or print (default: where the value lives)")
	fs.StringVar(&pick, "pick", "", "ca.bundle: the PEM file to trust, or chain-root for the root the proxy sent")
	fs.StringVar(&caVar, "var", "", "ca.bundle: the variable to set (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE)")
	fs.BoolVar(&apply, "apply", false, "write the change (after the live test passes)")
	fs.BoolVar(&force, "force", false, "with --apply: write even if the live test still fails")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	client, err := checks.ParseClient(c.client)
	if err == nil {
		c.opts.Client = client
		err = checks.ValidateOptions(c.opts)
	}
	t, terr := fixes.ParseTarget(target)
	if err == nil {
		err = terr
	}
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor fix: %v\n", err)
		return exitUsage
	}
	fc, err := fixContext(ctx, c, sys)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor fix: %v\n", err)
		return exitUsage
	}
	red := redact.New(fc.Report.Secrets()...)
	for _, v := range set {
		red.Add(v)
	}
	out := func(format string, a ...any) { fmt.Fprint(sys.stdout, red.String(fmt.Sprintf(format, a...))) }
	out("Found: %s\n", fc.Report.Verdict.Cause)
	sess := report.SessionOf(fc.Report, hostInfo(fc.Env))
	code := fixFlow(ctx, fc, id, fixes.Params{Target: t, Set: set, Pick: pick, Var: caVar}, apply, force, sess, out, sys)
	if err := c.writeReport(sess, sys); err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor: %v\n", err)
		return exitUsage
	}
	return code
}

// fixFlow previews, tests and (with apply) writes and verifies one fix,
// recording each step in the session.
func fixFlow(ctx context.Context, fc fixes.Context, id string, params fixes.Params, apply, force bool, sess *report.Session, out func(string, ...any), sys system) int {
	plan, err := fixes.Build(fc, id, params)
	if err != nil {
		sess.AddFix(report.FixEvent{Fix: id, Event: "failed", Error: err.Error()})
		fmt.Fprintf(sys.stderr, "apidoctor fix %s: %s\n", id, redact.New(fc.Report.Secrets()...).String(err.Error()))
		return exitUsage
	}
	var secrets []string
	for k, v := range plan.Vars {
		if v != nil && redact.SensitiveName(k) {
			secrets = append(secrets, *v)
		}
	}
	sess.AddFix(report.FixEvent{Fix: id, Title: plan.Title, Event: "previewed", Target: string(plan.Target), Diff: plan.Diff(fc)}, secrets...)
	printPlan(plan, fc, out)
	if plan.AdviceOnly() {
		return exitOK
	}
	test, err := plan.Test(ctx, fc)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor fix: live test: %v\n", err)
		return exitUsage
	}
	sess.AddRun("fix-test", id, test)
	sess.AddFix(report.FixEvent{Fix: id, Event: "tested", Verdict: string(test.Verdict.Cause)})
	out("\nLive test with the candidate settings: %s\n", verdictLine(test))
	if !apply {
		if plan.Target == fixes.TargetPrint {
			out("\nPaste the lines above into your shell profile, then run apidoctor check.\n")
		} else if !plan.Empty() {
			out("\nNothing was changed. Run again with --apply to write it.\n")
		}
		return verdictCode(test)
	}
	switch {
	case plan.Target == fixes.TargetPrint:
		out("\nThe print target writes nothing: paste the lines above.\n")
		return exitOK
	case plan.Empty():
		out("\nNothing to change: the fix is already in place.\n")
		return verdictCode(test)
	case test.Verdict.Status != "ok" && !force:
		out("\nNot applied: the live test still finds %s. Use --force to write it anyway.\n", test.Verdict.Cause)
		return exitProblem
	}
	entry, err := plan.Apply(fc)
	if err != nil {
		sess.AddFix(report.FixEvent{Fix: id, Event: "failed", Error: err.Error()})
		fmt.Fprintf(sys.stderr, "apidoctor fix: %v\n", err)
		return exitUsage
	}
	ev := report.FixEvent{Fix: id, Event: "applied", Target: string(plan.Target), UndoID: entry.ID}
	for _, f := range entry.Files {
		ev.Files = append(ev.Files, report.FixedFile{Path: f.Path, Backup: f.Backup})
	}
	sess.AddFix(ev)
	out("\nApplied as fix %s. Undo it with: apidoctor undo %s\n", entry.ID, entry.ID)
	for _, f := range entry.Files {
		if f.Backup != "" {
			out("  %s (backup: %s)\n", f.Path, f.Backup)
		} else {
			out("  %s (new)\n", f.Path)
		}
	}
	verify, err := plan.Verify(ctx, fc)
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor fix: re-check: %v\n", err)
		return exitUsage
	}
	sess.AddRun("verify", id, verify)
	sess.AddFix(report.FixEvent{Fix: id, Event: "verified", Verdict: string(verify.Verdict.Cause)})
	out("Re-check: %s\n", verdictLine(verify))
	return verdictCode(verify)
}

func verdictLine(rep *checks.Report) string {
	if rep.Verdict.Status == "ok" {
		return "ok"
	}
	return string(rep.Verdict.Cause) + " — " + rep.Verdict.Summary
}

// printPlan shows what the fix will do: in words, then the diff.
func printPlan(p *fixes.Plan, c fixes.Context, out func(string, ...any)) {
	out("\n%s (%s)\n", p.Title, p.Fix)
	if p.Why != "" {
		out("Why: %s\n", p.Why)
	}
	for _, a := range p.Advice {
		out("  • %s\n", a)
	}
	if p.AdviceOnly() {
		return
	}
	where := string(p.Target)
	if where == "" {
		where = "auto"
	}
	out("Saved to: %s\n\n", where)
	if d := p.Diff(c); d != "" {
		out("%s", d)
	} else {
		out("(no change: the fix is already in place)\n")
	}
	for _, n := range p.Notes {
		out("Note: %s\n", n)
	}
}

func runUndo(_ context.Context, args []string, sys system) int {
	fs := flag.NewFlagSet("apidoctor undo", flag.ContinueOnError)
	fs.SetOutput(sys.stderr)
	list := fs.Bool("list", false, "list the applied fixes")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	dir, err := sys.configDir()
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor undo: %v\n", err)
		return exitUsage
	}
	store := fixes.NewContext(sys.newEnv(), checks.Options{}, nil, sys.disk, dir).Store
	if *list || fs.NArg() == 0 {
		return listUndo(store, sys.stdout, sys.stderr)
	}
	e, err := store.Undo(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(sys.stderr, "apidoctor undo: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(sys.stdout, "Undid fix %s (%s):\n", e.ID, e.Fix)
	for _, f := range e.Files {
		if f.Existed {
			fmt.Fprintf(sys.stdout, "  %s restored\n", f.Path)
		} else {
			fmt.Fprintf(sys.stdout, "  %s removed (the fix had created it)\n", f.Path)
		}
	}
	return exitOK
}

func listUndo(store *fixes.Store, w, errw io.Writer) int {
	entries, err := store.List()
	if err != nil {
		fmt.Fprintf(errw, "apidoctor undo: %v\n", err)
		return exitUsage
	}
	if len(entries) == 0 {
		fmt.Fprintln(w, "No fix has been applied.")
		return exitOK
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Time.After(entries[j].Time) })
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tFIX\tFILES\tSTATE")
	for _, e := range entries {
		var files []string
		for _, f := range e.Files {
			files = append(files, f.Path)
		}
		state := "applied"
		if e.Undone {
			state = "undone"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Time.Format("2006-01-02 15:04"), e.Fix, strings.Join(files, ", "), state)
	}
	tw.Flush()
	return exitOK
}
