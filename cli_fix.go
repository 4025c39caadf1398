package main

import (
	"context"
	"fmt"
	"strings"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/redact"
	"apidoctor/report"
)

// fixContext runs the checks and wraps the result for the fixes package;
// dir holds the backups and the undo log.
func fixContext(ctx context.Context, c commonFlags, sys system, dir string) (fixes.Context, error) {
	env := sys.newEnv()
	rep, err := checks.Execute(ctx, env, c.opts)
	if err != nil {
		return fixes.Context{}, err
	}
	return fixes.NewContext(env, c.opts, rep, sys.disk, dir), nil
}

// fixFlags are fix's own flags.
type fixFlags struct {
	set                 setFlag
	target, pick, caVar string
	apply, force        bool
}

// runFix is `apidoctor fix <id>`. Every flag is checked before anything
// runs: a flag found wrong after --apply would come too late, the files
// already written.
func runFix(ctx context.Context, id string, c commonFlags, f fixFlags, sys system) int {
	// A fix prints its plan as text, line by line (so --plain is what it
	// does anyway): a JSON document it would not give is refused rather
	// than promised.
	if c.json {
		sys.say("cli.fix_flag_unused", "--json")
		return exitUsage
	}
	if code := c.validate(sys); code >= 0 {
		return code
	}
	set, pick, caVar, apply, force := f.set, f.pick, f.caVar, f.apply, f.force
	t, err := fixes.ParseTarget(f.target)
	if err == nil {
		err = fixes.CheckParams(id, fixes.Params{Target: t, Set: set, Pick: pick, Var: caVar})
	}
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	dir, err := sys.configDir()
	if err != nil {
		sys.fail(i18n.Errorf("clierr.no_backup_dir", err))
		return exitUsage
	}
	fc, err := fixContext(ctx, c, sys, dir)
	if err != nil {
		sys.fail(err)
		return exitUsage
	}
	// Only the secrets among the values given are masked (a password in a
	// proxy URL, a key): a proxy's host and port are shown as typed.
	red := redact.New(fc.Report.Secrets()...)
	given := map[string]*string{}
	for k, v := range set {
		given[k] = &v
	}
	red.Add(fixes.ValueSecrets(given)...)
	// Diffs and notes hold file contents: shown with control characters escaped.
	out := func(key string, a ...any) { fmt.Fprintln(sys.stdout, red.DisplayText(sys.lang.T(key, a...))) }
	out("cli.found", fc.Report.Verdict.Cause)
	sess := report.SessionOf(fc.Report, hostInfo(fc.Env))
	if fc.Report.Incomplete() {
		// No verdict to fix: stop before building anything.
		sys.say("cli.interrupted")
		if err := c.writeReport(sess, sys); err != nil {
			sys.fail(err)
		}
		return exitInterrupted
	}
	code := fixFlow(ctx, fc, id, fixes.Params{Target: t, Set: set, Pick: pick, Var: caVar}, apply, force, sess, out, sys)
	if err := c.writeReport(sess, sys); err != nil {
		sys.fail(err)
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
		sys.say("cli.fix_error", id, redact.New(fc.Report.Secrets()...).Display(sys.lang.Err(err)))
		return exitUsage
	}
	sess.AddFix(report.FixEvent{Fix: id, Title: plan.Title, Event: "previewed", Target: string(plan.Target), Diff: plan.Diff(fc)}, plan.Secrets()...)
	printPlan(plan, fc, out, sys.lang)
	if plan.AdviceOnly() {
		return exitOK
	}
	test, err := plan.Test(ctx, fc)
	if err != nil {
		sys.say("fix.test_error", sys.lang.Err(err))
		return exitUsage
	}
	sess.AddRun("fix-test", id, test)
	sess.AddFix(report.FixEvent{Fix: id, Event: "tested", Verdict: string(test.Verdict.Cause)})
	out("cli.live_test", verdictLine(test, sys.lang))
	if test.Incomplete() {
		// A test that did not finish proves nothing, --force or not.
		sys.say("cli.interrupted")
		return exitInterrupted
	}
	if !apply {
		if plan.Target == fixes.TargetPrint && len(plan.Exports) > 0 {
			out("cli.paste_lines")
		} else if !plan.Empty() {
			out("cli.nothing_changed")
		}
		return verdictCode(test)
	}
	switch {
	case plan.Target == fixes.TargetPrint && len(plan.Managed()) > 0 && len(plan.Changes) == 0:
		// Nothing here can change a managed value: the problem stays.
		out("cli.managed_not_applied", strings.Join(plan.Managed(), ", "))
		return exitProblem
	case plan.Target == fixes.TargetPrint:
		out("cli.print_writes_nothing")
		return exitOK
	case plan.Empty():
		out("cli.nothing_to_change")
		return verdictCode(test)
	case test.Verdict.Status != "ok" && !force:
		out("cli.not_applied", test.Verdict.Cause)
		return exitProblem
	case ctx.Err() != nil:
		// Interrupted after the test: write nothing.
		sys.say("cli.interrupted")
		return exitInterrupted
	}
	entry, err := plan.Apply(fc)
	if err != nil {
		sess.AddFix(report.FixEvent{Fix: id, Event: "failed", Error: err.Error()})
		sys.fail(err)
		return exitUsage
	}
	ev := report.FixEvent{Fix: id, Event: "applied", Target: string(plan.Target), UndoID: entry.ID}
	for _, f := range entry.Files {
		ev.Files = append(ev.Files, report.FixedFile{Path: f.Path, Backup: f.Backup})
	}
	sess.AddFix(ev)
	out("cli.applied", entry.ID)
	for _, f := range entry.Files {
		if f.Backup != "" {
			out("cli.file_backup", f.Path, f.Backup)
		} else {
			out("cli.file_new", f.Path)
		}
	}
	verify, err := plan.Verify(ctx, fc)
	if err != nil {
		sys.say("cli.recheck_error", sys.lang.Err(err))
		return exitUsage
	}
	sess.AddRun("verify", id, verify)
	sess.AddFix(report.FixEvent{Fix: id, Event: "verified", Verdict: string(verify.Verdict.Cause)})
	out("fix.recheck", verdictLine(verify, sys.lang))
	return verdictCode(verify)
}

func verdictLine(rep *checks.Report, l i18n.Lang) string {
	if rep.Verdict.Status == "ok" {
		return "ok"
	}
	return string(rep.Verdict.Cause) + " — " + rep.VerdictIn(l).Summary
}

// printPlan shows what the fix will do: in words, then the diff.
func printPlan(p *fixes.Plan, c fixes.Context, out func(string, ...any), l i18n.Lang) {
	out("cli.plan_head", l.M(fixes.TitleMsg(p.Fix)), p.Fix)
	if why := p.Why(l); why != "" {
		out("fix.why", why)
	}
	for _, a := range p.Advice(l) {
		out("cli.bullet", a)
	}
	if p.AdviceOnly() {
		return
	}
	managedOnly := len(p.Managed()) > 0 && len(p.Changes) == 0 && len(p.Exports) == 0
	where := string(p.Target)
	if where == "" {
		where = "auto"
	}
	switch {
	case managedOnly:
	case p.Target == fixes.TargetPrint:
		// Nothing is saved: the lines are the reader's to paste.
		out("cli.target_print")
	default:
		out("cli.saved_to", where)
	}
	switch d := p.Diff(c); {
	case d != "":
		out("cli.verbatim", strings.TrimSuffix(d, "\n"))
	case managedOnly:
		out("cli.managed_nothing")
	default:
		out("cli.no_change")
	}
	for _, n := range p.Notes(l) {
		out("fix.note", n)
	}
}
