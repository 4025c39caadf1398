package checks

import (
	"runtime/debug"
	"testing"
)

func TestToolFromBuildInfo(t *testing.T) {
	base := ToolInfo{Name: "apidoctor", Version: "(devel)", Go: "go1.26.8", OS: "linux", Arch: "amd64"}
	bi := &debug.BuildInfo{Main: debug.Module{Version: "v0.3.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "8980c76d2f0e1a2b3c4d5e6f708192a3b4c5d6e7"},
		{Key: "vcs.modified", Value: "true"},
	}}
	got := toolFrom(base, bi)
	if got.Version != "v0.3.0" || got.Commit != "8980c76d2f0e+dirty" {
		t.Fatalf("%+v", got)
	}
	if s := got.String(); s != "apidoctor v0.3.0 8980c76d2f0e+dirty (go1.26.8, linux/amd64)" {
		t.Fatalf("String: %q", s)
	}
	if got := toolFrom(base, &debug.BuildInfo{}); got.Commit != "" || got.String() != "apidoctor (devel) (go1.26.8, linux/amd64)" {
		t.Fatalf("no VCS info: %+v %q", got, got.String())
	}
}
