package fixes_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
)

// setup runs a lab scenario and returns a fix context over its fake home.
func setup(t *testing.T, scenario string, tweak ...func(*lab.Lab, *checks.Env, *checks.Options)) (fixes.Context, *lab.Lab) {
	t.Helper()
	s, ok := lab.Find(scenario)
	if !ok {
		t.Fatalf("no scenario %s", scenario)
	}
	root := t.TempDir()
	l, env, opts, err := lab.Prepare(s, root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	for _, f := range tweak {
		f(l, env, &opts)
	}
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	return fixes.NewContext(env, opts, rep, fixes.DiskFS{Root: root}, lab.Home+"/.config"), l
}

func mustBuild(t *testing.T, c fixes.Context, fix string, p fixes.Params) *fixes.Plan {
	t.Helper()
	plan, err := fixes.Build(c, fix, p)
	if err != nil {
		t.Fatalf("%s: %v", fix, err)
	}
	return plan
}

// verdictOf takes a run's (report, error) and returns its verdict.
func verdictOf(t *testing.T) func(*checks.Report, error) checks.Cause {
	return func(rep *checks.Report, err error) checks.Cause {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return rep.Verdict.Cause
	}
}

func read(t *testing.T, root, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		return "<missing: " + err.Error() + ">"
	}
	return string(b)
}

// TestProxyFixWholeFlow: propose, preview, test live, apply, verify, apply
// again (nothing to do), undo (bytes restored).
func TestProxyFixWholeFlow(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	ctx := context.Background()
	if got := fixes.Propose(c.Report); len(got) == 0 || got[0].Fix != checks.FixProxyEdit {
		t.Fatalf("proposals %+v", got)
	}
	settings := lab.Home + "/.claude/settings.json" // the lab's OS is Linux, wherever it runs
	before := `{"model": "opus", "env": {"FOO": "1"}}`
	c.FS.WriteAtomic(settings, []byte(before), 0o644)
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	if plan.Target != fixes.TargetClaudeSettings || len(plan.Changes) != 1 || plan.Changes[0].Path != settings {
		t.Fatalf("plan %+v", plan)
	}
	diff := plan.Diff(c)
	// The one-line file stays one line: the key joins its env block.
	if !strings.Contains(diff, `+{"model": "opus", "env": {"FOO": "1", "HTTPS_PROXY": "http://127.0.0.1:`) || !strings.Contains(diff, `-{"model": "opus", "env": {"FOO": "1"}}`) {
		t.Fatalf("diff:\n%s", diff)
	}
	if v := verdictOf(t)(plan.Test(ctx, c)); v != checks.CauseOK {
		t.Fatalf("live test with the candidate settings: %s", v)
	}
	if read(t, c.FS.Root, settings) != before {
		t.Fatal("the live test wrote the file")
	}
	e, err := plan.Apply(c)
	if err != nil {
		t.Fatal(err)
	}
	if v := verdictOf(t)(plan.Verify(ctx, c)); v != checks.CauseOK {
		t.Fatalf("verify after apply: %s", v)
	}
	if !strings.Contains(read(t, c.FS.Root, settings), `"model": "opus"`) {
		t.Fatal("other keys lost")
	}
	again := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	if !again.Empty() {
		t.Fatalf("a second apply should change nothing:\n%s", again.Diff(c))
	}
	if _, err := c.Store.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	if got := read(t, c.FS.Root, settings); got != before {
		t.Fatalf("undo did not restore the bytes: %q", got)
	}
}

func TestProxyFixLiveTestCatchesADeadProxy(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	dead, _ := lab.Refused("127.0.0.1")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Set: map[string]string{"HTTPS_PROXY": "http://" + dead, "https_proxy": "http://" + dead}})
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseProxyUnreachable {
		t.Fatalf("a dead candidate proxy should test as proxy_unreachable, got %s", v)
	}
	if _, err := fixes.Build(c, checks.FixProxyEdit, fixes.Params{Set: map[string]string{"HTTPS_PROXY": "socks5://127.0.0.1:1080"}}); err == nil {
		t.Fatal("a SOCKS proxy for Claude Code must be refused")
	}
	if _, err := fixes.Build(c, checks.FixProxyEdit, fixes.Params{Set: map[string]string{"HTTPS_PROXY": "127.0.0.1:7890"}}); err == nil {
		t.Fatal("a proxy without a scheme must be refused")
	}
}

