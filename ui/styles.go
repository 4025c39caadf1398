package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"apidoctor/checks"
)

// Styles are every style of the wizard, built from a few semantic colours.
type Styles struct {
	Title    lipgloss.Style
	Subtle   lipgloss.Style
	Label    lipgloss.Style
	Value    lipgloss.Style
	Selected lipgloss.Style
	Verdict  lipgloss.Style
	Problem  lipgloss.Style
	OK       lipgloss.Style
	Status   map[checks.Status]lipgloss.Style
	Bar      lipgloss.Style
	BarEmpty lipgloss.Style
	Key      lipgloss.Style
	Accent   color.Color
}

// NewStyles builds the styles for a dark or light background. With color
// off every style is plain (bold and reverse stay, they carry meaning).
func NewStyles(isDark, noColor bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	accent := c("#5A4FCF", "#A69CFF")
	green, yellow, red, gray := c("#1A7F37", "#56D364"), c("#9A6700", "#E3B341"), c("#CF222E", "#FF7B72"), c("#6E7781", "#8B949E")
	s := Styles{
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:   lipgloss.NewStyle().Foreground(gray),
		Label:    lipgloss.NewStyle().Foreground(gray),
		Value:    lipgloss.NewStyle(),
		Selected: lipgloss.NewStyle().Reverse(true),
		Verdict:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Problem:  lipgloss.NewStyle().Bold(true).Foreground(red),
		OK:       lipgloss.NewStyle().Bold(true).Foreground(green),
		Status: map[checks.Status]lipgloss.Style{
			checks.Pass: lipgloss.NewStyle().Foreground(green),
			checks.Warn: lipgloss.NewStyle().Foreground(yellow),
			checks.Fail: lipgloss.NewStyle().Foreground(red).Bold(true),
			checks.Skip: lipgloss.NewStyle().Foreground(gray),
			checks.NA:   lipgloss.NewStyle().Foreground(gray),
		},
		Bar:      lipgloss.NewStyle().Foreground(accent),
		BarEmpty: lipgloss.NewStyle().Foreground(gray),
		Key:      lipgloss.NewStyle().Foreground(accent),
		Accent:   accent,
	}
	return s
}

// Glyphs are the status marks, with a plain-ASCII set for terminals
// without Unicode.
type Glyphs struct {
	Status   map[checks.Status]string
	Bullet   string
	Arrow    string
	Down     string // more below
	BarFull  string
	BarEmpty string
	Spinner  []string
}

// UnicodeGlyphs and ASCIIGlyphs are the two glyph sets.
var (
	UnicodeGlyphs = Glyphs{
		Status: map[checks.Status]string{checks.Pass: "✓", checks.Warn: "!", checks.Fail: "✗", checks.Skip: "–", checks.NA: "·"},
		Bullet: "•", Arrow: "→", Down: "↓", BarFull: "█", BarEmpty: "░",
		Spinner: []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"},
	}
	ASCIIGlyphs = Glyphs{
		Status: map[checks.Status]string{checks.Pass: "+", checks.Warn: "!", checks.Fail: "x", checks.Skip: "-", checks.NA: "."},
		Bullet: "*", Arrow: "->", Down: "v", BarFull: "#", BarEmpty: ".",
		Spinner: []string{"|", "/", "-", "\\"},
	}
)
