package report

import (
	"fmt"
	"strings"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
)

// sessionDoc is the JSON of a session: the latest check document's fields
// at the top (so scripts that read apidoctor.check/v1 find them), then
// every run in brief, the fixes and the timeline.
type sessionDoc struct {
	Schema     string            `json:"schema"`
	Tool       checks.ToolInfo   `json:"tool"`
	Host       HostInfo          `json:"host"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at"`
	Client     checks.ClientName `json:"client,omitempty"`
	Target     *checks.Target    `json:"target,omitempty"`
	Route      *checks.Route     `json:"route,omitempty"`
	Settings   []checks.Value    `json:"settings,omitempty"`
	Verdict    *checks.Verdict   `json:"verdict,omitempty"`
	Checks     []checks.Result   `json:"checks,omitempty"`
	Runs       []runBrief        `json:"runs"`
	Fixes      []FixEvent        `json:"fixes"`
	Timeline   []Event           `json:"timeline"`
}

// runBrief is a run without its evidence: enough for before and after.
type runBrief struct {
	Kind     string            `json:"kind"`
	At       time.Time         `json:"at"`
	Fix      string            `json:"fix,omitempty"`
	Verdict  checks.Cause      `json:"verdict"`
	Statuses map[string]string `json:"checks"`
}

// SessionJSON renders the apidoctor.session/v1 document, every string
// redacted and escaped before it is encoded (see JSON).
func SessionJSON(s *Session) (string, error) {
	return sessionJSON(s, redact.New(s.secrets...))
}

// sessionJSON is SessionJSON with a redactor (see Session.redactor).
func sessionJSON(s *Session, red *redact.Redactor) (string, error) {
	d := sessionDoc{Schema: SessionSchema, Tool: s.Tool, Host: s.Host, StartedAt: s.StartedAt, FinishedAt: s.now().UTC(), Fixes: s.Fixes, Timeline: s.Timeline}
	if d.Fixes == nil {
		d.Fixes = []FixEvent{}
	}
	if rep := s.Latest(); rep != nil {
		d.Client, d.Target, d.Route, d.Settings, d.Verdict, d.Checks = rep.Client, &rep.Target, &rep.Route, rep.Settings, &rep.Verdict, rep.Checks
	}
	d.Runs = []runBrief{}
	for _, r := range s.Runs {
		b := runBrief{Kind: r.Kind, At: r.At, Fix: r.Fix, Verdict: r.Report.Verdict.Cause, Statuses: map[string]string{}}
		for _, c := range r.Report.Checks {
			st := string(c.Status)
			if c.Cause != "" {
				st += ":" + string(c.Cause)
			}
			b.Statuses[c.ID] = st
		}
		d.Runs = append(d.Runs, b)
	}
	out, err := red.Marshal(d, "  ")
	if err != nil {
		return "", err
	}
	return string(out) + "\n", nil
}

// changes lists the checks whose status differs between two reports.
type change struct {
	ID            string
	Before, After checks.Result
}

func changes(before, after *checks.Report) []change {
	if before == nil || after == nil || before == after {
		return nil
	}
	prev := map[string]checks.Result{}
	for _, r := range before.Checks {
		prev[r.ID] = r
	}
	var out []change
	for _, r := range after.Checks {
		if p, ok := prev[r.ID]; ok && (p.Status != r.Status || p.Cause != r.Cause) {
			out = append(out, change{r.ID, p, r})
		}
	}
	return out
}

func statusText(r checks.Result) string {
	if r.Cause != "" {
		return string(r.Status) + " (" + string(r.Cause) + ")"
	}
	return string(r.Status)
}

// SessionMarkdown renders the session for a ticket or a forge: the verdict
// and what to do on top, then what changed, the fixes, the checks, the
// details in collapsible sections, the settings and the timeline.
//
// Every value is redacted and escaped (redact.Display) before it is put in
// a table cell, a code span or a list: the text is finished only after.
func SessionMarkdown(s *Session, l i18n.Lang) string {
	return sessionMarkdown(s, l, redact.New(s.secrets...))
}

