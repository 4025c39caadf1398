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

// happyEyeballsDelay is how long a client racing both address families
// waits for the other one after the first connects (RFC 8305 suggests
// 250 ms).
const happyEyeballsDelay = 300 * time.Millisecond

// errNotAwaited cancels side checks once the client's route is proven.
var errNotAwaited = errors.New("not awaited: the client's route already answered")

type graceState struct {
	once sync.Once
	done chan struct{}
}

// routeProven closes SideCheckGrace after the client's own route got a
// genuine answer and the credential was judged without a failure: no side
// check can change an ok verdict. It never closes otherwise.
func (r *Run) routeProven() <-chan struct{} {
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
			time.Sleep(SideCheckGrace)
			close(r.grace.done)
		}()
	})
	return r.grace.done
}

// answered reports whether the reachability request got a genuine
// answer: the API's hello, or a gateway's own 404 for that path.
func answered(hello Result) bool {
	return hello.Status == Pass || (hello.Status == Warn && hello.Cause == CauseBaseURLInvalid)
}

// side wraps a check that is off the client's route, or done before the
// route answers: it is cut short once the route is proven.
func side(run func(context.Context, *Run) Result) func(context.Context, *Run) Result {
	return func(ctx context.Context, r *Run) Result {
		sctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		proven := r.routeProven()
		go func() {
			select {
			case <-proven:
				cancel(errNotAwaited)
			case <-sctx.Done():
			}
		}()
		res := run(sctx, r)
		if ctx.Err() == nil && context.Cause(sctx) == errNotAwaited && res.Status != Pass {
			return Result{Status: Skip, Msg: msg("engine.not_awaited", SideCheckGrace.Seconds()), Evidence: res.Evidence}
		}
		return res
	}
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
