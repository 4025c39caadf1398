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

// TestSetEnvMinimalDiff: an edit touches the env block only, in the file's
// own style; every other byte stays where it was.
func TestSetEnvMinimalDiff(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		set      map[string]*string
		want     string
	}{
		{"compact, add", `{"model":"opus","env":{"A":"1"},"hooks":{}}`,
			map[string]*string{"B": sp("2")},
			`{"model":"opus","env":{"A":"1","B":"2"},"hooks":{}}`},
		{"compact, replace", `{"model":"opus","env":{"A":"1","B":"x"},"hooks":{}}`,
			map[string]*string{"B": sp("2")},
			`{"model":"opus","env":{"A":"1","B":"2"},"hooks":{}}`},
		{"compact, no env", `{"model":"opus","hooks":{}}`,
			map[string]*string{"A": sp("1")},
			`{"model":"opus","hooks":{},"env":{"A":"1"}}`},
		{"one line with spaces", `{"model": "opus", "env": {"A": "1"}}`,
			map[string]*string{"B": sp("2")},
			`{"model": "opus", "env": {"A": "1", "B": "2"}}`},
		{"2 spaces, add", "{\n  \"model\": \"opus\",\n  \"env\": {\n    \"A\": \"1\"\n  },\n  \"permissions\": {\"allow\": [\"Bash(ls:*)\"]}\n}\n",
			map[string]*string{"B": sp("2")},
			"{\n  \"model\": \"opus\",\n  \"env\": {\n    \"A\": \"1\",\n    \"B\": \"2\"\n  },\n  \"permissions\": {\"allow\": [\"Bash(ls:*)\"]}\n}\n"},
		{"4 spaces, no env", "{\n    \"model\": \"opus\",\n    \"hooks\": {\n        \"x\": []\n    }\n}",
			map[string]*string{"A": sp("1")},
			"{\n    \"model\": \"opus\",\n    \"hooks\": {\n        \"x\": []\n    },\n    \"env\": {\n        \"A\": \"1\"\n    }\n}"},
		{"tabs, empty env", "{\n\t\"env\": {},\n\t\"model\": \"opus\"\n}\n",
			map[string]*string{"A": sp("1")},
			"{\n\t\"env\": {\n\t\t\"A\": \"1\"\n\t},\n\t\"model\": \"opus\"\n}\n"},
		{"CRLF, add", "{\r\n  \"env\": {\r\n    \"A\": \"1\"\r\n  },\r\n  \"model\": \"opus\"\r\n}\r\n",
			map[string]*string{"B": sp("2")},
			"{\r\n  \"env\": {\r\n    \"A\": \"1\",\r\n    \"B\": \"2\"\r\n  },\r\n  \"model\": \"opus\"\r\n}\r\n"},
		{"CRLF, no env", "{\r\n  \"model\": \"opus\"\r\n}\r\n",
			map[string]*string{"A": sp("1")},
			"{\r\n  \"model\": \"opus\",\r\n  \"env\": {\r\n    \"A\": \"1\"\r\n  }\r\n}\r\n"},
		{"unicode kept as written", "{\n  \"greeting\": \"héllo \\u00e9 世界\",\n  \"env\": {\"A\": \"1\"}\n}\n",
			map[string]*string{"A": sp("2")},
			"{\n  \"greeting\": \"héllo \\u00e9 世界\",\n  \"env\": {\"A\": \"2\"}\n}\n"},
		{"remove the last key", "{\n  \"env\": {\n    \"A\": \"1\",\n    \"B\": \"2\"\n  },\n  \"model\": \"opus\"\n}\n",
			map[string]*string{"B": nil},
			"{\n  \"env\": {\n    \"A\": \"1\"\n  },\n  \"model\": \"opus\"\n}\n"},
		{"remove the first key", "{\n  \"env\": {\n    \"A\": \"1\",\n    \"B\": \"2\"\n  },\n  \"model\": \"opus\"\n}\n",
			map[string]*string{"A": nil},
			"{\n  \"env\": {\n    \"B\": \"2\"\n  },\n  \"model\": \"opus\"\n}\n"},
		{"remove a middle key, compact", `{"env":{"A":"1","B":"2","C":"3"}}`,
			map[string]*string{"B": nil},
			`{"env":{"A":"1","C":"3"}}`},
		{"remove the only key drops env", "{\n  \"model\": \"opus\",\n  \"env\": {\n    \"A\": \"1\"\n  }\n}\n",
			map[string]*string{"A": nil},
			"{\n  \"model\": \"opus\"\n}\n"},
		{"remove env that comes first", "{\n  \"env\": {\"A\": \"1\"},\n  \"model\": \"opus\"\n}\n",
			map[string]*string{"A": nil},
			"{\n  \"model\": \"opus\"\n}\n"},
		{"remove and add at once", "{\n  \"env\": {\n    \"HTTPS_PROXY\": \"http://old:1\",\n    \"FOO\": \"bar\"\n  }\n}\n",
			map[string]*string{"HTTPS_PROXY": nil, "https_proxy": sp("http://new:2")},
			"{\n  \"env\": {\n    \"FOO\": \"bar\",\n    \"https_proxy\": \"http://new:2\"\n  }\n}\n"},
		{"same value: untouched bytes", "{ \"env\" : { \"A\" : \"\\u0031\" } }",
			map[string]*string{"A": sp("1")},
			"{ \"env\" : { \"A\" : \"\\u0031\" } }"},
		{"removing what is not there", "{\"env\":{}}\n",
			map[string]*string{"A": nil},
			"{\"env\":{}}\n"},
		{"no trailing newline kept", "{\n  \"model\": \"opus\"\n}",
			map[string]*string{"A": sp("x&y<z>")},
			"{\n  \"model\": \"opus\",\n  \"env\": {\n    \"A\": \"x&y<z>\"\n  }\n}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := SetEnv([]byte(tc.in), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", out, tc.want)
			}
			if !json.Valid(out) {
				t.Fatalf("not JSON:\n%s", out)
			}
		})
	}
}

