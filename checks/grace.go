package checks

import (
	"context"
	"errors"
	"sync"
	"time"
)

// SideCheckGrace is how long checks off the client's route (the direct
// path when a proxy is used, other proxies, the other address family,
// the status page) may still run once the client's own route has
// answered and authenticated: from then on they cannot change the verdict,
// so they are reported as not awaited rather than waited for.
const SideCheckGrace = time.Second

// errNotAwaited cancels side checks once the client's route is proven.
var errNotAwaited = errors.New("not awaited: the client's route already answered")

type graceState struct {
	once sync.Once
	done chan struct{}
}

// routeProven closes SideCheckGrace after the client's own route got a
// genuine answer and the credential was judged without a failure: no side
// check can change an ok verdict. It never closes otherwise.
func (r *Run) routeProven(ctx context.Context) <-chan struct{} {
	r.grace.once.Do(func() {
		r.grace.done = make(chan struct{})
		hello, auth := r.slots["http.hello"], r.slots["auth"]
		if hello == nil || auth == nil {
			return
		}
		go func() {
			<-hello.done
			if !answered(hello.res) {
				return
			}
			<-auth.done
			if st := auth.res.Status; st != Pass && st != NA {
				return
			}
			t := time.NewTimer(SideCheckGrace)
			defer t.Stop()
			select {
			case <-t.C:
				close(r.grace.done)
			case <-ctx.Done(): // the run ended: nothing left to cut
			}
		}()
	})
	return r.grace.done
}

// answered reports whether the reachability request got a genuine
// answer: the API's hello (slow or not), or a gateway's own 404 for that
// path, both carrying the API's request-id.
func answered(hello Result) bool {
	if hello.Status == Pass {
		return true
	}
	ev, ok := hello.Evidence.(*HTTPEvidence)
	return hello.Status == Warn && ok && ev.RequestID != "" && (hello.Cause == "" || hello.Cause == CauseBaseURLInvalid)
}

// side wraps a check that is off the client's route, or done before the
// route answers: it is cut short once the route is proven.
func side(run func(context.Context, *Run) Result) func(context.Context, *Run) Result {
	return func(ctx context.Context, r *Run) Result {
		sctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		proven := r.routeProven(ctx)
		go func() {
			select {
			case <-proven:
				cancel(errNotAwaited)
			case <-sctx.Done():
			}
		}()
		res := run(sctx, r)
		// Cut by the grace while it ran: whatever it returned is unfinished.
		if ctx.Err() == nil && context.Cause(sctx) == errNotAwaited {
			return Result{Status: Skip, Msg: msg("engine.not_awaited", SideCheckGrace.Seconds()), Evidence: res.Evidence}
		}
		return res
	}
}

// familyState lets the two TCP checks learn whether the other address
// family connected, without awaiting each other's results.
type familyState struct {
	once sync.Once
	done map[string]chan struct{}
	ok   map[string]bool
	mu   sync.Mutex
}

func (f *familyState) init() {
	f.once.Do(func() {
		f.done = map[string]chan struct{}{"ip4": make(chan struct{}), "ip6": make(chan struct{})}
		f.ok = map[string]bool{}
	})
}

// publishFamily records whether a family connected; later calls are no-ops.
func (r *Run) publishFamily(family string, connected bool) {
	f := &r.families
	f.init()
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-f.done[family]:
	default:
		f.ok[family] = connected
		close(f.done[family])
	}
}

// otherFamilyConnected waits for the other family's connects and reports
// whether one succeeded.
func (r *Run) otherFamilyConnected(ctx context.Context, family string) bool {
	f := &r.families
	f.init()
	other := map[string]string{"ip4": "ip6", "ip6": "ip4"}[family]
	select {
	case <-f.done[other]:
	case <-ctx.Done():
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ok[other]
}

// awaitWithin waits for a needed check at most d; ok is false when it had
// not finished by then (a race the client would not wait for).
func (r *Run) awaitWithin(ctx context.Context, caller, id string, d time.Duration) (Result, bool) {
	if !r.slots[caller].needs[id] {
		panic("check " + caller + " awaits " + id + " without declaring it in Needs")
	}
	t := time.NewTimer(d)
	defer t.Stop()
	sl := r.slots[id]
	select {
	case <-sl.done:
		return sl.res, true
	case <-t.C:
		return Result{}, false
	case <-ctx.Done():
		return skip(msg("engine.cancelled")), true
	}
}
