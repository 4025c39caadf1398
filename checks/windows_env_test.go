package checks

import (
	"os"
	"strings"
	"testing"
)

// envFoldsCase reports whether this OS's environment ignores the case of
// names, as Windows' does (HTTPS_PROXY and https_proxy are one variable
// there): found by looking a variable up under another case.
func envFoldsCase() bool {
	names := map[string]bool{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		names[k] = true
	}
	for k := range names {
		other := strings.ToLower(k)
		if other == k {
			other = strings.ToUpper(k)
		}
		switch {
		case k == "" || other == k:
			continue
		case names[other]:
			return false // both spellings listed: two variables
		}
		_, ok := os.LookupEnv(other)
		return ok
	}
	return false
}

// caseTwins reports whether vars names one variable in two cases, an
// environment a case-folding OS cannot have.
func caseTwins(vars map[string]string) bool {
	seen := map[string]bool{}
	for k := range vars {
		if seen[strings.ToUpper(k)] {
			return true
		}
		seen[strings.ToUpper(k)] = true
	}
	return false
}

// TestEnvFoldsCase: the helpers that keep case twins out of tests on a
// case-folding OS.
func TestEnvFoldsCase(t *testing.T) {
	if !caseTwins(map[string]string{"NO_PROXY": "", "no_proxy": "*"}) || caseTwins(map[string]string{"NO_PROXY": "", "HTTPS_PROXY": ""}) {
		t.Fatal("caseTwins")
	}
	// The detection agrees with a variable set here and read in lower case.
	t.Setenv("APIDOCTOR_FOLD_PROBE", "1")
	_, folds := os.LookupEnv("apidoctor_fold_probe")
	if got := envFoldsCase(); got != folds {
		t.Errorf("envFoldsCase %v, but a variable set in upper case is found in lower case: %v", got, folds)
	}
}
