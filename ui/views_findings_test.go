package ui

import (
	"strings"
	"testing"

	"apidoctor/i18n"
)

// verdictLines are the lines inside the verdict box of a findings screen.
func verdictLines(s string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(s, "\n") {
		switch {
		case strings.HasPrefix(l, "╭"):
			in = true
		case strings.HasPrefix(l, "╰"):
			return out
		case in:
			out = append(out, strings.TrimSpace(strings.Trim(l, "│")))
		}
	}
	return out
}

// TestVerdictKeepsWhatToDoAndWrapsEvidence: at every size the verdict
// says what to do, and nothing in it is cut: the evidence is wrapped.
func TestVerdictKeepsWhatToDoAndWrapsEvidence(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, sz := range [][2]int{{60, 16}, {80, 24}, {100, 30}, {120, 40}} {
			cfg := fixtureConfig(t)
			cfg.Lang = lang
			m := finishedFrom(t, preparedWith(t, cfg, sz[0], sz[1]))
			s := screen(m)
			checkFrame(t, "findings", s, sz[0], sz[1])
			box := verdictLines(s)
			text := strings.Join(box, " ")
			want := strings.TrimSpace(strings.SplitN(lang.T("report.what_to_do", "%"), "%", 2)[0])
			if !strings.Contains(text, want) {
				t.Errorf("%v %dx%d: no %q in the verdict:\n%s", lang, sz[0], sz[1], want, s)
			}
			for _, l := range box {
				if strings.Contains(l, "…") {
					t.Errorf("%v %dx%d: a verdict line is cut: %q", lang, sz[0], sz[1], l)
				}
			}
			if sz[0] >= 80 && !strings.Contains(strings.Join(strings.Fields(text), " "), "(issued by Zscaler: TLS inspection)") {
				t.Errorf("%v %dx%d: the evidence naming the issuer is not whole:\n%s", lang, sz[0], sz[1], s)
			}
		}
	}
}

// TestListSaysHowManyMore: when rows are hidden below, the last line of
// the list says how many.
func TestListSaysHowManyMore(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := finishedFrom(t, preparedWith(t, cfg, 80, 24))
		s := screen(m)
		shown := 0
		for _, r := range m.rows() {
			if strings.Contains(s, " "+r.ID+" ") {
				shown++
			}
		}
		want := lang.T("findings.more", "↓", len(m.rows())-shown)
		if shown == len(m.rows()) || !strings.Contains(s, want) {
			t.Errorf("%v: %d of %d rows shown, want %q:\n%s", lang, shown, len(m.rows()), want, s)
		}
		// Walking down to the last row leaves nothing hidden below.
		for range m.rows() {
			m = drive(t, m, keyPress("down"))
		}
		s = screen(m)
		if !strings.Contains(s, " region ") && !strings.Contains(s, " "+m.rows()[len(m.rows())-1].ID+" ") {
			t.Errorf("%v: the last row is not visible:\n%s", lang, s)
		}
		if strings.Contains(s, lang.T("findings.more", "↓", 0)) {
			t.Errorf("%v: 0 more:\n%s", lang, s)
		}
	}
}

// TestDirectPathRowsOnAProxiedClient: the client goes through a proxy,
// so the direct TCP rows say they are not used, in the wizard's language.
func TestDirectPathRowsOnAProxiedClient(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := finishedFrom(t, preparedWith(t, cfg, 100, 30))
		row := lineWith(screen(m), " tcp.ipv4 ")
		if !strings.Contains(row, lang.T("findings.not_used")) || strings.Contains(row, "not on the client's route") {
			t.Errorf("%v: %q", lang, row)
		}
		if row := lineWith(screen(m), " tls "); strings.Contains(row, lang.T("findings.not_used")) {
			t.Errorf("%v: the TLS row is on the route: %q", lang, row)
		}
	}
}

// TestVerdictRowSelectedFirst: the row the findings open on is the
// check the verdict rests on, even when another row sorts before it.
func TestVerdictRowSelectedFirst(t *testing.T) {
	m := finished(t, 80, 24)
	m.report.Verdict.Checks = []string{"trust"}
	if r, _ := m.selected(); r.ID != "trust" {
		t.Fatalf("selected %s, want the verdict's own row", r.ID)
	}
}

// TestRecheckSaysSoInTheLanguage: "Re-checking…" is translated.
func TestRecheckSaysSoInTheLanguage(t *testing.T) {
	cfg := fixtureConfig(t)
	cfg.Lang = i18n.ZH
	m := finishedFrom(t, preparedWith(t, cfg, 80, 24))
	m = drive(t, m, keyPress("r"))
	if m.status != "正在复查…" {
		t.Fatalf("status %q", m.status)
	}
}

// TestRunningSaysHowManyMore: the running list at the smallest size says
// how many checks are below it.
func TestRunningSaysHowManyMore(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		cfg := fixtureConfig(t)
		cfg.Lang = lang
		m := drive(t, preparedWith(t, cfg, 60, 16), keyPress("enter"))
		s := screen(m)
		shown := 0
		for _, id := range m.run.IDs() {
			if strings.Contains(s, " "+id+" ") {
				shown++
			}
		}
		if want := lang.T("findings.more", "↓", len(m.run.IDs())-shown); shown == len(m.run.IDs()) || !strings.Contains(s, want) {
			t.Errorf("%v: want %q:\n%s", lang, want, s)
		}
	}
}