func TestProxyFixToShellProfile(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	c.Env.Vars["SHELL"] = "/bin/zsh"
	profile := lab.Home + "/.zshrc"
	c.FS.WriteAtomic(profile, []byte("setopt autocd\n"), 0o644)
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetShell})
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
	if _, err := plan.Apply(c); err != nil {
		t.Fatal(err)
	}
	got := read(t, c.FS.Root, profile)
	if !strings.HasPrefix(got, "setopt autocd\n") || !strings.Contains(got, fixes.BlockStart) || !strings.Contains(got, "export https_proxy='http://127.0.0.1:") {
		t.Fatalf("profile:\n%s", got)
	}
}

func TestProxyBypassedFixEditsNoProxy(t *testing.T) {
	c, _ := setup(t, "proxy-bypassed")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint})
	if plan.Vars["NO_PROXY"] == nil || *plan.Vars["NO_PROXY"] != "localhost" {
		t.Fatalf("NO_PROXY should keep localhost and drop .anthropic.com: %v", plan.Vars["NO_PROXY"])
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
	if _, err := plan.Apply(c); err == nil {
		t.Fatal("the print target must not write")
	}
	if !strings.Contains(strings.Join(plan.Exports, "\n"), "export NO_PROXY='localhost'") {
		t.Fatalf("exports %v", plan.Exports)
	}
}

func TestNodeProxySwitch(t *testing.T) {
	c, _ := setup(t, "proxy-ignored-node")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	if v := plan.Vars["NODE_USE_ENV_PROXY"]; v == nil || *v != "1" || plan.Target != fixes.TargetShell {
		t.Fatalf("plan %+v", plan)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
}

// TestCAFix: the root the proxy sent works, a wrong CA does not; the fix
// writes the root and NODE_EXTRA_CA_CERTS, and undo takes both away.
func TestCAFix(t *testing.T) {
	c, l := setup(t, "tls-inspection")
	other, _ := lab.NewCA("Some Other Root", "Elsewhere")
	c.FS.WriteAtomic("/usr/local/share/ca-certificates/other.crt", other.PEM(), 0o644)
	c.FS.WriteAtomic("/usr/local/share/ca-certificates/corp.crt", l.InspectCA.PEM(), 0o644)
	ctx := context.Background()
	cands := fixes.TestCandidates(ctx, c, fixes.Candidates(c), "")
	works := map[string]bool{}
	for _, cand := range cands {
		if cand.Works == nil {
			t.Fatalf("candidate %s was not tested: %s", cand.Path, cand.Err)
		}
		works[cand.Path] = *cand.Works
	}
	if !works[fixes.ChainRoot] || !works["/usr/local/share/ca-certificates/corp.crt"] || works["/usr/local/share/ca-certificates/other.crt"] {
		t.Fatalf("candidate results %v", works)
	}
	plan := mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.ChainRoot})
	if len(plan.Changes) != 2 || !strings.Contains(strings.Join(plan.Notes(i18n.EN), " "), "confirm this fingerprint") {
		t.Fatalf("plan %+v", plan)
	}
	if v := verdictOf(t)(plan.Test(ctx, c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
	e, err := plan.Apply(c)
	if err != nil {
		t.Fatal(err)
	}
	if v := verdictOf(t)(plan.Verify(ctx, c)); v != checks.CauseOK {
		t.Fatalf("verify: %s", v)
	}
	if _, err := c.Store.Undo(e.ID); err != nil {
		t.Fatal(err)
	}
	for _, ch := range plan.Changes {
		if _, err := os.Stat(filepath.Join(c.FS.Root, ch.Path)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s should be gone after undo", ch.Path)
		}
	}
}

func TestCAFixForPythonBuildsAWholeBundle(t *testing.T) {
	c, l := setup(t, "tls-inspection", func(_ *lab.Lab, _ *checks.Env, o *checks.Options) { o.Client = checks.PythonSDK })
	c.FS.WriteAtomic("/etc/ssl/certs/ca-certificates.crt", l.PublicCA.PEM(), 0o644)
	plan := mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.ChainRoot, Target: fixes.TargetShell})
	if plan.Vars["SSL_CERT_FILE"] == nil {
		t.Fatalf("python's variable should be SSL_CERT_FILE: %v", plan.Vars)
	}
	bundle := plan.Changes[0]
	if !strings.HasSuffix(bundle.Path, "apidoctor-bundle.pem") || strings.Count(string(bundle.After), "BEGIN CERTIFICATE") != 2 {
		t.Fatalf("bundle %s holds %d certificates", bundle.Path, strings.Count(string(bundle.After), "BEGIN CERTIFICATE"))
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
}

