package report

import (
	"bytes"
	"html/template"
	"strings"

	"apidoctor/checks"
)

// htmlPage is a self-contained page: inline CSS, light and dark by the
// reader's preference, printable, no script and no external asset.
var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"evidence": func(r checks.Result) string { s, _ := evidenceJSON(r); return s },
	"time":     func(r checks.Result) string { return roundDur(r.Duration) },
	"clock":    func(e Event) string { return e.At.Format("15:04:05") },
	"fixclock": func(e FixEvent) string { return e.At.Format("15:04:05") },
	"status":   statusText,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>apidoctor report{{with .Rep}} — {{.Verdict.Cause}}{{end}}</title>
<style>
:root { color-scheme: light dark; --bg:#ffffff; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --card:#f6f8fa;
  --pass:#1a7f37; --warn:#9a6700; --fail:#cf222e; --accent:#5a4fcf; }
@media (prefers-color-scheme: dark) { :root { --bg:#0d1117; --fg:#e6edf3; --muted:#9198a1; --line:#3d444d; --card:#151b23;
  --pass:#56d364; --warn:#e3b341; --fail:#ff7b72; --accent:#a69cff; } }
body { background:var(--bg); color:var(--fg); font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif; max-width:70rem; margin:2rem auto; padding:0 1rem; }
h1 { font-size:1.5rem; margin-bottom:.5rem } h2 { font-size:1.15rem; border-bottom:1px solid var(--line); padding-bottom:.2rem; margin-top:2rem }
.verdict { border:2px solid var(--accent); border-radius:8px; padding:.8rem 1rem; background:var(--card) }
.verdict.problem { border-color:var(--fail) } .verdict.ok { border-color:var(--pass) }
table { border-collapse:collapse; width:100% } td, th { border:1px solid var(--line); padding:.3rem .5rem; text-align:left; vertical-align:top }
th { background:var(--card) } code, pre { font:13px/1.4 ui-monospace,"SFMono-Regular",Menlo,monospace }
pre { background:var(--card); border:1px solid var(--line); border-radius:6px; padding:.6rem; overflow:auto; white-space:pre-wrap; word-break:break-all }
.pass { color:var(--pass) } .warn { color:var(--warn) } .fail { color:var(--fail); font-weight:600 } .skip, .na, .muted { color:var(--muted) }
details { margin:.4rem 0 } summary { cursor:pointer }
@media print { body { margin:0; max-width:none; font-size:11pt } details { page-break-inside:avoid } details > * { display:block } summary { list-style:none } }
</style>
</head>
<body>
<h1>apidoctor report</h1>
{{with .Rep}}
<div class="verdict {{.Verdict.Status}}">
{{if eq .Verdict.Status "ok"}}<strong class="pass">Verdict: ok.</strong> {{.Verdict.Summary}}
{{else}}<strong class="fail">Verdict: <code>{{.Verdict.Cause}}</code>.</strong> {{.Verdict.Summary}}
<p><strong>What to do:</strong> {{.Verdict.Action}}</p>
{{if .Verdict.Evidence}}<ul>{{range .Verdict.Evidence}}<li>{{.}}</li>{{end}}</ul>{{end}}{{end}}
</div>
<table>
<tr><th>Tool</th><td>apidoctor {{$.S.Tool.Version}} ({{$.S.Tool.Go}}, {{$.S.Tool.OS}}/{{$.S.Tool.Arch}})</td></tr>
<tr><th>When</th><td>{{.StartedAt.Format "2006-01-02T15:04:05Z07:00"}}</td></tr>
<tr><th>Host</th><td>{{$.S.Host.OS}}/{{$.S.Host.Arch}}{{with $.S.Host.Hostname}}, {{.}}{{end}}</td></tr>
<tr><th>Client</th><td>{{.Client}}</td></tr>
<tr><th>Target</th><td>{{.Target.Raw.Display}} ({{.Target.Raw.Source}}), {{.Route.String}}</td></tr>
</table>
{{end}}
{{if .Changes}}<h2>Before and after</h2>
<table><tr><th>check</th><th>first run</th><th>latest run</th></tr>
{{range .Changes}}<tr><td><code>{{.ID}}</code></td><td class="{{.Before.Status}}">{{status .Before}}</td><td class="{{.After.Status}}">{{status .After}}</td></tr>{{end}}
</table>{{end}}
{{if .S.Fixes}}<h2>Fixes</h2><ul>
{{range .S.Fixes}}<li>{{fixclock .}} <code>{{.Fix}}</code> {{.Event}}{{with .Target}} (to {{.}}){{end}}{{with .Verdict}}: verdict <code>{{.}}</code>{{end}}{{with .UndoID}}; undo with <code>apidoctor undo {{.}}</code>{{end}}{{with .Error}}: {{.}}{{end}}
{{if .Files}}<ul>{{range .Files}}<li><code>{{.Path}}</code>{{if .Backup}} (backup <code>{{.Backup}}</code>){{else}} (new){{end}}</li>{{end}}</ul>{{end}}
{{with .Diff}}<details><summary>diff</summary><pre>{{.}}</pre></details>{{end}}</li>
{{end}}</ul>{{end}}
{{with .Rep}}
<h2>Checks</h2>
<table><tr><th></th><th>check</th><th>summary</th><th>time</th></tr>
{{range .Checks}}<tr><td class="{{.Status}}">{{.Status}}</td><td><code>{{.ID}}</code></td><td>{{.Summary}}</td><td>{{time .}}</td></tr>
{{end}}</table>
<h2>Details</h2>
{{range .Checks}}{{if or .Evidence .Error}}<details><summary><code>{{.ID}}</code> — {{.Title}} (<span class="{{.Status}}">{{status .}}</span>)</summary>
<p>{{.Summary}}</p>{{with .Error}}<p>Error: <code>{{.}}</code></p>{{end}}
{{with evidence .}}<pre>{{.}}</pre>{{end}}</details>
{{end}}{{end}}
{{if .Settings}}<h2>Settings seen</h2>
<table><tr><th>variable</th><th>value</th><th>source</th></tr>
{{range .Settings}}<tr><td><code>{{.Name}}</code></td><td><code>{{.Display}}</code></td><td>{{.Source}}</td></tr>{{end}}
</table>{{end}}
{{end}}
<h2>Timeline</h2>
<ul>{{range .S.Timeline}}<li>{{clock .}} {{.What}}</li>{{end}}</ul>
</body>
</html>
`))

// SessionHTML renders the session as one self-contained HTML page.
func SessionHTML(s *Session) (string, error) {
	rep := s.Latest()
	var buf bytes.Buffer
	err := htmlPage.Execute(&buf, struct {
		S       *Session
		Rep     *checks.Report
		Changes []change
	}{s, rep, changes(s.First(), rep)})
	return strings.TrimSpace(buf.String()) + "\n", err
}
