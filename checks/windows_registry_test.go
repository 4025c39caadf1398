package checks

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"apidoctor/i18n"
	"apidoctor/platform"
)

// fakeRegEnv tells this test binary, started again by RunCommand as a
// stand-in for reg.exe, how to behave.
const fakeRegEnv = "APIDOCTOR_FAKE_REG"

// TestFakeRegProcess is not a test: it is reg.exe when fakeRegEnv is set.
func TestFakeRegProcess(t *testing.T) {
	switch os.Getenv(fakeRegEnv) {
	case "":
		t.Skip("runs only as regEnv's child process")
	case "exit1":
		os.Exit(1)
	case "hang":
		time.Sleep(time.Hour)
	}
	os.Exit(3)
}

// regEnv is a Windows Env whose reg is this binary, run by the real
// RunCommand, behaving as mode says ("missing": there is no reg).
func regEnv(t *testing.T, mode string) *Env {
	t.Setenv(fakeRegEnv, mode)
	return &Env{GOOS: "windows", Vars: map[string]string{}, Run: func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name != "reg" || mode == "missing" {
			return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
		}
		return RunCommand(ctx, os.Args[0], "-test.run=^TestFakeRegProcess$")
	}}
}

// TestOSProxyUnread: when reg.exe hangs past its 2 s, exits 1 or is
// missing, the local-proxy evidence carries why (in its JSON) and its
// summary says so in both languages, rather than "no local proxy".
func TestOSProxyUnread(t *testing.T) {
	for _, c := range []struct {
		mode, json, en, zh string
	}{
		{"hang", `{"command":"reg","reason":"timeout","limit_ms":2000}`, "the registry could not be read within 2 s", "注册表在 2 秒内未能读出"},
		{"exit1", `{"command":"reg","reason":"exit","exit_code":1}`, "the registry could not be read: reg exited with status 1", "无法读取注册表：reg 退出，状态码 1"},
		{"missing", `{"command":"reg","reason":"missing"}`, "the registry could not be read: reg is missing", "无法读取注册表：找不到 reg"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			p := detectOSProxy(context.Background(), regEnv(t, c.mode))
			if p == nil || p.ReadError == nil {
				t.Fatalf("no reason kept: %+v", p)
			}
			ev := &LocalProxyEvidence{OS: p}
			b, err := json.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			if want := `"os_proxy":{"source":"registry","read_error":` + c.json + `}`; !strings.Contains(string(b), want) {
				t.Errorf("JSON %s\nlacks %s", b, want)
			}
			m := ev.noneMsg()
			if en := m.String(); !strings.Contains(en, c.en) || !strings.HasPrefix(en, "no local proxy found") {
				t.Errorf("English: %q", en)
			}
			if zh := i18n.Tidy(i18n.ZH.T(m.Key, m.Args...)); !strings.Contains(zh, c.zh) {
				t.Errorf("Chinese: %q", zh)
			}
		})
	}
	// Read, with nothing in it: no reason, the plain summary.
	if m := (&LocalProxyEvidence{}).noneMsg(); m.Key != "local.none" {
		t.Errorf("no OS proxy: %v", m)
	}
}

// TestWSLRegistryUnread: from WSL, a missing reg.exe (interop off) is
// named as such.
func TestWSLRegistryUnread(t *testing.T) {
	p := &OSProxy{Source: platform.Registry{FromWSL: true}.Name(), ReadError: &platform.CommandError{Command: "reg.exe", Reason: platform.ReasonMissing}}
	m := msg("wsl.ok_unread", 2, "nat", unreadMsg(p))
	want := "WSL 2, networking nat: DNS is consistent; the Windows proxy is unknown: the Windows registry (from WSL) could not be read: reg.exe is missing"
	if got := m.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := i18n.ZH.T(m.Key, m.Args...); !strings.Contains(got, "找不到 reg.exe") {
		t.Errorf("Chinese: %q", got)
	}
	failed := &OSProxy{Source: "registry", ReadError: &platform.CommandError{Command: "reg", Reason: platform.ReasonFailed, Detail: "command output too large"}}
	if got := unreadMsg(failed).String(); got != "the registry could not be read: reg failed (command output too large)" {
		t.Errorf("failed: %q", got)
	}
}