// TestSetEnvOneKeyOneLine: on a real-looking settings file, adding one key
// is a one-line diff (plus the comma on the line before).
func TestSetEnvOneKeyOneLine(t *testing.T) {
	in := "{\n    \"$schema\": \"https://json.schemastore.org/claude-code-settings.json\",\n    \"model\": \"opus\",\n    \"permissions\": {\n        \"allow\": [\"Bash(npm run lint)\", \"Read(~/.zshrc)\"],\n        \"deny\": []\n    },\n    \"env\": {\n        \"FOO\": \"bar\"\n    },\n    \"statusLine\": {\"type\": \"command\", \"command\": \"~/bin/status\"}\n}\n"
	out, err := SetEnv([]byte(in), map[string]*string{"HTTPS_PROXY": sp("http://127.0.0.1:7890")})
	if err != nil {
		t.Fatal(err)
	}
	added := ",\n        \"HTTPS_PROXY\": \"http://127.0.0.1:7890\""
	if strings.Count(string(out), added) != 1 || strings.Replace(string(out), added, "", 1) != in {
		t.Fatalf("more than one key's line changed:\n%s", out)
	}
}

func TestSetTopMinimalDiff(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{\n  \"numStartups\": 3,\n  \"userID\": \"abc\"\n}\n", "{\n  \"numStartups\": 3,\n  \"userID\": \"abc\",\n  \"hasCompletedOnboarding\": true\n}\n"},
		{`{"numStartups":3,"hasCompletedOnboarding":false,"userID":"abc"}`, `{"numStartups":3,"hasCompletedOnboarding":true,"userID":"abc"}`},
		{"{\"hasCompletedOnboarding\": true}", "{\"hasCompletedOnboarding\": true}"},
		{"", "{\n  \"hasCompletedOnboarding\": true\n}\n"},
	} {
		out, err := SetTop([]byte(tc.in), "hasCompletedOnboarding", true)
		if err != nil || string(out) != tc.want {
			t.Errorf("%q:\ngot  %q (%v)\nwant %q", tc.in, out, err, tc.want)
		}
	}
}

// TestSetEnvRefusesDuplicateEnv: two env blocks leave no safe place to
// write (which one a reader takes is up to it).
func TestSetEnvRefusesDuplicateEnv(t *testing.T) {
	if _, err := SetEnv([]byte(`{"env":{"A":"1"},"env":{"B":"2"}}`), map[string]*string{"A": sp("3")}); err == nil {
		t.Fatal("edited a file with two env blocks")
	}
}

// FuzzSetEnvRemove: removing a key leaves every other key, in the file and
// in the block, with its value; an edit that changes nothing changes no
// byte.
func FuzzSetEnvRemove(f *testing.F) {
	f.Add("{\n  \"a\": 1,\n  \"env\": {\n    \"B\": \"2\",\n    \"K\": \"v\"\n  }\n}\n", "K")
	f.Add(`{"env":{"K":"v"},"x":[1,{"y":null}]}`, "K")
	f.Add("{\r\n\t\"env\": {\"K\": 1, \"L\": true}\r\n}", "L")
	f.Fuzz(func(t *testing.T, in, k string) {
		var before map[string]any
		if json.Unmarshal([]byte(in), &before) != nil || !utf8.ValidString(k) {
			return
		}
		out, err := SetEnv([]byte(in), map[string]*string{k: nil})
		if err != nil {
			return
		}
		var after map[string]any
		if err := json.Unmarshal(out, &after); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		be, _ := before["env"].(map[string]any)
		if _, had := be[k]; !had && string(out) != in {
			t.Fatalf("nothing to remove, yet the bytes changed:\n%q\n%q", in, out)
		}
		ae, _ := after["env"].(map[string]any)
		if _, has := ae[k]; has {
			t.Fatalf("%q still in %s", k, out)
		}
		delete(be, k)
		if len(be) > 0 && !reflect.DeepEqual(be, ae) {
			t.Fatalf("other env keys changed: %v -> %v", be, ae)
		}
		delete(before, "env")
		delete(after, "env")
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("other keys changed:\n%v\n%v", before, after)
		}
	})
}
