package ui

import (
	"charm.land/bubbles/v2/key"

	"apidoctor/checks"
	"apidoctor/i18n"
)

// KeyMap holds every binding; it drives both matching and the help line.
type KeyMap struct {
	Start, Client, Up, Down, Open, Back, Fix, Recheck, Export, Copy, Format, PageUp, PageDown, Watch, Routes, Help, Quit key.Binding
	// Undo lists the fixes applied in this session (findings).
	Undo key.Binding
	// EditPath focuses the export's path field; Done leaves it.
	EditPath, Done key.Binding

	cancelText, saveText, undoText string
}

// DefaultKeyMap returns the wizard's bindings, described in a language.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	h := func(k string) string { return l.T("key." + k) }
	return KeyMap{
		Start:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h("start"))),
		Client:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", h("client"))),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", h("up"))),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", h("down"))),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h("details"))),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", h("back"))),
		Fix:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", h("fix"))),
		Recheck:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", h("recheck"))),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", h("export"))),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", h("copy"))),
		Format:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", h("format"))),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", h("page_up"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", h("page_down"))),
		Watch:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", h("watch"))),
		Routes:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", h("routes"))),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", h("help"))),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", h("quit"))),
		Undo:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", h("undo"))),
		EditPath: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", h("edit_path"))),
		Done:     key.NewBinding(key.WithKeys("tab", "shift+tab", "esc"), key.WithHelp("tab/esc", h("done"))),

		cancelText: h("cancel"),
		undoText:   h("undo"),
		saveText:   h("save"),
	}
}

// stepKeys is the help.KeyMap of one step.
type stepKeys struct{ short, full []key.Binding }

func (s stepKeys) ShortHelp() []key.Binding  { return s.short }
func (s stepKeys) FullHelp() [][]key.Binding { return [][]key.Binding{s.short, s.full} }

// helpFor lists the keys that mean something in the model's step, in
// its present state: a focused field takes the single-letter keys, so
// none of them is offered while it has the focus.
func (m Model) helpFor() stepKeys {
	k := m.keys
	switch m.step {
	case stepStart:
		return stepKeys{[]key.Binding{k.Start, k.Client, k.Quit, k.Help}, nil}
	case stepRunning:
		cancel := k.Back
		cancel.SetHelp("esc", k.cancelText)
		return stepKeys{[]key.Binding{cancel, k.Quit, k.Help}, nil}
	case stepFindings:
		short := []key.Binding{k.Up, k.Down, k.Open, k.Fix}
		if len(m.undoable) > 0 {
			// Next to f: the way back from what f did.
			short = append(short, k.Undo)
		}
		return stepKeys{append(short, k.Recheck, k.Export, k.Quit, k.Help), []key.Binding{k.Copy, k.Watch, k.Routes}}
	case stepDetail:
		return stepKeys{[]key.Binding{k.Back, k.Up, k.Down, k.PageDown, k.Fix, k.Quit, k.Help}, []key.Binding{k.PageUp, k.Recheck, k.Export}}
	case stepFix:
		return stepKeys{m.fixKeys(), nil}
	case stepExport:
		save := k.Start
		save.SetHelp("enter", k.saveText)
		if m.export.editing {
			return stepKeys{[]key.Binding{save, k.Done}, nil}
		}
		return stepKeys{[]key.Binding{save, k.EditPath, k.Format, k.Copy, k.Back, k.Quit, k.Help}, nil}
	case stepWatch:
		return m.watch.keys(m)
	case stepUndo:
		undo := k.Open
		undo.SetHelp("enter", k.undoText)
		return stepKeys{[]key.Binding{undo, k.Back, k.Up, k.Down, k.Quit, k.Help}, nil}
	}
	return stepKeys{[]key.Binding{k.Quit, k.Help}, nil}
}

// pinned reports whether a binding stays on a cut help line: the way to
// more help and the way out.
func (k KeyMap) pinned(b key.Binding) bool {
	return b.Help().Key == k.Help.Help().Key || b.Help().Key == k.Quit.Help().Key
}

// FixKeyMap holds the fix flow's bindings, by phase; they drive both the
// matching in fixKey and the flow's help line, so the help offers only
// what works.
type FixKeyMap struct {
	// The list of fixes.
	Up, Down, Open, Back, Quit key.Binding
	// The proxy form: fields, the "save to" row (←/→), preview.
	NextField, PrevField, SaveTo, Preview key.Binding
	// The CA form: the variable and where it is saved.
	Variable, CycleSaveTo key.Binding
	// The file picker (its own keys; listed for the help).
	PickMove, PickUp, PickOpen, PickCancel key.Binding
	// Browse opens the file picker from the CA form.
	Browse key.Binding
	// The preview: scroll, apply, stop the live test.
	ScrollUp, ScrollDown, Apply, StopTest key.Binding
	// The confirmation: yes, no (enter says no after a failed test).
	Yes, No, NoDefault key.Binding
	// The applied screen: undo, stop the re-check, the findings.
	Undo, StopVerify, Findings key.Binding
}

