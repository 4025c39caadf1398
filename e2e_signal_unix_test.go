//go:build unix

package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestE2EHangupCleansUp: closing the terminal (SIGHUP) ends a demo as
// Ctrl+C does: its lab folder goes and the exit status is 128+1. Before,
// SIGHUP killed the process outright and left the folder in TMPDIR.
func TestE2EHangupCleansUp(t *testing.T) {
	tmp := t.TempDir()
	cmd := exec.Command(binary(t), "demo", "--watch", "--interval", "1s")
	cmd.Env = append(englishEnv(), "TMPDIR="+tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The first probe's line: the lab is up and its folder made.
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no output: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "apidoctor-demo-*")); len(m) != 1 {
		t.Fatalf("after %q the lab folder is %v", line, m)
	}
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = bufio.NewReader(out).ReadString(0) }()
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 129 {
		t.Errorf("exit %v, want status 129", err)
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "apidoctor-demo-") {
			t.Errorf("the demo's folder %s was left behind", e.Name())
		}
	}
}
