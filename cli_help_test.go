package main

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/lab"
)

// TestHelpFlagListsTheSubcommands: apidoctor -h, -help and --help print
// what apidoctor help prints (the commands, then the flags, and the exit
// codes) on stdout, exit 0, in both languages.
func TestHelpFlagListsTheSubcommands(t *testing.T) {
	noEngine := func() *checks.Env { t.Fatal("the engine ran"); return nil }
	for _, lang := range []string{"en", "zh"} {
		l := i18n.Lang(lang)
		var want, werr bytes.Buffer
		if code := run(context.Background(), []string{"help", "--lang", lang}, system{stdout: &want, stderr: &werr, newEnv: noEngine}); code != exitOK {
			t.Fatalf("help --lang %s: exit %d, %s", lang, code, werr.String())
		}
		for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"--lang", lang, "-h"}, {"-h", "--lang", lang}, {"--ascii", "--help"}} {
			args := append(append([]string(nil), args...), "--lang", lang)
			var out, errb bytes.Buffer
			code := run(context.Background(), args, system{stdout: &out, stderr: &errb, newEnv: noEngine})
			if code != exitOK || errb.Len() != 0 {
				t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
			}
			if out.String() != want.String() {
				t.Errorf("%v: stdout differs from apidoctor help:\n%s", args, out.String())
			}
			// Each command's line, as fang lists them: its usage, then its
			// description; then the flags, and the exit codes.
			for _, sub := range []string{"check [--flags]", "demo [" + l.T("cmd.demo.arg") + "] [--flags]", "fix <id> [--flags]",
				"undo [" + l.T("cmd.undo.arg") + "] [--flags]", "watch [--flags]", "version", "completion", "man", "--base-url", string([]rune(l.T("cli.exit_codes"))[:12])} {
				if !strings.Contains(out.String(), sub) {
					t.Errorf("%v: stdout lacks %q", args, sub)
				}
			}
		}
	}
	// After --, -h is no flag of apidoctor's: still a usage error.
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--", "-h"}, system{stdout: &out, stderr: &errb, newEnv: noEngine}); code != exitUsage {
		t.Errorf("-- -h: exit %d", code)
	}
}

// TestDemoRoutesAreTheLabs: the demo's routes (the wizard's o, and
// --routes) are the lab's own, so a healthy demo finds its API and
// Bedrock route open, none of them a public host name on a public port;
// --routes alone decides whether the run itself tries them.
func TestDemoRoutesAreTheLabs(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-proxy", "healthy-proxy-direct-dropped"} {
		s, ok := lab.Find(name)
		if !ok {
			t.Fatalf("no scenario %s", name)
		}
		l, env, opts, err := lab.Prepare(s, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if err := labRoutes(l, &opts, false); err != nil {
			t.Fatal(err)
		}
		if opts.Routes {
			t.Errorf("%s: routes tried without --routes", name)
		}
		r, err := checks.New(env, opts)
		if err != nil {
			t.Fatal(err)
		}
		eps := r.Endpoints()
		if len(eps) == 0 {
			t.Fatalf("%s: no routes", name)
		}
		for _, ep := range eps {
			if u, err := url.Parse(ep.URL); err != nil || u.Port() == "" {
				t.Errorf("%s: route %s at %s, not the lab's", name, ep.Name, ep.URL)
			}
		}
		open := map[string]bool{}
		for _, res := range r.TestRoutes(context.Background(), eps) {
			if res.Open {
				open[res.Endpoint.Kind] = true
			}
		}
		if !open["api"] || !open["bedrock"] || open["vertex"] {
			t.Errorf("%s: open routes %v; want the API and Bedrock, not Vertex", name, open)
		}
		if err := labRoutes(l, &opts, true); err != nil || !opts.Routes {
			t.Errorf("%s: --routes: %v, routes %v", name, err, opts.Routes)
		}
	}
}

// TestE2EDemoRoutesPanelProbesTheLab: o on a healthy demo's findings tries
// the lab's routes, so the API and Bedrock show open (✓), and the summary
// left in the scrollback counts failures and warnings.
func TestE2EDemoRoutesPanelProbesTheLab(t *testing.T) {
	bin := binary(t)
	s := newTmux(t, 100, 30, bin+" demo healthy")
	s.waitFor("Press enter to start")
	s.keys("Enter")
	s.waitFor("re-check")
	s.keys("o")
	scr := s.waitFor("Amazon Bedrock")
	var api, bedrock bool
	for _, l := range strings.Split(scr, "\n") {
		l = strings.TrimSpace(l)
		api = api || strings.HasPrefix(l, "✓ Claude API")
		bedrock = bedrock || strings.HasPrefix(l, "✓ Amazon Bedrock")
	}
	if !api || !bedrock {
		t.Fatalf("a healthy demo's routes should be open:\n%s", scr)
	}
	s.keys("q")
	if scr := s.waitFor("EXIT="); !strings.Contains(scr, "EXIT=0") || !strings.Contains(scr, "0 failure(s) · 0 warning(s)") {
		t.Fatalf("exit:\n%s", scr)
	}
}

// TestE2EExitSummaryNamesTheFix: a fix applied in the wizard is named in
// the summary it leaves, with the command that undoes it.
func TestE2EExitSummaryNamesTheFix(t *testing.T) {
	bin := binary(t)
	home := t.TempDir()
	s := newTmux(t, 100, 30, bin+" demo proxy-not-exported --dir "+home)
	s.waitFor("Press enter to start")
	s.keys("Enter")
	s.waitFor("proxy_not_exported")
	s.keys("f")
	s.waitFor("These fixes apply")
	s.keys("Enter")
	s.waitFor("HTTPS_PROXY")
	s.keys("Enter")
	s.waitFor("Live test with these settings: ✓ ok")
	s.keys("a")
	s.waitFor("Apply?")
	s.keys("y")
	s.waitFor("Re-check: ✓ ok")
	s.keys("Enter")
	s.waitFor("re-check")
	s.keys("q")
	scr := s.waitFor("EXIT=")
	if !strings.Contains(scr, "Fixes applied in this session:") || !strings.Contains(scr, "apidoctor undo ") {
		t.Fatalf("exit:\n%s", scr)
	}
}
