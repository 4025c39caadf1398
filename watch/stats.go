// Package watch probes the path to the API again and again and keeps the
// numbers: outcomes, per-phase latency percentiles, reused against fresh
// connections, and Prometheus metrics. It knows nothing of any UI.
package watch

import (
	"math"
	"sort"
	"strings"

	"apidoctor/checks"
)

// Phases are the latency series a watch keeps, in request order.
var Phases = []string{"dns", "connect", "proxy", "tls", "first_byte", "total"}

// connPhases only happen on a fresh connection; their percentiles are
// taken over fresh probes alone, or a reused connection's zeros would
// hide the real cost.
var connPhases = map[string]bool{"dns": true, "connect": true, "proxy": true, "tls": true}

// maxKept bounds the probes a long watch keeps for the percentiles and the
// replay (a day at one probe every 5 s is 17,280).
const maxKept = 100_000

// lastErrors is how many recent failures a watch shows.
const lastErrors = 5

// Stats accumulates probe results. It is not safe for concurrent use; the
// watch loop owns it.
type Stats struct {
	Probes     int
	OK         int
	ByOutcome  map[string]int
	ByStatus   map[int]int
	Results    []checks.ProbeResult
	LastErrors []checks.ProbeResult
}

// NewStats returns empty stats.
func NewStats() *Stats { return &Stats{ByOutcome: map[string]int{}, ByStatus: map[int]int{}} }

// Add counts one probe.
func (s *Stats) Add(p checks.ProbeResult) {
	s.Probes++
	s.ByOutcome[p.Outcome]++
	if p.Status != 0 {
		s.ByStatus[p.Status]++
	}
	if p.OK() {
		s.OK++
	} else {
		s.LastErrors = append(s.LastErrors, p)
		if len(s.LastErrors) > lastErrors {
			s.LastErrors = s.LastErrors[1:]
		}
	}
	if len(s.Results) >= maxKept {
		s.Results = s.Results[1:]
	}
	s.Results = append(s.Results, p)
}

// SuccessRate is the share of probes that succeeded, 0..1.
func (s *Stats) SuccessRate() float64 {
	if s.Probes == 0 {
		return 0
	}
	return float64(s.OK) / float64(s.Probes)
}

// phaseValue reads one phase of a probe, in milliseconds.
func phaseValue(t *checks.TimingMS, phase string) float64 {
	if t == nil {
		return 0
	}
	switch phase {
	case "dns":
		return t.DNS
	case "connect":
		return t.Connect
	case "proxy":
		return t.Proxy
	case "tls":
		return t.TLS
	case "first_byte":
		return t.FirstByte
	}
	return t.Total
}

// samples returns a phase's values: connection phases from fresh probes,
// the others from all; fresh selects fresh (true), reused (false) or all
// (nil) for the total.
func (s *Stats) samples(phase string, fresh *bool) []float64 {
	var out []float64
	for _, p := range s.Results {
		if p.Timing == nil {
			continue
		}
		if connPhases[phase] && !p.Fresh {
			continue
		}
		if fresh != nil && p.Fresh != *fresh {
			continue
		}
		out = append(out, phaseValue(p.Timing, phase))
	}
	return out
}

// Percentile is the nearest-rank percentile (q in 0..1) of a phase, in
// milliseconds; NaN when there is no sample.
func (s *Stats) Percentile(phase string, q float64) float64 {
	return percentile(s.samples(phase, nil), q)
}

// TotalPercentile is the total latency's percentile over fresh or reused
// connections only.
func (s *Stats) TotalPercentile(fresh bool, q float64) float64 {
	return percentile(s.samples("total", &fresh), q)
}

func percentile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	v = append([]float64(nil), v...)
	sort.Float64s(v)
	i := int(math.Ceil(q*float64(len(v)))) - 1
	return v[min(max(i, 0), len(v)-1)]
}

// Sparkline draws the last width totals as block characters (a failure
// is a bar at the top, marked apart by the caller's colour).
func (s *Stats) Sparkline(width int) string {
	bars := []rune("▁▂▃▄▅▆▇█")
	start := max(len(s.Results)-width, 0)
	recent := s.Results[start:]
	maxV := 0.0
	for _, p := range recent {
		maxV = math.Max(maxV, phaseValue(p.Timing, "total"))
	}
	var b strings.Builder
	for _, p := range recent {
		v := phaseValue(p.Timing, "total")
		i := 0
		if maxV > 0 {
			i = int(v / maxV * float64(len(bars)-1))
		}
		if !p.OK() {
			i = len(bars) - 1
		}
		b.WriteRune(bars[i])
	}
	return b.String()
}

// OutcomesByCount lists the outcomes seen, the most frequent first (ties
// by name), for the summaries.
func (s *Stats) OutcomesByCount() []string {
	outs := make([]string, 0, len(s.ByOutcome))
	for o := range s.ByOutcome {
		outs = append(outs, o)
	}
	sort.Slice(outs, func(i, j int) bool {
		return s.ByOutcome[outs[i]] > s.ByOutcome[outs[j]] || s.ByOutcome[outs[i]] == s.ByOutcome[outs[j]] && outs[i] < outs[j]
	})
	return outs
}
