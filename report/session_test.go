package report_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/report"
)

// labSession runs two scenarios' worth of checks into one session: a
// failing first run, a fix, and a passing re-check.
func labSession(t *testing.T) *report.Session {
	t.Helper()
	s, _ := lab.Find("tls-inspection")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	first, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	sess := report.NewSession(report.HostInfo{OS: "linux", Arch: "amd64", Hostname: "devbox", User: "alice", Home: "/home/alice"}, func() time.Time { clock = clock.Add(time.Second); return clock })
	sess.AddRun("check", "", first)
	opts.CABundle = writeTemp(t, l.InspectCA.PEM())
	after, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	sess.AddFix(report.FixEvent{Fix: "ca.bundle", Event: "applied", UndoID: "1", Files: []report.FixedFile{{Path: "/home/alice/.claude/settings.json", Backup: "/home/alice/.config/apidoctor/backups/1/0-settings.json"}}, Diff: "+ \"NODE_EXTRA_CA_CERTS\": \"/home/alice/corp.pem\"\n"})
	sess.AddRun("verify", "ca.bundle", after)
	return sess
}

func writeTemp(t *testing.T, data []byte) string {
	p := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(p, data, 0o600)
	return p
}

func TestSessionJSONDocument(t *testing.T) {
	out, err := report.RenderSession(labSession(t), report.FormatJSON, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema  string `json:"schema"`
		Verdict struct {
			Cause string `json:"cause"`
		} `json:"verdict"`
		Checks []json.RawMessage `json:"checks"`
		Runs   []struct {
			Kind    string            `json:"kind"`
			Verdict string            `json:"verdict"`
			Checks  map[string]string `json:"checks"`
		} `json:"runs"`
		Fixes []struct {
			Event  string `json:"event"`
			UndoID string `json:"undo_id"`
		} `json:"fixes"`
		Timeline []struct {
			What string `json:"what"`
		} `json:"timeline"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Schema != "apidoctor.session/v1" || doc.Verdict.Cause != "ok" || len(doc.Checks) != len(checks.Graph()) {
		t.Fatalf("doc %+v", doc)
	}
	if len(doc.Runs) != 2 || doc.Runs[0].Verdict != "tls_untrusted" || doc.Runs[0].Checks["tls"] != "fail:tls_untrusted" || doc.Runs[1].Checks["tls"] != "pass" {
		t.Fatalf("runs %+v", doc.Runs)
	}
	if len(doc.Fixes) != 1 || doc.Fixes[0].UndoID != "1" || len(doc.Timeline) < 4 {
		t.Fatalf("fixes %+v timeline %+v", doc.Fixes, doc.Timeline)
	}
}

func TestSessionMarkdownAndHTML(t *testing.T) {
	sess := labSession(t)
	md, err := report.RenderSession(sess, report.FormatMarkdown, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"> **Verdict: ok.**", "## Before and after", "| **verdict** | `tls_untrusted` | `ok` |", "| `tls` | fail (tls_untrusted) | pass |", "## Fixes", "apidoctor undo 1", "<details><summary><code>tls</code>", "\"sha256\":", "## Timeline"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	html, err := report.RenderSession(sess, report.FormatHTML, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "prefers-color-scheme: dark", "@media print", "<details>", "Before and after"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "<link", " src=", "http-equiv"} {
		if strings.Contains(html, bad) {
			t.Errorf("html is not self-contained: it has %q", bad)
		}
	}
}

func TestHTMLEscapesWhatServersSend(t *testing.T) {
	sess := labSession(t)
	sess.Latest().Checks[0].Summary = `<script>alert("x")</script>`
	html, _ := report.RenderSession(sess, report.FormatHTML, report.Options{})
	if strings.Contains(html, "<script>alert") {
		t.Fatal("a summary was written into the HTML unescaped")
	}
}

func TestRedactPaths(t *testing.T) {
	sess := labSession(t)
	out, err := report.RenderSession(sess, report.FormatMarkdown, report.Options{RedactPaths: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "/home/alice") || strings.Contains(out, "devbox") {
		t.Fatalf("paths or host name left:\n%s", out)
	}
	if !strings.Contains(out, "~/.claude/settings.json") || !strings.Contains(out, "<host>") {
		t.Fatalf("paths should read ~/…, the host <host>:\n%s", out)
	}
	plain, _ := report.RenderSession(sess, report.FormatMarkdown, report.Options{})
	if !strings.Contains(plain, "/home/alice/.claude/settings.json") {
		t.Fatal("without --redact-paths the paths stay")
	}
}

func TestSaveNewNeverOverwrites(t *testing.T) {
	sess := labSession(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "r.html")
	os.WriteFile(path, []byte("mine"), 0o600)
	got, err := report.SaveNew(path, sess, report.FormatFromPath(path), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(got) != "r-1.html" {
		t.Fatalf("saved to %s", got)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Fatal("an existing file was overwritten")
	}
	if b, _ := os.ReadFile(got); !strings.HasPrefix(string(b), "<!DOCTYPE html>") {
		t.Fatal("the format should come from the extension")
	}
}

func TestSessionInChinese(t *testing.T) {
	sess := labSession(t)
	md, err := report.RenderSession(sess, report.FormatMarkdown, report.Options{Lang: i18n.ZH})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# apidoctor 诊断报告", "结论：正常。", "## 修复前后对比", "| `tls` | fail (tls_untrusted) | pass |", "已应用", "## 时间线", "证书链被"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Chinese report lacks %q", want)
		}
	}
	html, err := report.RenderSession(sess, report.FormatHTML, report.Options{Lang: i18n.ZH})
	if err != nil || !strings.Contains(html, `<html lang="zh-CN">`) || !strings.Contains(html, "修复前后对比") {
		t.Fatalf("Chinese HTML: %v", err)
	}
	// Cause codes and JSON keys stay English.
	js, _ := report.RenderSession(sess, report.FormatJSON, report.Options{Lang: i18n.ZH})
	if !strings.Contains(js, `"verdict": "tls_untrusted"`) {
		t.Fatal("JSON must keep cause codes")
	}
}
