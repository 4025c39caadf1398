package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
	"apidoctor/termtext"
)

// Glyphs are the status marks of a row.
type Glyphs map[checks.Status]string

// Unicode and ASCII glyph sets.
var (
	UnicodeGlyphs = Glyphs{checks.Pass: "✓", checks.Warn: "!", checks.Fail: "✗", checks.Skip: "–", checks.NA: "·"}
	ASCIIGlyphs   = Glyphs{checks.Pass: "ok", checks.Warn: "!!", checks.Fail: "XX", checks.Skip: "--", checks.NA: ".."}
)

// TextOptions shape the headless text.
type TextOptions struct {
	Glyphs Glyphs
	Width  int // wrap and clip width; 0 means no clipping (pipes)
	// OnlyProblems leaves out the rows that passed or did not apply, for
	// the one-screen summary the wizard prints on exit.
	OnlyProblems bool
	// Lang is the language of the prose (cause codes stay as they are).
	Lang i18n.Lang
}

// Text renders a report for a terminal or a pipe: the verdict first, then
// one row per check in path order.
//
// Every value is redacted and escaped (redact.Display) before it is
// wrapped or clipped: a secret broken across two lines, or cut with an
// ellipsis, would no longer be the secret the redactor knows.
func Text(rep *checks.Report, o TextOptions) string {
	return renderText(rep, o, redact.New(rep.Secrets()...))
}

// renderText is Text with the redactor of a session (its secrets, and
// what --redact-paths hides).
func renderText(rep *checks.Report, o TextOptions, red *redact.Redactor) string {
	if o.Glyphs == nil {
		o.Glyphs = UnicodeGlyphs
	}
	l := o.Lang
	var b strings.Builder
	v := rep.Verdict
	vt := safeVerdict(red, rep.VerdictIn(l))
	b.WriteString(clip(fmt.Sprintf("apidoctor %s · %s → %s (%s)", red.Display(rep.Tool.Version), rep.Client, red.Display(rep.Target.Raw.Display()), red.Display(routeText(rep.Route, l))), o.Width) + "\n\n")
	switch {
	case v.Status == "ok":
		wrap(&b, o.Glyphs[checks.Pass]+" "+l.T("report.ok")+"  "+vt.Summary, "", o.Width)
	case rep.Incomplete():
		// Never a green OK: a run cut short proves nothing.
		wrap(&b, o.Glyphs[checks.Skip]+" "+l.T("report.incomplete")+"  "+vt.Summary, "", o.Width)
		wrap(&b, l.T("report.unfinished", strings.Join(v.Unfinished, ", ")), "  ", o.Width)
		wrap(&b, l.T("report.what_to_do", vt.Action), "  ", o.Width)
	default:
		fmt.Fprintf(&b, "%s %s  %s\n", o.Glyphs[checks.Fail], l.T("report.problem"), v.Cause)
		wrap(&b, vt.Summary, "  ", o.Width)
		for _, e := range vt.Evidence {
			wrap(&b, "• "+e, "  ", o.Width)
		}
		if vt.Action != "" {
			wrap(&b, l.T("report.what_to_do", vt.Action), "  ", o.Width)
		}
		if len(v.Fixes) > 0 {
			fmt.Fprintf(&b, "  %s\n", l.T("report.guided_fix", strings.Join(v.Fixes, ", ")))
		}
		for _, a := range vt.Alternatives {
			wrap(&b, l.T("report.another_way", a), "  ", o.Width)
		}
	}
	b.WriteString("\n")
	idW := 0
	for _, r := range rep.Checks {
		idW = max(idW, len(r.ID))
	}
	hidden := 0
	for _, r := range rep.Checks {
		if o.OnlyProblems && r.Status != checks.Fail && r.Status != checks.Warn {
			hidden++
			continue
		}
		line := fmt.Sprintf("%-2s %-*s  %s", o.Glyphs[r.Status], idW, r.ID, red.Display(r.SummaryIn(l)))
		if r.Duration >= time.Millisecond {
			line += fmt.Sprintf(" [%s]", roundDur(r.Duration))
		}
		b.WriteString(clip(line, o.Width) + "\n")
	}
	if len(rep.Routes) > 0 {
		b.WriteString("\n" + l.T("report.routes") + "\n")
		for _, r := range rep.Routes {
			st := checks.Pass
			what := l.T("report.route_open", r.MS)
			if !r.Open {
				st, what = checks.Fail, string(r.Cause)
			}
			b.WriteString(clip(fmt.Sprintf("%-2s %-32s %-28s %s", o.Glyphs[st], red.Display(r.Endpoint.Name), red.Display(r.Via), red.Display(what)), o.Width) + "\n")
		}
	}
	if hidden > 0 {
		b.WriteString(l.T("report.hidden", hidden) + "\n")
	}
	if rep.Incomplete() {
		b.WriteString("\n" + l.T("report.interrupted_after", roundDur(rep.Duration)))
	} else {
		b.WriteString("\n" + l.T("report.finished", roundDur(rep.Duration)))
	}
	if v.Warnings > 0 {
		b.WriteString(l.T("report.warnings", v.Warnings))
	}
	b.WriteString("\n")
	return b.String()
}

func roundDur(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(10 * time.Millisecond).String()
	}
}

// wrap writes s indented to fit width, measured in display cells (a
// Chinese character takes two).
func wrap(b *strings.Builder, s, indent string, width int) {
	if width <= 0 {
		width = 100
	}
	for _, l := range termtext.Wrap(indent+s, width, indent+"  ") {
		b.WriteString(strings.TrimRight(l, " ") + "\n")
	}
}

// clip cuts a line to width display cells, marking the cut.
func clip(s string, width int) string {
	if width <= 0 || termtext.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// routeText describes a route in a language.
func routeText(r checks.Route, l i18n.Lang) string {
	if r.Proxy == nil {
		return l.T("route.direct")
	}
	return l.T("route.via", r.ProxyDisplay)
}

// safeVerdict is a verdict's prose redacted and escaped, value by value.
func safeVerdict(red *redact.Redactor, vt checks.VerdictText) checks.VerdictText {
	vt.Summary, vt.Action = red.Display(vt.Summary), red.Display(vt.Action)
	vt.Evidence, vt.Alternatives = safeList(red, vt.Evidence), safeList(red, vt.Alternatives)
	return vt
}

func safeList(red *redact.Redactor, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = red.Display(s)
	}
	return out
}

// Write redacts and escapes text with the report's secrets (a last pass:
// the renderers redact each value first) and writes it, refusing if a
// secret survived (which would be a bug in a renderer). Newlines and tabs
// stay; any other control character is shown as \x1b text.
func Write(w io.Writer, rep *checks.Report, text string) error {
	red := redact.New(rep.Secrets()...)
	text, err := finish(red, text)
	if err != nil {
		return err
	}
	if leaks := red.Leaks(text); len(leaks) > 0 {
		return i18n.Errorf("err.leak", len(leaks))
	}
	_, err = io.WriteString(w, text)
	return err
}

// finish is the last pass over a finished output: string by string for a
// JSON document (a pass over its encoded text could eat the backslash of
// an escaped quote), over the whole text otherwise.
func finish(red *redact.Redactor, text string) (string, error) {
	if strings.HasPrefix(text, "{") && json.Valid([]byte(text)) {
		b, err := red.JSON([]byte(text))
		return string(b), err
	}
	return red.DisplayText(text), nil
}
