package main

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/muesli/mango"
	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/ui"
	"apidoctor/watch"
)

// The command line is a cobra command tree that fang runs: fang gives the
// help its styles, and adds --version and shell completion. The tree is
// built for one run, in the language --lang and the locale chose, since
// its help texts are in that language.

func init() {
	// The commands are listed in the order they are added (the one a
	// newcomer reads them in), not alphabetically.
	cobra.EnableCommandSorting = false
}

// app is one run of the command line: the outside world, and the exit
// code a command ended with when that is not an error.
type app struct {
	sys  system
	code int
}

// exitError ends a run with a code whose message, if any, was printed
// already.
type exitError struct{ code int }

// Error is never shown: the message, if any, was printed.
func (e *exitError) Error() string { return "exit " + strconv.Itoa(e.code) }

// usageError is a mistake on the command line: said in the reader's
// language, with the command whose --help shows the way (cmd, as
// "apidoctor fix").
type usageError struct {
	msg i18n.M
	cmd string
}

func (e *usageError) Error() string { return e.msg.String() }

// run is the whole program, minus the process.
func run(ctx context.Context, args []string, sys system) int {
	sys.lang = i18n.Detect(scanLang(args), sys.locale)
	a := &app{sys: sys}
	root := a.rootCmd()
	// Never nil: cobra would read os.Args instead.
	root.SetArgs(append([]string{}, longFlags(root, args)...))
	err := fang.Execute(ctx, root,
		// --version is the root's own flag (see rootCmd): cobra's would
		// print before the stray words after it are refused.
		fang.WithoutVersion(),
		// fang's own man command is hidden, in English, and writes to
		// os.Stdout: apidoctor man replaces it.
		fang.WithoutManpage(),
		fang.WithColorSchemeFunc(helpColors(scanNoColor(args))),
		fang.WithErrorHandler(a.reportError),
	)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case err != nil:
		return exitUsage
	}
	return a.code
}

// exit turns a command's exit code (>= 0) into what cobra wants. A
// verdict (0, 1, 130) is the run's answer, not an error: it is kept for
// run to return. Bad usage or input (2), whose message is printed
// already, is an error. (fang asks the terminal for its background colour
// before it handles any error, a round trip that takes seconds on a
// terminal that does not answer: a verdict does not go that way.)
func (a *app) exit(code int) error {
	if code == exitUsage {
		return &exitError{code}
	}
	a.code = code
	return nil
}

// reportError is fang's error handler: errors look like the program's
// other messages, in the reader's language, on stderr.
func (a *app) reportError(_ io.Writer, _ fang.Styles, err error) {
	var ee *exitError
	var ue *usageError
	switch {
	case errors.As(err, &ee):
		// Said already.
	case errors.As(err, &ue):
		a.sys.say("cliflag.hint", ue.msg, ue.cmd)
	default:
		a.sys.fail(err)
	}
}

// usage is a usage error in cmd.
func (a *app) usage(cmd *cobra.Command, m i18n.M) error {
	return &usageError{msg: m, cmd: cmd.CommandPath()}
}

// flagError words a flag that does not parse, for every command.
func (a *app) flagError(cmd *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
		m        i18n.M
	)
	// typed is the flag as it was typed: --name, or the -abc it was in.
	typed := func(name, shorthands string) string {
		if shorthands != "" {
			return "-" + shorthands
		}
		return "--" + name
	}
	switch {
	case errors.As(err, &notExist):
		m = i18n.Msg("cliflag.unknown", typed(notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames()))
	case errors.As(err, &noValue):
		m = i18n.Msg("cliflag.needs_value", typed(noValue.GetSpecifiedName(), noValue.GetSpecifiedShortnames()))
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		why := i18n.ErrMsg(errors.Unwrap(invalid))
		if f.Value.Type() == "bool" {
			why = i18n.Msg("cliflag.want_bool", invalid.GetValue())
		}
		m = i18n.Msg("cli.flag_error", "--"+f.Name, why)
	case errors.As(err, &syntax):
		m = i18n.Msg("cliflag.syntax", syntax.GetSpecifiedFlag())
	default:
		m = i18n.ErrMsg(err)
	}
	return a.usage(cmd, m)
}

// noArgs refuses every word: as an unknown command where a word would
// name one (apidoctor, apidoctor completion), else as an argument too
// many.
func (a *app) noArgs(cmd *cobra.Command, args []string) error {
	return a.maxArgs(0)(cmd, args)
}

