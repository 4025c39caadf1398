package report_test

import (
	"context"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/report"
)

// TestIncompleteRunRendersAsIncomplete: a run cancelled before it started
// reads as incomplete in every format and language, names what did not
// finish, and never shows the green OK.
func TestIncompleteRunRendersAsIncomplete(t *testing.T) {
	s, _ := lab.Find("healthy")
	lb, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lb.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := checks.Execute(ctx, env, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Incomplete() {
		t.Fatalf("a cancelled run: verdict %+v", rep.Verdict)
	}
	sess := report.SessionOf(rep, report.HostInfo{OS: "linux", Arch: "amd64"})
	for _, l := range []i18n.Lang{i18n.EN, i18n.ZH} {
		// What each format must say (the verdict, the list of what did not
		// finish), and the OK it must not.
		unfinished := strings.Split(l.T("report.unfinished", "%"), "%")[0]
		for _, c := range []struct {
			format report.Format
			want   []string
			notOK  string
		}{
			{report.FormatText, []string{l.T("report.incomplete"), unfinished + "config.files"}, l.T("report.ok") + "  "},
			{report.FormatMarkdown, []string{l.T("md.verdict_incomplete"), l.T("md.unfinished") + "** `config.files`"}, l.T("md.verdict_ok")},
			{report.FormatHTML, []string{`<div class="verdict incomplete">`, l.T("md.unfinished") + "</strong> <code>config.files</code>"}, `class="pass">` + l.T("md.verdict_ok")},
			{report.FormatJSON, []string{`"status": "incomplete"`, `"unfinished": [`}, `"status": "ok"`},
		} {
			out, err := report.RenderSession(sess, c.format, report.Options{Lang: l})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("%s %s lacks %q:\n%s", l, c.format, w, out)
				}
			}
			if strings.Contains(out, c.notOK) {
				t.Errorf("%s %s says %q:\n%s", l, c.format, c.notOK, out)
			}
		}
	}
	text := report.Text(rep, report.TextOptions{OnlyProblems: true, Lang: i18n.EN})
	if !strings.Contains(text, "Did not finish: config.files, ") || !strings.Contains(text, "interrupted after") {
		t.Errorf("the summary does not say what was cut short:\n%s", text)
	}
}
