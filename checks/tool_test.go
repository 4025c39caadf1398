package checks

import (
	"strings"
	"testing"
)

// TestStampedReleaseWins: a release's stamps replace the build info's
// version and commit (cut like a build info commit) and add the date;
// unstamped, the build info stays.
func TestStampedReleaseWins(t *testing.T) {
	base := ToolInfo{Name: "apidoctor", Version: "(devel)", Commit: "0011223344aa+dirty", Go: "go1.26.8", OS: "linux", Arch: "amd64"}
	got := stamped(base, "v1.2.3", "abcdef0123456789abcdef", "2030-01-02T03:04:05Z")
	if got.String() != "apidoctor v1.2.3 abcdef012345 (go1.26.8, linux/amd64, 2030-01-02T03:04:05Z)" {
		t.Errorf("stamped: %q", got.String())
	}
	if plain := stamped(base, "", "", ""); plain != base || strings.Contains(plain.String(), ", 20") {
		t.Errorf("unstamped: %+v", plain)
	}
}
