package i18n

import (
	"regexp"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	for env, want := range map[string]Lang{"zh_CN.UTF-8": ZH, "en_US.UTF-8": EN, "C": EN, "zh_TW.UTF-8": ZH, "": EN} {
		if got := Detect("", map[string]string{"LANG": env}); got != want {
			t.Errorf("LANG=%q: %s", env, got)
		}
	}
	if Detect("", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) != EN {
		t.Error("LC_ALL wins over LANG")
	}
	if Detect("zh", map[string]string{"LC_ALL": "en_US.UTF-8"}) != ZH {
		t.Error("--lang wins over the locale")
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists a format's verbs by argument position, so a translation may
// reorder them with %[n] but must use the same kinds.
func verbs(s string) map[int]string {
	out := map[int]string{}
	n := 0
	for _, v := range verb.FindAllString(s, -1) {
		if v == "%%" {
			continue
		}
		idx := n
		if m := regexp.MustCompile(`^%\[(\d+)\]`).FindStringSubmatch(v); m != nil {
			var i int
			for _, c := range m[1] {
				i = i*10 + int(c-'0')
			}
			idx = i - 1
			v = "%" + v[len(m[0]):]
		}
		out[idx] = v[len(v)-1:]
		n = idx + 1
	}
	return out
}

// TestCatalogueIsComplete: every key has both languages, and the same
// format verbs in each.
func TestCatalogueIsComplete(t *testing.T) {
	if len(Keys()) < 200 {
		t.Fatalf("only %d keys", len(Keys()))
	}
	for _, k := range Keys() {
		en, zh := Texts(k)
		if en == "" || zh == "" {
			t.Errorf("%s lacks a language: en=%q zh=%q", k, en, zh)
			continue
		}
		ve, vz := verbs(en), verbs(zh)
		if len(ve) != len(vz) {
			t.Errorf("%s: %d verbs in English, %d in Chinese", k, len(ve), len(vz))
			continue
		}
		for i, v := range ve {
			if vz[i] != v {
				t.Errorf("%s: argument %d is %%%s in English, %%%s in Chinese", k, i+1, v, vz[i])
			}
		}
	}
}

func TestNestedMessagesTranslate(t *testing.T) {
	m := Msg("tcp.cannot_connect", "1.2.3.4:443", Msg("tcp.reason.refused"))
	if got := ZH.M(m); !strings.Contains(got, "连接被拒绝") || !strings.Contains(got, "1.2.3.4:443") {
		t.Fatalf("zh: %s", got)
	}
	if got := m.String(); got != "cannot connect to 1.2.3.4:443: refused (nothing listening)" {
		t.Fatalf("en: %s", got)
	}
	if ZH.T("no.such.key") != "no.such.key" {
		t.Fatal("a missing key should show itself")
	}
}

// TestNestedMessageTranslatesTwice: rendering a message in one language
// must not freeze its nested messages in that language.
func TestNestedMessageTranslatesTwice(t *testing.T) {
	m := Msg("cli.found", Msg("source.environment"))
	if got := m.String(); got != "Found: environment" {
		t.Fatalf("English: %q", got)
	}
	if got := ZH.M(m); got != "诊断结果：环境变量" {
		t.Fatalf("Chinese after English: %q", got)
	}
}

// BenchmarkMessage measures translating a message with a nested one.
func BenchmarkMessage(b *testing.B) {
	m := Msg("cli.found", Msg("source.environment"))
	b.ReportAllocs()
	for b.Loop() {
		_ = ZH.M(m)
	}
}
