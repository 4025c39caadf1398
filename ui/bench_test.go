package ui

import (
	"fmt"
	"testing"

	"apidoctor/i18n"
)

// BenchmarkFindingsView measures one full render of the findings screen.
func BenchmarkFindingsView(b *testing.B) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		b.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(b *testing.B) {
			m := finished(b, sz.w, sz.h)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkFindingsViewChinese is the same render in Chinese, where every
// line is measured and wrapped by display width.
func BenchmarkFindingsViewChinese(b *testing.B) {
	cfg := fixtureConfig(b)
	cfg.Lang = i18n.ZH
	m := finishedFrom(b, preparedWith(b, cfg, 80, 24))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}
