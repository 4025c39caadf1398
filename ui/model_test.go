package ui

import (
	"context"
	"fmt"
	"image/color"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/report"
)

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}, {60, 16}}

// TestGoldenScreens renders every step at every size and compares it with
// its golden file; each screen must also fit the terminal exactly.
func TestGoldenScreens(t *testing.T) {
	for _, sz := range sizes {
		for step, s := range stepScreens(t, fixtureConfig(t), sz.w, sz.h) {
			name := fmt.Sprintf("%s-%dx%d", step, sz.w, sz.h)
			checkFrame(t, name, s, sz.w, sz.h)
			golden(t, name, s)
		}
	}
}

// TestGoldenScreensChinese renders the same steps in Chinese, where a
// character takes two cells: the frame must still fit exactly.
func TestGoldenScreensChinese(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {60, 16}} {
		cfg := fixtureConfig(t)
		cfg.Lang = i18n.ZH
		for step, s := range stepScreens(t, cfg, sz.w, sz.h) {
			name := fmt.Sprintf("zh-%s-%dx%d", step, sz.w, sz.h)
			checkFrame(t, name, s, sz.w, sz.h)
			golden(t, name, s)
			if !hasHan(s) {
				t.Errorf("%s has no Chinese text:\n%s", name, s)
			}
		}
	}
}

// stepScreens renders each step of the wizard with cfg: start, a run
// half done with a slow check's note, findings, a detail, fix and export.
func stepScreens(t *testing.T, cfg Config, w, h int) map[string]string {
	start := preparedWith(t, cfg, w, h)
	running := drive(t, start, keyPress("enter"))
	for _, r := range fixtureResults()[:9] {
		running = drive(t, running, checkFinishedMsg{gen: running.gen, res: r})
	}
	note := i18n.Msg("note.tls", "api.anthropic.com")
	running = drive(t, running,
		noteMsg{gen: running.gen, ev: checks.Event{ID: "tls", Note: note.String(), Msg: note}},
		tickMsg{gen: running.gen, t: fixedNow.Add(3100 * time.Millisecond)})
	findings := finishedFrom(t, preparedWith(t, cfg, w, h))
	out := map[string]string{}
	for step, m := range map[string]Model{"start": start, "running": running, "findings": findings,
		"detail": drive(t, findings, keyPress("enter")), "fix": drive(t, findings, keyPress("f")), "export": drive(t, findings, keyPress("e"))} {
		out[step] = screen(m)
	}
	return out
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestLightAndDark: the background changes colours, never the layout.
func TestLightAndDark(t *testing.T) {
	dark := finished(t, 80, 24)
	light := drive(t, dark, tea.BackgroundColorMsg{Color: color.White})
	if light.isDark {
		t.Fatal("a white background should switch to the light styles")
	}
	if screen(dark) != screen(light) {
		t.Error("the layout changed with the background")
	}
	if dark.View().Content == light.View().Content {
		t.Error("light and dark render the same colours")
	}
}

func TestASCIIGlyphs(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.ASCII = true
	m := New(cfg)
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24}, prepareRun(cfg, checks.ClaudeCode, 0)(), keyPress("enter"))
	for _, r := range fixtureResults() {
		m = drive(t, m, checkFinishedMsg{gen: m.gen, res: r})
	}
	s := screen(m)
	for _, r := range s {
		if r > 127 {
			t.Fatalf("--ascii screen has %q:\n%s", r, s)
		}
	}
	checkFrame(t, "findings-ascii-80x24", s, 80, 24)
	golden(t, "findings-ascii-80x24", s)
}