// maxArgs refuses more than n words.
func (a *app) maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) <= n:
			return nil
		case n == 0 && cmd.HasAvailableSubCommands():
			return a.unknownCommand(cmd, args[0])
		}
		return a.usage(cmd, i18n.Msg("cli.unexpected_arg", args[n]))
	}
}

// unknownCommand says a word names no command of cmd, with the ones it
// may have meant.
func (a *app) unknownCommand(cmd *cobra.Command, word string) error {
	m := i18n.Msg("cli.unknown_command", word)
	// No suggestion for an empty word, nor one that is the word itself
	// (apidoctor -- check: after --, check is a word, not the command).
	if s := slices.DeleteFunc(cmd.SuggestionsFor(word), func(s string) bool { return s == word }); strings.TrimSpace(word) != "" && len(s) > 0 {
		m = i18n.Msg("cli.did_you_mean", m, strings.Join(s, ", "))
	}
	return a.usage(cmd, m)
}

// completeWith completes a flag's value from a fixed list.
func completeWith(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// rootCmd is the command tree; apidoctor itself is the wizard.
func (a *app) rootCmd() *cobra.Command {
	l := a.sys.lang
	var c commonFlags
	var lang string
	root := &cobra.Command{
		Use:     "apidoctor",
		Short:   l.T("cmd.root.short"),
		Long:    l.T("cmd.root.long") + "\n\n" + l.T("cli.exit_codes"),
		Example: l.T("cmd.root.example"),
		Args:    a.noArgs,
		// --lang is every command's, so it is checked here, once.
		PersistentPreRunE: func(*cobra.Command, []string) error {
			if code := validateLang(lang, a.sys); code >= 0 {
				return a.exit(code)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if v, _ := cmd.Flags().GetBool("version"); v {
				return a.printVersion(cmd)
			}
			if code := c.validate(a.sys); code >= 0 {
				return a.exit(code)
			}
			return a.exit(runWizard(cmd.Context(), c, a.sys))
		},
	}
	root.SetIn(a.sys.stdin)
	root.SetOut(a.sys.stdout)
	root.SetErr(a.sys.stderr)
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(a.flagError)

	pf := root.PersistentFlags()
	pf.Var(textValue{&lang, "lang"}, "lang", l.T("flag.lang"))
	completeWith(root, "lang", "en", "zh")
	pf.BoolP("help", "h", false, l.T("flag.help"))
	c.register(root, l)
	root.Flags().Bool("version", false, l.T("flag.version"))

	root.AddCommand(a.checkCmd(), a.demoCmd(), a.fixCmd(), a.undoCmd(), a.watchCmd(), a.versionCmd())
	root.SetHelpCommand(a.helpCmd())
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	a.translateCompletion(root)
	root.AddCommand(a.manCmd())
	// Every command takes --lang and --help: merged into each command's
	// flags now, its help and its usage line say so whether it ran or not.
	var merge func(*cobra.Command)
	merge = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		for _, sub := range c.Commands() {
			merge(sub)
		}
	}
	merge(root)
	return root
}

func (a *app) checkCmd() *cobra.Command {
	l := a.sys.lang
	var c commonFlags
	cmd := &cobra.Command{
		Use:               "check",
		Short:             l.T("cmd.check.short"),
		Long:              l.T("cmd.check.long"),
		Example:           l.T("cmd.check.example"),
		Args:              a.noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if code := c.validate(a.sys); code >= 0 {
				return a.exit(code)
			}
			return a.exit(runCheck(cmd.Context(), c, a.sys))
		},
	}
	c.register(cmd, l)
	return cmd
}

