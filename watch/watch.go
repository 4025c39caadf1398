package watch

import (
	"context"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
)

// Options bound and pace a watch.
type Options struct {
	Interval time.Duration // between probes (default 5 s)
	Count    int           // stop after this many probes (0: no limit)
	Duration time.Duration // stop after this long (0: no limit)
	// FreshEvery sends every Nth probe on a new connection, so the cost
	// of setting one up stays visible (default 5; the first is fresh anyway).
	FreshEvery int
}

// DefaultInterval is the pace when none is given.
const DefaultInterval = 5 * time.Second

// Validate rejects options that cannot mean anything.
func (o Options) Validate() error {
	switch {
	case o.Interval < 0:
		return i18n.Errorf("err.positive", "--interval")
	case o.Count < 0:
		return i18n.Errorf("err.positive", "--count")
	case o.Duration < 0:
		return i18n.Errorf("err.positive", "--duration")
	case o.FreshEvery < 0:
		return i18n.Errorf("err.positive", "--fresh-every")
	}
	return nil
}

// Run probes until the count, the duration or ctx ends it, handing each
// result to sink (in order, on the calling goroutine), every text field
// redacted and escaped (Safe).
func Run(ctx context.Context, p *checks.Prober, o Options, sink func(checks.ProbeResult)) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	}
	if o.FreshEvery == 0 {
		o.FreshEvery = 5
	}
	if o.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	}
	tick := time.NewTicker(o.Interval)
	defer tick.Stop()
	for n := 1; ; n++ {
		res := Safe(p.Run().Redactor, p.Probe(ctx, n%o.FreshEvery == 0))
		if ctx.Err() != nil {
			return nil // cut short: the half-done probe is not a measurement
		}
		sink(res)
		if o.Count > 0 && n >= o.Count {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// Safe is a probe with every text field redacted with red and escaped
// (redact.Display): the path, the outcome, the request id, retry-after and
// the error. A server may echo the key in any of them, or send terminal
// escapes; every output of a watch (the screen, the lines, NDJSON, the
// summary) shows what Safe leaves.
func Safe(red *redact.Redactor, p checks.ProbeResult) checks.ProbeResult {
	p.Path, p.Outcome = red.Display(p.Path), red.Display(p.Outcome)
	p.RequestID, p.RetryAfter, p.Error = red.Display(p.RequestID), red.Display(p.RetryAfter), red.Display(p.Error)
	return p
}