// DefaultFixKeyMap returns the fix flow's bindings, described in a
// language.
func DefaultFixKeyMap(l i18n.Lang) FixKeyMap {
	h := func(k string) string { return l.T("help." + k) }
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return FixKeyMap{
		Up:          b([]string{"up", "k"}, "↑/↓", h("choose")),
		Down:        b([]string{"down", "j"}, "↑/↓", h("choose")),
		Open:        b([]string{"enter"}, "enter", h("open")),
		Back:        b([]string{"esc"}, "esc", h("back")),
		Quit:        b([]string{"q"}, "q", l.T("key.quit")),
		NextField:   b([]string{"tab", "down"}, "tab", h("next_field")),
		PrevField:   b([]string{"shift+tab", "up"}, "shift+tab", h("prev_field")),
		SaveTo:      b([]string{"left", "right"}, "←/→", h("save_to")),
		Preview:     b([]string{"enter"}, "enter", h("preview")),
		Variable:    b([]string{"v"}, "v", h("variable")),
		CycleSaveTo: b([]string{"t"}, "t", h("save_to")),
		PickMove:    b([]string{"up", "down"}, "↑/↓", h("move")),
		PickUp:      b([]string{"left", "h", "backspace"}, "←", h("parent")),
		PickOpen:    b([]string{"enter"}, "enter", h("open")),
		Browse:      b([]string{"b"}, "b", h("browse")),
		PickCancel:  b([]string{"esc"}, "esc", h("cancel")),
		ScrollUp:    b([]string{"up", "k"}, "↑/↓", h("scroll")),
		ScrollDown:  b([]string{"down", "j"}, "↑/↓", h("scroll")),
		Apply:       b([]string{"a"}, "a", h("apply")),
		StopTest:    b([]string{"esc"}, "esc", h("stop_test")),
		Yes:         b([]string{"y"}, "y", h("apply")),
		No:          b([]string{"n", "esc"}, "n", h("cancel")),
		NoDefault:   b([]string{"n", "esc", "enter"}, "n/enter", h("cancel")),
		Undo:        b([]string{"u"}, "u", h("undo")),
		StopVerify:  b([]string{"esc"}, "esc", h("stop_recheck")),
		Findings:    b([]string{"enter", "esc"}, "enter", h("findings")),
	}
}

// fixKeys lists the keys that work in the fix flow's present phase.
func (m Model) fixKeys() []key.Binding {
	k, f := m.fixKeyMap, m.fix
	switch f.phase {
	case phaseChoose:
		return []key.Binding{k.Up, k.Open, k.Back, k.Quit}
	case phaseForm:
		if f.fix == checks.FixCABundle {
			if f.testing {
				// The list is not ready: nothing to preview or browse yet.
				return []key.Binding{k.Up, k.Variable, k.CycleSaveTo, k.Back, k.Quit}
			}
			return []key.Binding{k.Up, k.Preview, k.Browse, k.Variable, k.CycleSaveTo, k.Back, k.Quit}
		}
		if f.focus == 2*len(f.inputs) {
			// The "save to" row: ←/→ change it. No field has the focus.
			return []key.Binding{k.SaveTo, k.NextField, k.Preview, k.Back}
		}
		// A text field has the focus: ←/→ move its cursor, and every
		// letter is typed.
		return []key.Binding{k.NextField, k.Preview, k.Back}
	case phasePick:
		return []key.Binding{k.PickMove, k.PickUp, k.PickOpen, k.PickCancel}
	case phasePreview:
		if f.busy == "busy.testing" {
			return []key.Binding{k.ScrollUp, k.StopTest, k.Quit}
		}
		keys := []key.Binding{k.ScrollUp, k.Back, k.Quit}
		if f.appliable() && f.busy == "" {
			keys = append([]key.Binding{k.Apply}, keys...)
		}
		return keys
	case phaseConfirm:
		if f.busy != "" {
			return nil // writing: nothing to press
		}
		yes := k.Yes
		if f.testFailed() {
			yes.SetHelp("y", m.t("help.apply_anyway"))
			return []key.Binding{yes, k.NoDefault}
		}
		return []key.Binding{yes, k.No}
	case phaseApplied:
		var keys []key.Binding
		if f.entry.ID != "" && !f.undone && f.busy == "" {
			keys = append(keys, k.Undo)
		}
		if f.busy == "busy.rechecking" {
			keys = append(keys, k.StopVerify)
		}
		return append(keys, k.Findings, k.Quit)
	}
	return []key.Binding{k.Quit}
}

// WatchKeyMap holds the watch screen's bindings; they drive both the
// matching in watchKey and the screen's help line.
type WatchKeyMap struct {
	// Advice shows the advisor's reading, Stats the numbers again (the
	// same key: its help says what it does next).
	Advice, Stats key.Binding
	// Back stops the watch and goes back to the findings (the wizard);
	// Stop ends a standalone watch.
	Back, Stop key.Binding
	Help, Quit key.Binding
}

// DefaultWatchKeyMap returns the watch's bindings, described in a
// language. The watch interval is fixed when the watch starts
// (--interval), so no key changes it.
func DefaultWatchKeyMap(l i18n.Lang) WatchKeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return WatchKeyMap{
		Advice: b([]string{"a"}, "a", l.T("watch.key.advice")),
		Stats:  b([]string{"a"}, "a", l.T("watch.key.stats")),
		Back:   b([]string{"esc"}, "esc", l.T("watch.key.back")),
		Stop:   b([]string{"esc"}, "esc", l.T("watch.key.stop")),
		Help:   b([]string{"?"}, "?", l.T("key.help")),
		Quit:   b([]string{"q", "ctrl+c"}, "q", l.T("key.quit")),
	}
}

// keys lists the keys that work on the watch screen now: a toggles the
// advice or the numbers, esc goes back (or, standalone, ends the watch).
func (w *watchPanel) keys(m Model) stepKeys {
	k := DefaultWatchKeyMap(m.cfg.Lang)
	toggle := k.Advice
	if w.advice {
		toggle = k.Stats
	}
	back := k.Back
	if w.standalone {
		back = k.Stop
	}
	return stepKeys{[]key.Binding{toggle, back, k.Quit, k.Help}, nil}
}