func (a *app) demoCmd() *cobra.Command {
	l := a.sys.lang
	var c commonFlags
	d := demoFlags{wo: watch.Options{Interval: time.Second}}
	cmd := &cobra.Command{
		Use:     "demo [" + l.T("cmd.demo.arg") + "]",
		Short:   l.T("cmd.demo.short"),
		Long:    l.T("cmd.demo.long"),
		Example: l.T("cmd.demo.example"),
		Args:    a.maxArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, s := range lab.Scenarios() {
				out = append(out, cobra.CompletionWithDesc(s.Name, scenarioTitle(s, l)))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "proxy-not-exported"
			if len(args) == 1 {
				name = args[0]
				if d.list && name != "list" {
					// --list lists; a scenario beside it would be dropped.
					return a.usage(cmd, i18n.Msg("cli.unexpected_arg", name))
				}
			}
			return a.exit(runDemo(cmd.Context(), name, c, d, cmd.Flags().Changed, a.sys))
		},
	}
	c.register(cmd, l)
	fs := cmd.Flags()
	fs.BoolVar(&d.list, "list", false, l.T("flag.demo_list"))
	fs.Var(textValue{&d.dir, "dir"}, "dir", l.T("flag.demo_dir"))
	_ = cmd.MarkFlagDirname("dir")
	fs.BoolVar(&d.watch, "watch", false, l.T("flag.demo_watch"))
	fs.Var(durationValue{&d.wo.Interval}, "interval", l.T("flag.demo_interval"))
	fs.Var(intValue{&d.wo.Count}, "count", l.T("flag.demo_count"))
	return cmd
}

func (a *app) fixCmd() *cobra.Command {
	l := a.sys.lang
	var c commonFlags
	f := fixFlags{set: setFlag{}}
	cmd := &cobra.Command{
		Use:     "fix <id>",
		Short:   l.T("cmd.fix.short"),
		Long:    l.T("cmd.fix.long", strings.Join(fixes.IDs(), ", ")),
		Example: l.T("cmd.fix.example"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.usage(cmd, i18n.Msg("cli.fix_needs_id", strings.Join(fixes.IDs(), ", ")))
			}
			return a.maxArgs(1)(cmd, args)
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, id := range fixes.IDs() {
				out = append(out, cobra.CompletionWithDesc(id, l.M(fixes.TitleMsg(id))))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.exit(runFix(cmd.Context(), args[0], c, f, a.sys))
		},
	}
	c.register(cmd, l)
	fs := cmd.Flags()
	fs.Var(f.set, "set", l.T("flag.fix_set"))
	fs.Var(textValue{&f.target, "target"}, "target", l.T("flag.fix_target"))
	completeWith(cmd, "target", string(fixes.TargetClaudeSettings), string(fixes.TargetShell), string(fixes.TargetPrint))
	fs.Var(textValue{&f.pick, "file"}, "pick", l.T("flag.fix_pick"))
	fs.Var(textValue{&f.caVar, "name"}, "var", l.T("flag.fix_var"))
	completeWith(cmd, "var", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "CURL_CA_BUNDLE")
	fs.BoolVar(&f.apply, "apply", false, l.T("flag.fix_apply"))
	fs.BoolVar(&f.force, "force", false, l.T("flag.fix_force"))
	return cmd
}

