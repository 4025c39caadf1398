package i18n

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestNoTerminalDeps keeps the engine and the catalogue free of terminal
// libraries: measuring, wrapping and styling text for a terminal belongs
// to apidoctor/termtext and the front ends, so a program that embeds the
// checks does not link them.
func TestNoTerminalDeps(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goBin, "list", "-deps", "apidoctor/checks", "apidoctor/i18n").Output()
	if err != nil {
		var stderr []byte
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	banned := []string{"charmbracelet", "lipgloss", "bubbletea", "bubbles", "runewidth", "uniseg", "displaywidth", "colorprofile"}
	for _, dep := range strings.Fields(string(out)) {
		for _, b := range banned {
			if strings.Contains(dep, b) {
				t.Errorf("apidoctor/checks or apidoctor/i18n depends on %s", dep)
			}
		}
	}
}
