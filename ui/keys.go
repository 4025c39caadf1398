package ui

import (
	"charm.land/bubbles/v2/key"

	"apidoctor/i18n"
)

// KeyMap holds every binding; it drives both matching and the help line.
type KeyMap struct {
	Start, Client, Up, Down, Open, Back, Fix, Recheck, Export, Copy, Format, PageUp, PageDown, Watch, Routes, Help, Quit key.Binding

	cancelText, saveText string
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
		Format:   key.NewBinding(key.WithKeys("tab", "left", "right"), key.WithHelp("tab", h("format"))),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", h("page_up"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", h("page_down"))),
		Watch:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", h("watch"))),
		Routes:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", h("routes"))),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", h("help"))),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", h("quit"))),

		cancelText: h("cancel"),
		saveText:   h("save"),
	}
}

// stepKeys is the help.KeyMap of one step.
type stepKeys struct{ short, full []key.Binding }

func (s stepKeys) ShortHelp() []key.Binding  { return s.short }
func (s stepKeys) FullHelp() [][]key.Binding { return [][]key.Binding{s.short, s.full} }

// helpFor lists the keys that mean something in a step.
func (k KeyMap) helpFor(st step) stepKeys {
	switch st {
	case stepStart:
		return stepKeys{[]key.Binding{k.Start, k.Client, k.Quit, k.Help}, nil}
	case stepRunning:
		cancel := k.Back
		cancel.SetHelp("esc", k.cancelText)
		return stepKeys{[]key.Binding{cancel, k.Quit}, nil}
	case stepFindings:
		return stepKeys{[]key.Binding{k.Up, k.Down, k.Open, k.Fix, k.Recheck, k.Export, k.Quit, k.Help}, []key.Binding{k.Copy, k.Watch, k.Routes}}
	case stepDetail:
		return stepKeys{[]key.Binding{k.Back, k.Up, k.Down, k.PageDown, k.Fix, k.Quit, k.Help}, []key.Binding{k.PageUp, k.Recheck, k.Export}}
	case stepFix:
		return stepKeys{[]key.Binding{k.Back, k.Recheck, k.Quit}, nil}
	case stepExport:
		save := k.Start
		save.SetHelp("enter", k.saveText)
		return stepKeys{[]key.Binding{save, k.Format, k.Copy, k.Back}, nil}
	}
	return stepKeys{[]key.Binding{k.Quit}, nil}
}
