package checks

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// ProbeResult is one probe of a watch: a cheap request and what came of it.
type ProbeResult struct {
	Seq   int       `json:"seq"`
	At    time.Time `json:"at"`
	Path  string    `json:"path"`
	Fresh bool      `json:"fresh_connection"`
	// Outcome is "ok" or a cause code.
	Outcome    string    `json:"outcome"`
	Status     int       `json:"status,omitempty"`
	Timing     *TimingMS `json:"timing"`
	RetryAfter string    `json:"retry_after,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
	Error      string    `json:"error,omitempty"`
}

// OK reports whether the probe succeeded.
func (p ProbeResult) OK() bool { return p.Outcome == "ok" }

// Prober sends the watch's probes: the authentication request when a key
// is set (GET /v1/models), otherwise the reachability one (GET /api/hello),
// over one kept-alive connection, or a fresh one when asked.
type Prober struct {
	run    *Run
	route  Route
	ctx    context.Context
	reused *http.Client
	mu     sync.Mutex
	seq    int
	cancel context.CancelFunc
}

// NewProber prepares probes with the client's settings; Close ends them.
func NewProber(env *Env, opts Options) (*Prober, error) {
	r, err := New(env, opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Prober{run: r, route: r.Route, ctx: ctx, cancel: cancel}
	p.reused = r.client(r.transport(ctx, r.Route, true))
	return p, nil
}

// Run is the prepared run behind the prober (target, route, redactor).
func (p *Prober) Run() *Run { return p.run }

// Close drops the kept-alive connection.
func (p *Prober) Close() {
	p.cancel()
	p.reused.CloseIdleConnections()
}

// Probe sends one probe. With fresh, it opens a new connection, so the
// cost of DNS, connect and TLS is measured again.
func (p *Prober) Probe(ctx context.Context, fresh bool) ProbeResult {
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.mu.Unlock()
	r := p.run
	res := ProbeResult{Seq: seq, At: r.Env.Now().UTC(), Fresh: fresh}
	if r.Target.URL == nil {
		res.Outcome, res.Error = string(CauseBaseURLInvalid), r.Redactor.Display(r.Target.ParseErr)
		return res
	}
	if r.Route.Err != nil {
		res.Outcome, res.Error = string(r.Route.ErrCause), r.Redactor.Display(r.Route.Err.Error())
		return res
	}
	h := apiHeaders()
	path := "/api/hello"
	if cred, ok := r.credentialOf(); ok {
		name, value := cred.headerValue()
		h.Set(name, value)
		path = "/v1/models"
	}
	res.Path = path
	client := p.reused
	if fresh {
		client = r.client(r.transport(ctx, r.Route, false))
	}
	ev, err := r.doWith(ctx, client, r.Route, http.MethodGet, r.baseURL(path), nil, h)
	res.Timing = ev.Timing
	res.Fresh = !ev.Reused
	if err != nil {
		f := r.failedRequest(ev, err, raw("probe"))
		res.Outcome, res.Error = string(f.Cause), r.Redactor.String(err.Error())
		return res
	}
	res.Status, res.RequestID, res.RetryAfter = ev.Status, ev.RequestID, ev.Headers["retry-after"]
	st, cause, m := classifyAnswer(ev, r.official())
	switch {
	case st == Pass, st == Warn && cause == CauseMiddleboxResponse && path == "/api/hello":
		res.Outcome = "ok"
	case path == "/api/hello" && cause == CauseBaseURLInvalid && !r.official():
		res.Outcome = "ok" // a gateway without /api/hello still answered
	default:
		res.Outcome, res.Error = string(cause), r.Redactor.String(m.String())
	}
	return res
}
