package ui

import (
	"context"
	"fmt"
	"image/color"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/report"
)

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}, {60, 16}}

// TestGoldenScreens renders every step at every size and compares it with
// testdata/TestGoldenScreens/<step>-<w>x<h>.golden (go test -update
// rewrites them); each screen must also fit the terminal exactly.
func TestGoldenScreens(t *testing.T) {
	for _, sz := range sizes {
		screens := stepScreens(t, fixtureConfig(t), sz.w, sz.h)
		for _, step := range slices.Sorted(maps.Keys(screens)) {
			t.Run(fmt.Sprintf("%s-%dx%d", step, sz.w, sz.h), func(t *testing.T) {
				checkFrame(t, t.Name(), screens[step], sz.w, sz.h)
				golden.RequireEqual(t, screens[step])
			})
		}
	}
}

// TestGoldenScreensChinese renders the same steps in Chinese, where a
// character takes two cells: the frame must still fit exactly.
func TestGoldenScreensChinese(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {60, 16}} {
		cfg := fixtureConfig(t)
		cfg.Lang = i18n.ZH
		screens := stepScreens(t, cfg, sz.w, sz.h)
		for _, step := range slices.Sorted(maps.Keys(screens)) {
			t.Run(fmt.Sprintf("%s-%dx%d", step, sz.w, sz.h), func(t *testing.T) {
				s := screens[step]
				checkFrame(t, t.Name(), s, sz.w, sz.h)
				golden.RequireEqual(t, s)
				if !hasHan(s) {
					t.Errorf("no Chinese text:\n%s", s)
				}
			})
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
	golden.RequireEqual(t, s)
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
	if s := screen(m); !strings.Contains(s, "cannot use a socks5:// proxy") {
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
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	if m.export.current() != "json" || !strings.HasSuffix(m.export.path.Value(), ".json") {
		t.Fatalf("right: %s %q", m.export.current(), m.export.path.Value())
	}
	// tab focuses the path: typing goes to it, not to the wizard's keys
	// (q does not quit).
	m = drive(t, m, keyPress("tab"), keyPress("q"))
	if m.quitting || !strings.HasSuffix(m.export.path.Value(), ".jsonq") {
		t.Fatalf("q in the path field: quitting=%v path %q", m.quitting, m.export.path.Value())
	}
	m = drive(t, m, keyPress("tab"), tea.KeyPressMsg{Code: tea.KeyRight})
	if m.export.current() != "html" || strings.HasSuffix(m.export.path.Value(), ".html") {
		t.Fatal("an edited path must keep its name when the format changes")
	}
	m = drive(t, m, keyPress("esc"))
	if m.step != stepFindings {
		t.Fatalf("esc from export: step %v", m.step)
	}
}

// footer is the last line of a screen: the help.
func footer(m Model) string {
	s := screen(m)
	return s[strings.LastIndex(s, "\n")+1:]
}

// TestExportPathIsReadOnlyUntilEdited: the export's keys act (y copies,
// ? opens the help), none is typed into the path; enter saves the path as
// it was and the wizard goes back to the findings, saying where the
// report went, where q quits.
func TestExportPathIsReadOnlyUntilEdited(t *testing.T) {
	m := drive(t, finished(t, 80, 24), keyPress("e"))
	want := m.export.path.Value()
	if f := footer(m); !strings.Contains(f, "y copy report") || !strings.Contains(f, "q quit") || !strings.Contains(f, "? help") {
		t.Fatalf("export footer: %q", f)
	}
	nm, cmd := m.Update(keyPress("y"))
	m = nm.(Model)
	if cmd == nil || !strings.Contains(screen(m), "Report copied") {
		t.Fatalf("y should copy the report:\n%s", screen(m))
	}
	m = drive(t, m, keyPress("?"))
	if !m.help.ShowAll {
		t.Fatal("? should open the full help")
	}
	m = drive(t, m, keyPress("?"))
	if m.export.path.Value() != want {
		t.Fatalf("keys were typed into the read-only path: %q", m.export.path.Value())
	}
	nm, cmd = m.Update(keyPress("enter"))
	m = nm.(Model)
	if !m.export.saving || cmd == nil || m.export.path.Value() != want {
		t.Fatalf("enter should save %q (saving=%v, path %q)", want, m.export.saving, m.export.path.Value())
	}
	m = drive(t, m, savedMsg{path: want})
	if m.step != stepFindings || !strings.Contains(screen(m), "Saved to "+want) {
		t.Fatalf("after a save: step %v\n%s", m.step, screen(m))
	}
	if nm, _ := m.Update(keyPress("q")); !nm.(Model).Quitting() {
		t.Fatal("q after a save should quit")
	}
	// A failed save stays on the form and says why.
	m = drive(t, m, keyPress("e"), keyPress("enter"), savedMsg{err: fmt.Errorf("disk full")})
	if m.step != stepExport || !strings.Contains(screen(m), "Not saved: disk full") {
		t.Fatalf("after a failed save: step %v\n%s", m.step, screen(m))
	}
}

// TestFocusedFieldsAdvertiseNoLetters: while a text field has the focus,
// the help offers no single-letter key (they are typed) and no ←/→ for
// anything but the cursor.
func TestFocusedFieldsAdvertiseNoLetters(t *testing.T) {
	m := drive(t, finished(t, 80, 24), keyPress("e"), keyPress("tab"))
	f := footer(m)
	if strings.Contains(f, "y copy") || strings.Contains(f, "q quit") || strings.Contains(f, "? help") || strings.Contains(f, "←/→") {
		t.Fatalf("export footer while editing: %q", f)
	}
	m = drive(t, m, keyPress("y"))
	if strings.Contains(screen(m), "Report copied") || !strings.HasSuffix(m.export.path.Value(), ".mdy") {
		t.Fatalf("y while editing should be typed: path %q\n%s", m.export.path.Value(), screen(m))
	}
	m = proxyForm(t)
	if f := footer(m); strings.Contains(f, "←/→") {
		t.Fatalf("proxy form footer on a URL field advertises ←/→: %q", f)
	}
	m = drive(t, m, keyPress("up")) // the "save to" row
	if f := footer(m); !strings.Contains(f, "←/→ save to") {
		t.Fatalf("proxy form footer on the save-to row: %q", f)
	}
}

// TestHelpKeepsHelpAndQuit: however narrow, the help line keeps "? help"
// and "q quit", dropping the other keys first.
func TestHelpKeepsHelpAndQuit(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {60, 16}} {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
			cfg := fixtureConfig(t)
			cfg.Lang = lang
			for step, s := range stepScreens(t, cfg, sz.w, sz.h) {
				if step == "fix" {
					continue // the fix flow's own help: its phases' keys
				}
				f := s[strings.LastIndex(s, "\n")+1:]
				if !strings.Contains(f, "q "+lang.T("key.quit")) || !strings.Contains(f, "? "+lang.T("key.help")) {
					t.Errorf("%s %dx%d %s: footer %q", step, sz.w, sz.h, lang, f)
				}
			}
		}
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
	// Keys must not act on the screen the message hides: no fix opened
	// (and applied) blind, no export, no re-check.
	for _, k := range []string{"f", "enter", "e", "r", "w", "u", "?", "down"} {
		nm, cmd := m.Update(keyPress(k))
		if mm := nm.(Model); mm.step != stepFindings || cmd != nil || mm.cursor != 0 || mm.help.ShowAll {
			t.Fatalf("%s acted on the hidden findings (step %v)", k, mm.step)
		}
	}
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(screen(m), "tls_untrusted") {
		t.Fatal("a resize should bring the findings back")
	}
	if m = drive(t, m, tea.WindowSizeMsg{Width: 50, Height: 12}, keyPress("q")); !m.Quitting() {
		t.Fatal("q should quit from the too-small screen")
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

// TestFailedLiveTestAsksDifferently: applying a plan whose live test
// still fails is what the command line needs --force for; the wizard asks
// "apply anyway? (y/N)", and enter means no.
func TestFailedLiveTestAsksDifferently(t *testing.T) {
	m := proxyForm(t)
	nm, cmd := m.Update(keyPress("enter"))
	m = nm.(Model)
	if cmd == nil {
		t.Fatal("enter on the form should build the plan")
	}
	m = drive(t, m, cmd())
	if m.fix.plan == nil || !m.fix.appliable() {
		t.Fatalf("plan %+v err %v", m.fix.plan, m.fix.err)
	}
	failing := m.report
	m = drive(t, m, planTestedMsg{gen: m.fix.gen, rep: failing}, keyPress("a"))
	s := screen(m)
	if m.fix.phase != phaseConfirm || !strings.Contains(s, "The live test failed; apply anyway? (y/N)") || strings.Contains(s, "Apply? Each file") {
		t.Fatalf("confirm after a failed test:\n%s", s)
	}
	if f := footer(m); !strings.Contains(f, "y apply anyway") {
		t.Fatalf("footer: %q", f)
	}
	nm, cmd = m.Update(keyPress("enter"))
	if nm.(Model).fix.phase != phasePreview || cmd != nil {
		t.Fatal("enter after a failed test should mean no")
	}
	// After a passing test the question stays as it was.
	ok := *failing
	ok.Verdict.Status, ok.Verdict.Cause = "ok", checks.CauseOK
	m = drive(t, m, planTestedMsg{gen: m.fix.gen, rep: &ok}, keyPress("a"))
	if s := screen(m); !strings.Contains(s, "Apply? Each file") || strings.Contains(s, "apply anyway") {
		t.Fatalf("confirm after a passing test:\n%s", s)
	}
}

// TestFixKeysAreWhatWorks: the fix flow's help is generated from its
// bindings, so each key it offers does something; esc stops the live
// test (its context is cancelled) and the re-check after an apply.
func TestFixKeysAreWhatWorks(t *testing.T) {
	m := proxyForm(t)
	nm, cmd := m.Update(keyPress("enter"))
	m = nm.(Model)
	nm, test := m.Update(cmd())
	m = nm.(Model)
	if m.fix.busy != "busy.testing" || test == nil {
		t.Fatalf("the live test should be running: busy %q", m.fix.busy)
	}
	if f := footer(m); !strings.Contains(f, "esc stop the test") || strings.Contains(f, "a apply") {
		t.Fatalf("footer while testing: %q", f)
	}
	m = drive(t, m, keyPress("esc"))
	if m.fix.phase != phaseForm || m.fix.busy != "" {
		t.Fatalf("esc while testing: phase %v busy %q", m.fix.phase, m.fix.busy)
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- test() }()
	select {
	case msg := <-done:
		if drive(t, m, msg).fix.test != nil {
			t.Fatal("the stopped test's answer should be dropped")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the live test")
	}
	// Preview again, with a passing test: every key offered acts.
	nm, cmd = m.Update(keyPress("enter"))
	m = nm.(Model)
	m = drive(t, m, cmd())
	ok := *m.report
	ok.Verdict.Status, ok.Verdict.Cause = "ok", checks.CauseOK
	m = drive(t, m, planTestedMsg{gen: m.fix.gen, rep: &ok})
	if f := footer(m); !strings.Contains(f, "a apply") || !strings.Contains(f, "q quit") {
		t.Fatalf("footer of the preview: %q", f)
	}
	m = drive(t, m, keyPress("a"))
	if f := footer(m); m.fix.phase != phaseConfirm || !strings.Contains(f, "y apply") || !strings.Contains(f, "n cancel") {
		t.Fatalf("footer of the confirmation: %q", f)
	}
	// The apply itself is not run here: its answer is fed in.
	m = drive(t, m, planAppliedMsg{gen: m.fix.gen, entry: fixes.Entry{ID: "20260101-000000"}})
	if m.fix.busy != "busy.rechecking" || !strings.Contains(footer(m), "esc stop the re-check") {
		t.Fatalf("after apply: busy %q, footer %q", m.fix.busy, footer(m))
	}
	m = drive(t, m, keyPress("esc"))
	if m.step != stepFix || m.fix.busy != "" || !strings.Contains(screen(m), "Re-check stopped") {
		t.Fatalf("esc while re-checking: step %v busy %q\n%s", m.step, m.fix.busy, screen(m))
	}
	if f := footer(m); !strings.Contains(f, "u undo") || !strings.Contains(f, "enter findings") {
		t.Fatalf("footer after the stopped re-check: %q", f)
	}
	if m = drive(t, m, keyPress("enter")); m.step != stepFindings || !strings.Contains(footer(m), "u undo") {
		t.Fatalf("enter should lead to the findings, which offer u: step %v %q", m.step, footer(m))
	}
}

// TestUndoListOnTheFindings: u does nothing (and is not offered) while no
// fix of this session can be undone; with some, it lists them, the latest
// selected, and a failed undo stays on the list saying why.
func TestUndoListOnTheFindings(t *testing.T) {
	m := finished(t, 80, 24)
	if m = drive(t, m, keyPress("u")); m.step != stepFindings || strings.Contains(footer(m), "u undo") {
		t.Fatalf("u with nothing to undo: step %v, footer %q", m.step, footer(m))
	}
	m.undoable = []undoItem{{id: "20260101-000000", fix: checks.FixProxyEdit, target: fixes.TargetClaudeSettings}, {id: "20260101-000100", fix: checks.FixCABundle, target: fixes.TargetShell}}
	m = drive(t, m, keyPress("u"))
	s := screen(m)
	if m.step != stepUndo || m.undo.cursor != 1 || !strings.Contains(s, "20260101-000000") || !strings.Contains(s, "20260101-000100") || !strings.Contains(footer(m), "enter undo") {
		t.Fatalf("undo list (cursor %d):\n%s", m.undo.cursor, s)
	}
	m = drive(t, m, undoneMsg{list: true, id: "20260101-000100", fix: checks.FixCABundle, err: fmt.Errorf("the file changed since")})
	if m.step != stepUndo || len(m.undoable) != 2 || !strings.Contains(screen(m), "Not undone: the file changed since") {
		t.Fatalf("a failed undo:\n%s", screen(m))
	}
	if m = drive(t, m, keyPress("esc")); m.step != stepFindings {
		t.Fatalf("esc from the list: step %v", m.step)
	}
}
