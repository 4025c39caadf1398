// Package advisor turns what a watch (or a single check) measured into
// client settings: timeouts, retries, backoff, and whether a circuit
// breaker would have opened, shown against a replay of the observed
// failures through a few retry policies.
package advisor

import (
	"fmt"
	"math"
	"strings"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/termtext"
)

// Policy is a way of retrying a failed request.
type Policy struct {
	Name       string
	MaxRetries int
	// Delay is the wait before retry number n (1-based).
	Delay func(n int) time.Duration
}

// Backoff parameters of the recommended policy (what the SDKs do, capped
// at 60 s).
const (
	BackoffBase = 500 * time.Millisecond
	BackoffCap  = 60 * time.Second
	FixedDelay  = time.Second
)

// exponentialCeiling is the upper bound of the nth full-jitter wait
// (n from 1): min(cap, base·2^(n-1)), and 0 before the first retry.
func exponentialCeiling(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	// base·2^e exceeds the cap exactly when base > cap>>e: comparing
	// before shifting keeps a large n from overflowing.
	if e := uint(n - 1); BackoffBase <= BackoffCap>>e {
		return BackoffBase << e
	}
	return BackoffCap
}

// FullJitterMean is the mean wait of full jitter, uniform in [0, ceiling]:
// the replay uses the mean so its numbers can be worked out by hand.
func FullJitterMean(n int) time.Duration { return exponentialCeiling(n) / 2 }

// Policies are the policies the replay compares; retries is the number
// of retries for the two that retry.
func Policies(retries int) []Policy {
	return []Policy{
		{Name: "none", MaxRetries: 0, Delay: func(int) time.Duration { return 0 }},
		{Name: "fixed 1s", MaxRetries: retries, Delay: func(int) time.Duration { return FixedDelay }},
		{Name: "exponential + full jitter", MaxRetries: retries, Delay: FullJitterMean},
	}
}

// retryable are the outcomes a client retries (connection errors, 408,
// 409, 429, ≥500, per the SDKs); the rest fail at once.
var retryable = map[string]bool{
	string(checks.CauseOverloaded): true, string(checks.CauseRateLimited): true, string(checks.CauseServerError): true,
	string(checks.CauseTimeout): true, string(checks.CauseTCPTimeout): true, string(checks.CauseTCPRefused): true,
	string(checks.CauseTLSReset): true, string(checks.CauseTLSTimeout): true, string(checks.CauseMiddleboxResponse): true,
	string(checks.CauseServiceOutage): true, string(checks.CauseNetUnreachable): true, string(checks.CauseDNSTimeout): true,
}

// Retryable reports whether a client would retry an outcome.
func Retryable(outcome string) bool { return retryable[outcome] }

// Replay is what one policy would have delivered on the observed sequence.
type Replay struct {
	Policy      string        `json:"policy"`
	Requests    int           `json:"requests"`
	Succeeded   int           `json:"succeeded"`
	SuccessRate float64       `json:"success_rate"`
	Sent        int           `json:"sent"`
	ExtraWait   time.Duration `json:"-"`
	// ExtraWaitMS is the mean time a request spent waiting to retry.
	ExtraWaitMS float64 `json:"mean_extra_wait_ms"`
}

// ReplayPolicy replays the probes through a policy. Each probe is a
// request sent at its slot (probe i at i·interval); a retry at time t sees
// the outcome of the probe whose slot holds t (the last probe's for a time
// past the end), and waits at least the probe's retry-after.
func ReplayPolicy(probes []checks.ProbeResult, interval time.Duration, p Policy) Replay {
	r := Replay{Policy: p.Name, Requests: len(probes)}
	if len(probes) == 0 || interval <= 0 {
		return r
	}
	outcomeAt := func(t time.Duration) checks.ProbeResult {
		return probes[min(int(t/interval), len(probes)-1)]
	}
	for i := range probes {
		t := time.Duration(i) * interval
		for attempt := 0; ; attempt++ {
			r.Sent++
			pr := outcomeAt(t)
			if pr.OK() {
				r.Succeeded++
				break
			}
			if attempt >= p.MaxRetries || !Retryable(pr.Outcome) {
				break
			}
			wait := p.Delay(attempt + 1)
			if ra := retryAfter(pr.RetryAfter); ra > wait {
				wait = ra
			}
			r.ExtraWait += wait
			t += wait
		}
	}
	r.SuccessRate = float64(r.Succeeded) / float64(r.Requests)
	r.ExtraWaitMS = float64(r.ExtraWait.Microseconds()) / 1000 / float64(r.Requests)
	return r
}

