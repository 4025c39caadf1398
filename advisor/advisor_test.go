package advisor

import (
	"math"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
)

func seq(outcomes ...string) []checks.ProbeResult {
	var out []checks.ProbeResult
	for _, o := range outcomes {
		p := checks.ProbeResult{Outcome: o}
		if o == "429:2" {
			p.Outcome, p.RetryAfter = "rate_limited", "2"
		}
		out = append(out, p)
	}
	return out
}

// The sequence used below, one probe a second:
// ok, 529, ok, 429 (retry-after 2), ok, 401, ok, ok.
var flapping = seq("ok", "overloaded", "ok", "429:2", "ok", "key_invalid", "ok", "ok")

// TestBackoffSchedule: the ceiling doubles from 500 ms and stops at
// 60 s (500 ms·2^7 = 64 s is the first past it), for any n, however large.
func TestBackoffSchedule(t *testing.T) {
	for _, c := range []struct {
		n    int
		want time.Duration
	}{
		{0, 0},
		{1, 500 * time.Millisecond},
		{2, time.Second},
		{3, 2 * time.Second},
		{5, 8 * time.Second},
		{7, 32 * time.Second},
		{8, 60 * time.Second},
		{10, 60 * time.Second},
		{40, 60 * time.Second},
		{64, 60 * time.Second},
		{65, 60 * time.Second},
		{1000, 60 * time.Second},
	} {
		if got := exponentialCeiling(c.n); got != c.want {
			t.Errorf("ceiling(%d) = %s, want %s", c.n, got, c.want)
		}
		if got := FullJitterMean(c.n); got != c.want/2 {
			t.Errorf("mean(%d) = %s, want %s", c.n, got, c.want/2)
		}
	}
}

// TestReplayByHand checks the replay against numbers worked out by hand
// (see the comments for the arithmetic).
func TestReplayByHand(t *testing.T) {
	ps := Policies(3)
	// none: a request succeeds only where the probe did: 0,2,4,6,7.
	none := ReplayPolicy(flapping, time.Second, ps[0])
	if none.Succeeded != 5 || none.Sent != 8 || none.ExtraWaitMS != 0 {
		t.Errorf("none: %+v", none)
	}
	// fixed 1s: the 529 at t=1 retries at t=2 (ok, +1 s); the 429 at t=3
	// waits its retry-after, 2 s, to t=5, which is the 401 (no retry).
	// Succeeded 6 of 8; sent 10; waits 3 s → 375 ms per request.
	fixed := ReplayPolicy(flapping, time.Second, ps[1])
	if fixed.Succeeded != 6 || fixed.Sent != 10 || fixed.ExtraWaitMS != 375 {
		t.Errorf("fixed: %+v", fixed)
	}
	// exponential, jitter at its mean (0.25, 0.5, 1 s): the 529 is retried
	// at 1.25 and 1.75 (still slot 1) and 2.75 (ok): 4 sent, 1.75 s; the
	// 429 waits 2 s to the 401. Succeeded 6; sent 12; waits 3.75 s →
	// 468.75 ms per request.
	exp := ReplayPolicy(flapping, time.Second, ps[2])
	if exp.Succeeded != 6 || exp.Sent != 12 || exp.ExtraWaitMS != 468.75 {
		t.Errorf("exponential: %+v", exp)
	}
}

func TestBreakerByHand(t *testing.T) {
	ps := seq("ok", "timeout", "timeout", "timeout", "timeout", "timeout", "timeout", "timeout", "ok", "timeout")
	b := SimulateBreaker(ps, time.Second)
	// Seven failures from index 1: open after the fifth (index 5) until the
	// success at index 8: three intervals.
	if len(b.Openings) != 1 || b.Openings[0].From != 5 || b.Openings[0].To != 8 || b.Openings[0].Duration != 3*time.Second {
		t.Fatalf("breaker %+v", b)
	}
	if len(SimulateBreaker(flapping, time.Second).Openings) != 0 {
		t.Fatal("no five failures in a row: no opening")
	}
}

func TestRecommend(t *testing.T) {
	a := Recommend(flapping, time.Second, 2500)
	// n=0..2 leave the 529 unrecovered (62.5%); n=3 recovers it (75%); the
	// 401 and the 429 that lands on it never recover.
	if a.Retries != 3 {
		t.Errorf("retries %d, want 3", a.Retries)
	}
	if a.ConnectTimeout != 8*time.Second { // 3 × 2.5 s = 7.5 s, rounded
		t.Errorf("connect timeout %s", a.ConnectTimeout)
	}
	if math.Abs(a.FailureRate-3.0/8) > 1e-9 || len(a.Replays) != 3 {
		t.Errorf("advice %+v", a)
	}
	text := a.Text(i18n.EN)
	for _, want := range []string{"CLAUDE_CODE_MAX_RETRIES=3", "max_retries=3", "maxRetries: 3", "option.WithMaxRetries(3)", "full jitter", "exponential + full jitter"} {
		if !strings.Contains(text, want) {
			t.Errorf("advice text lacks %q:\n%s", want, text)
		}
	}
	calm := Recommend(seq("ok", "ok", "ok"), time.Second, math.NaN())
	if calm.Retries != 2 || calm.ConnectTimeout != MinConnectTimeout {
		t.Errorf("a healthy path keeps the defaults: %+v", calm)
	}
}

// TestAllFailedAdvisesFixingThePath: when nothing got through, no retry
// count is advised over 0 % success; the path must be fixed first.
func TestAllFailedAdvisesFixingThePath(t *testing.T) {
	a := Recommend(seq("tcp_timeout", "tcp_timeout", "tcp_timeout", "tcp_timeout"), time.Second, math.NaN())
	if !a.Hopeless {
		t.Fatal("an all-failed sequence should be hopeless")
	}
	for _, l := range []i18n.Lang{i18n.EN, i18n.ZH} {
		txt := a.Text(l)
		if strings.Contains(txt, "2 retries") || strings.Contains(txt, "重试 2 次") || strings.Contains(txt, "reaches 0%") || strings.Contains(txt, "0% 成功率") {
			t.Errorf("%v: retries advised over 0 %% success:\n%s", l, txt)
		}
		if !strings.Contains(txt, l.T("advice.summary_hopeless")) {
			t.Errorf("%v: no fix-the-path advice:\n%s", l, txt)
		}
	}
	if strings.Contains(a.Text(i18n.EN), "retries cannot help; fix the path first") == false {
		t.Error("English text")
	}
	// A path that works sometimes still gets a count.
	if b := Recommend(flapping, time.Second, math.NaN()); b.Hopeless {
		t.Error("flapping is not hopeless")
	}
}
