package checks_test

import (
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// TestSettingsFileWinsInTheReport: the base URL comes from the settings
// file, and the report keeps the shell's hidden value with its source.
func TestSettingsFileWinsInTheReport(t *testing.T) {
	rep := run(t, "settings-url-wins")
	ev := result(t, rep, "config.base_url").Evidence.(*checks.BaseURLEvidence)
	if ev.Source != lab.Home+"/.claude/settings.json" || !strings.Contains(ev.Value, "gateway.lab.test") {
		t.Fatalf("base URL %+v, want the settings file's", ev)
	}
	if len(rep.Shadowed) != 1 || rep.Shadowed[0].Name != "ANTHROPIC_BASE_URL" || rep.Shadowed[0].Source != checks.SourceShell {
		t.Fatalf("shadowed %+v, want the shell's ANTHROPIC_BASE_URL", rep.Shadowed)
	}
	sdk := run(t, "settings-url-sdk")
	if ev := result(t, sdk, "config.base_url").Evidence.(*checks.BaseURLEvidence); ev.Source != checks.SourceShell {
		t.Fatalf("the SDK's base URL comes from %s, want the shell", ev.Source)
	}
	if len(sdk.Shadowed) != 0 {
		t.Fatalf("the SDK reads no settings file, so nothing is hidden: %+v", sdk.Shadowed)
	}
}

// TestConfigCAShowsTheCertStore: config.ca lists the stores
// CLAUDE_CODE_CERT_STORE picked, then NODE_EXTRA_CA_CERTS.
func TestConfigCAShowsTheCertStore(t *testing.T) {
	for scenario, want := range map[string][]string{
		"cert-store-default":       {"bundled", "system"},
		"cert-store-bundled":       {"bundled"},
		"cert-store-bundled-extra": {"bundled", "NODE_EXTRA_CA_CERTS"},
		"cert-store-ssl-cert-file": {"SSL_CERT_FILE", "system"},
	} {
		t.Run(scenario, func(t *testing.T) {
			rep := run(t, scenario)
			ca := result(t, rep, "config.ca")
			var got []string
			for _, s := range ca.Evidence.(*checks.CAEvidence).Sources {
				got = append(got, s.Name)
				if s.Name == "SSL_CERT_FILE" && s.Replaces != "system" {
					t.Errorf("SSL_CERT_FILE should stand in for the system store: %+v", s)
				}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("config.ca sources %v, want %v (%s)", got, want, ca.Summary)
			}
		})
	}
	rep := run(t, "cert-store-bundled")
	if tr := result(t, rep, "trust"); tr.Status != checks.Warn || !strings.Contains(tr.Summary, "system") {
		t.Fatalf("the trust check should say the system store would accept the chain: %+v", tr)
	}
}

// TestKeyShapeBeforeTheServer: the key check names the cause the server's
// 401 alone would call a bad key.
func TestKeyShapeBeforeTheServer(t *testing.T) {
	rep := run(t, "key-cut")
	if k := result(t, rep, "config.key"); k.Status != checks.Fail || !strings.Contains(k.Summary, "53 characters") {
		t.Fatalf("config.key %+v", k)
	}
	rep = run(t, "key-console-as-bearer-gateway")
	k, auth := result(t, rep, "config.key"), result(t, rep, "auth")
	if k.Status != checks.Warn || k.Cause != checks.CauseKeyWrongHeader || auth.Cause != checks.CauseKeyInvalid {
		t.Fatalf("config.key %s %s, auth %s %s", k.Status, k.Cause, auth.Status, auth.Cause)
	}
	if strings.Join(rep.Verdict.Checks, ",") != "config.key,auth" {
		t.Fatalf("the verdict should rest on config.key and auth: %v", rep.Verdict.Checks)
	}
	rep = run(t, "key-console-as-bearer-gateway-ok")
	if k := result(t, rep, "config.key"); k.Status != checks.Warn || rep.Verdict.Warnings == 0 {
		t.Fatalf("a gateway that takes the Bearer key leaves a warning: %+v, %d warnings", k, rep.Verdict.Warnings)
	}
}