func TestNavigation(t *testing.T) {
	m := finished(t, 80, 24)
	first, _ := m.selected()
	if first.Status != checks.Fail {
		t.Fatalf("failures should come first, got %s %s", first.ID, first.Status)
	}
	m = drive(t, m, keyPress("down"), keyPress("j"))
	if m.cursor != 2 {
		t.Fatalf("cursor %d after two downs", m.cursor)
	}
	m = drive(t, m, keyPress("k"))
	if m.cursor != 1 {
		t.Fatalf("cursor %d after up", m.cursor)
	}
	sel, _ := m.selected()
	m = drive(t, m, keyPress("enter"))
	if m.step != stepDetail || !strings.Contains(screen(m), sel.ID+" — "+sel.Title) {
		t.Fatalf("enter should open %s's detail:\n%s", sel.ID, screen(m))
	}
	m = drive(t, m, keyPress("esc"))
	if m.step != stepFindings || m.cursor != 1 {
		t.Fatalf("esc should return to the findings with the selection kept (step %v, cursor %d)", m.step, m.cursor)
	}
	for i := 0; i < 40; i++ {
		m = drive(t, m, keyPress("down"))
	}
	if m.cursor != len(fixtureResults())-1 {
		t.Fatalf("cursor %d should stop at the last row", m.cursor)
	}
	if !strings.Contains(screen(m), m.rows()[m.cursor].ID) {
		t.Fatal("the list should scroll to keep the selection visible")
	}
}

func TestDetailShowsChainAndWaterfall(t *testing.T) {
	m := finished(t, 80, 40)
	if r, _ := m.selected(); r.ID != "tls" {
		t.Fatalf("first row %s, want tls", r.ID)
	}
	s := screen(drive(t, m, keyPress("enter")))
	for _, want := range []string{"Timing", "Proxy CONNECT", "Total", "66.0 ms", "Zscaler Root CA", "D687519C9AF24D160CF21DB26DC06CD7DA215025E1EE1086EE1B26E8F4B0858F", "What to do"} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, s)
		}
	}
}

func TestFixStepProposesTheVerdictsFixes(t *testing.T) {
	m := finished(t, 80, 24)
	m = drive(t, m, keyPress("f"))
	s := screen(m)
	if m.step != stepFix || !strings.Contains(s, "Found: tls_untrusted") || !strings.Contains(s, checks.FixCABundle) {
		t.Fatalf("fix step:\n%s", s)
	}
	m = drive(t, m, keyPress("esc"))
	if m.step != stepFindings {
		t.Fatalf("esc from fix: step %v", m.step)
	}
}

func TestProxyFormValidatesAsYouType(t *testing.T) {
	m := finished(t, 80, 24)
	m.report.Verdict.Fixes = []string{checks.FixProxyEdit}
	m = drive(t, m, keyPress("f"))
	nm, _ := m.Update(keyPress("enter"))
	m = nm.(Model)
	if m.fix.phase != phaseForm || len(m.fix.inputs) != 3 {
		t.Fatalf("phase %v inputs %d", m.fix.phase, len(m.fix.inputs))
	}
	// The field starts with the current proxy; replace it with a SOCKS URL.
	m.fix.inputs[0].SetValue("socks5://127.0.0.1:1080")
	if s := screen(m); !strings.Contains(s, "cannot use a SOCKS proxy") {
		t.Fatalf("no validation message:\n%s", s)
	}
	nm, _ = m.Update(keyPress("enter"))
	if nm.(Model).fix.phase != phaseForm || nm.(Model).fix.busy != "" || nm.(Model).fix.focus != 0 {
		t.Fatal("an invalid field must keep the form open, on that field")
	}
	m.fix.inputs[0].SetValue("proxy.corp.example:3128")
	if s := screen(m); !strings.Contains(s, "no scheme") {
		t.Fatalf("no scheme not flagged:\n%s", s)
	}
}

func TestExportFormatCyclesExtension(t *testing.T) {
	m := finished(t, 80, 24)
	m = drive(t, m, keyPress("e"))
	if m.export.path.Value() != "/home/u/reports/apidoctor-report.md" {
		t.Fatalf("default path %q", m.export.path.Value())
	}
	m = drive(t, m, keyPress("tab"))
	if m.export.current() != "json" || !strings.HasSuffix(m.export.path.Value(), ".json") {
		t.Fatalf("tab: %s %q", m.export.current(), m.export.path.Value())
	}
	// Typing goes to the path, not to the wizard's keys (q does not quit).
	m = drive(t, m, keyPress("q"))
	if m.quitting || !strings.HasSuffix(m.export.path.Value(), ".jsonq") {
		t.Fatalf("q in the path field: quitting=%v path %q", m.quitting, m.export.path.Value())
	}
	m = drive(t, m, keyPress("tab"))
	if strings.HasSuffix(m.export.path.Value(), ".txt") {
		t.Fatal("an edited path must keep its name when the format changes")
	}
	m = drive(t, m, keyPress("esc"))
	if m.step != stepFindings {
		t.Fatalf("esc from export: step %v", m.step)
	}
}

