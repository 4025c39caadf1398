package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"apidoctor/checks"
	"apidoctor/redact"
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
}

// Text renders a report for a terminal or a pipe: the verdict first, then
// one row per check in path order.
func Text(rep *checks.Report, o TextOptions) string {
	if o.Glyphs == nil {
		o.Glyphs = UnicodeGlyphs
	}
	var b strings.Builder
	v := rep.Verdict
	b.WriteString(clip(fmt.Sprintf("apidoctor %s · %s → %s (%s)", rep.Tool.Version, rep.Client, rep.Target.Raw.Display(), rep.Route.String()), o.Width) + "\n\n")
	if v.Status == "ok" {
		fmt.Fprintf(&b, "%s OK  %s\n", o.Glyphs[checks.Pass], v.Summary)
	} else {
		fmt.Fprintf(&b, "%s PROBLEM  %s\n", o.Glyphs[checks.Fail], v.Cause)
		wrap(&b, v.Summary, "  ", o.Width)
		for _, e := range v.Evidence {
			wrap(&b, "• "+e, "  ", o.Width)
		}
		if v.Action != "" {
			wrap(&b, "What to do: "+v.Action, "  ", o.Width)
		}
		if len(v.Fixes) > 0 {
			fmt.Fprintf(&b, "  Guided fix: %s\n", strings.Join(v.Fixes, ", "))
		}
		for _, a := range v.Alternatives {
			wrap(&b, "Another way in: "+a, "  ", o.Width)
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
		line := fmt.Sprintf("%-2s %-*s  %s", o.Glyphs[r.Status], idW, r.ID, r.Summary)
		if r.Duration >= time.Millisecond {
			line += fmt.Sprintf(" [%s]", roundDur(r.Duration))
		}
		b.WriteString(clip(line, o.Width) + "\n")
	}
	if len(rep.Routes) > 0 {
		b.WriteString("\nRoutes to Claude:\n")
		for _, r := range rep.Routes {
			st := checks.Pass
			what := fmt.Sprintf("open in %.0f ms", r.MS)
			if !r.Open {
				st, what = checks.Fail, string(r.Cause)
			}
			b.WriteString(clip(fmt.Sprintf("%-2s %-32s %-28s %s", o.Glyphs[st], r.Endpoint.Name, r.Via, what), o.Width) + "\n")
		}
	}
	if hidden > 0 {
		fmt.Fprintf(&b, "(%d more checks passed, were skipped or did not apply)\n", hidden)
	}
	fmt.Fprintf(&b, "\nfinished in %s", roundDur(rep.Duration))
	if v.Warnings > 0 {
		fmt.Fprintf(&b, " · %d warning(s)", v.Warnings)
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

// wrap writes s indented, broken at spaces to fit width.
func wrap(b *strings.Builder, s, indent string, width int) {
	if width <= 0 {
		width = 100
	}
	line := indent
	for _, w := range strings.Fields(s) {
		if len([]rune(line))+1+len([]rune(w)) > width && strings.TrimSpace(line) != "" && line != indent {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent + "  "
		}
		line += w + " "
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
}

// clip cuts a line to width runes, marking the cut.
func clip(s string, width int) string {
	r := []rune(s)
	if width <= 0 || len(r) <= width {
		return s
	}
	return string(r[:width-1]) + "…"
}

// Write redacts text with the report's secrets and writes it, refusing if
// a secret survived (which would be a bug in a renderer).
func Write(w io.Writer, rep *checks.Report, text string) error {
	red := redact.New(rep.Secrets()...)
	text = red.String(text)
	if leaks := red.Leaks(text); len(leaks) > 0 {
		return fmt.Errorf("refusing to write: %d secret(s) would be disclosed", len(leaks))
	}
	_, err := io.WriteString(w, text)
	return err
}
