package checks

import (
	"encoding/json"
	"time"
)

// Result is what one check found.
type Result struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Status   Status        `json:"status"`
	Cause    Cause         `json:"cause,omitempty"`
	Summary  string        `json:"summary"`
	Duration time.Duration `json:"-"`
	// Evidence is a check-specific struct, marshalled as it is.
	Evidence any `json:"evidence,omitempty"`
	// Error is the raw error text, redacted.
	Error string   `json:"error,omitempty"`
	Fixes []string `json:"fixes,omitempty"`
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

func pass(summary string, ev any) Result { return Result{Status: Pass, Summary: summary, Evidence: ev} }

func na(summary string) Result { return Result{Status: NA, Summary: summary} }

func skip(summary string) Result { return Result{Status: Skip, Summary: summary} }

// problem builds a fail or warn result with the catalogue's fixes for cause.
func problem(st Status, cause Cause, summary string, ev any, err error) Result {
	r := Result{Status: st, Cause: cause, Summary: summary, Evidence: ev, Fixes: cause.Fixes(), err: err}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

func fail(cause Cause, summary string, ev any, err error) Result {
	return problem(Fail, cause, summary, ev, err)
}

func warn(cause Cause, summary string, ev any) Result { return problem(Warn, cause, summary, ev, nil) }
