package report

import (
	"time"

	"apidoctor/i18n"

	"apidoctor/checks"
)

// SessionSchema names the session document's JSON.
const SessionSchema = "apidoctor.session/v1"

// Session is everything one sitting found and did: each run of the checks,
// each fix proposed, previewed, tested, applied, verified or undone, and a
// timeline. The CLI and the wizard both record into one.
type Session struct {
	Schema    string          `json:"schema"`
	Tool      checks.ToolInfo `json:"tool"`
	Host      HostInfo        `json:"host"`
	StartedAt time.Time       `json:"started_at"`
	Runs      []Run           `json:"runs"`
	Fixes     []FixEvent      `json:"fixes,omitempty"`
	Timeline  []Event         `json:"timeline"`
	now       func() time.Time
	secrets   []string
}

// HostInfo is the machine the session ran on.
type HostInfo struct {
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	Hostname string `json:"hostname,omitempty"`
	User     string `json:"user,omitempty"`
	Home     string `json:"home,omitempty"`
}

// Run is one pass of the checks.
type Run struct {
	// Kind is check, recheck, fix-test (a live test of a candidate) or verify.
	Kind   string         `json:"kind"`
	At     time.Time      `json:"at"`
	Fix    string         `json:"fix,omitempty"`
	Report *checks.Report `json:"report"`
}

// FixEvent is one step of a fix.
type FixEvent struct {
	At    time.Time `json:"at"`
	Fix   string    `json:"fix"`
	Title string    `json:"title,omitempty"`
	// Event is proposed, previewed, tested, applied, verified, undone or failed.
	Event   string      `json:"event"`
	Target  string      `json:"target,omitempty"`
	Diff    string      `json:"diff,omitempty"`
	Files   []FixedFile `json:"files,omitempty"`
	UndoID  string      `json:"undo_id,omitempty"`
	Verdict string      `json:"verdict,omitempty"`
	Error   string      `json:"error,omitempty"`
}

// FixedFile is a file a fix wrote, and its backup.
type FixedFile struct {
	Path   string `json:"path"`
	Backup string `json:"backup,omitempty"`
}

// Event is one line of the timeline.
type Event struct {
	At   time.Time `json:"at"`
	What string    `json:"what"`
	msg  i18n.M
}

// In is the event in a language.
func (e Event) In(l i18n.Lang) string {
	if e.msg.IsZero() {
		return e.What
	}
	return l.M(e.msg)
}

// NewSession starts a session on a host.
func NewSession(host HostInfo, now func() time.Time) *Session {
	if now == nil {
		now = time.Now
	}
	s := &Session{Schema: SessionSchema, Tool: checks.Tool(), Host: host, StartedAt: now().UTC(), now: now}
	s.note(i18n.Msg("timeline.started"))
	return s
}

// note adds a line to the timeline.
func (s *Session) note(m i18n.M) {
	s.Timeline = append(s.Timeline, Event{At: s.now().UTC(), What: m.String(), msg: m})
}

// AddRun records a finished run and learns its secrets.
func (s *Session) AddRun(kind, fix string, rep *checks.Report) {
	if rep == nil {
		return
	}
	s.Runs = append(s.Runs, Run{Kind: kind, At: s.now().UTC(), Fix: fix, Report: rep})
	s.secrets = append(s.secrets, rep.Secrets()...)
	if fix != "" {
		s.note(i18n.Msg("timeline.run_fix", i18n.Msg("run.kind."+kind), fix, string(rep.Verdict.Cause)))
	} else {
		s.note(i18n.Msg("timeline.run", i18n.Msg("run.kind."+kind), string(rep.Verdict.Cause)))
	}
}

// AddFix records a step of a fix; secrets are values the fix handled.
func (s *Session) AddFix(e FixEvent, secrets ...string) {
	e.At = s.now().UTC()
	s.Fixes = append(s.Fixes, e)
	s.secrets = append(s.secrets, secrets...)
	switch {
	case e.Error != "":
		s.note(i18n.Msg("timeline.fix_error", e.Fix, i18n.Msg("fix.event."+e.Event), e.Error))
	case e.UndoID != "":
		s.note(i18n.Msg("timeline.fix_undo", e.Fix, i18n.Msg("fix.event."+e.Event), e.UndoID))
	default:
		s.note(i18n.Msg("timeline.fix", e.Fix, i18n.Msg("fix.event."+e.Event)))
	}
}

// Secrets returns every secret the session saw.
func (s *Session) Secrets() []string { return s.secrets }

// Latest is the last run that checked everything (not a live test).
func (s *Session) Latest() *checks.Report {
	for i := len(s.Runs) - 1; i >= 0; i-- {
		if s.Runs[i].Kind != "fix-test" {
			return s.Runs[i].Report
		}
	}
	return nil
}

// First is the first run of the session.
func (s *Session) First() *checks.Report {
	if len(s.Runs) == 0 {
		return nil
	}
	return s.Runs[0].Report
}

// Snapshot copies the session so a command can render it while the
// wizard goes on recording.
func (s *Session) Snapshot() *Session {
	c := *s
	c.Runs = append([]Run(nil), s.Runs...)
	c.Fixes = append([]FixEvent(nil), s.Fixes...)
	c.Timeline = append([]Event(nil), s.Timeline...)
	c.secrets = append([]string(nil), s.secrets...)
	return &c
}
