package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestUsageUndoLine: the usage's undo line said only "undo an applied
// fix", though bare undo undoes the last one and --list lists them; it
// says both now, its description in the same column as the other lines'
// (in terminal cells: a Chinese character takes two).
func TestUsageUndoLine(t *testing.T) {
	for _, c := range []struct{ lang, spec, want string }{
		// fang capitalises a description's first word.
		{"en", "    undo [ID] [--flags]", "Undo the last fix applied (or fix ID); --list lists them"},
		{"zh", "    undo [编号] [--flags]", "撤销最近一次修复（或指定编号）；加 --list 列出全部"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"help", "--lang", c.lang}, system{stdout: &out, stderr: &errb}); code != exitOK {
			t.Fatalf("%s: exit %d: %s", c.lang, code, errb.String())
		}
		lines := strings.Split(out.String(), "\n")
		// descCol is the cell where the description of a command's line
		// starts, after its usage and the spaces that follow.
		descCol := func(spec string) int {
			for _, l := range lines {
				if rest, ok := strings.CutPrefix(l, spec); ok {
					return ansi.StringWidth(spec) + len(rest) - len(strings.TrimLeft(rest, " "))
				}
			}
			return -1
		}
		var undo string
		for _, l := range lines {
			if strings.HasPrefix(l, c.spec) {
				undo = l
			}
		}
		if strings.TrimSpace(strings.TrimPrefix(undo, c.spec)) != c.want {
			t.Errorf("%s: the undo line is %q, want %q then %q", c.lang, undo, c.spec, c.want)
		}
		if got, want := descCol(c.spec), descCol("    fix <id> [--flags]"); got != want || want < 0 {
			t.Errorf("%s: the undo line's description starts at cell %d, the fix line's at %d", c.lang, got, want)
		}
	}
}
