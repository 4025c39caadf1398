package checks

import (
	"context"
	"crypto/x509"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"apidoctor/i18n"
	"apidoctor/redact"
)

// Check is one node of the graph.
type Check struct {
	ID    string
	Title string
	// Needs lists the checks whose results Run may Await.
	Needs []string
	Run   func(ctx context.Context, r *Run) Result
}

// Event is one step of a run's stream: a check started, reported what it
// is waiting for, or finished.
type Event struct {
	ID     string
	Note   string  // what the check is doing now, in English
	Msg    i18n.M  // the note, to translate (its arguments already redacted)
	Result *Result // set when the check finished
}

// Run is one execution of the whole graph. Checks read from it and wait on
// each other through it; nothing in it changes once Start is called, except
// the result slots, each written once.
type Run struct {
	Env       *Env
	Opts      Options
	Settings  *Settings
	Profile   Profile
	Target    Target
	Route     Route
	Redactor  *redact.Redactor
	checks    []Check
	slots     map[string]*slot
	events    chan Event
	extraCA   *x509.CertPool  // --ca-bundle, loaded up front
	only      map[string]bool // nil: every check runs
	trustOnce trustCache
	grace     graceState  // side checks stop once the client's route is proven
	families  familyState // each address family's connect outcome, for the other
	beginOnce sync.Once
	emitMu    sync.RWMutex // guards closed against late notes
	closed    bool
	finished  atomic.Int32
	cutMu     sync.Mutex
	cut       map[string]bool // checks the run's cancellation cut short
	t0        time.Time       // monotonic start, for the duration
	started   time.Time
}

type slot struct {
	once  sync.Once
	done  chan struct{}
	res   Result
	needs map[string]bool
}

// New prepares a run: it resolves the settings and the target. It returns
// an error only for bad usage (an unknown client, an unreadable --ca-bundle).
func New(env *Env, opts Options) (*Run, error) {
	if opts.Client == "" {
		opts.Client = ClaudeCode
	}
	if err := validateFlags(opts); err != nil {
		return nil, err
	}
	// The run scales the timeouts; the caller's Env stays as it was.
	e := *env
	env = &e
	if env.Timeouts == (Timeouts{}) {
		env.Timeouts = DefaultTimeouts
	}
	if opts.Timeout > 0 {
		env.Timeouts = env.Timeouts.ScaledTo(opts.Timeout)
	}
	flags := map[string]string{}
	if opts.BaseURL != "" {
		flags["ANTHROPIC_BASE_URL"] = opts.BaseURL
	}
	s := LoadSettings(env, opts.Client, flags)
	r := &Run{Env: env, Opts: opts, Settings: s, Profile: ProfileOf(opts.Client)}
	if opts.CABundle != "" {
		pool, err := loadCABundle(opts.CABundle)
		if err != nil {
			return nil, err
		}
		r.extraCA, s.CABundle = pool, opts.CABundle
	}
	r.Target = resolveTarget(s, opts)
	if r.Target.URL != nil {
		r.Route = r.Profile.RouteFor(s, r.Target.URL)
	}
	r.Redactor = redact.New(s.Secrets()...)
	// Any variable whose name says it holds a secret is one, whether or not
	// a client reads it: a server or proxy may echo it back.
	for k, v := range env.Vars {
		if redact.SensitiveName(k) && len(v) >= 8 {
			r.Redactor.Add(v)
		}
	}
	r.checks = Graph()
	r.only = closure(r.checks, opts.Only)
	r.slots = map[string]*slot{}
	for _, c := range r.checks {
		sl := &slot{done: make(chan struct{}), needs: map[string]bool{}}
		for _, n := range c.Needs {
			sl.needs[n] = true
		}
		r.slots[c.ID] = sl
	}
	return r, nil
}

// Begin prepares the run's event stream; Start calls it, and a caller
// that drives checks one by one with RunCheck calls it first.
func (r *Run) Begin() <-chan Event {
	r.beginOnce.Do(func() {
		// Room for every started and finished event, so RunCheck never
		// blocks on a slow reader; notes beyond that are dropped.
		r.events = make(chan Event, 2*len(r.checks)+64)
		r.started = r.Env.Now()
		r.t0 = time.Now()
	})
	return r.events
}

// IDs lists the run's checks in path order.
func (r *Run) IDs() []string {
	ids := make([]string, len(r.checks))
	for i, c := range r.checks {
		ids[i] = c.ID
	}
	return ids
}

// Title returns a check's title.
func (r *Run) Title(id string) string {
	for _, c := range r.checks {
		if c.ID == id {
			return c.Title
		}
	}
	return id
}

// RunCheck runs one check (waiting for the checks it needs, which must be
// running too) and returns its result. Each check runs once per Run; a
// second call returns the first result. The event stream closes after the
// last check finishes.
func (r *Run) RunCheck(ctx context.Context, id string) Result {
	r.Begin()
	sl, ok := r.slots[id]
	if !ok {
		return Result{ID: id, Status: NA, Msg: msg("engine.no_such_check")}
	}
	sl.once.Do(func() {
		var c Check
		for _, x := range r.checks {
			if x.ID == id {
				c = x
			}
		}
		r.events <- Event{ID: id, Note: "started"}
		t0 := time.Now()
		res := r.runOne(ctx, c)
		res.ID, res.Title = c.ID, c.Title
		res.Duration = time.Since(t0)
		if res.Summary == "" {
			res.Summary = res.Msg.String()
		}
		res.Summary = r.Redactor.String(res.Summary)
		res.Error = r.Redactor.String(res.Error)
		if ctx.Err() != nil && res.Status != Pass {
			// Ended under a cancelled context: whatever it says, it did not
			// get to finish (a pass, though, was proven before the cancel).
			r.markCut(id)
		}
		sl.res = res
		close(sl.done)
		r.events <- Event{ID: id, Result: &res}
		if r.finished.Add(1) == int32(len(r.checks)) {
			r.emitMu.Lock()
			r.closed = true
			close(r.events)
			r.emitMu.Unlock()
		}
	})
	<-sl.done
	return sl.res
}