// TestCAFixForPythonWithoutSystemBundle: SSL_CERT_FILE replaces certifi,
// so where no system bundle exists (always so on Windows) the new bundle
// starts from certifi, else from the Mozilla roots built in, never from the
// proxy's root alone (which would break every host it does not intercept).
func TestCAFixForPythonWithoutSystemBundle(t *testing.T) {
	python := func(_ *lab.Lab, _ *checks.Env, o *checks.Options) { o.Client = checks.PythonSDK }
	certs := func(b []byte) int { return strings.Count(string(b), "BEGIN CERTIFICATE") }
	t.Run("certifi", func(t *testing.T) {
		c, l := setup(t, "tls-inspection", python)
		certifi := lab.Home + "/.local/lib/python3.12/site-packages/certifi/cacert.pem"
		c.FS.WriteAtomic(certifi, l.PublicCA.PEM(), 0o644)
		c.Env.CertifiPaths = []string{certifi}
		plan := mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.ChainRoot, Target: fixes.TargetShell})
		after := plan.Changes[0].After
		if !strings.HasPrefix(string(after), string(l.PublicCA.PEM())) || certs(after) != 2 {
			t.Fatalf("bundle is not certifi plus the root (%d certificates):\n%s", certs(after), after)
		}
		if !hasNote(plan, "fixnote.whole_bundle") || !strings.Contains(strings.Join(plan.Notes(i18n.EN), "\n"), certifi) {
			t.Errorf("no note names certifi: %v", plan.Notes(i18n.EN))
		}
		if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
			t.Fatalf("live test: %s", v)
		}
	})
	t.Run("embedded", func(t *testing.T) {
		c, _ := setup(t, "tls-inspection", python)
		c.Env.CertifiPaths = []string{lab.Home + "/nowhere/cacert.pem"}
		plan := mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.ChainRoot, Target: fixes.TargetShell})
		after := plan.Changes[0].After
		if n := certs(after); n < 100 {
			t.Fatalf("bundle holds %d certificate(s): public roots lost", n)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(after) || !strings.Contains(string(after), "-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----") {
			t.Fatal("bundle is not PEM")
		}
		if !hasNote(plan, "fixnote.whole_bundle_mozilla") {
			t.Errorf("no note says the built-in roots were used: %v", plan.NoteMsgs)
		}
		if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
			t.Fatalf("live test: %s", v)
		}
	})
}

