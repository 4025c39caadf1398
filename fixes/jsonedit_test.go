package fixes

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func sp(s string) *string { return &s }

func TestSetEnvKeepsEverythingElse(t *testing.T) {
	in := []byte(`{
  "model": "opus",
  "permissions": {"allow": ["Bash(ls:*)"], "deny": []},
  "env": {"FOO": "bar", "HTTPS_PROXY": "http://old:1"},
  "hooks": {}
}`)
	out, err := SetEnv(in, map[string]*string{"HTTPS_PROXY": sp("http://new:2"), "https_proxy": sp("http://new:2"), "FOO": nil})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got["model"] != "opus" || got["hooks"] == nil || got["permissions"].(map[string]any)["allow"].([]any)[0] != "Bash(ls:*)" {
		t.Fatalf("other keys lost:\n%s", out)
	}
	env := got["env"].(map[string]any)
	if env["HTTPS_PROXY"] != "http://new:2" || env["https_proxy"] != "http://new:2" || env["FOO"] != nil {
		t.Fatalf("env block %v", env)
	}
	// Key order is kept: model still first, hooks last.
	if strings.Index(string(out), `"model"`) > strings.Index(string(out), `"hooks"`) {
		t.Fatalf("key order changed:\n%s", out)
	}
	// Applying the same edit again changes nothing.
	again, _ := SetEnv(out, map[string]*string{"HTTPS_PROXY": sp("http://new:2"), "https_proxy": sp("http://new:2"), "FOO": nil})
	if string(again) != string(out) {
		t.Fatalf("a second edit changed the file:\n%s\n%s", out, again)
	}
}

func TestSetEnvOnEmptyAndMissingFiles(t *testing.T) {
	out, err := SetEnv(nil, map[string]*string{"A": sp("1")})
	if err != nil || string(out) != "{\n  \"env\": {\n    \"A\": \"1\"\n  }\n}\n" {
		t.Fatalf("%q %v", out, err)
	}
	out, _ = SetEnv([]byte(`{"env":{"A":"1"}}`), map[string]*string{"A": nil})
	if strings.Contains(string(out), "env") {
		t.Fatalf("an emptied env block should go: %s", out)
	}
}

func TestSetEnvRefusesBrokenJSON(t *testing.T) {
	for _, in := range []string{"{\n  \"a\": 1,\n}", "[1,2]", `{"env": "x"}`, `{"a":1} trailing`} {
		if _, err := SetEnv([]byte(in), map[string]*string{"A": sp("1")}); err == nil {
			t.Errorf("%q: edited a file it cannot parse", in)
		}
	}
	_, err := SetEnv([]byte("{\n  \"a\": 1,\n}"), map[string]*string{"A": sp("1")})
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("the error should say where: %v", err)
	}
}

// FuzzSetEnv: whatever object goes in, every key but env.K comes out with
// the same value.
func FuzzSetEnv(f *testing.F) {
	f.Add(`{"a":1,"env":{"B":"2"}}`, "K", "v")
	f.Add(`{"env":{},"x":[1,{"y":null}],"z":"\u00e9"}`, "HTTPS_PROXY", "http://p:1")
	f.Add(`{}`, "A", "")
	f.Fuzz(func(t *testing.T, in, k, v string) {
		var before map[string]any
		if json.Unmarshal([]byte(in), &before) != nil || k == "" || !utf8.ValidString(k) || !utf8.ValidString(v) {
			return
		}
		if e, ok := before["env"]; ok {
			if _, isObj := e.(map[string]any); !isObj {
				return
			}
		}
		out, err := SetEnv([]byte(in), map[string]*string{k: &v})
		if err != nil {
			return // duplicate keys and the like: refused, which is safe
		}
		var after map[string]any
		if err := json.Unmarshal(out, &after); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		env, _ := after["env"].(map[string]any)
		if env[k] != v {
			t.Fatalf("env[%q] = %v, want %q", k, env[k], v)
		}
		delete(env, k)
		if be, ok := before["env"].(map[string]any); ok {
			delete(be, k)
			if !reflect.DeepEqual(be, env) {
				t.Fatalf("other env keys changed: %v -> %v", be, env)
			}
		}
		delete(before, "env")
		delete(after, "env")
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("other keys changed:\n%v\n%v", before, after)
		}
	})
}