func TestChangeClientPreparesAgain(t *testing.T) {
	m := prepared(t, 80, 24)
	nm, cmd := m.Update(keyPress("c"))
	m = nm.(Model)
	if cmd == nil {
		t.Fatal("c should prepare a run for the next client")
	}
	m = drive(t, m, cmd())
	if m.overview.Client != checks.PythonSDK || !strings.Contains(screen(m), "python-sdk") {
		t.Fatalf("client after c: %s\n%s", m.overview.Client, screen(m))
	}
	// A stale preparation (an older generation) is ignored.
	stale := prepareRun(m.cfg, checks.Curl, m.gen-1)()
	if drive(t, m, stale).overview.Client != checks.PythonSDK {
		t.Fatal("a stale prepared run replaced the current one")
	}
}

func TestCancelReturnsToStart(t *testing.T) {
	m := prepared(t, 80, 24)
	m = drive(t, m, keyPress("enter"))
	m = drive(t, m, keyPress("esc"))
	if !m.canceled {
		t.Fatal("esc while running should cancel")
	}
	// The checks see the cancel: each returns at once, cut short.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var cmd tea.Cmd
	for _, id := range m.run.IDs() {
		var nm tea.Model
		nm, cmd = m.Update(checkFinishedMsg{gen: m.gen, res: m.run.RunCheck(ctx, id)})
		m = nm.(Model)
	}
	if m.step != stepStart || !strings.Contains(screen(m), "Run cancelled.") || cmd == nil {
		t.Fatalf("after a cancel: step %v, cmd %v\n%s", m.step, cmd, screen(m))
	}
	// The cancelled run is the last one: quitting now must not read as a
	// verdict, so its report is incomplete, every check cut short.
	if rep := m.Report(); rep == nil || !rep.Incomplete() || len(rep.Verdict.Unfinished) != len(m.run.IDs()) {
		t.Fatalf("after a cancel, the last report should be incomplete: %+v", rep)
	}
}

// TestCtrlCWhileRunningInterrupts: ctrl+c (or q) mid-run quits with an
// incomplete report naming the checks still out, recorded in the session,
// which the summary left on exit shows as interrupted, never as OK.
func TestCtrlCWhileRunningInterrupts(t *testing.T) {
	for _, k := range []string{"ctrl+c", "q"} {
		m := drive(t, prepared(t, 80, 24), keyPress("enter"))
		done := fixtureResults()[:5]
		for _, r := range done {
			m = drive(t, m, checkFinishedMsg{gen: m.gen, res: r})
		}
		nm, cmd := m.Update(keyPress(k))
		m = nm.(Model)
		if !m.Quitting() || cmd == nil || cmd() != (tea.QuitMsg{}) {
			t.Fatalf("%s while running should quit", k)
		}
		rep := m.Report()
		if rep == nil || !rep.Incomplete() || rep.Verdict.Cause != checks.CauseIncomplete {
			t.Fatalf("%s: report %+v, want an incomplete verdict", k, rep)
		}
		var want []string
		for _, id := range m.run.IDs() {
			if !slices.ContainsFunc(done, func(r checks.Result) bool { return r.ID == id }) {
				want = append(want, id)
			}
		}
		if !slices.Equal(rep.Verdict.Unfinished, want) {
			t.Fatalf("%s: unfinished %v, want %v", k, rep.Verdict.Unfinished, want)
		}
		if n := len(m.Session().Runs); n != 1 || m.Session().Latest() != rep {
			t.Fatalf("%s: the session holds %d runs, not the interrupted one", k, n)
		}
		// A late result of the cancelled run changes nothing.
		late := drive(t, m, checkFinishedMsg{gen: m.gen - 1, res: fixtureResults()[5]})
		if late.Report() != rep || len(late.Session().Runs) != 1 {
			t.Fatalf("%s: a late result replaced the interrupted report", k)
		}
		sum := report.Text(rep, report.TextOptions{OnlyProblems: true, Width: m.Width()})
		if !strings.Contains(sum, "INCOMPLETE") || !strings.Contains(sum, "interrupted") || !strings.Contains(sum, "Did not finish: "+want[0]) || strings.Contains(sum, " OK ") {
			t.Fatalf("%s: summary:\n%s", k, sum)
		}
	}
}