// sessionMarkdown is SessionMarkdown with a redactor (see Session.redactor).
func sessionMarkdown(s *Session, l i18n.Lang, red *redact.Redactor) string {
	var b strings.Builder
	rep := s.Latest()
	b.WriteString("# " + l.T("md.title") + "\n\n")
	if rep == nil {
		b.WriteString(l.T("md.no_run") + "\n")
		return b.String()
	}
	safe := red.Display
	v := rep.Verdict
	vt := safeVerdict(red, rep.VerdictIn(l))
	switch {
	case v.Status == "ok":
		fmt.Fprintf(&b, "> **%s** %s\n", l.T("md.verdict_ok"), vt.Summary)
	case rep.Incomplete():
		fmt.Fprintf(&b, "> **%s** %s\n>\n> **%s** %s\n>\n> **%s** %s\n", l.T("md.verdict_incomplete"), vt.Summary,
			l.T("md.unfinished"), unfinishedList(v.Unfinished), l.T("md.what_to_do"), vt.Action)
	default:
		fmt.Fprintf(&b, "> **%s** %s\n>\n> **%s** %s\n", l.T("md.verdict", string(v.Cause)), vt.Summary, l.T("md.what_to_do"), vt.Action)
	}
	b.WriteString("\n| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| %s | %s |\n", l.T("md.tool"), mdCell(safe(s.Tool.String())))
	fmt.Fprintf(&b, "| %s | %s |\n", l.T("md.when"), l.T("md.when_value", rep.StartedAt.Format(time.RFC3339), s.StartedAt.Format(time.RFC3339)))
	host := s.Host.OS + "/" + s.Host.Arch
	if s.Host.Hostname != "" {
		host += ", " + s.Host.Hostname
	}
	fmt.Fprintf(&b, "| %s | %s |\n", l.T("md.host"), mdCell(safe(host)))
	fmt.Fprintf(&b, "| %s | %s |\n", l.T("md.client"), rep.Client)
	fmt.Fprintf(&b, "| %s | %s (%s), %s |\n", l.T("md.target"), mdCell(safe(rep.Target.Raw.Display())), mdCell(safe(rep.Target.Raw.Source)), mdCell(safe(routeText(rep.Route, l))))
	if len(vt.Evidence) > 0 {
		b.WriteString("\n## " + l.T("md.evidence") + "\n\n")
		for _, e := range vt.Evidence {
			fmt.Fprintf(&b, "- %s\n", mdEscape(e))
		}
	}
	for _, a := range vt.Alternatives {
		fmt.Fprintf(&b, "- %s\n", mdEscape(l.T("report.another_way", a)))
	}
	if ch := changes(s.First(), rep); len(ch) > 0 || (s.First() != nil && s.First() != rep) {
		b.WriteString("\n## " + l.T("md.before_after") + "\n\n| " + l.T("md.col_check") + " | " + l.T("md.col_first") + " | " + l.T("md.col_latest") + " |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| **%s** | `%s` | `%s` |\n", l.T("md.verdict_row"), s.First().Verdict.Cause, v.Cause)
		for _, c := range ch {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.ID, statusText(c.Before), statusText(c.After))
		}
	}
	if len(s.Fixes) > 0 {
		b.WriteString("\n## " + l.T("md.fixes") + "\n\n")
		for _, f := range s.Fixes {
			fmt.Fprintf(&b, "- %s — `%s` %s", f.At.Format("15:04:05"), safe(f.Fix), l.T("fix.event."+f.Event))
			if f.Target != "" {
				b.WriteString(l.T("md.fix_target", safe(f.Target)))
			}
			if f.Verdict != "" {
				b.WriteString(l.T("md.fix_verdict", safe(f.Verdict)))
			}
			if f.UndoID != "" {
				b.WriteString(l.T("md.fix_undo", safe(f.UndoID)))
			}
			if f.Error != "" {
				fmt.Fprintf(&b, ": %s", mdEscape(safe(f.Error)))
			}
			b.WriteString("\n")
			for _, file := range f.Files {
				if file.Backup != "" {
					fmt.Fprintf(&b, "  - `%s` %s\n", safe(file.Path), l.T("md.backup", safe(file.Backup)))
				} else {
					fmt.Fprintf(&b, "  - `%s` %s\n", safe(file.Path), l.T("md.new_file"))
				}
			}
			if f.Diff != "" {
				fmt.Fprintf(&b, "\n  <details><summary>%s</summary>\n\n  ```diff\n%s  ```\n  </details>\n\n", l.T("md.diff"), indentLines(red.DisplayText(f.Diff), "  "))
			}
		}
	}
	b.WriteString("\n## " + l.T("md.checks") + "\n\n| | " + l.T("md.col_check") + " | " + l.T("md.col_summary") + " | " + l.T("md.col_time") + " |\n|---|---|---|---|\n")
	for _, r := range rep.Checks {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", r.Status, r.ID, mdCell(safe(r.SummaryIn(l))), roundDur(r.Duration))
	}
	b.WriteString("\n## " + l.T("md.details") + "\n\n")
	for _, r := range rep.Checks {
		if r.Evidence == nil && r.Error == "" {
			continue
		}
		label := string(r.Status)
		if r.Cause != "" {
			label += ", " + string(r.Cause)
		}
		fmt.Fprintf(&b, "<details><summary><code>%s</code> — %s (%s)</summary>\n\n", r.ID, safe(r.TitleIn(l)), label)
		fmt.Fprintf(&b, "%s\n\n", mdEscape(safe(r.SummaryIn(l))))
		if r.Error != "" {
			fmt.Fprintf(&b, "%s `%s`\n\n", l.T("md.error"), strings.ReplaceAll(strings.ReplaceAll(red.DisplayText(r.Error), "\n", " "), "`", "'"))
		}
		if ev, err := evidenceJSON(red, r); err == nil && ev != "" {
			fmt.Fprintf(&b, "```json\n%s\n```\n\n", ev)
		}
		b.WriteString("</details>\n\n")
	}
	if len(rep.Settings) > 0 {
		b.WriteString("## " + l.T("md.settings") + "\n\n| " + l.T("md.col_variable") + " | " + l.T("md.col_value") + " | " + l.T("md.col_source") + " |\n|---|---|---|\n")
		for _, st := range rep.Settings {
			fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", safe(st.Name), mdCell(red.DisplayText(st.Display())), mdCell(safe(st.Source)))
		}
		b.WriteString("\n")
	}
	b.WriteString("## " + l.T("md.timeline") + "\n\n")
	for _, e := range s.Timeline {
		fmt.Fprintf(&b, "- %s %s\n", e.At.Format("15:04:05"), mdEscape(safe(e.In(l))))
	}
	return b.String()
}