func (a *app) undoCmd() *cobra.Command {
	l := a.sys.lang
	var list bool
	cmd := &cobra.Command{
		Use:     "undo [" + l.T("cmd.undo.arg") + "]",
		Short:   l.T("cmd.undo.short"),
		Long:    l.T("cmd.undo.long"),
		Example: l.T("cmd.undo.example"),
		Args: func(cmd *cobra.Command, args []string) error {
			if list {
				return a.maxArgs(0)(cmd, args)
			}
			if len(args) > 1 {
				return a.usage(cmd, i18n.Msg("cli.unexpected_arg", args[len(args)-1]))
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 || list || a.sys.configDir == nil || a.sys.newEnv == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			dir, err := a.sys.configDir()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			entries, _ := fixes.NewContext(a.sys.newEnv(), checks.Options{}, nil, a.sys.disk, dir).Store.List()
			var out []cobra.Completion
			for i := len(entries) - 1; i >= 0; i-- {
				if e := entries[i]; !e.Undone {
					out = append(out, cobra.CompletionWithDesc(e.ID, e.Fix))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return a.exit(runUndo(args, list, a.sys))
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, l.T("undo.flag_list"))
	return cmd
}

func (a *app) watchCmd() *cobra.Command {
	l := a.sys.lang
	var c commonFlags
	wo := watch.Options{Interval: watch.DefaultInterval, FreshEvery: 5}
	var metricsAddr string
	cmd := &cobra.Command{
		Use:               "watch",
		Short:             l.T("cmd.watch.short"),
		Long:              l.T("cmd.watch.long"),
		Example:           l.T("cmd.watch.example"),
		Args:              a.noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.exit(runWatch(cmd.Context(), c, wo, metricsAddr, cmd.Flags().Changed, a.sys))
		},
	}
	c.register(cmd, l)
	fs := cmd.Flags()
	fs.Var(durationValue{&wo.Interval}, "interval", l.T("flag.watch_interval"))
	fs.Var(intValue{&wo.Count}, "count", l.T("flag.watch_count"))
	fs.Var(durationValue{&wo.Duration}, "duration", l.T("flag.watch_duration"))
	fs.Var(intValue{&wo.FreshEvery}, "fresh-every", l.T("flag.watch_fresh_every"))
	fs.Var(textValue{&metricsAddr, "host:port"}, "metrics-addr", l.T("flag.watch_metrics_addr"))
	return cmd
}

func (a *app) versionCmd() *cobra.Command {
	l := a.sys.lang
	return &cobra.Command{
		Use:               "version",
		Short:             l.T("cmd.version.short"),
		Long:              l.T("cmd.version.long"),
		Example:           l.T("cmd.version.example"),
		Args:              a.noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, _ []string) error { return a.printVersion(cmd) },
	}
}

// printVersion is apidoctor version and apidoctor --version: one line,
// and exit 2 when it cannot be written (a full disk, a closed pipe).
func (a *app) printVersion(cmd *cobra.Command) error {
	if _, err := fmt.Fprintln(cmd.OutOrStdout(), versionLine()); err != nil {
		a.sys.fail(err)
		return a.exit(exitUsage)
	}
	return nil
}

// helpCmd is `apidoctor help [command...]`: cobra's says nothing of a
// command it does not know, and exits 0.
func (a *app) helpCmd() *cobra.Command {
	l := a.sys.lang
	// find is the command a path of words names.
	find := func(root *cobra.Command, words []string) (*cobra.Command, error) {
		cmd := root
		for _, w := range words {
			var next *cobra.Command
			for _, sub := range cmd.Commands() {
				if sub.Name() == w || sub.HasAlias(w) {
					next = sub
				}
			}
			if next == nil {
				return nil, a.unknownCommand(cmd, w)
			}
			cmd = next
		}
		return cmd, nil
	}
	return &cobra.Command{
		Use:     "help [" + l.T("cmd.help.arg") + "...]",
		Short:   l.T("cmd.help.short"),
		Long:    l.T("cmd.help.long"),
		Example: l.T("cmd.help.example"),
		Args: func(cmd *cobra.Command, args []string) error {
			_, err := find(cmd.Root(), args)
			if err != nil {
				// Said as help's mistake: help --help shows the way.
				var ue *usageError
				if errors.As(err, &ue) {
					ue.cmd = cmd.CommandPath()
				}
			}
			return err
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			parent, err := find(cmd.Root(), args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range parent.Commands() {
				if sub.IsAvailableCommand() {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			target, _ := find(cmd.Root(), args)
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// manCmd is `apidoctor man`: the manual page, in roff, on stdout.
func (a *app) manCmd() *cobra.Command {
	l := a.sys.lang
	return &cobra.Command{
		Use:               "man",
		Short:             l.T("cmd.man.short"),
		Long:              l.T("cmd.man.long"),
		Example:           l.T("cmd.man.example"),
		Args:              a.noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root := cmd.Root()
			page, err := mcobra.NewManPage(1, root)
			if err != nil {
				a.sys.fail(err)
				return a.exit(exitUsage)
			}
			manFlags(&page.Root, root)
			page = page.WithSection(l.T("man.examples"), root.Example)
			_, err = io.WriteString(cmd.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}

// manFlags names what each flag of a man page's command (and of its
// subcommands) takes, as --timeout duration, and drops the shorthand,
// which mango would show as --h.
func manFlags(m *mango.Command, c *cobra.Command) {
	for name, f := range m.Flags {
		if pf := flagOf(c, name); pf != nil && pf.Value.Type() != "bool" {
			f.Name = name + " " + pf.Value.Type()
		}
		f.Short = ""
		m.Flags[name] = f
	}
	for name, sub := range m.Commands {
		if c := subcommand(c, name); c != nil {
			manFlags(sub, c)
		}
	}
}

// translateCompletion puts cobra's completion command into the reader's
// language, and makes a word too many an error there too.
func (a *app) translateCompletion(root *cobra.Command) {
	l := a.sys.lang
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Short, c.Long, c.Example = l.T("cmd.completion.short"), l.T("cmd.completion.long"), l.T("cmd.completion.example")
		c.Args = a.noArgs
		// Runnable, so that a shell it does not know is an error, not its help.
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		for _, sh := range c.Commands() {
			sh.Short = l.T("cmd.completion.shell.short", sh.Name())
			sh.Args = a.noArgs
			switch sh.Name() {
			case "bash":
				sh.Long, sh.Example = l.T("cmd.completion.bash.long"), l.T("cmd.completion.bash.example")
			case "zsh":
				sh.Long, sh.Example = l.T("cmd.completion.zsh.long"), l.T("cmd.completion.zsh.example")
			case "fish":
				sh.Long, sh.Example = l.T("cmd.completion.fish.long"), l.T("cmd.completion.fish.example")
			case "powershell":
				sh.Long, sh.Example = l.T("cmd.completion.powershell.long"), l.T("cmd.completion.powershell.example")
			}
			if f := sh.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = l.T("flag.no_descriptions")
			}
		}
	}
}

// helpColors is the help's colour scheme: the wizard's own palette (from
// ui.NewStyles, for a light and a dark background), or none with
// --no-color. NO_COLOR and output that is not a terminal are fang's
// business: it writes through colorprofile, which drops what they rule out.
func helpColors(noColor bool) fang.ColorSchemeFunc {
	return func(c lipgloss.LightDarkFunc) fang.ColorScheme {
		light, dark := ui.NewStyles(false, noColor), ui.NewStyles(true, noColor)
		accent := c(light.Accent, dark.Accent)
		gray := c(light.Subtle.GetForeground(), dark.Subtle.GetForeground())
		green := c(light.OK.GetForeground(), dark.OK.GetForeground())
		red := c(light.Problem.GetForeground(), dark.Problem.GetForeground())
		yellow := c(light.Status[checks.Warn].GetForeground(), dark.Status[checks.Warn].GetForeground())
		plain := lipgloss.NoColor{}
		return fang.ColorScheme{
			Base:        plain,
			Title:       accent,
			Description: plain,
			// No background: the wizard draws none.
			Codeblock:      plain,
			Program:        accent,
			Command:        accent,
			DimmedArgument: gray,
			Comment:        gray,
			Flag:           green,
			FlagDefault:    gray,
			QuotedString:   yellow,
			Argument:       plain,
			Help:           plain,
			Dash:           gray,
			ErrorHeader:    [2]color.Color{plain, red},
			ErrorDetails:   red,
		}
	}
}

// longFlags rewrites the single-dash long flags the old command line took
// (-json, -lang zh, -help) to their double-dash form, where the command
// they follow has such a flag; -h stays the shorthand it is, and nothing
// after -- is touched.
func longFlags(root *cobra.Command, args []string) []string {
	out := append([]string{}, args...)
	cmd, words := root, 0
	for i := 0; i < len(out); i++ {
		arg := out[i]
		if arg == "--" {
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			// A word: a command's name until the first argument.
			if sub := subcommand(cmd, arg); sub != nil && words == 0 {
				cmd = sub
			} else {
				words++
			}
			continue
		}
		name, _, withValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		var f *pflag.Flag
		switch {
		case strings.HasPrefix(arg, "--"):
			f = flagOf(cmd, name)
		case len(name) > 1:
			if f = flagOf(cmd, name); f != nil {
				out[i] = "-" + arg
			}
		default:
			f = shorthandOf(cmd, name)
		}
		if f != nil && !withValue && f.NoOptDefVal == "" {
			i++ // its value, whatever it looks like
		}
	}
	return out
}

// subcommand is cmd's subcommand named name, or nil.
func subcommand(cmd *cobra.Command, name string) *cobra.Command {
	for _, sub := range cmd.Commands() {
		if sub.Name() == name || sub.HasAlias(name) {
			return sub
		}
	}
	return nil
}

// flagOf is the flag --name of cmd, its own or one it inherits.
func flagOf(cmd *cobra.Command, name string) *pflag.Flag {
	if f := cmd.Flags().Lookup(name); f != nil {
		return f
	}
	for c := cmd; c != nil; c = c.Parent() {
		if f := c.PersistentFlags().Lookup(name); f != nil {
			return f
		}
	}
	return nil
}

// shorthandOf is the flag -x of cmd, its own or one it inherits.
func shorthandOf(cmd *cobra.Command, x string) *pflag.Flag {
	if f := cmd.Flags().ShorthandLookup(x); f != nil {
		return f
	}
	for c := cmd; c != nil; c = c.Parent() {
		if f := c.PersistentFlags().ShorthandLookup(x); f != nil {
			return f
		}
	}
	return nil
}
