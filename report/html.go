package report

import (
	"bytes"
	"html/template"
	"strings"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
)

// htmlPage is a self-contained page: inline CSS, light and dark by the
// reader's preference, printable, no script and no external asset.
var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"evidence": func(r checks.Result) string { s, _ := evidenceJSON(nil, r); return s },
	"time":     func(r checks.Result) string { return roundDur(r.Duration) },
	"clock":    func(e Event) string { return e.At.Format("15:04:05") },
	"fixclock": func(e FixEvent) string { return e.At.Format("15:04:05") },
	"status":   statusText,
	// Filled per page with the page's language (see SessionHTML).
	"t":       func(key string, args ...any) string { return key },
	"summary": func(r checks.Result) string { return r.Summary },
	"title":   func(r checks.Result) string { return r.Title },
	"event":   func(e Event) string { return e.What },
	// safe and safetext redact and escape a value (see SessionHTML).
	"safe":     redact.Escape,
	"safetext": redact.EscapeText,
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{t "md.title"}}{{with .Rep}} — {{.Verdict.Cause}}{{end}}</title>
<style>
:root { color-scheme: light dark; --bg:#ffffff; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --card:#f6f8fa;
  --pass:#1a7f37; --warn:#9a6700; --fail:#cf222e; --accent:#5a4fcf; }
@media (prefers-color-scheme: dark) { :root { --bg:#0d1117; --fg:#e6edf3; --muted:#9198a1; --line:#3d444d; --card:#151b23;
  --pass:#56d364; --warn:#e3b341; --fail:#ff7b72; --accent:#a69cff; } }
body { background:var(--bg); color:var(--fg); font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif; max-width:70rem; margin:2rem auto; padding:0 1rem; }
h1 { font-size:1.5rem; margin-bottom:.5rem } h2 { font-size:1.15rem; border-bottom:1px solid var(--line); padding-bottom:.2rem; margin-top:2rem }
.verdict { border:2px solid var(--accent); border-radius:8px; padding:.8rem 1rem; background:var(--card) }
.verdict.problem { border-color:var(--fail) } .verdict.ok { border-color:var(--pass) } .verdict.incomplete { border-color:var(--warn) }
table { border-collapse:collapse; width:100% } td, th { border:1px solid var(--line); padding:.3rem .5rem; text-align:left; vertical-align:top }
th { background:var(--card) } code, pre { font:13px/1.4 ui-monospace,"SFMono-Regular",Menlo,monospace }
pre { background:var(--card); border:1px solid var(--line); border-radius:6px; padding:.6rem; overflow:auto; white-space:pre-wrap; word-break:break-all }
.pass { color:var(--pass) } .warn { color:var(--warn) } .fail { color:var(--fail); font-weight:600 } .skip, .na, .muted { color:var(--muted) }
details { margin:.4rem 0 } summary { cursor:pointer }
@media print { body { margin:0; max-width:none; font-size:11pt } details { page-break-inside:avoid } details > * { display:block } summary { list-style:none } }
</style>
</head>
<body>
<h1>{{t "md.title"}}</h1>
{{with .Rep}}
<div class="verdict {{.Verdict.Status}}">
{{if eq .Verdict.Status "ok"}}<strong class="pass">{{t "md.verdict_ok"}}</strong> {{$.V.Summary}}
{{else if eq .Verdict.Status "incomplete"}}<strong class="warn">{{t "md.verdict_incomplete"}}</strong> {{$.V.Summary}}
<p><strong>{{t "md.unfinished"}}</strong> {{range $i, $id := .Verdict.Unfinished}}{{if $i}}, {{end}}<code>{{$id}}</code>{{end}}</p>
<p><strong>{{t "md.what_to_do"}}</strong> {{$.V.Action}}</p>
{{else}}<strong class="fail">{{t "md.verdict" (printf "%s" .Verdict.Cause)}}</strong> {{$.V.Summary}}
<p><strong>{{t "md.what_to_do"}}</strong> {{$.V.Action}}</p>
{{if $.V.Evidence}}<ul>{{range $.V.Evidence}}<li>{{.}}</li>{{end}}{{range $.V.Alternatives}}<li>{{t "report.another_way" .}}</li>{{end}}</ul>{{end}}{{end}}
</div>
<table>
<tr><th>{{t "md.tool"}}</th><td>{{safe $.S.Tool.String}}</td></tr>
<tr><th>{{t "md.when"}}</th><td>{{.StartedAt.Format "2006-01-02T15:04:05Z07:00"}}</td></tr>
<tr><th>{{t "md.host"}}</th><td>{{safe $.S.Host.OS}}/{{safe $.S.Host.Arch}}{{with $.S.Host.Hostname}}, {{safe .}}{{end}}</td></tr>
<tr><th>{{t "md.client"}}</th><td>{{.Client}}</td></tr>
<tr><th>{{t "md.target"}}</th><td>{{safe .Target.Raw.Display}} ({{safe .Target.Raw.Source}}), {{$.RouteText}}</td></tr>
</table>
{{end}}
{{if .Changes}}<h2>{{t "md.before_after"}}</h2>
<table><tr><th>{{t "md.col_check"}}</th><th>{{t "md.col_first"}}</th><th>{{t "md.col_latest"}}</th></tr>
{{range .Changes}}<tr><td><code>{{.ID}}</code></td><td class="{{.Before.Status}}">{{status .Before}}</td><td class="{{.After.Status}}">{{status .After}}</td></tr>{{end}}
</table>{{end}}
{{if .S.Fixes}}<h2>{{t "md.fixes"}}</h2><ul>
{{range .S.Fixes}}<li>{{fixclock .}} <code>{{safe .Fix}}</code> {{t (printf "fix.event.%s" .Event)}}{{with .Target}}{{t "md.fix_target" (safe .)}}{{end}}{{with .Verdict}}{{t "md.fix_verdict" (safe .)}}{{end}}{{with .UndoID}}{{t "md.fix_undo" (safe .)}}{{end}}{{with .Error}}: {{safe .}}{{end}}
{{if .Files}}<ul>{{range .Files}}<li><code>{{safe .Path}}</code> {{if .Backup}}{{t "md.backup" (safe .Backup)}}{{else}}{{t "md.new_file"}}{{end}}</li>{{end}}</ul>{{end}}
{{with .Diff}}<details><summary>{{t "md.diff"}}</summary><pre>{{safetext .}}</pre></details>{{end}}</li>
{{end}}</ul>{{end}}
{{with .Rep}}
<h2>{{t "md.checks"}}</h2>
<table><tr><th></th><th>{{t "md.col_check"}}</th><th>{{t "md.col_summary"}}</th><th>{{t "md.col_time"}}</th></tr>
{{range .Checks}}<tr><td class="{{.Status}}">{{.Status}}</td><td><code>{{.ID}}</code></td><td>{{summary .}}</td><td>{{time .}}</td></tr>
{{end}}</table>
<h2>{{t "md.details"}}</h2>
{{range .Checks}}{{if or .Evidence .Error}}<details><summary><code>{{.ID}}</code> — {{title .}} (<span class="{{.Status}}">{{status .}}</span>)</summary>
<p>{{summary .}}</p>{{with .Error}}<p>{{t "md.error"}} <code>{{safetext .}}</code></p>{{end}}
{{with evidence .}}<pre>{{.}}</pre>{{end}}</details>
{{end}}{{end}}
{{if .Settings}}<h2>{{t "md.settings"}}</h2>
<table><tr><th>{{t "md.col_variable"}}</th><th>{{t "md.col_value"}}</th><th>{{t "md.col_source"}}</th></tr>
{{range .Settings}}<tr><td><code>{{safe .Name}}</code></td><td><code>{{safetext .Display}}</code></td><td>{{safe .Source}}</td></tr>{{end}}
</table>{{end}}
{{end}}
<h2>{{t "md.timeline"}}</h2>
<ul>{{range .S.Timeline}}<li>{{clock .}} {{event .}}</li>{{end}}</ul>
</body>
</html>
`))

// SessionHTML renders the session as one self-contained HTML page. Every
// value is redacted and escaped (redact.Display) before the template
// escapes it for HTML: a secret turned into &#43; or &#39; would no longer
// be the secret the redactor knows.
func SessionHTML(s *Session, l i18n.Lang) (string, error) {
	return sessionHTML(s, l, redact.New(s.secrets...))
}

// sessionHTML is SessionHTML with a redactor (see Session.redactor).
func sessionHTML(s *Session, l i18n.Lang, red *redact.Redactor) (string, error) {
	rep := s.Latest()
	page, err := htmlPage.Clone()
	if err != nil {
		return "", err
	}
	page.Funcs(template.FuncMap{
		"t":        func(key string, args ...any) string { return l.T(key, args...) },
		"summary":  func(r checks.Result) string { return red.Display(r.SummaryIn(l)) },
		"title":    func(r checks.Result) string { return red.Display(r.TitleIn(l)) },
		"event":    func(e Event) string { return red.Display(e.In(l)) },
		"evidence": func(r checks.Result) string { s, _ := evidenceJSON(red, r); return s },
		"safe":     red.Display,
		"safetext": red.DisplayText,
	})
	data := struct {
		S         *Session
		Rep       *checks.Report
		V         checks.VerdictText
		RouteText string
		Changes   []change
		Lang      string
	}{S: s, Rep: rep, Changes: changes(s.First(), rep), Lang: map[i18n.Lang]string{i18n.ZH: "zh-CN"}[l]}
	if data.Lang == "" {
		data.Lang = "en"
	}
	if rep != nil {
		data.V, data.RouteText = safeVerdict(red, rep.VerdictIn(l)), red.Display(routeText(rep.Route, l))
	}
	var buf bytes.Buffer
	err = page.Execute(&buf, data)
	return strings.TrimSpace(buf.String()) + "\n", err
}
