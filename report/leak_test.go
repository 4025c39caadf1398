package report_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
	"apidoctor/report"
)

const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

func randomString(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// plantAndCheck plants random secrets in every input — the environment, a
// settings file, the proxy URL, custom headers — has the server echo the
// key back in its error body and a header, and the proxy echo its
// credentials, then renders every output format and looks for them.
func plantAndCheck(t *testing.T, rng *rand.Rand, wrongPassword bool) {
	t.Helper()
	key := "sk-ant-api03-" + randomString(rng, 20+rng.IntN(60))
	oauth := "sk-ant-oat01-" + randomString(rng, 20+rng.IntN(60))
	settingsToken := randomString(rng, 12+rng.IntN(30))
	header := randomString(rng, 10+rng.IntN(30))
	password := randomString(rng, 8+rng.IntN(20))
	other := randomString(rng, 10+rng.IntN(20))
	secrets := []string{key, oauth, settingsToken, header, password, other}

	s, _ := lab.Find("healthy")
	root := t.TempDir()
	l, env, opts, err := lab.Prepare(s, root)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.API.SetPersonality(lab.EchoKey)
	want := password
	if wrongPassword {
		want = password + "x"
	}
	p, err := l.StartProxy(lab.ProxyOptions{User: "alice", Pass: want})
	if err != nil {
		t.Fatal(err)
	}
	env.Vars["ANTHROPIC_API_KEY"] = key
	env.Vars["ANTHROPIC_CUSTOM_HEADERS"] = "X-Corp-Token: " + header
	env.Vars["MY_SERVICE_SECRET"] = other
	env.Vars["HTTPS_PROXY"] = p.URL("alice", password)
	l.WriteFile(lab.Home+"/.claude/settings.json", []byte(`{"env":{"ANTHROPIC_AUTH_TOKEN":"`+settingsToken+`","CLAUDE_CODE_OAUTH_TOKEN":"`+oauth+`"}}`))

	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	sess := report.SessionOf(rep, report.HostInfo{OS: "linux", Arch: "amd64", Home: lab.Home, User: "alice", Hostname: "devbox"})
	c := fixes.NewContext(env, opts, rep, fixes.DiskFS{Root: root}, lab.Home+"/.config")
	if plan, err := fixes.Build(c, checks.FixKeyClean, fixes.Params{Target: fixes.TargetPrint, Set: map[string]string{"ANTHROPIC_API_KEY": key}}); err == nil {
		sess.AddFix(report.FixEvent{Fix: plan.Fix, Event: "previewed", Diff: plan.Diff(c)}, key)
	}

	// The plants must reach the renderers, or the test proves nothing: the
	// Markdown holds what the server (the key) or the proxy (its
	// credentials, when refused) echoed back — masked, since the engine
	// records every answer redacted.
	echoed := "invalid x-api-key: sk-ant-api03-…"
	if wrongPassword {
		echoed = "Cache Access Denied for alice:"
	}
	if raw := report.SessionMarkdown(sess, i18n.EN); !strings.Contains(raw, echoed) {
		t.Fatalf("the echoed secret never reached the report; the test would be vacuous:\n%s", raw)
	}
	outputs := map[string]string{}
	var text, js bytes.Buffer
	if err := report.Write(&text, rep, report.Text(rep, report.TextOptions{})); err != nil {
		t.Fatalf("text: %v", err)
	}
	j, _ := report.JSON(rep)
	if err := report.Write(&js, rep, j); err != nil {
		t.Fatalf("json: %v", err)
	}
	outputs["text"], outputs["check json"] = text.String(), js.String()
	for _, f := range report.Formats() {
		// --redact-paths rewrites every value too: it must not undo a mask.
		for _, o := range []report.Options{{}, {RedactPaths: true}} {
			out, err := report.RenderSession(sess, f, o)
			if err != nil {
				t.Fatalf("%s %+v: %v", f, o, err)
			}
			outputs[fmt.Sprintf("session %s %+v", f, o)] = out
		}
	}
	for name, out := range outputs {
		if len(out) < 100 {
			t.Fatalf("%s output is suspiciously short: %q", name, out)
		}
		for _, sec := range secrets {
			if strings.Contains(out, sec) {
				i := strings.Index(out, sec)
				t.Fatalf("%s output contains the secret %q near %q", name, sec, out[max(i-60, 0):min(i+len(sec)+20, len(out))])
			}
		}
	}
}

func TestNoSecretLeaksProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261126, 7))
	for i := 0; i < 12; i++ {
		plantAndCheck(t, rng, i%2 == 1)
	}
}

func FuzzNoSecretLeaks(f *testing.F) {
	f.Add(uint64(1), false)
	f.Add(uint64(42), true)
	f.Fuzz(func(t *testing.T, seed uint64, wrong bool) {
		plantAndCheck(t, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), wrong)
	})
}