// unfinishedList names the checks that did not finish, as code.
func unfinishedList(ids []string) string {
	return "`" + strings.Join(ids, "`, `") + "`"
}

func mdCell(s string) string { return mdEscape(strings.ReplaceAll(s, "\n", " ")) }

func indentLines(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	return b.String()
}

// SessionOf wraps one report as a session (the CLI's check).
func SessionOf(rep *checks.Report, host HostInfo) *Session {
	s := NewSession(host, func() time.Time { return rep.StartedAt.Add(rep.Duration) })
	s.StartedAt = rep.StartedAt
	s.Timeline[0].At = rep.StartedAt
	s.AddRun("check", "", rep)
	return s
}

// Options shape a written report.
type Options struct {
	// RedactPaths hides the home folder (as ~), the user name where it is
	// a path component or the host block's user (as <user>) and the host
	// name (as <host>): see redact.Redactor.WithPaths.
	RedactPaths bool
	// Lang is the language of the prose.
	Lang i18n.Lang
}

// redactor is the session's redactor: its secrets and, with
// --redact-paths, its host's home, user and host name. The renderers run
// every value through it before it is cut, wrapped or encoded (a
// C:\Users\alice encoded in JSON is C:\\Users\\alice, which a pass over the
// finished text would have to know to look for).
func (s *Session) redactor(o Options) *redact.Redactor {
	red := redact.New(s.secrets...)
	if o.RedactPaths {
		red = red.WithPaths(redact.Paths{Home: s.Host.Home, User: s.Host.User, Host: s.Host.Hostname})
	}
	return red
}

// RenderSession renders a session in a format, redacted; it refuses when
// a secret the session saw survives, or, with --redact-paths, when the
// home or the user name does in any form.
func RenderSession(s *Session, f Format, o Options) (string, error) {
	red := s.redactor(o)
	var text string
	var err error
	switch f {
	case FormatJSON:
		text, err = sessionJSON(s, red)
	case FormatHTML:
		text, err = sessionHTML(s, o.Lang, red)
	case FormatText:
		if rep := s.Latest(); rep != nil {
			text = renderText(rep, TextOptions{Lang: o.Lang}, red)
		}
	default:
		text = sessionMarkdown(s, o.Lang, red)
	}
	if err != nil {
		return "", err
	}
	// A last pass over the finished text (each renderer redacted and
	// escaped every value already): newlines and tabs stay. Over a page
	// it masks secrets only: a host named like a word of the markup
	// (a CSS class) must not rewrite the markup. Over Markdown and text it
	// hides the home and the user name but not the host: a host named
	// like a heading or a key of an evidence block ("server") must not
	// rewrite them. A JSON document's keys are kept by red.JSON itself.
	last := red
	switch {
	case f == FormatHTML:
		last = redact.New(s.secrets...)
	case f != FormatJSON && o.RedactPaths:
		last = redact.New(s.secrets...).WithPaths(redact.Paths{Home: s.Host.Home, User: s.Host.User})
	}
	if text, err = finish(last, text); err != nil {
		return "", err
	}
	if leaks := red.Leaks(text); len(leaks) > 0 {
		return "", i18n.Errorf("err.leak", len(leaks))
	}
	if leaks := red.PathLeaks(text); len(leaks) > 0 {
		return "", i18n.Errorf("err.path_leak", i18n.Msg("path_leak."+strings.Join(leaks, "_")))
	}
	return text, nil
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