// Start runs every check concurrently and streams events; the channel is
// closed when every check has finished. Cancelling ctx ends every check
// promptly (each then reports skip).
func (r *Run) Start(ctx context.Context) <-chan Event {
	events := r.Begin()
	for _, c := range r.checks {
		go r.RunCheck(ctx, c.ID)
	}
	return events
}

// runOne runs a check, turning a panic into a failure rather than a crash.
func (r *Run) runOne(ctx context.Context, c Check) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res = Result{Status: Fail, Msg: msg("engine.panic", c.ID, fmt.Sprint(p))}
		}
	}()
	if err := ctx.Err(); err != nil {
		return skip(msg("engine.cancelled"))
	}
	if r.only != nil && !r.only[c.ID] {
		return na(msg("engine.not_rerun"))
	}
	res = c.Run(context.WithValue(ctx, checkIDKey{}, c.ID), r)
	if ctx.Err() != nil && res.Status == Fail {
		// Cut short by the person, not by the network: say so.
		return Result{Status: Skip, Msg: msg("engine.cancelled_midway"), Evidence: res.Evidence}
	}
	return res
}

type checkIDKey struct{}

// markCut records that a check ended because the run was cancelled.
func (r *Run) markCut(id string) {
	r.cutMu.Lock()
	defer r.cutMu.Unlock()
	if r.cut == nil {
		r.cut = map[string]bool{}
	}
	r.cut[id] = true
}

// Unfinished lists, in path order, the checks that did not finish: those
// missing from results (still running, or never started) and those the
// run's cancellation cut short. Empty means the run is complete.
func (r *Run) Unfinished(results []Result) []string {
	have := map[string]bool{}
	for _, res := range results {
		have[res.ID] = true
	}
	r.cutMu.Lock()
	defer r.cutMu.Unlock()
	var out []string
	for _, c := range r.checks {
		if !have[c.ID] || r.cut[c.ID] {
			out = append(out, c.ID)
		}
	}
	return out
}

// Note tells the stream what the calling check is waiting for (the wizard
// shows it when a check takes a while).
func (r *Run) Note(ctx context.Context, key string, args ...any) {
	id, _ := ctx.Value(checkIDKey{}).(string)
	if id == "" {
		return
	}
	// A dial that net/http detached may outlive its check, and the stream
	// with it: a note then has nowhere to go.
	r.emitMu.RLock()
	defer r.emitMu.RUnlock()
	if r.events == nil || r.closed {
		return
	}
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = r.Redactor.String(s)
		}
	}
	m := i18n.Msg(key, args...)
	select {
	case r.events <- Event{ID: id, Note: r.Redactor.String(m.String()), Msg: m}:
	default: // a slow reader only loses progress notes, never results
	}
}

// Await waits for a check the caller declared in Needs and returns its
// result. A cancelled context yields a skip result.
func (r *Run) Await(ctx context.Context, caller, id string) Result {
	if !r.slots[caller].needs[id] {
		panic(fmt.Sprintf("check %s awaits %s without declaring it in Needs", caller, id))
	}
	sl := r.slots[id]
	select {
	case <-sl.done:
		return sl.res
	case <-ctx.Done():
		return skip(msg("engine.cancelled"))
	}
}

// Results returns the finished results in graph order (call after the
// stream is drained).
func (r *Run) Results() []Result {
	out := make([]Result, 0, len(r.checks))
	for _, c := range r.checks {
		sl := r.slots[c.ID]
		select {
		case <-sl.done:
			out = append(out, sl.res)
		default:
		}
	}
	return out
}

// Execute runs every check and returns the finished report.
func Execute(ctx context.Context, env *Env, opts Options) (*Report, error) {
	r, err := New(env, opts)
	if err != nil {
		return nil, err
	}
	var routes []RouteResult
	done := make(chan struct{})
	go func() {
		defer close(done)
		if opts.Routes {
			routes = r.TestRoutes(ctx, r.Endpoints())
		}
	}()
	for range r.Start(ctx) {
	}
	<-done
	rep := r.Report()
	if opts.Routes {
		rep.WithRoutes(routes)
	}
	return rep, nil
}

// closure returns the named checks and every check they need, directly or
// not; nil when no subset was asked for.
func closure(graph []Check, only []string) map[string]bool {
	if len(only) == 0 {
		return nil
	}
	needs := map[string][]string{}
	for _, c := range graph {
		needs[c.ID] = c.Needs
	}
	set := map[string]bool{}
	var add func(id string)
	add = func(id string) {
		if set[id] {
			return
		}
		set[id] = true
		for _, n := range needs[id] {
			add(n)
		}
	}
	for _, id := range only {
		add(id)
	}
	return set
}