func TestBaseURLFixDropsV1(t *testing.T) {
	c, _ := setup(t, "base-url-v1")
	plan := mustBuild(t, c, checks.FixBaseURL, fixes.Params{})
	if v := plan.Vars["ANTHROPIC_BASE_URL"]; v == nil || strings.HasSuffix(*v, "/v1") || plan.Target != fixes.TargetShell {
		t.Fatalf("plan vars %v target %s", plan.Vars, plan.Target)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
}

func TestKeyFixNeverShowsTheKey(t *testing.T) {
	c, _ := setup(t, "key-newline")
	plan := mustBuild(t, c, checks.FixKeyClean, fixes.Params{})
	if v := plan.Vars["ANTHROPIC_API_KEY"]; v == nil || *v != lab.Key {
		t.Fatal("the cleaned key is not the bare key")
	}
	if diff := plan.Diff(c); strings.Contains(diff, lab.Key) || !strings.Contains(diff, "sk-ant-api03-…") {
		t.Fatalf("the preview shows the key or nothing:\n%s", diff)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
	// On Windows the notes quote the user environment's line, which reads
	// the key from the variable that holds it rather than showing it.
	c.Env.GOOS = "windows"
	plan = mustBuild(t, c, checks.FixKeyClean, fixes.Params{Target: fixes.TargetShell})
	notes := strings.Join(plan.Notes(i18n.EN), " ")
	if !strings.Contains(notes, "SetEnvironmentVariable('ANTHROPIC_API_KEY', ($env:ANTHROPIC_API_KEY -replace") || strings.Contains(notes, lab.Key) {
		t.Fatalf("the user environment's line is missing or shows the key: %s", notes)
	}
	c2, _ := setup(t, "key-oauth-in-api-key")
	plan = mustBuild(t, c2, checks.FixKeyClean, fixes.Params{Target: fixes.TargetPrint})
	if _, moved := plan.Vars["ANTHROPIC_AUTH_TOKEN"]; !moved || plan.Vars["ANTHROPIC_API_KEY"] != nil {
		t.Fatalf("the token should move to ANTHROPIC_AUTH_TOKEN: %v", plan.Vars)
	}
}

func TestOnboardingKeepsTheStateFile(t *testing.T) {
	c, _ := setup(t, "healthy", func(l *lab.Lab, env *checks.Env, o *checks.Options) {
		// A company gateway in front of the API.
		cert, _ := l.PublicCA.Valid("gateway.corp.example")
		port, _ := l.StartAPIWith(cert)
		l.DNS.Set("gateway.corp.example", netip.MustParseAddr("127.0.0.1"))
		env.Vars["ANTHROPIC_BASE_URL"] = fmt.Sprintf("https://gateway.corp.example:%d", port)
		o.BaseURL = ""
		dead, _ := lab.Refused("127.0.0.1")
		o.PlatformURL = "https://" + dead + "/v1/oauth/hello"
		l.WriteFile(lab.Home+"/.claude.json", []byte(`{"numStartups": 3, "projects": {"/p": {}}}`))
	})
	found := false
	for _, p := range fixes.Propose(c.Report) {
		found = found || p.Fix == fixes.FixOnboarding
	}
	if !found {
		t.Fatalf("onboarding should be proposed: %+v (verdict %s)", fixes.Propose(c.Report), c.Report.Verdict.Cause)
	}
	plan := mustBuild(t, c, fixes.FixOnboarding, fixes.Params{})
	if _, err := plan.Apply(c); err != nil {
		t.Fatal(err)
	}
	got := read(t, c.FS.Root, lab.Home+"/.claude.json")
	if !strings.Contains(got, `"hasCompletedOnboarding": true`) || !strings.Contains(got, `"numStartups": 3`) || !strings.Contains(got, `"/p"`) {
		t.Fatalf("state file:\n%s", got)
	}
}

func TestBrokenSettingsAreNotEdited(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	settings := lab.Home + "/.claude/settings.json"
	broken := "{\n  \"env\": {\n    \"A\": \"1\",\n  }\n}\n"
	c.FS.WriteAtomic(settings, []byte(broken), 0o644)
	_, err := fixes.Build(c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetClaudeSettings})
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("err %v, want a refusal that says where", err)
	}
	if read(t, c.FS.Root, settings) != broken {
		t.Fatal("a broken file was touched")
	}
}

func TestChangedBetweenPreviewAndApply(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	settings := lab.Home + "/.claude/settings.json"
	c.FS.WriteAtomic(settings, []byte(`{"a":1}`), 0o644)
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	c.FS.WriteAtomic(settings, []byte(`{"a":2}`), 0o644)
	if _, err := plan.Apply(c); !errors.Is(err, fixes.ErrChanged) {
		t.Fatalf("err %v, want ErrChanged", err)
	}
	if read(t, c.FS.Root, settings) != `{"a":2}` {
		t.Fatal("the newer file was overwritten")
	}
}

func TestAdviceOnly(t *testing.T) {
	c, _ := setup(t, "region-blocked")
	props := fixes.Propose(c.Report)
	if len(props) == 0 || props[0].Fix != "proxy.edit" && props[0].Fix != "advice.region_blocked" {
		t.Fatalf("proposals %+v", props)
	}
	plan := mustBuild(t, c, "advice.region_blocked", fixes.Params{})
	if !plan.AdviceOnly() || !strings.Contains(strings.Join(plan.Advice(i18n.EN), " "), "supported-countries") {
		t.Fatalf("advice plan %+v", plan)
	}
}

func TestDeadProxyIsRemovedWhenDirectWorks(t *testing.T) {
	c, _ := setup(t, "proxy-dead")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{})
	for _, k := range []string{"HTTPS_PROXY", "https_proxy"} {
		if v, ok := plan.Vars[k]; !ok || v != nil {
			t.Fatalf("%s should be removed: %v", k, plan.Vars)
		}
	}
	if plan.Target != fixes.TargetShell {
		t.Fatalf("the proxy came from the shell, so the profile should unset it: %s", plan.Target)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test without the dead proxy: %s", v)
	}
}

func TestCaseMismatchIsMadeToAgree(t *testing.T) {
	c, _ := setup(t, "healthy-proxy", func(l *lab.Lab, env *checks.Env, o *checks.Options) {
		env.Vars["https_proxy"] = "http://127.0.0.1:9"
	})
	if c.Report.Verdict.Cause == checks.CauseOK {
		t.Skip("claude-code reads https_proxy first, so this lab must fail")
	}
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint})
	if v := plan.Vars["https_proxy"]; v == nil || *v != c.Env.Vars["HTTPS_PROXY"] {
		t.Fatalf("the dead lower-case proxy should take the working upper-case value: %v", plan.Vars)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("with both cases on the working proxy: %s", v)
	}
}

