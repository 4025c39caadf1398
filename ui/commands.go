package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"apidoctor/checks"
	"apidoctor/fixes"
)

// preparedMsg carries a prepared run (settings resolved, nothing sent).
type preparedMsg struct {
	gen      int
	run      *checks.Run
	overview checks.Overview
	err      error
	thenRun  bool
	profile  string // the shell profile fixes write (Windows asks PowerShell)
}

// checkFinishedMsg is one check's result.
type checkFinishedMsg struct {
	gen int
	res checks.Result
}

// noteMsg is what a running check says it waits for.
type noteMsg struct {
	gen int
	ev  checks.Event
	ch  <-chan checks.Event
}

// notesClosedMsg says the run's stream ended.
type notesClosedMsg struct{ gen int }

// tickMsg animates spinners and elapsed times while a run is in flight.
type tickMsg struct {
	gen int
	t   time.Time
}

// savedMsg reports where an export went.
type savedMsg struct {
	path string
	err  error
}

// frameInterval is the spinner's pace.
const frameInterval = 100 * time.Millisecond

// prepareRun resolves settings for a client and loads its trust: file I/O,
// so it runs as a command.
func prepareRun(cfg Config, client checks.ClientName, gen int) tea.Cmd {
	return prepare(cfg, client, gen, false)
}

// prepareAndRun prepares a fresh run and starts it (re-check).
func prepareAndRun(cfg Config, client checks.ClientName, gen int) tea.Cmd {
	return prepare(cfg, client, gen, true)
}

func prepare(cfg Config, client checks.ClientName, gen int, thenRun bool) tea.Cmd {
	return func() tea.Msg {
		opts := cfg.Opts
		opts.Client = client
		r, err := checks.New(cfg.NewEnv(), opts)
		msg := preparedMsg{gen: gen, run: r, err: err, thenRun: thenRun}
		if err == nil {
			msg.overview = r.Overview()
			msg.profile = fixes.DetectShell(r.Env).Profile
		}
		return msg
	}
}

// runCheck runs one check; each check is its own command, so results
// arrive as they finish and nothing blocks the UI.
func runCheck(ctx context.Context, gen int, r *checks.Run, id string) tea.Cmd {
	return func() tea.Msg { return checkFinishedMsg{gen: gen, res: r.RunCheck(ctx, id)} }
}

// waitNote waits for the next event of the run's stream (re-armed by
// Update after each one, as in Bubble Tea's realtime example).
func waitNote(gen int, ch <-chan checks.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return notesClosedMsg{gen}
		}
		return noteMsg{gen: gen, ev: ev, ch: ch}
	}
}

func tick(gen int) tea.Cmd {
	return tea.Tick(frameInterval, func(t time.Time) tea.Msg { return tickMsg{gen, t} })
}
