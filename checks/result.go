package checks

import (
	"encoding/json"
	"time"

	"apidoctor/i18n"
)

// Result is what one check found.
type Result struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Status  Status `json:"status"`
	Cause   Cause  `json:"cause,omitempty"`
	Summary string `json:"summary"`
	// Msg is the summary as a message, translated when it is shown.
	Msg      i18n.M        `json:"-"`
	Duration time.Duration `json:"-"`
	// Evidence is a check-specific struct, marshalled as it is.
	Evidence any `json:"evidence,omitempty"`
	// Error is the raw error text, redacted.
	Error string   `json:"error,omitempty"`
	Fixes []string `json:"fixes,omitempty"`
	// Advice, when set, is what to do in this very case, in place of the
	// cause's general action (a hung proxy is not a missing one).
	Advice i18n.M `json:"-"`
	// err keeps the typed error for classification by dependent checks.
	err error
}

// MarshalJSON adds duration_ms.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		plain
		DurationMS int64 `json:"duration_ms"`
	}{plain(r), r.Duration.Milliseconds()})
}

// OK reports whether the check passed or only warned.
func (r Result) OK() bool { return r.Status == Pass || r.Status == Warn }

// Err returns the typed error behind a failure, if any.
func (r Result) Err() error { return r.err }

func pass(msg i18n.M, ev any) Result { return Result{Status: Pass, Msg: msg, Evidence: ev} }

func na(msg i18n.M) Result { return Result{Status: NA, Msg: msg} }

func skip(msg i18n.M) Result { return Result{Status: Skip, Msg: msg} }

// problem builds a fail or warn result with the catalogue's fixes for cause.
func problem(st Status, cause Cause, msg i18n.M, ev any, err error) Result {
	r := Result{Status: st, Cause: cause, Msg: msg, Evidence: ev, Fixes: cause.Fixes(), err: err}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

func fail(cause Cause, msg i18n.M, ev any, err error) Result {
	return problem(Fail, cause, msg, ev, err)
}

func warn(cause Cause, msg i18n.M, ev any) Result { return problem(Warn, cause, msg, ev, nil) }

// OffRouteKey is the message of a failure on a path the client does not
// take (the direct path of a proxied client): it wraps the failure's own.
const OffRouteKey = "check.off_route"

// msg is short for i18n.Msg.
func msg(key string, args ...any) i18n.M { return i18n.Msg(key, args...) }

// source names where a value came from: a known code (flag, environment,
// default) as a message to translate, a file path as itself.
func source(s string) any {
	if key := "source." + s; i18n.Has(key) {
		return i18n.Msg(key)
	}
	return s
}

// trustName names a trust source: the built-in ones translated, a
// variable as itself.
func trustName(name string) i18n.M {
	if key := "trust." + name; i18n.Has(key) {
		return i18n.Msg(key)
	}
	return raw(name)
}

// BypassRuleMsg shows a route's bypass rule: a NO_PROXY entry as itself,
// the loopback rule explained.
func BypassRuleMsg(rule string) i18n.M {
	if rule == BypassLoopback {
		return i18n.Msg("bypass.loopback")
	}
	return raw(rule)
}

// raw wraps text that is data, not prose (an error's own words).
func raw(s string) i18n.M { return i18n.Msg("raw", s) }