// TestProxyFixInWSL: the Windows proxy, found through the registry and
// reached at the Windows host's address, becomes the shell's proxy, and
// the live test passes with it.
func TestProxyFixInWSL(t *testing.T) {
	c, _ := setup(t, "wsl-windows-proxy")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Target: fixes.TargetPrint})
	if v := plan.Vars["HTTPS_PROXY"]; v == nil || !strings.HasPrefix(*v, "http://127.0.0.3:") {
		t.Fatalf("HTTPS_PROXY %v, want the Windows host's address", plan.Vars["HTTPS_PROXY"])
	}
	if why := plan.Why(i18n.EN); !strings.Contains(why, "from WSL at 127.0.0.3:") {
		t.Fatalf("why: %s", why)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
}

// TestCAFixFromTheKeychain: on macOS the roots an administrator added to
// the keychain (read with `security`) are a candidate; the fix exports
// them to a file and the live test passes with it.
func TestCAFixFromTheKeychain(t *testing.T) {
	c, l := setup(t, "tls-inspection")
	c.Env.GOOS, c.Env.Home = "darwin", "/Users/u"
	var calls atomic.Int32
	c.Env.Run = func(_ context.Context, name string, args ...string) ([]byte, error) {
		calls.Add(1)
		if name == "security" && strings.Join(args, " ") == "find-certificate -a -p /Library/Keychains/System.keychain" {
			return l.InspectCA.PEM(), nil
		}
		return nil, errors.New("no such command")
	}
	cands := fixes.TestCandidates(context.Background(), c, fixes.Candidates(c), "")
	found := false
	for _, cand := range cands {
		if cand.Path == fixes.StoreRoots {
			found = cand.Source == "keychain" && cand.Works != nil && *cand.Works
		}
	}
	if !found {
		t.Fatalf("the keychain candidate is missing or fails: %+v", cands)
	}
	plan := mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.StoreRoots})
	if len(plan.Changes) != 2 || !strings.HasSuffix(plan.Changes[0].Path, "keychain.pem") && !strings.HasSuffix(plan.Changes[1].Path, "keychain.pem") {
		t.Fatalf("plan %+v", plan.Changes)
	}
	if v := verdictOf(t)(plan.Test(context.Background(), c)); v != checks.CauseOK {
		t.Fatalf("live test: %s", v)
	}
	// Listing, testing each candidate and building read the two keychains once.
	if n := calls.Load(); n != 2 {
		t.Fatalf("security ran %d times, want 2", n)
	}
}

// TestCAFixOnWindowsSaysHowToExport: the Windows store cannot be listed,
// so with no working file the fix names the PowerShell export instead.
func TestCAFixOnWindowsSaysHowToExport(t *testing.T) {
	c, _ := setup(t, "tls-inspection")
	c.Env.GOOS = "windows"
	c.Report.Checks = withoutChainRoot(c.Report.Checks)
	_, err := fixes.Build(c, checks.FixCABundle, fixes.Params{})
	if err == nil || !strings.Contains(err.Error(), `Cert:\LocalMachine\Root`) {
		t.Fatalf("want the export hint, got %v", err)
	}
}

// withoutChainRoot drops the root the proxy sent, as when a proxy sends
// only the leaf and intermediates.
func withoutChainRoot(rs []checks.Result) []checks.Result {
	out := append([]checks.Result(nil), rs...)
	for i, r := range out {
		if r.ID == "trust" {
			out[i].Evidence = &checks.TrustEvidence{}
		}
	}
	return out
}

// TestCAFixOnMacOSSaysHowToExport: with nothing in the keychain that
// works, the hint is the security command, to a macOS path.
func TestCAFixOnMacOSSaysHowToExport(t *testing.T) {
	c, _ := setup(t, "tls-inspection")
	c.Env.GOOS = "darwin"
	c.Report.Checks = withoutChainRoot(c.Report.Checks)
	_, err := fixes.Build(c, checks.FixCABundle, fixes.Params{})
	if err == nil || !strings.Contains(err.Error(), "security find-certificate") || !strings.Contains(err.Error(), "$HOME/corp-root.pem") {
		t.Fatalf("want the keychain export hint, got %v", err)
	}
}
