package ui

import (
	"regexp"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// translatedResults are the fixture's results with the messages the
// checks send, so the Chinese screens show Chinese sentences built from
// the catalogue's templates.
func translatedResults() []checks.Result {
	rs := fixtureResults()
	untrusted := func(host any) i18n.M { return i18n.Msg("tls.reason.untrusted", host) }
	for i, r := range rs {
		switch r.ID {
		case "dns.system":
			rs[i].Msg = i18n.Msg("dns.ok", "api.anthropic.com", "160.79.104.10", 12.0)
		case "proxy":
			rs[i].Msg = i18n.Msg("proxy.ok", "http://alice:***@proxy.corp.example:3128", "api.anthropic.com:443", 42.0)
		case "config.ca":
			rs[i].Msg = i18n.Msg("ca.trusts", i18n.Joined{Items: []i18n.M{i18n.Msg("trust.bundled"), i18n.Msg("trust.system")}, Sep: " + "})
		case "tls":
			rs[i].Msg = i18n.Msg("tls.inspection", untrusted("api.anthropic.com"), "Zscaler")
		case "status_page":
			rs[i].Msg = i18n.Msg("http.failed_in", i18n.Msg("status.what"), "tls", untrusted(i18n.Msg("word.the_host")))
		case "http.platform":
			rs[i].Msg = i18n.Msg("http.failed_in", "GET https://platform.claude.com/v1/oauth/hello", "tls", untrusted(i18n.Msg("word.the_host")))
		}
	}
	return rs
}

// zhScreens are the Chinese findings, detail and running screens with
// the translated results.
func zhScreens(t *testing.T, w, h int) map[string]string {
	cfg := fixtureConfig(t)
	cfg.Lang = i18n.ZH
	start := preparedWith(t, cfg, w, h)
	m := drive(t, start, keyPress("enter"))
	running := m
	for i, r := range translatedResults() {
		m = drive(t, m, checkFinishedMsg{gen: m.gen, res: r})
		if i == 8 {
			running = drive(t, m, tickMsg{gen: m.gen, t: fixedNow.Add(3100 * 1e6)})
		}
	}
	out := map[string]string{"findings": screen(m), "running": screen(running)}
	for i := range m.rows() {
		d := drive(t, m, keyPress("enter"))
		out["detail-"+d.rows()[i].ID] = screen(d)
		m = drive(t, m, keyPress("down"))
	}
	re := drive(t, m, keyPress("r"))
	out["recheck"] = re.status
	return out
}

var (
	hanSpaceHan   = regexp.MustCompile(`\p{Han} +\p{Han}`)
	doubledParens = regexp.MustCompile(`）\s*（|\)\s*（|）\s*\(`)
	asciiParenHan = regexp.MustCompile(`\p{Han}[^\x00-\x7f]*\([^)]*\)|\([^)]*\)[：，。；]`)
	latinUnit     = regexp.MustCompile(`\d(\.\d+)? (ms|s)\b`)
)

// TestChineseHasNoTemplateSeams: the Chinese screens read as written,
// not as parts joined: no space between Chinese words, no doubled
// parentheses, no line that starts with closing punctuation, Chinese
// units and words, Chinese parentheses.
func TestChineseHasNoTemplateSeams(t *testing.T) {
	for _, sz := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		for name, s := range zhScreens(t, sz[0], sz[1]) {
			for i, l := range strings.Split(s, "\n") {
				bad := ""
				switch tl := strings.Trim(l, " │|╭╮╰╯─"); {
				case hanSpaceHan.MatchString(l):
					bad = "a space between Chinese words"
				case doubledParens.MatchString(l):
					bad = "doubled parentheses"
				case strings.HasPrefix(tl, "；") || strings.HasPrefix(tl, "，") || strings.HasPrefix(tl, "。"):
					bad = "a line starting with closing punctuation"
				case hasHan(l) && latinUnit.MatchString(l):
					bad = "a Latin unit"
				case strings.Contains(l, "(f)") || asciiParenHan.MatchString(l):
					bad = "ASCII parentheses in Chinese"
				case strings.Contains(l, "✗ fail") || strings.Contains(l, "Re-checking"):
					bad = "English left in"
				}
				if bad != "" {
					t.Errorf("%dx%d %s line %d: %s: %q", sz[0], sz[1], name, i+1, bad, l)
				}
			}
		}
	}
}

// TestChineseRoutesSayDirectInChinese: the routes panel names the way a
// route goes in Chinese.
func TestChineseRoutesSayDirectInChinese(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.Lang = i18n.ZH
	m := finishedFrom(t, preparedWith(t, cfg, 100, 30))
	nm, _ := m.Update(keyPress("o"))
	m = nm.(Model)
	m = drive(t, m, routesDoneMsg{gen: m.routes.gen, results: []checks.RouteResult{
		{Endpoint: checks.RouteEndpoint{Name: "Claude API", Kind: "api"}, Via: "via http://proxy.corp.example:3128", Cause: checks.CauseTLSReset},
		{Endpoint: checks.RouteEndpoint{Name: "Amazon Bedrock us-east-1", Kind: "bedrock", Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=us-east-1"}, Via: "direct", Open: true, MS: 42},
	}})
	s := screen(m)
	if strings.Contains(s, " direct ") || strings.Contains(s, " via ") || !strings.Contains(s, "直连") || !strings.Contains(s, "经 http://proxy.corp") {
		t.Fatalf("routes:\n%s", s)
	}
	// The verdict names the open route the same way.
	m = drive(t, m, keyPress("esc"))
	if box := strings.Join(verdictLines(screen(m)), ""); strings.Contains(box, "direct") || !strings.Contains(box, "可用（直连）") {
		t.Fatalf("verdict:\n%s", screen(m))
	}
}

// TestChinesePhaseIsAWord: a request that failed in a phase names the
// phase in Chinese, and one with no known phase says only that it failed.
func TestChinesePhaseIsAWord(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.Lang = i18n.ZH
	m := finishedFrom(t, preparedWith(t, cfg, 100, 30))
	r := checks.Result{ID: "status_page", Msg: i18n.Msg("http.failed_in", i18n.Msg("status.what"), "tls", i18n.Msg("tls.reason.untrusted", i18n.Msg("word.the_host")))}
	if got, want := m.summaryText(r), "状态页在 TLS 阶段失败：该主机的证书链由客户端不信任的机构签发"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	r.Msg = i18n.Msg("http.failed_in", "GET https://api.anthropic.com/api/hello", "", i18n.Msg("http.reason.timeout"))
	if got := m.summaryText(r); strings.Contains(got, "在  阶段") || !strings.HasPrefix(got, "GET https://api.anthropic.com/api/hello 失败：") {
		t.Errorf("no phase: %q", got)
	}
}

// TestChineseTrustSourceIsAWord: a trust source the checks name by its
// code reads as a Chinese word.
func TestChineseTrustSourceIsAWord(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.Lang = i18n.ZH
	m := finishedFrom(t, preparedWith(t, cfg, 100, 30))
	r := checks.Result{ID: "trust", Msg: i18n.Msg("trust.other_accepts", "system")}
	if got := m.summaryText(r); strings.Contains(got, "system") || !strings.Contains(got, "系统证书库") {
		t.Errorf("%q", got)
	}
}