func retryAfter(v string) time.Duration {
	var s float64
	if _, err := fmt.Sscanf(strings.TrimSpace(v), "%g", &s); err != nil || s < 0 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// Breaker is a circuit breaker that opens after Threshold consecutive
// failures and stays open until the next success.
type Breaker struct {
	Threshold int
	// Openings are the spans it would have been open, as probe indexes.
	Openings []Span `json:"openings"`
}

// Span is a run of probes [From, To].
type Span struct {
	From, To int
	Duration time.Duration `json:"-"`
}

// BreakerThreshold is how many failures in a row open the breaker.
const BreakerThreshold = 5

// SimulateBreaker finds when a breaker would have opened.
func SimulateBreaker(probes []checks.ProbeResult, interval time.Duration) Breaker {
	b := Breaker{Threshold: BreakerThreshold}
	run := 0
	for i, p := range probes {
		if p.OK() {
			if run >= BreakerThreshold {
				from := i - run + BreakerThreshold - 1
				b.Openings = append(b.Openings, Span{From: from, To: i, Duration: time.Duration(i-from) * interval})
			}
			run = 0
			continue
		}
		run++
	}
	if run >= BreakerThreshold {
		from := len(probes) - run + BreakerThreshold - 1
		b.Openings = append(b.Openings, Span{From: from, To: len(probes) - 1, Duration: time.Duration(len(probes)-1-from) * interval})
	}
	return b
}

// Advice is the advisor's recommendation and the numbers behind it.
type Advice struct {
	Probes         int           `json:"probes"`
	FailureRate    float64       `json:"failure_rate"`
	ConnectTimeout time.Duration `json:"-"`
	TotalTimeout   time.Duration `json:"-"`
	Retries        int           `json:"retries"`
	// Hopeless is set when every probe failed and no retry policy
	// delivers anything: the path needs fixing before any tuning.
	Hopeless bool     `json:"hopeless,omitempty"`
	Replays  []Replay `json:"replays"`
	Breaker  Breaker  `json:"breaker"`
	Why      []string `json:"why"`
	whyMsgs  []i18n.M
	Snippets []Snippet `json:"snippets"`
}

// Snippet is ready-to-paste configuration for one client.
type Snippet struct {
	Client string `json:"client"`
	Code   string `json:"code"`
}

// Defaults of Claude Code and the SDKs (docs/facts.md, docs/clients.md).
const (
	DefaultTotalTimeout = 600 * time.Second
	MinConnectTimeout   = 5 * time.Second
	MaxRetriesAdvised   = 10
)

// Recommend reads a watch's probes (interval apart) and advises.
// connectP99 is the 99th percentile of connection setup (DNS + connect +
// proxy + TLS) on fresh connections, in milliseconds (NaN if unknown).
func Recommend(probes []checks.ProbeResult, interval time.Duration, connectP99 float64) Advice {
	a := Advice{Probes: len(probes), TotalTimeout: DefaultTotalTimeout}
	failed := 0
	for _, p := range probes {
		if !p.OK() {
			failed++
		}
	}
	if len(probes) > 0 {
		a.FailureRate = float64(failed) / float64(len(probes))
	}
	// Connect timeout: three times the worst setup seen, never under 5 s.
	a.ConnectTimeout = MinConnectTimeout
	if !math.IsNaN(connectP99) {
		if c := time.Duration(connectP99*3) * time.Millisecond; c > a.ConnectTimeout {
			a.ConnectTimeout = c.Round(time.Second)
		}
	}
	if math.IsNaN(connectP99) {
		a.why(i18n.Msg("advice.connect_floor", a.ConnectTimeout.String()))
	} else {
		a.why(i18n.Msg("advice.connect", a.ConnectTimeout.String(), connectP99, MinConnectTimeout.String()))
	}
	// Retries: the fewest that bring the replayed success rate to 99% (or
	// the best possible), with exponential backoff and full jitter.
	a.Retries = 2
	best := -1.0
	for n := 0; n <= MaxRetriesAdvised; n++ {
		rp := ReplayPolicy(probes, interval, Policies(n)[2])
		if rp.SuccessRate > best+1e-9 {
			best, a.Retries = rp.SuccessRate, n
		}
		if rp.SuccessRate >= 0.99 {
			a.Retries = n
			break
		}
	}
	a.Retries = max(a.Retries, 2) // never fewer than the SDKs' default
	switch {
	case len(probes) > 0 && best <= 0:
		// Nothing got through, whatever the retries: advising a count
		// over 0 % success would read as a cure.
		a.Hopeless = true
		a.why(i18n.Msg("advice.retries_hopeless"))
	default:
		a.why(i18n.Msg("advice.retries", a.Retries, best*100))
	}
	a.why(i18n.Msg("advice.backoff", BackoffBase.String(), BackoffCap.String()))
	a.why(i18n.Msg("advice.total"))
	a.Replays = make([]Replay, 0, 3)
	for _, p := range Policies(a.Retries) {
		a.Replays = append(a.Replays, ReplayPolicy(probes, interval, p))
	}
	a.Breaker = SimulateBreaker(probes, interval)
	if n := len(a.Breaker.Openings); n > 0 {
		a.why(i18n.Msg("advice.breaker", BreakerThreshold, n))
	}
	a.Snippets = snippets(a)
	return a
}

func snippets(a Advice) []Snippet {
	ct := a.ConnectTimeout.Seconds()
	return []Snippet{
		{"Claude Code", fmt.Sprintf("export API_TIMEOUT_MS=%d\nexport CLAUDE_CODE_MAX_RETRIES=%d", a.TotalTimeout.Milliseconds(), a.Retries)},
		{"Python SDK", fmt.Sprintf("import anthropic, httpx\nclient = anthropic.Anthropic(\n    max_retries=%d,\n    timeout=httpx.Timeout(%.0f, connect=%.0f),\n)", a.Retries, a.TotalTimeout.Seconds(), ct)},
		{"TypeScript SDK", fmt.Sprintf("import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic({\n  maxRetries: %d,\n  timeout: %d,\n});", a.Retries, a.TotalTimeout.Milliseconds())},
		{"Go SDK", fmt.Sprintf("client := anthropic.NewClient(\n\toption.WithMaxRetries(%d),\n\toption.WithRequestTimeout(%d * time.Second),\n)", a.Retries, int(a.TotalTimeout.Seconds()))},
	}
}

// why records a reason, in English for JSON and as a message to translate.
func (a *Advice) why(m i18n.M) {
	a.Why = append(a.Why, m.String())
	a.whyMsgs = append(a.whyMsgs, m)
}

// Text renders the advice for a terminal or a README, in a language.
func (a Advice) Text(l i18n.Lang) string { return a.TextWidth(l, 100) }

// TextWidth is Text with its prose wrapped to width cells (the reasons
// break between words, Chinese by UAX #14, never inside a word).
func (a Advice) TextWidth(l i18n.Lang, width int) string {
	width = max(width, 24)
	var b strings.Builder
	b.WriteString(l.T("advice.head", a.Probes, a.FailureRate*100) + "\n")
	summary := l.T("advice.summary", a.ConnectTimeout.String(), a.TotalTimeout.String(), a.Retries, BackoffBase.String(), BackoffCap.String())
	if a.Hopeless {
		summary = l.T("advice.summary_hopeless")
	}
	for _, line := range termtext.Wrap(summary, width-2, "  ") {
		b.WriteString("  " + line + "\n")
	}
	for _, w := range a.whyMsgs {
		for i, line := range termtext.Wrap(l.M(w), width-4, "    ") {
			if i == 0 {
				line = "  • " + line
			}
			b.WriteString(line + "\n")
		}
	}
	b.WriteString("\n  " + l.T("advice.replay") + "\n")
	// Each column as wide as its widest cell, so the table fits a
	// narrow panel.
	pw := termtext.Width(l.T("advice.col_policy"))
	for _, r := range a.Replays {
		pw = max(pw, termtext.Width(l.T("advice.policy."+r.Policy)))
	}
	sw := max(termtext.Width(l.T("advice.col_success")), 6)
	nw := max(termtext.Width(l.T("advice.col_sent")), 5)
	ww := max(termtext.Width(l.T("advice.col_wait")), 9)
	fmt.Fprintf(&b, "  %s %s %s %s\n", termtext.Pad(l.T("advice.col_policy"), pw), termtext.PadLeft(l.T("advice.col_success"), sw), termtext.PadLeft(l.T("advice.col_sent"), nw), termtext.PadLeft(l.T("advice.col_wait"), ww))
	for _, r := range a.Replays {
		fmt.Fprintf(&b, "  %s %s %s %s\n", termtext.Pad(l.T("advice.policy."+r.Policy), pw), termtext.PadLeft(fmt.Sprintf("%.1f%%", r.SuccessRate*100), sw), termtext.PadLeft(fmt.Sprint(r.Sent), nw), termtext.PadLeft(fmt.Sprintf("%.0f ms", r.ExtraWaitMS), ww))
	}
	for _, s := range a.Snippets {
		fmt.Fprintf(&b, "\n  %s:\n", s.Client)
		for _, l := range strings.Split(s.Code, "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	return b.String()
}
