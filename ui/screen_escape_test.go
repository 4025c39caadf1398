package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// hostile is what a hostile server puts in its error message: a window
// title, a screen clear, a clipboard write, a one-byte CSI, a carriage
// return and a right-to-left override.
const hostile = "denied \x1b]0;pwned\x07 \x1b[2J \x1b]52;c;cHduZWQ=\x07 \u009b31m \rfake \u202eevil"

// sgr is the styling the wizard itself draws with.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// hostileResults are the fixture's results with the server's words in
// the verdict's check (tls), in a row's summary, error and evidence
// (auth), and the key quoted back, cut by the evidence's 200-byte limit.
func hostileResults() []checks.Result {
	out := fixtureResults()
	cut := fixtureKey[:60] + "…"
	for i := range out {
		switch out[i].ID {
		case "tls":
			out[i].Summary += " — the proxy said: " + hostile + " " + fixtureKey
		case "auth":
			out[i].Summary = "GET /v1/models → 401 authentication_error: " + hostile
			out[i].Error = "read: " + hostile + "\nsecond line \x1b[31m"
			out[i].Evidence = &checks.HTTPEvidence{Method: "GET", URL: "https://api.anthropic.com/v1/models", Status: 401,
				Headers:      map[string]string{"request-id": fixtureKey, "server": "gw \x1b]0;srv\x07"},
				Body:         `{"error":{"message":"invalid x-api-key: ` + cut,
				ErrorMessage: hostile, RequestID: fixtureKey}
		}
	}
	return out
}

// TestWizardShowsEscapesAsText: the server's control characters never
// reach the terminal raw — on the running screen, the findings, the
// verdict and every detail pane — and the key it quoted back is masked
// there, even cut short.
func TestWizardShowsEscapesAsText(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := preparedWith(t, cfg, 120, 40)
		m = drive(t, m, keyPress("enter"))
		results := hostileResults()
		screens := map[string]string{}
		for i, r := range results {
			m = drive(t, m, checkFinishedMsg{gen: m.gen, res: r})
			if r.ID == "auth" && i < len(results)-1 {
				note := i18n.Msg("raw", "waiting for "+hostile)
				m = drive(t, m, noteMsg{gen: m.gen, ev: checks.Event{ID: "clock", Note: note.String(), Msg: note}},
					tickMsg{gen: m.gen, t: fixedNow.Add(3100 * time.Millisecond)})
				screens["running"] = m.View().Content
			}
		}
		screens["findings"] = m.View().Content
		for i := range results {
			r, _ := m.selected()
			screens["detail "+r.ID] = drive(t, m, keyPress("enter")).View().Content
			if i < len(results)-1 {
				m = drive(t, m, keyPress("down"))
			}
		}
		for name, view := range screens {
			plain := sgr.ReplaceAllString(view, "")
			for i, r := range plain {
				if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e {
					t.Fatalf("%s %s: raw %U at %d: %q", lang, name, r, i, plain[max(i-40, 0):min(i+40, len(plain))])
				}
			}
			if strings.Contains(plain, bodyRun(fixtureKey)) {
				t.Errorf("%s %s shows the key", lang, name)
			}
		}
		for _, name := range []string{"findings", "detail auth", "running"} {
			if !strings.Contains(screens[name], `\x1b]0;pwned\x07`) {
				t.Errorf("%s %s does not show the escape as text:\n%s", lang, name, sgr.ReplaceAllString(screens[name], ""))
			}
		}
	}
}

// bodyRun is a run of the key's body longer than the tail a mask keeps.
func bodyRun(key string) string { return key[20:32] }
