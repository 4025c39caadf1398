package watch

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"apidoctor/checks"
)

// Line is one probe as a line of text (plain output).
func Line(p checks.ProbeResult) string {
	conn := "reused"
	if p.Fresh {
		conn = "fresh"
	}
	total := 0.0
	if p.Timing != nil {
		total = p.Timing.Total
	}
	s := fmt.Sprintf("#%-4d %s  %-20s %3d  %-6s %7.1f ms", p.Seq, p.At.Format("15:04:05"), p.Outcome, p.Status, conn, total)
	if p.RetryAfter != "" {
		s += "  retry-after " + p.RetryAfter + " s"
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
func (s *Stats) Text(width int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d probes, %.1f%% ok\n", s.Probes, s.SuccessRate()*100)
	outs := make([]string, 0, len(s.ByOutcome))
	for o := range s.ByOutcome {
		outs = append(outs, o)
	}
	sort.Slice(outs, func(i, j int) bool {
		return s.ByOutcome[outs[i]] > s.ByOutcome[outs[j]] || s.ByOutcome[outs[i]] == s.ByOutcome[outs[j]] && outs[i] < outs[j]
	})
	b.WriteString("outcomes:")
	for _, o := range outs {
		fmt.Fprintf(&b, " %s %d", o, s.ByOutcome[o])
	}
	if len(s.ByStatus) > 0 {
		codes := make([]int, 0, len(s.ByStatus))
		for c := range s.ByStatus {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		b.WriteString(" · status:")
		for _, c := range codes {
			fmt.Fprintf(&b, " %d×%d", c, s.ByStatus[c])
		}
	}
	b.WriteString("\n\nlatency (ms)     p50      p95      p99\n")
	for _, ph := range Phases {
		if ph == "proxy" && math.IsNaN(s.Percentile(ph, 0.5)) {
			continue
		}
		fmt.Fprintf(&b, "  %-11s %8s %8s %8s\n", ph, ms(s.Percentile(ph, .5)), ms(s.Percentile(ph, .95)), ms(s.Percentile(ph, .99)))
	}
	fmt.Fprintf(&b, "\ntotal p50: reused connection %s ms · fresh connection %s ms\n", ms(s.TotalPercentile(false, .5)), ms(s.TotalPercentile(true, .5)))
	if width > 10 {
		fmt.Fprintf(&b, "recent: %s\n", s.Sparkline(width-8))
	}
	if len(s.LastErrors) > 0 {
		b.WriteString("\nlast errors:\n")
		for _, e := range s.LastErrors {
			l := "  " + Line(e)
			if e.Error != "" {
				l += "  " + e.Error
			}
			if width > 0 && len([]rune(l)) > width {
				l = string([]rune(l)[:width-1]) + "…"
			}
			b.WriteString(l + "\n")
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
