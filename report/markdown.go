package report

import (
	"fmt"
	"strings"

	"apidoctor/checks"
)

// Markdown renders a report for a ticket or an issue tracker: the verdict
// on top, a table of checks, and each problem's details in a collapsible
// section.
func Markdown(rep *checks.Report) string {
	var b strings.Builder
	v := rep.Verdict
	fmt.Fprintf(&b, "# apidoctor report\n\n")
	fmt.Fprintf(&b, "- **Tool:** apidoctor %s (%s, %s/%s)\n", rep.Tool.Version, rep.Tool.Go, rep.Tool.OS, rep.Tool.Arch)
	fmt.Fprintf(&b, "- **When:** %s\n", rep.StartedAt.Format("2006-01-02 15:04:05 MST"))
	fmt.Fprintf(&b, "- **Client:** %s\n", rep.Client)
	fmt.Fprintf(&b, "- **Target:** %s (%s), %s\n\n", rep.Target.Raw.Display(), rep.Target.Raw.Source, rep.Route.String())
	if v.Status == "ok" {
		fmt.Fprintf(&b, "## Verdict: ok\n\n%s\n\n", v.Summary)
	} else {
		fmt.Fprintf(&b, "## Verdict: `%s`\n\n%s\n\n", v.Cause, v.Summary)
		for _, e := range v.Evidence {
			fmt.Fprintf(&b, "- %s\n", mdEscape(e))
		}
		if v.Action != "" {
			fmt.Fprintf(&b, "\n**What to do:** %s\n", v.Action)
		}
		b.WriteString("\n")
	}
	b.WriteString("## Checks\n\n| | check | summary | time |\n|---|---|---|---|\n")
	for _, r := range rep.Checks {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", r.Status, r.ID, mdEscape(r.Summary), roundDur(r.Duration))
	}
	b.WriteString("\n")
	for _, r := range rep.Checks {
		if r.Status != checks.Fail && r.Status != checks.Warn {
			continue
		}
		fmt.Fprintf(&b, "<details><summary><code>%s</code> — %s (%s)</summary>\n\n", r.ID, r.Status, r.Cause)
		if r.Error != "" {
			fmt.Fprintf(&b, "Error: `%s`\n\n", strings.ReplaceAll(r.Error, "`", "'"))
		}
		if ev, err := evidenceJSON(r); err == nil && ev != "" {
			fmt.Fprintf(&b, "```json\n%s\n```\n\n", ev)
		}
		b.WriteString("</details>\n\n")
	}
	if len(rep.Settings) > 0 {
		b.WriteString("## Settings seen\n\n| variable | value | source |\n|---|---|---|\n")
		for _, s := range rep.Settings {
			fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", s.Name, strings.ReplaceAll(s.Display(), "\n", " "), s.Source)
		}
	}
	return b.String()
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
