package watch

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
	"apidoctor/termtext"
)

// Line is one probe as a line of text (plain output). The probe's text
// fields are expected redacted (Safe does it, and Run calls Safe); they are
// escaped here all the same, since the line goes to a terminal.
func Line(p checks.ProbeResult, l i18n.Lang) string {
	conn := l.T("watch.conn_reused")
	if p.Fresh {
		conn = l.T("watch.conn_fresh")
	}
	total := 0.0
	if p.Timing != nil {
		total = p.Timing.Total
	}
	s := fmt.Sprintf("#%-4d %s  %-20s %3d  %s %7.1f ms", p.Seq, p.At.Format("15:04:05"), p.Outcome, p.Status, termtext.Pad(conn, 6), total)
	if p.RetryAfter != "" {
		s += "  " + l.T("watch.retry_after", redact.Escape(p.RetryAfter))
	}
	return s
}

// ms formats a percentile, with a dash for no sample.
func ms(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f", v)
}

// Text summarises a watch: outcomes, latency percentiles per phase,
// reused against fresh connections, and the last errors.
func (s *Stats) Text(width int, l i18n.Lang) string {
	var b strings.Builder
	b.WriteString(l.T("watch.probes", s.Probes, s.SuccessRate()*100) + "\n")
	outs := s.OutcomesByCount()
	b.WriteString(l.T("watch.outcomes"))
	for _, o := range outs {
		fmt.Fprintf(&b, " %s %d", o, s.ByOutcome[o])
	}
	if len(s.ByStatus) > 0 {
		codes := make([]int, 0, len(s.ByStatus))
		for c := range s.ByStatus {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		b.WriteString(" · " + l.T("watch.status"))
		for _, c := range codes {
			fmt.Fprintf(&b, " %d×%d", c, s.ByStatus[c])
		}
	}
	b.WriteString("\n\n" + termtext.Pad(l.T("watch.latency"), 14) + "     p50      p95      p99\n")
	for _, ph := range Phases {
		if ph == "proxy" && math.IsNaN(s.Percentile(ph, 0.5)) {
			continue
		}
		fmt.Fprintf(&b, "  %s %8s %8s %8s\n", termtext.Pad(l.T("watch.phase."+ph), 11), ms(s.Percentile(ph, .5)), ms(s.Percentile(ph, .95)), ms(s.Percentile(ph, .99)))
	}
	b.WriteString("\n" + l.T("watch.reused_fresh", ms(s.TotalPercentile(false, .5)), ms(s.TotalPercentile(true, .5))) + "\n")
	if width > 10 {
		b.WriteString(l.T("watch.recent", s.Sparkline(width-10)) + "\n")
	}
	if len(s.LastErrors) > 0 {
		b.WriteString("\n" + l.T("watch.last_errors") + "\n")
		for _, e := range s.LastErrors {
			line := "  " + Line(e, l)
			if e.Error != "" {
				line += "  " + redact.Escape(e.Error)
			}
			if width > 0 && termtext.Width(line) > width {
				line = ansi.Truncate(line, width, "…")
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// ConnectP99 is the 99th percentile of connection setup (DNS, connect,
// proxy and TLS together) over fresh connections, for the advisor.
func (s *Stats) ConnectP99() float64 {
	var v []float64
	for _, p := range s.Results {
		if p.Fresh && p.Timing != nil {
			v = append(v, p.Timing.DNS+p.Timing.Connect+p.Timing.Proxy+p.Timing.TLS)
		}
	}
	return percentile(v, .99)
}
