package platform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// fakeRegEnv tells this test binary, started again as a stand-in for
// reg.exe, how to behave: print, fail or hang.
const fakeRegEnv = "APIDOCTOR_FAKE_REG"

// TestFakeRegProcess is not a test: it is reg.exe when fakeRegEnv is set.
func TestFakeRegProcess(t *testing.T) {
	switch os.Getenv(fakeRegEnv) {
	case "":
		t.Skip("runs only as fakeReg's child process")
	case "print":
		fmt.Print(fixture(t, "reg-clash.txt"))
		os.Exit(0)
	case "exit1":
		fmt.Fprintln(os.Stderr, "ERROR: The system was unable to find the specified registry key or value.")
		os.Exit(1)
	case "hang":
		time.Sleep(time.Hour)
	}
	os.Exit(3)
}

// fakeReg is a Runner whose reg (and reg.exe) is this binary behaving as
// mode says; any other program is missing, as exec reports it.
func fakeReg(t *testing.T, mode string) Runner {
	t.Setenv(fakeRegEnv, mode)
	return func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name != "reg" && name != "reg.exe" {
			return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
		}
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFakeRegProcess$")
		cmd.WaitDelay = 500 * time.Millisecond
		return cmd.Output()
	}
}

// TestRegistryUnread: a reg that hangs, exits 1 or is missing leaves its
// reason in the Proxy (and its JSON), not a nil that reads "no proxy".
func TestRegistryUnread(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		mode string
		run  func(t *testing.T) Runner
		want CommandError
	}{
		{"hang", func(t *testing.T) Runner { return fakeReg(t, "hang") }, CommandError{Command: "reg", Reason: ReasonTimeout, LimitMS: 300}},
		{"exit 1", func(t *testing.T) Runner { return fakeReg(t, "exit1") }, CommandError{Command: "reg", Reason: ReasonExit, ExitCode: 1}},
		{"missing", func(t *testing.T) Runner {
			return func(_ context.Context, name string, _ ...string) ([]byte, error) {
				return nil, &exec.Error{Name: name, Err: exec.ErrNotFound}
			}
		}, CommandError{Command: "reg", Reason: ReasonMissing}},
	} {
		t.Run(c.mode, func(t *testing.T) {
			h := Host{GOOS: "windows", Run: c.run(t), Timeout: 300 * time.Millisecond}
			p := FindProxy(ctx, h, ProxySources("windows", false))
			if p == nil || p.ReadError == nil || p.Source != "registry" || p.Host != "" {
				t.Fatalf("got %+v", p)
			}
			if *p.ReadError != c.want {
				t.Errorf("got %+v, want %+v", *p.ReadError, c.want)
			}
			b, _ := json.Marshal(p)
			if !strings.Contains(string(b), `"read_error":{"command":"reg","reason":"`+c.want.Reason+`"`) {
				t.Errorf("JSON: %s", b)
			}
		})
	}
	// The same stand-in, answering: the proxy, and no error.
	h := Host{GOOS: "windows", Run: fakeReg(t, "print"), Timeout: time.Minute}
	if p := FindProxy(ctx, h, ProxySources("windows", false)); p == nil || p.ReadError != nil || p.Addr() != "127.0.0.1:7890" {
		t.Fatalf("a reg that answers: %+v", p)
	}
}

// TestFindProxyPrefersAnAnswer: a failed source does not hide a later
// one's proxy, and among failures the first is kept.
func TestFindProxyPrefersAnAnswer(t *testing.T) {
	ctx := context.Background()
	timeout := &Proxy{Source: "registry", ReadError: &CommandError{Command: "reg", Reason: ReasonTimeout}}
	found := &Proxy{Source: "kioslaverc", Host: "127.0.0.1", Port: 7890}
	missing := &Proxy{Source: "registry (Windows, from WSL)", ReadError: &CommandError{Command: "reg.exe", Reason: ReasonMissing}}
	for _, c := range []struct {
		name    string
		sources []ProxySource
		want    *Proxy
	}{
		{"answer after a failure", []ProxySource{fixed{timeout}, fixed{nil}, fixed{found}}, found},
		{"only failures", []ProxySource{fixed{nil}, fixed{timeout}, fixed{missing}}, timeout},
		{"nothing", []ProxySource{fixed{nil}}, nil},
	} {
		if got := FindProxy(ctx, Host{}, c.sources); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

// fixed is a ProxySource with a set answer.
type fixed struct{ p *Proxy }

func (fixed) Name() string                        { return "fixed" }
func (f fixed) Read(context.Context, Host) *Proxy { return f.p }

// TestCommandErrorReasons: the Runner's error read as a reason, whatever
// error text the OS gives; the caller's own cancellation is not a timeout.
func TestCommandErrorReasons(t *testing.T) {
	expired, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-expired.Done()
	stopped, stop := context.WithCancel(context.Background())
	stop()
	bg := context.Background()
	for _, c := range []struct {
		name        string
		parent, ctx context.Context
		err         error
		want        string
	}{
		{"limit reached, killed", bg, expired, errors.New("signal: killed"), ReasonTimeout},
		{"limit reached, Windows' exit status 1 after the kill", bg, expired, errors.New("exit status 1"), ReasonTimeout},
		{"not on PATH", bg, bg, &exec.Error{Name: "reg", Err: exec.ErrNotFound}, ReasonMissing},
		{"absolute path missing", bg, bg, &os.PathError{Op: "fork/exec", Path: `C:\Windows\System32\reg.exe`, Err: os.ErrNotExist}, ReasonMissing},
		{"run cancelled", stopped, stopped, errors.New("signal: killed"), ReasonFailed},
		{"other", bg, bg, errors.New("output too large"), ReasonFailed},
	} {
		if got := commandError(c.parent, c.ctx, "reg", 2*time.Second, c.err); got.Reason != c.want {
			t.Errorf("%s: %+v, want %s", c.name, got, c.want)
		}
	}
}