// TestCtrlCElsewhereKeepsTheVerdict: after a finished run, ctrl+c quits
// with that run's verdict as it was.
func TestCtrlCElsewhereKeepsTheVerdict(t *testing.T) {
	m := finished(t, 80, 24)
	want := m.Report()
	m = drive(t, m, keyPress("ctrl+c"))
	if !m.Quitting() || m.Report() != want || want.Incomplete() {
		t.Fatalf("ctrl+c on the findings changed the report: %+v", m.Report().Verdict)
	}
}

// TestIdleMeansIdle: once the run is over, a late tick schedules nothing.
func TestIdleMeansIdle(t *testing.T) {
	m := finished(t, 80, 24)
	if _, cmd := m.Update(tickMsg{gen: m.gen, t: fixedNow}); cmd != nil {
		t.Fatal("a tick after the run re-armed itself")
	}
	if v := m.View(); v.ProgressBar != nil {
		t.Fatal("the terminal progress bar should be gone after the run")
	}
}

func TestTinyTerminal(t *testing.T) {
	m := finished(t, 50, 12)
	s := screen(m)
	if !strings.Contains(s, "too small") || !strings.Contains(s, "50×12") {
		t.Fatalf("tiny terminal:\n%s", s)
	}
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(screen(m), "tls_untrusted") {
		t.Fatal("a resize should bring the findings back")
	}
}

func TestQuit(t *testing.T) {
	m := finished(t, 80, 24)
	nm, cmd := m.Update(keyPress("q"))
	if !nm.(Model).Quitting() || cmd == nil {
		t.Fatal("q should quit")
	}
	if msg := cmd(); msg != (tea.QuitMsg{}) {
		t.Fatalf("q returned %T, want tea.QuitMsg", msg)
	}
}

func TestSecretsNeverOnScreen(t *testing.T) {
	m := finished(t, 120, 40)
	// The auth row's evidence holds the key a server echoed back.
	auth := m
	for auth.rows()[auth.cursor].ID != "auth" {
		auth = drive(t, auth, keyPress("down"))
	}
	authDetail := screen(drive(t, auth, keyPress("enter")))
	if !strings.Contains(authDetail, "invalid x-api-key") {
		t.Fatalf("the echoed body should be in the detail:\n%s", authDetail)
	}
	for _, s := range []string{screen(prepared(t, 120, 40)), screen(m), screen(drive(t, m, keyPress("enter"))), authDetail} {
		if strings.Contains(s, fixtureKey) || strings.Contains(s, "hunter2") {
			t.Fatalf("a secret is on screen:\n%s", s)
		}
	}
	if !strings.Contains(screen(prepared(t, 120, 40)), "sk-ant-api03-…Xy7A") {
		t.Fatal("the masked key should be shown on the start screen")
	}
}

// TestWideLayoutShowsTheSelectedDetail: from 110 columns the detail sits
// beside the list and follows the selection.
func TestWideLayoutShowsTheSelectedDetail(t *testing.T) {
	m := finished(t, 120, 40)
	if s := screen(m); !strings.Contains(s, "Proxy CONNECT") || !strings.Contains(s, "│") {
		t.Fatalf("the tls detail should sit beside the list:\n%s", s)
	}
	m = drive(t, m, keyPress("down"))
	if s := screen(m); strings.Contains(s, "Proxy CONNECT") || !strings.Contains(s, "· tls_untrusted · 1 ms") {
		t.Fatalf("the pane should follow the selection to trust:\n%s", s)
	}
	if narrow := screen(finished(t, 80, 24)); strings.Contains(narrow, "What it means") {
		t.Fatal("at 80 columns the detail should not share the screen")
	}
}

func TestProxyFormNeverShowsThePassword(t *testing.T) {
	m := proxyForm(t)
	s := screen(m)
	// The URL shows its user, host and port; the password has a field of
	// its own that shows only stars.
	if strings.Contains(s, "hunter2") || !strings.Contains(s, "http://alice@proxy.corp.example:3128") || !strings.Contains(s, "*******") {
		t.Fatalf("proxy form:\n%s", s)
	}
	set := m.fix.proxyParams(m.report)
	if set["HTTPS_PROXY"] != "http://alice:hunter2@proxy.corp.example:3128" {
		t.Fatalf("the untouched field must keep the real password: %q", set["HTTPS_PROXY"])
	}
}

