package fixes_test

import (
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/fixes"
	"apidoctor/i18n"
	"apidoctor/lab"
)

func val(p *string) string {
	if p == nil {
		return "<removed>"
	}
	return *p
}

// TestSetWinsInBothCases: a value the person gives for one case of a proxy
// variable is theirs for the other case too; the suggestion never
// overrides it (Claude Code reads https_proxy before HTTPS_PROXY).
func TestSetWinsInBothCases(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	for _, tc := range []struct {
		set  map[string]string
		want map[string]string
	}{
		{map[string]string{"HTTPS_PROXY": "http://proxy:3130"}, map[string]string{"HTTPS_PROXY": "http://proxy:3130", "https_proxy": "http://proxy:3130"}},
		{map[string]string{"https_proxy": "http://proxy:3130"}, map[string]string{"HTTPS_PROXY": "http://proxy:3130", "https_proxy": "http://proxy:3130"}},
		{map[string]string{"HTTP_PROXY": ""}, map[string]string{"HTTP_PROXY": "<removed>", "http_proxy": "<removed>"}},
		{map[string]string{"NO_PROXY": "localhost"}, map[string]string{"NO_PROXY": "localhost", "no_proxy": "localhost"}},
		// Both cases given: both as given.
		{map[string]string{"HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2"}, map[string]string{"HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2"}},
	} {
		plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Set: tc.set})
		for k, want := range tc.want {
			if got := val(plan.Vars[k]); got != want {
				t.Errorf("--set %v: %s = %s, want %s", tc.set, k, got, want)
			}
		}
	}
}

// TestSetWinsOverTheCAFixsOwnChoices: the CA fix removes
// NODE_TLS_REJECT_UNAUTHORIZED=0 on its own, but not over the person's
// explicit value.
func TestSetWinsOverTheCAFixsOwnChoices(t *testing.T) {
	c, _ := setup(t, "tls-inspection", func(_ *lab.Lab, env *checks.Env, _ *checks.Options) {
		env.Vars["NODE_TLS_REJECT_UNAUTHORIZED"] = "0"
	})
	plan := mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.ChainRoot})
	if v, ok := plan.Vars["NODE_TLS_REJECT_UNAUTHORIZED"]; !ok || v != nil {
		t.Fatalf("the fix should remove NODE_TLS_REJECT_UNAUTHORIZED=0 by default: %v", plan.Vars)
	}
	plan = mustBuild(t, c, checks.FixCABundle, fixes.Params{Pick: fixes.ChainRoot, Set: map[string]string{"NODE_TLS_REJECT_UNAUTHORIZED": "1"}})
	if got := val(plan.Vars["NODE_TLS_REJECT_UNAUTHORIZED"]); got != "1" {
		t.Fatalf("--set NODE_TLS_REJECT_UNAUTHORIZED=1 lost to the fix: %s", got)
	}
}

// TestPreviewMasksSecretsNotHosts: the diff masks a proxy's password and
// nothing else of its URL.
func TestPreviewMasksSecretsNotHosts(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	plan := mustBuild(t, c, checks.FixProxyEdit, fixes.Params{Set: map[string]string{"HTTPS_PROXY": "http://bob:pw-s3cret-99@proxy.corp:3130"}})
	d := plan.Diff(c)
	if strings.Contains(d, "pw-s3cret-99") || !strings.Contains(d, "bob:***@proxy.corp:3130") {
		t.Fatalf("diff:\n%s", d)
	}
	found := false
	for _, s := range plan.Secrets() {
		found = found || s == "pw-s3cret-99"
	}
	if !found {
		t.Fatalf("the plan's secrets should hold the new password: %q", plan.Secrets())
	}
	_ = i18n.EN
}

// TestMaskIsNeverWritten: a masked secret (a proxy password shown as ***,
// a key shown as sk-ant-api03-…Xy7A) is what the screens show, never what
// a fix may write in place of the real one.
func TestMaskIsNeverWritten(t *testing.T) {
	c, _ := setup(t, "proxy-not-exported")
	for fix, set := range map[string]map[string]string{
		checks.FixProxyEdit: {"HTTPS_PROXY": "http://bob:***@127.0.0.1:7890"},
		checks.FixKeyClean:  {"ANTHROPIC_API_KEY": "sk-ant-api03-…Xy7A"},
	} {
		if _, err := fixes.Build(c, fix, fixes.Params{Set: set}); err == nil || !strings.Contains(err.Error(), "masked") {
			t.Errorf("%s --set %v: %v; want a refusal", fix, set, err)
		}
	}
}
