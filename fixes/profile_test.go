package fixes

import (
	"strings"
	"testing"

	"apidoctor/checks"
)

func TestProfileBlockIsReplacedInPlace(t *testing.T) {
	sh := Shell{Name: "bash"}
	orig := "export PATH=$PATH:~/bin\nalias g=git"
	out, err := sh.EditBlock([]byte(orig), map[string]*string{"HTTPS_PROXY": sp("http://127.0.0.1:7890"), "https_proxy": sp("http://127.0.0.1:7890")})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, orig+"\n") || !strings.Contains(s, "export HTTPS_PROXY='http://127.0.0.1:7890'\n") || strings.Count(s, BlockStart) != 1 {
		t.Fatalf("profile:\n%s", s)
	}
	// Lines after the block stay; a second edit replaces the block in place and merges.
	s += "alias k=kubectl\n"
	out, _ = sh.EditBlock([]byte(s), map[string]*string{"NO_PROXY": sp("localhost"), "https_proxy": nil})
	s2 := string(out)
	if strings.Count(s2, BlockStart) != 1 || !strings.HasSuffix(s2, "alias k=kubectl\n") || !strings.Contains(s2, "export NO_PROXY='localhost'") || !strings.Contains(s2, "unset https_proxy") || !strings.Contains(s2, "export HTTPS_PROXY=") {
		t.Fatalf("second edit:\n%s", s2)
	}
	// The same edit again changes nothing.
	out, _ = sh.EditBlock([]byte(s2), map[string]*string{"NO_PROXY": sp("localhost")})
	if string(out) != s2 {
		t.Fatalf("not idempotent:\n%s\n---\n%s", s2, out)
	}
}

func TestProfileQuotingRoundTrips(t *testing.T) {
	for _, name := range []string{"bash", "zsh", "fish", "powershell"} {
		sh := Shell{Name: name}
		v := `it's a "value" with \ and $HOME`
		out, err := sh.EditBlock(nil, map[string]*string{"K": &v})
		if err != nil {
			t.Fatal(err)
		}
		var got *string
		for _, l := range strings.Split(string(out), "\n") {
			if k, val, ok := sh.parseLine(l); ok && k == "K" {
				got = val
			}
		}
		if got == nil || *got != v {
			t.Errorf("%s: %q read back as %v\n%s", name, v, got, out)
		}
	}
}

func TestDetectShell(t *testing.T) {
	for shell, want := range map[string]string{"/bin/zsh": "/h/.zshrc", "/usr/bin/fish": "/h/.config/fish/config.fish", "/bin/bash": "/h/.bashrc", "": "/h/.bashrc"} {
		if got := DetectShell(&checks.Env{Home: "/h", GOOS: "linux", Vars: map[string]string{"SHELL": shell}}); got.Profile != want {
			t.Errorf("%s: %s", shell, got.Profile)
		}
	}
	if got := DetectShell(&checks.Env{Home: `C:\Users\u`, GOOS: "windows"}); got.Name != "powershell" || got.Profile != `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1` {
		t.Errorf("windows: %+v", got)
	}
}

func TestBrokenBlockIsRefused(t *testing.T) {
	if _, err := (Shell{Name: "bash"}).EditBlock([]byte(BlockStart+"\nexport A='1'\n"), map[string]*string{"B": sp("2")}); err == nil {
		t.Fatal("a block without its end marker must not be edited")
	}
}

// TestProfileKeepsCRLF: a PowerShell profile written on Windows keeps its
// line breaks; the block is replaced in place and nothing else moves.
func TestProfileKeepsCRLF(t *testing.T) {
	sh := Shell{Name: "powershell"}
	orig := "Set-Alias g git\r\nImport-Module posh-git\r\n"
	out, err := sh.EditBlock([]byte(orig), map[string]*string{"HTTPS_PROXY": sp("http://127.0.0.1:7890")})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, orig) || strings.Count(s, "\n") != strings.Count(s, "\r\n") {
		t.Fatalf("line breaks mixed:\n%q", s)
	}
	s += "Set-Alias k kubectl\r\n"
	out, _ = sh.EditBlock([]byte(s), map[string]*string{"NO_PROXY": sp("localhost")})
	s2 := string(out)
	if !strings.HasPrefix(s2, orig) || !strings.HasSuffix(s2, BlockEnd+"\r\nSet-Alias k kubectl\r\n") || strings.Count(s2, "\n") != strings.Count(s2, "\r\n") {
		t.Fatalf("second edit:\n%q", s2)
	}
}

// TestExistingASCIIPowerShellProfileGetsAMark: Windows PowerShell 5.1 reads
// a script without a byte-order mark in the ANSI code page, so an existing
// all-ASCII profile that gets a non-ASCII path (C:\Users\张三\…) must
// gain the mark; a profile that already holds non-ASCII bytes without one
// is left as it is (they may be ANSI text), and a mark is never doubled.
func TestExistingASCIIPowerShellProfileGetsAMark(t *testing.T) {
	ps := Shell{Name: "powershell"}
	ca := `C:\Users\张三\AppData\Roaming\apidoctor\certs\corp.pem`
	set := map[string]*string{"NODE_EXTRA_CA_CERTS": &ca}
	orig := "Import-Module posh-git\r\n"
	out, err := ps.EditBlock([]byte(orig), set)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), bom+orig) {
		t.Errorf("an ASCII profile given UTF-8 text has no mark: %q", out)
	}
	if again, _ := ps.EditBlock(out, set); strings.Count(string(again), bom) != 1 {
		t.Errorf("mark doubled: %q", again)
	}
	// An ASCII profile whose ASCII block gets a non-ASCII value.
	withBlock, _ := ps.EditBlock([]byte(orig), map[string]*string{"A": sp("1")})
	if out, _ := ps.EditBlock(withBlock, set); !strings.HasPrefix(string(out), bom) {
		t.Errorf("an ASCII profile with a block given UTF-8 text has no mark: %q", out)
	}
	ansi := "# caf\xe9\r\n" // Latin-1 text: a mark would make PowerShell misread it
	if out, _ := ps.EditBlock([]byte(ansi), set); strings.HasPrefix(string(out), bom) {
		t.Errorf("a non-ASCII profile without a mark got one: %q", out)
	}
	if out, _ := ps.EditBlock([]byte(orig), map[string]*string{"A": sp("1")}); strings.HasPrefix(string(out), bom) {
		t.Errorf("an ASCII edit added a mark: %q", out)
	}
	if out, _ := (Shell{Name: "bash"}).EditBlock([]byte("alias g=git\n"), set); strings.HasPrefix(string(out), bom) {
		t.Errorf("a bash profile got a mark: %q", out)
	}
}