// proxyForm opens the proxy form on the fixture's findings.
func proxyForm(t *testing.T) Model {
	t.Helper()
	m := finished(t, 80, 24)
	m.report.Verdict.Fixes = []string{checks.FixProxyEdit}
	m = drive(t, m, keyPress("f"), keyPress("enter"))
	if m.fix.phase != phaseForm || m.fix.fix != checks.FixProxyEdit {
		t.Fatalf("phase %v fix %s", m.fix.phase, m.fix.fix)
	}
	return m
}

// typeText types s key by key.
func typeText(t *testing.T, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = drive(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// clearField empties the focused field as a person would.
func clearField(t *testing.T, m Model) Model {
	t.Helper()
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyEnd})
	for range 200 {
		m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	return m
}

// TestProxyFormEditKeepsThePassword: changing only the port of a proxy
// with a password keeps the real password; the mask is never written.
func TestProxyFormEditKeepsThePassword(t *testing.T) {
	m := proxyForm(t)
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyEnd})
	for range 4 {
		m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	m = typeText(t, m, "7890")
	if s := screen(m); strings.Contains(s, "hunter2") {
		t.Fatalf("the password is on screen:\n%s", s)
	}
	set := m.fix.proxyParams(m.report)
	for _, k := range []string{"HTTPS_PROXY", "https_proxy"} {
		if set[k] != "http://alice:hunter2@proxy.corp.example:7890" {
			t.Fatalf("%s = %q: the edit lost the real password", k, set[k])
		}
	}
}

// TestProxyFormMasksATypedPassword: a password typed (or pasted) into the
// URL is masked as soon as the cursor leaves it, and stays masked after a
// trip to the preview; one typed into the password field is never shown.
func TestProxyFormMasksATypedPassword(t *testing.T) {
	m := clearField(t, proxyForm(t))
	m = typeText(t, m, "http://bob:s3cret-pw@")
	if s := screen(m); strings.Contains(s, "s3cret-pw") {
		t.Fatalf("the password stays visible once the cursor left it:\n%s", s)
	}
	m = typeText(t, m, "127.0.0.1:9")
	m = drive(t, m, keyPress("tab"))
	if s := screen(m); strings.Contains(s, "s3cret-pw") || !strings.Contains(s, "http://bob@127.0.0.1:9") {
		t.Fatalf("form:\n%s", s)
	}
	nm, cmd := m.Update(keyPress("enter"))
	m = nm.(Model)
	if m.fix.phase != phasePreview || cmd == nil {
		t.Fatalf("enter should build the preview: phase %v", m.fix.phase)
	}
	m = drive(t, m, keyPress("esc"))
	if s := screen(m); m.fix.phase != phaseForm || strings.Contains(s, "s3cret-pw") {
		t.Fatalf("back from the preview:\n%s", s)
	}
	if got := m.fix.proxyParams(m.report)["HTTPS_PROXY"]; got != "http://bob:s3cret-pw@127.0.0.1:9" {
		t.Fatalf("HTTPS_PROXY = %q", got)
	}
	// Pasted whole: masked at once. (The focus came back on the password.)
	m = drive(t, m, keyPress("up"))
	m = clearField(t, m)
	m = drive(t, m, tea.PasteMsg{Content: "http://carol:pa5te-pw@10.0.0.1:3128"})
	if s := screen(m); strings.Contains(s, "pa5te-pw") {
		t.Fatalf("a pasted password is on screen:\n%s", s)
	}
	// Typed into the password field: stars only; characters a URL would
	// misread are escaped.
	m = drive(t, m, keyPress("tab"))
	m = clearField(t, m)
	m = typeText(t, m, "n3w@pass:/x")
	if s := screen(m); strings.Contains(s, "n3w@pass") || !strings.Contains(s, "***********") {
		t.Fatalf("the password field:\n%s", s)
	}
	got := m.fix.proxyParams(m.report)["HTTPS_PROXY"]
	u, err := url.Parse(got)
	if err != nil || u.User.Username() != "carol" || u.Host != "10.0.0.1:3128" {
		t.Fatalf("HTTPS_PROXY = %q (%v)", got, err)
	}
	if pw, _ := u.User.Password(); pw != "n3w@pass:/x" {
		t.Fatalf("password %q from %q", pw, got)
	}
}

