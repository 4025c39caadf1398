package checks

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// plant makes an empty cacert.pem at root/rel (slash-separated) and
// returns its path.
func plant(t *testing.T, root, rel string) string {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel), "certifi", "cacert.pem")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("-----BEGIN CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCertifiWindowsLayouts: each Windows Python layout is found, from
// the variables Windows sets, on any OS (the tree is a fake one).
func TestCertifiWindowsLayouts(t *testing.T) {
	for _, c := range []struct {
		name, rel string
		vars      func(root string) map[string]string
	}{
		{"python.org, per user", "Local/Programs/Python/Python312/Lib/site-packages",
			func(r string) map[string]string { return map[string]string{"LOCALAPPDATA": filepath.Join(r, "Local")} }},
		{"python.org, per user, no LOCALAPPDATA", "u/AppData/Local/Programs/Python/Python311/Lib/site-packages",
			func(r string) map[string]string { return map[string]string{"USERPROFILE": filepath.Join(r, "u")} }},
		{"user site (pip --user)", "Roaming/Python/Python312/site-packages",
			func(r string) map[string]string { return map[string]string{"APPDATA": filepath.Join(r, "Roaming")} }},
		{"Microsoft Store", "Local/Packages/PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0/LocalCache/local-packages/Python312/site-packages",
			func(r string) map[string]string { return map[string]string{"LOCALAPPDATA": filepath.Join(r, "Local")} }},
		{"all users", "Program Files/Python313/Lib/site-packages",
			func(r string) map[string]string {
				return map[string]string{"ProgramFiles": filepath.Join(r, "Program Files")}
			}},
		{"old C:\\Python3x", "Python310/Lib/site-packages",
			func(r string) map[string]string { return map[string]string{"SystemDrive": r} }},
		{"venv", "proj/.venv/Lib/site-packages",
			func(r string) map[string]string {
				return map[string]string{"VIRTUAL_ENV": filepath.Join(r, "proj", ".venv")}
			}},
		{"conda", "miniconda3/envs/ml/Lib/site-packages",
			func(r string) map[string]string {
				return map[string]string{"CONDA_PREFIX": filepath.Join(r, "miniconda3", "envs", "ml")}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			want := plant(t, root, c.rel)
			if got := findCertifi("windows", "", c.vars(root)); !reflect.DeepEqual(got, []string{want}) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestCertifiOrderAndDuplicates: the active environment comes first, and
// one install reached through two variables is listed once.
func TestCertifiOrderAndDuplicates(t *testing.T) {
	root := t.TempDir()
	user := plant(t, root, "u/AppData/Local/Programs/Python/Python312/Lib/site-packages")
	venv := plant(t, root, "proj/.venv/Lib/site-packages")
	vars := map[string]string{
		"USERPROFILE":  filepath.Join(root, "u"),
		"LOCALAPPDATA": filepath.Join(root, "u", "AppData", "Local"), // the same folder
		"VIRTUAL_ENV":  filepath.Join(root, "proj", ".venv"),
	}
	if got := findCertifi("windows", "", vars); !reflect.DeepEqual(got, []string{venv, user}) {
		t.Errorf("got %q, want %q", got, []string{venv, user})
	}
}

// TestCertifiUnixLayouts: a venv, conda, pip --user and pyenv, in that
// order, before the system's (which this machine may have: four fakes
// fill the list).
func TestCertifiUnixLayouts(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	want := []string{
		plant(t, root, "proj/.venv/lib/python3.12/site-packages"),
		plant(t, root, "conda/lib/python3.11/site-packages"),
		plant(t, home, ".local/lib/python3.12/site-packages"),
		plant(t, home, ".pyenv/versions/3.12.4/lib/python3.12/site-packages"),
	}
	vars := map[string]string{"VIRTUAL_ENV": filepath.Join(root, "proj", ".venv"), "CONDA_PREFIX": filepath.Join(root, "conda")}
	for _, goos := range []string{"linux", "darwin"} {
		if got := findCertifi(goos, home, vars); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", goos, got, want)
		}
	}
}

// TestCertifiNoRelativePaths: with no home and relative or missing
// variables, no pattern is relative (it would search the current folder).
func TestCertifiNoRelativePaths(t *testing.T) {
	vars := map[string]string{"VIRTUAL_ENV": ".venv", "CONDA_PREFIX": "conda", "LOCALAPPDATA": `AppData\Local`, "SystemDrive": "C:"}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, g := range certifiGlobs(goos, "", vars) {
			if !filepath.IsAbs(g) {
				t.Errorf("%s: relative pattern %q", goos, g)
			}
		}
	}
	dir := t.TempDir()
	t.Chdir(dir)
	plant(t, dir, ".local/lib/python3.12/site-packages")
	plant(t, dir, ".venv/lib/python3.12/site-packages")
	for _, p := range findCertifi("linux", "", vars) {
		if !filepath.IsAbs(p) {
			t.Errorf("found a relative path %q", p)
		}
	}
}
