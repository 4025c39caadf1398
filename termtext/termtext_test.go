package termtext

import (
	"strings"
	"testing"

	"apidoctor/i18n"
)

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":                        0,
		"ab":                      2,
		"代理":                      4,
		"\x1b[1;31mab\x1b[0m":     2,
		"\x1b[38;5;9m证书\x1b[m ok": 7,
		"e\u0301":                 1, // e and a combining accent: one cell
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestPad: padding counts cells, not bytes or runes; styles take none;
// text already too wide is never cut.
func TestPad(t *testing.T) {
	const bold, reset = "\x1b[1m", "\x1b[0m"
	for _, c := range []struct {
		s           string
		width       int
		right, left string
	}{
		{"ab", 5, "ab   ", "   ab"},
		{"", 3, "   ", "   "},
		{"代理", 6, "代理  ", "  代理"},
		{"代理 ok", 8, "代理 ok ", " 代理 ok"},
		{bold + "ab" + reset, 4, bold + "ab" + reset + "  ", "  " + bold + "ab" + reset},
		{bold + "证书" + reset, 5, bold + "证书" + reset + " ", " " + bold + "证书" + reset},
		{"abc", 3, "abc", "abc"},
		{"abcdef", 3, "abcdef", "abcdef"},
		{"证书链", 5, "证书链", "证书链"},
		{bold + "abcdef" + reset, 2, bold + "abcdef" + reset, bold + "abcdef" + reset},
		{"ab", 0, "ab", "ab"},
		{"ab", -4, "ab", "ab"},
	} {
		if got := Pad(c.s, c.width); got != c.right {
			t.Errorf("Pad(%q, %d) = %q, want %q", c.s, c.width, got, c.right)
		}
		if got := PadLeft(c.s, c.width); got != c.left {
			t.Errorf("PadLeft(%q, %d) = %q, want %q", c.s, c.width, got, c.left)
		}
	}
}

func TestWrapMeasuresDisplayWidth(t *testing.T) {
	for _, s := range []string{
		"证书链由客户端不信任的机构签发（证书不受信任）：通常是公司的 TLS 流量检查。",
		"The certificate chain is signed by an authority the client does not trust: usually TLS inspection.",
		"本机 127.0.0.1:7890 上的代理能连到 api.anthropic.com，但没有设置代理变量（终端没走代理）",
		"averyveryveryverylongwordwithoutanyspacesatallthatmustbecut",
	} {
		for _, w := range []int{20, 33, 60} {
			lines := Wrap(s, w, "  ")
			for _, l := range lines {
				if Width(l) > w {
					t.Errorf("width %d: line %q is %d cells", w, l, Width(l))
				}
			}
			joined := strings.ReplaceAll(strings.ReplaceAll(strings.Join(lines, ""), " ", ""), "\t", "")
			if joined != strings.ReplaceAll(s, " ", "") {
				t.Errorf("width %d: text lost or changed:\n%q\n%q", w, joined, s)
			}
		}
	}
}

// TestWrapKeepsSpaces: the spaces of the source survive wrapping, even
// before the first line is longer than the indent.
func TestWrapKeepsSpaces(t *testing.T) {
	for _, s := range []string{"• TLS 握手：证书 x", "a b", "证书 TLS 流量检查。"} {
		if got := Wrap(s, 200, "    "); len(got) != 1 || got[0] != s {
			t.Errorf("Wrap(%q) = %q", s, got)
		}
	}
	got := Wrap("one two three four", 9, "  ")
	want := []string{"one two", "  three", "  four"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestWrapNeverStartsALineWithClosingPunctuation: Chinese lines break by
// UAX #14, so ，。；：） stay on the line they close, at every width.
func TestWrapNeverStartsALineWithClosingPunctuation(t *testing.T) {
	for _, s := range []string{
		"证书链由客户端不信任的机构签发（证书不受信任）：通常是公司的 TLS 流量检查。",
		"让客户端信任公司的根证书（NODE_EXTRA_CA_CERTS）；千万不要关闭证书校验。",
		"重试无济于事，请先修好网络路径；检查结果会指出问题所在。",
		i18n.ZH.T("advice.backoff", "500ms", "1m0s"),
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
	s := i18n.EN.T("advice.backoff", "500ms", "1m0s")
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

// BenchmarkWrap measures wrapping a Chinese sentence to 40 cells.
func BenchmarkWrap(b *testing.B) {
	s := "本机 127.0.0.1:7890 上的代理能连到 api.anthropic.com，但没有设置代理变量（终端没走代理）"
	b.ReportAllocs()
	for b.Loop() {
		_ = Wrap(s, 40, "  ")
	}
}
