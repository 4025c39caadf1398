package i18n

import (
	"strings"
	"testing"
)

// TestWrapNeverStartsALineWithClosingPunctuation: Chinese lines break by
// UAX #14, so ，。；：） stay on the line they close, at every width.
func TestWrapNeverStartsALineWithClosingPunctuation(t *testing.T) {
	for _, s := range []string{
		"证书链由客户端不信任的机构签发（证书不受信任）：通常是公司的 TLS 流量检查。",
		"让客户端信任公司的根证书（NODE_EXTRA_CA_CERTS）；千万不要关闭证书校验。",
		"重试无济于事，请先修好网络路径；检查结果会指出问题所在。",
		ZH.T("advice.backoff", "500ms", "1m0s"),
	} {
		for w := 8; w <= 60; w++ {
			for _, l := range Wrap(s, w, "  ") {
				l = strings.TrimLeft(l, " ")
				for _, p := range []string{"，", "。", "；", "：", "）", "、"} {
					if strings.HasPrefix(l, p) {
						t.Errorf("width %d: line starts with %s: %q", w, p, l)
					}
				}
			}
		}
	}
}

// TestWrapNeverCutsAWord: English text breaks only at spaces when every
// word fits a line.
func TestWrapNeverCutsAWord(t *testing.T) {
	s := EN.T("advice.backoff", "500ms", "1m0s")
	words := map[string]bool{}
	for _, w := range strings.Fields(s) {
		words[w] = true
	}
	for w := 16; w <= 96; w++ {
		for _, l := range Wrap(s, w, "    ") {
			for _, f := range strings.Fields(l) {
				if !words[f] {
					t.Fatalf("width %d: %q is not a word of the text (line %q)", w, f, l)
				}
			}
		}
	}
}

// TestTidyClosesChineseSeams: a Chinese word in a slot spaced for a
// Latin value leaves no space between Chinese characters.
func TestTidyClosesChineseSeams(t *testing.T) {
	for in, want := range map[string]string{
		ZH.T("tls.reason.untrusted", ZH.T("word.the_host")): "该主机的证书链由客户端不信任的机构签发",
		"信任 内置根证书 + 系统证书库":                                  "信任内置根证书 + 系统证书库",
		"api.anthropic.com 的证书链":                            "api.anthropic.com 的证书链",
		"等待 tls":                                            "等待 tls",
		"the host 的 x":                                      "the host 的 x",
	} {
		if got := Tidy(in); got != want {
			t.Errorf("Tidy(%q) = %q, want %q", in, got, want)
		}
	}
}