func TestRoutesPanel(t *testing.T) {
	m := finished(t, 100, 30)
	nm, cmd := m.Update(keyPress("o"))
	m = nm.(Model)
	if m.step != stepRoutes || cmd == nil || !strings.Contains(screen(m), "Trying each route") {
		t.Fatalf("o should start testing the routes:\n%s", screen(m))
	}
	m = drive(t, m, routesDoneMsg{gen: m.routes.gen, results: []checks.RouteResult{
		{Endpoint: checks.RouteEndpoint{Name: "Claude API", Kind: "api"}, Via: "direct", Cause: checks.CauseTLSReset},
		{Endpoint: checks.RouteEndpoint{Name: "Amazon Bedrock us-east-1", Kind: "bedrock", Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=us-east-1"}, Via: "direct", Open: true, MS: 42},
	}})
	s := screen(m)
	if !strings.Contains(s, "tls_reset") || !strings.Contains(s, "open · 42 ms") || !strings.Contains(s, "CLAUDE_CODE_USE_BEDROCK=1") {
		t.Fatalf("routes panel:\n%s", s)
	}
	if len(m.report.Verdict.Alternatives) != 1 {
		t.Fatal("the verdict should now name the open route")
	}
	if m = drive(t, m, keyPress("esc")); m.step != stepFindings {
		t.Fatalf("esc: step %v", m.step)
	}
}

func TestWatchPanel(t *testing.T) {
	m := finished(t, 100, 34)
	nm, cmd := m.Update(keyPress("w"))
	m = nm.(Model)
	if m.step != stepWatch || cmd == nil || !m.watch.running {
		t.Fatal("w should start a watch")
	}
	for i, o := range []string{"ok", "overloaded", "ok", "ok"} {
		st := 200
		if o != "ok" {
			st = 529
		}
		m = drive(t, m, probeMsg{gen: m.watch.gen, res: checks.ProbeResult{Seq: i + 1, Outcome: o, Status: st, Fresh: i == 0, Timing: &checks.TimingMS{Connect: 3, TLS: 9, Total: float64(20 + 10*i)}}})
	}
	s := screen(m)
	if !strings.Contains(s, "4 probes, 75.0% ok") || !strings.Contains(s, "overloaded 1") || !strings.Contains(s, "first_byte") {
		t.Fatalf("watch panel:\n%s", s)
	}
	m = drive(t, m, keyPress("a"))
	if s := screen(m); !strings.Contains(s, "Resilience advice from 4 probes") || !strings.Contains(s, "CLAUDE_CODE_MAX_RETRIES") {
		t.Fatalf("advice view:\n%s", s)
	}
	m = drive(t, m, keyPress("esc"))
	if m.step != stepFindings || m.watch.running {
		t.Fatalf("esc should stop the watch and go back (step %v, running %v)", m.step, m.watch.running)
	}
	// A probe from the stopped watch's goroutine is dropped when a new one starts.
	old := m.watch.gen
	nm, _ = m.Update(keyPress("w"))
	m = nm.(Model)
	m = drive(t, m, probeMsg{gen: old, res: checks.ProbeResult{Outcome: "ok"}})
	if m.watch.stats.Probes != 0 {
		t.Fatal("a stale probe was counted")
	}
}

// TestProxyFormTabSkipsAbsentPasswords: a proxy without a user has no
// password row to tab into; one with a user does.
func TestProxyFormTabSkipsAbsentPasswords(t *testing.T) {
	m := proxyForm(t)
	var order []int
	for range 5 {
		m = drive(t, m, keyPress("tab"))
		order = append(order, m.fix.focus)
	}
	// HTTPS_PROXY's password (alice has one), HTTP_PROXY, NO_PROXY, save
	// to, then HTTPS_PROXY again.
	if !slices.Equal(order, []int{1, 2, 4, 6, 0}) {
		t.Fatalf("tab order %v", order)
	}
	if s := screen(m); strings.Count(s, "password") != 1 {
		t.Fatalf("one password row expected:\n%s", s)
	}
}
