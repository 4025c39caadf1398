package checks

import (
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Schema names the JSON document `apidoctor check --json` prints.
const Schema = "apidoctor.check/v1"

// ToolInfo identifies the build that wrote a report.
type ToolInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Commit is the VCS revision the binary was built from (12 digits,
	// "+dirty" when the tree had changes); empty when the build has none.
	Commit string `json:"commit,omitempty"`
	Go     string `json:"go"`
	OS     string `json:"os"`
	Arch   string `json:"arch"`
	// Built is the release build's date; empty for a build from source.
	Built string `json:"built,omitempty"`
}

// String is the build in one line, as `apidoctor version` prints it.
func (t ToolInfo) String() string {
	s := t.Name + " " + t.Version
	// A pseudo-version already ends with the commit.
	if t.Commit != "" && !strings.Contains(t.Version, strings.TrimSuffix(t.Commit, "+dirty")) {
		s += " " + t.Commit
	}
	s += " (" + t.Go + ", " + t.OS + "/" + t.Arch
	if t.Built != "" {
		s += ", " + t.Built
	}
	return s + ")"
}

// The release's version, commit and build date, stamped by the release
// build (.goreleaser.yaml: -ldflags "-X apidoctor/checks.version=…
// -X apidoctor/checks.commit=… -X apidoctor/checks.date=…"). They live
// here, not in main, so that every report names the release too. Unset,
// Tool falls back to Go's build info: the module's version and the commit
// of a checkout.
var (
	version = ""
	commit  = ""
	date    = ""
)

// Tool describes this build: the release's stamps, else the build info
// Go embeds.
func Tool() ToolInfo {
	t := ToolInfo{Name: "apidoctor", Version: "(devel)", Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		t = toolFrom(t, bi)
	}
	return stamped(t, version, commit, date)
}

// stamped lays the release's stamps over what the build info said.
func stamped(t ToolInfo, version, commit, date string) ToolInfo {
	if version != "" {
		t.Version = version
	}
	if commit != "" {
		t.Commit = commit
		if len(t.Commit) > 12 {
			t.Commit = t.Commit[:12] // as the build info's commit is shown
		}
	}
	t.Built = date
	return t
}

// toolFrom fills the version and commit from build info.
func toolFrom(t ToolInfo, bi *debug.BuildInfo) ToolInfo {
	if bi.Main.Version != "" {
		t.Version = bi.Main.Version
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && dirty {
		rev += "+dirty"
	}
	t.Commit = rev
	return t
}

// Report is a finished run: the verdict and every result.
type Report struct {
	Schema     string        `json:"schema"`
	Tool       ToolInfo      `json:"tool"`
	Client     ClientName    `json:"client"`
	Target     Target        `json:"target"`
	Route      Route         `json:"route"`
	Settings   []Value       `json:"settings"`
	Shadowed   []Value       `json:"shadowed,omitempty"`
	Verdict    Verdict       `json:"verdict"`
	Checks     []Result      `json:"checks"`
	Routes     []RouteResult `json:"routes,omitempty"`
	StartedAt  time.Time     `json:"started_at"`
	Duration   time.Duration `json:"-"`
	DurationMS int64         `json:"duration_ms"`
	secrets    []string
}

// Secrets returns every secret the run saw, for leak scans before writing.
func (rep *Report) Secrets() []string { return rep.secrets }

// Facts returns what Diagnose needs from this run.
func (r *Run) Facts() Facts {
	return Facts{Direct: r.Route.Proxy == nil, HappyEyeballs: r.Profile.HappyEyeballs(), BaseURLSet: r.Target.Raw.Source != SourceDefault}
}

// Report builds the report once the stream is drained.
func (r *Run) Report() *Report { return r.ReportOf(r.Results()) }

// VerdictIncomplete is the verdict status of a run that did not finish
// (beside "ok" and "problem").
const VerdictIncomplete = "incomplete"

// ReportOf builds a report from results in graph order (a caller that
// collected them itself, like the wizard, passes its own). A check
// missing from results, or cut short by a cancel, makes the run
// incomplete: its verdict then says so instead of diagnosing.
func (r *Run) ReportOf(results []Result) *Report {
	d := time.Since(r.t0)
	v := Diagnose(results, r.Facts())
	if unfinished := r.Unfinished(results); len(unfinished) > 0 {
		v = incompleteVerdict(unfinished, v.Warnings)
	}
	return &Report{
		Schema:     Schema,
		Tool:       Tool(),
		Client:     r.Profile.Name,
		Target:     r.Target,
		Route:      r.Route,
		Settings:   r.Settings.Sorted(),
		Shadowed:   r.Settings.Shadowed,
		Verdict:    v,
		Checks:     results,
		StartedAt:  r.started.UTC(),
		Duration:   d,
		DurationMS: d.Milliseconds(),
		secrets:    r.Redactor.Secrets(),
	}
}

// incompleteVerdict is the verdict of a run that did not finish: a
// partial run proves nothing, so it names no root cause, only what is
// missing.
func incompleteVerdict(unfinished []string, warnings int) Verdict {
	info := CauseIncomplete.Info()
	return Verdict{Cause: CauseIncomplete, Status: VerdictIncomplete, Summary: info.Meaning, Action: info.Action,
		Warnings: warnings, Unfinished: unfinished}
}

// Incomplete reports whether the run behind the report did not finish.
func (rep *Report) Incomplete() bool { return rep.Verdict.Status == VerdictIncomplete }

// Overview is what the run is about to check, for a person to confirm
// before it starts: every value with its source, secrets masked.
type Overview struct {
	Client      ClientName
	Target      Value
	Route       Route
	RouteSource string // where the proxy variable came from
	Key         *Value
	KeyHeader   string
	Trust       []string // trust sources, e.g. "bundled", "NODE_EXTRA_CA_CERTS=/path"
	FilesFound  int
	FilesTotal  int
	Checks      int
}

// Overview describes the prepared run. It loads the client's trust, so call
// it off the UI thread.
func (r *Run) Overview() Overview {
	o := Overview{Client: r.Profile.Name, Target: r.Target.Raw, Route: r.Route, Checks: len(r.checks)}
	if v, ok := r.Settings.Lookup(r.Route.ProxyVar); ok {
		o.RouteSource = v.Source
	}
	if c, ok := r.credentialOf(); ok {
		v := c.Value
		o.Key, o.KeyHeader = &v, c.Header
	}
	for _, s := range r.trust().sources {
		o.Trust = append(o.Trust, sourceLabel(s))
	}
	if r.Profile.ReadsClaudeSettings {
		o.FilesTotal = len(r.Settings.Files)
		for _, f := range r.Settings.Files {
			if f.Exists {
				o.FilesFound++
			}
		}
	}
	return o
}

// Endpoints is the list of alternate routes this run would test.
func (r *Run) Endpoints() []RouteEndpoint {
	if len(r.Opts.Endpoints) > 0 {
		return r.Opts.Endpoints
	}
	b, v := r.Opts.BedrockRegions, r.Opts.VertexRegions
	if b == nil {
		b = DefaultBedrockRegions
	}
	if v == nil {
		v = DefaultVertexRegions
	}
	return DefaultEndpoints(r.Target, b, v)
}

// WithRoutes attaches route results to a report and names the open ones
// in the verdict when the client's own route is closed.
func (rep *Report) WithRoutes(routes []RouteResult) {
	rep.Routes = routes
	if !rep.Incomplete() { // an unfinished run has not shown the route closed
		rep.Verdict.Alternatives = Alternatives(rep.Verdict, routes)
	}
}
