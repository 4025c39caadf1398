package report_test

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/report"
)

// pathHost is a machine whose home and user name --redact-paths must
// hide, with the forms its paths take in the wild.
type pathHost struct {
	name string
	host report.HostInfo
	// homes are the home in the forms a message, a file or a tool may
	// give it: case-folded, forward slashes, JSON-escaped, long-path and
	// UNC prefixes, the 8.3 short name.
	homes []string
	// elsewhere are paths that hold the user name as a component outside
	// the home.
	elsewhere []string
	// forbidden are the user's name as a component, lower case, as the
	// 8.3 short name too (checked with separators folded to /).
	forbidden []string
}

var pathHosts = []pathHost{
	{
		name: "windows",
		host: report.HostInfo{OS: "windows", Arch: "amd64", Hostname: "DESKTOP-7QX2", User: "Alice", Home: `C:\Users\Alice`},
		homes: []string{`C:\Users\Alice`, `c:\users\alice`, `C:\USERS\ALICE`, `C:/Users/Alice`, `c:/USERS/alice`,
			`C:\\Users\\Alice`, `\\?\C:\Users\Alice`, `\\localhost\C$\Users\Alice`, `\\?\UNC\localhost\c$\users\alice`},
		elsewhere: []string{`D:\Backups\Alice\settings.json`, `\\fileserver\profiles$\alice\AppData`, `CORP\ALICE`,
			`http://CORP%5CAlice@proxy.corp:8080`, `http://proxy.corp/?home=C%3A%5CUsers%5Calice%5Cx`},
		forbidden: []string{"alice"},
	},
	{
		// A name with a space and an apostrophe (which HTML escapes), long
		// enough to have an 8.3 short name (which %TEMP% often holds).
		name: "windows-long-name",
		host: report.HostInfo{OS: "windows", Arch: "arm64", Hostname: "WS-0042", User: "Alexandra O'Neil", Home: `C:\Users\Alexandra O'Neil`},
		homes: []string{`C:\Users\Alexandra O'Neil`, `c:\users\alexandra o'neil`, `C:/Users/Alexandra O'Neil`,
			`C:\\Users\\Alexandra O'Neil`, `\\?\C:\Users\Alexandra O'Neil`, `C:\Users\ALEXAN~1`, `c:/users/alexan~1`},
		elsewhere: []string{`E:\Share\Alexandra O'Neil\notes.txt`},
		forbidden: []string{"alexandra o'neil", "alexan~1"},
	},
	{
		name:      "linux",
		host:      report.HostInfo{OS: "linux", Arch: "amd64", Hostname: "devbox", User: "alice", Home: "/home/alice"},
		homes:     []string{"/home/alice", `\/home\/alice`, "/HOME/Alice"},
		elsewhere: []string{"/srv/backup/alice/x.tar", "/mnt/home/alice/.claude", "http://proxy/?f=%2Fhome%2Falice%2Fx", "?p=%2Fsrv%2FALICE"},
		forbidden: []string{"alice"},
	},
	{
		name:      "macos",
		host:      report.HostInfo{OS: "darwin", Arch: "arm64", Hostname: "mbp", User: "alice", Home: "/Users/alice"},
		homes:     []string{"/Users/alice", "/users/Alice", `\/Users\/alice`},
		elsewhere: []string{"/Volumes/Backup/alice/x"},
		forbidden: []string{"alice"},
	},
}

// sep is the separator a host's paths are written with.
func (h pathHost) sep() string {
	if h.host.OS == "windows" {
		return `\`
	}
	return "/"
}

// plantPaths builds a session that holds every form of the host's home
// and user name in every place a report shows: a check's summary (so the
// verdict's evidence too), error and evidence (with a settings file's JSON
// quoted inside it), the settings and their sources, the target's source,
// a fix's target, files, backup, diff and error, the timeline and the host
// block.
func plantPaths(h pathHost) *report.Session {
	sep := h.sep()
	var paths []string
	for _, home := range h.homes {
		paths = append(paths, home+sep+".claude"+sep+"settings.json")
	}
	paths = append(paths, h.elsewhere...)
	all := strings.Join(paths, " ; ")
	settings := h.host.Home + sep + ".claude" + sep + "settings.json"
	ca := h.host.Home + sep + "corp.pem"
	quoted, _ := json.Marshal(map[string]any{"env": map[string]string{"NODE_EXTRA_CA_CERTS": ca}})
	rep := &checks.Report{
		Schema:   "apidoctor.check/v1",
		Target:   checks.Target{Raw: checks.Value{Name: "ANTHROPIC_BASE_URL", Raw: "https://api.anthropic.com", Source: settings}, Host: "api.anthropic.com", Port: "443"},
		Settings: []checks.Value{{Name: "NODE_EXTRA_CA_CERTS", Raw: ca, Source: settings}, {Name: "SSL_CERT_FILE", Raw: paths[len(paths)-1], Source: h.homes[len(h.homes)/2]}},
		Verdict:  checks.Verdict{Cause: checks.CauseTLSUntrusted, Status: "problem", Checks: []string{"settings"}},
		Checks: []checks.Result{{
			ID: "settings", Title: "Settings", Status: checks.Fail, Cause: checks.CauseTLSUntrusted,
			Summary:  "read " + all,
			Error:    "open " + all + ": access denied",
			Evidence: map[string]any{"files": paths, "file": settings, "quoted": string(quoted), "user": h.host.User},
		}},
		StartedAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC),
	}
	clock := rep.StartedAt
	s := report.NewSession(h.host, func() time.Time { clock = clock.Add(time.Second); return clock })
	s.AddRun("check", "", rep)
	s.AddFix(report.FixEvent{Fix: "ca.bundle", Event: "failed", Target: settings, Error: "cannot write " + all,
		Files: []report.FixedFile{{Path: settings, Backup: h.homes[len(h.homes)-1] + sep + "backups" + sep + "1.json"}},
		Diff:  "+ \"NODE_EXTRA_CA_CERTS\": " + string(quoted) + "\n"})
	return s
}

var (
	jsonUnicode = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)
	separators  = regexp.MustCompile(`[\\/]+`)
)

// views are the ways a reader (or a program) may decode the output: as it
// is, HTML entities decoded, JSON \u escapes decoded, then URL escapes
// (%5C, %2F) decoded; each lower-cased
// (Windows paths are case-insensitive) with every run of slashes and
// backslashes (a JSON-escaped backslash is two) folded into one /.
func views(out string) []string {
	var vs []string
	for _, v := range []string{out, html.UnescapeString(out), unicode(out), unicode(html.UnescapeString(out))} {
		vs = append(vs, separators.ReplaceAllString(strings.ToLower(v), "/"))
		vs = append(vs, separators.ReplaceAllString(strings.ToLower(percent(v)), "/"))
	}
	return vs
}

// unicode decodes the \u escapes of JSON text.
func unicode(s string) string {
	return jsonUnicode.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:], 16, 32)
		return string(rune(n))
	})
}

var urlEscape = regexp.MustCompile(`%[0-9a-fA-F]{2}`)

// percent decodes the %XX escapes of s, leaving a lone % as it is.
func percent(s string) string {
	return urlEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[1:], 16, 8)
		return string([]byte{byte(n)})
	})
}

// leftovers lists what of the host's home, user name and host name the
// output still shows.
func leftovers(out string, h pathHost) []string {
	var found []string
	home := separators.ReplaceAllString(strings.ToLower(h.host.Home), "/")
	checksFor := map[string]*regexp.Regexp{
		"home " + home: regexp.MustCompile(regexp.QuoteMeta(home) + `(?:$|[^\p{L}\p{N}_])`),
		"user field":   regexp.MustCompile(`"user"\s*:\s*"` + regexp.QuoteMeta(strings.ToLower(h.host.User)) + `"`),
		"host name":    regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])` + regexp.QuoteMeta(strings.ToLower(h.host.Hostname)) + `(?:$|[^\p{L}\p{N}_])`),
	}
	for _, name := range h.forbidden {
		checksFor["component /"+name] = regexp.MustCompile(`/` + regexp.QuoteMeta(name) + `(?:$|[^\p{L}\p{N}_])`)
	}
	for what, re := range checksFor {
		for _, v := range views(out) {
			if loc := re.FindStringIndex(v); loc != nil {
				found = append(found, fmt.Sprintf("%s near %q", what, v[max(loc[0]-40, 0):min(loc[1]+20, len(v))]))
				break
			}
		}
	}
	return found
}

// TestRedactPathsHidesEveryForm plants a Windows home (two of them: a
// plain name, and a long one with a space and an apostrophe), a Linux and
// a macOS home in every place a report shows, in every form, and renders
// every format with --redact-paths: no form of the home, the user name as
// a path component, the host block's user or the host name may be left
// in any view of the output. Without --redact-paths they are all there
// (so the test is not vacuous).
func TestRedactPathsHidesEveryForm(t *testing.T) {
	for _, h := range pathHosts {
		for _, f := range report.Formats() {
			t.Run(h.name+"/"+string(f), func(t *testing.T) {
				s := plantPaths(h)
				plain, err := report.RenderSession(s, f, report.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range append(append([]string{}, h.homes...), h.elsewhere...) {
					want := separators.ReplaceAllString(strings.ToLower(p), "/")
					if !strings.Contains(strings.Join(views(plain), "\n"), want) {
						t.Fatalf("the plant %q never reached the %s output; the test would be vacuous:\n%s", p, f, plain)
					}
				}
				out, err := report.RenderSession(s, f, report.Options{RedactPaths: true})
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range leftovers(out, h) {
					t.Errorf("left: %s", l)
				}
				if !strings.Contains(strings.Join(views(out), "\n"), "~/.claude/settings.json") {
					t.Errorf("the paths should read ~%s.claude%[1]ssettings.json:\n%s", h.sep(), out)
				}
				if t.Failed() {
					t.Logf("output:\n%s", out)
				}
			})
		}
	}
}

// TestRedactPathsHostBlock: the session JSON's host block names no user
// and no home, on every OS.
func TestRedactPathsHostBlock(t *testing.T) {
	for _, h := range pathHosts {
		out, err := report.RenderSession(plantPaths(h), report.FormatJSON, report.Options{RedactPaths: true})
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Host report.HostInfo `json:"host"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Host.User != "<user>" || doc.Host.Home != "~" || doc.Host.Hostname != "<host>" || doc.Host.OS != h.host.OS {
			t.Errorf("%s: host block %+v, want user <user>, home ~, hostname <host>", h.name, doc.Host)
		}
	}
}

// TestRedactPathsKeepsOrdinaryWords: a user named admin is hidden in
// paths, not in "administrator" nor in prose.
func TestRedactPathsKeepsOrdinaryWords(t *testing.T) {
	s := plantPaths(pathHost{host: report.HostInfo{OS: "windows", User: "admin", Home: `C:\Users\admin`}, homes: []string{`C:\Users\admin`}})
	s.Latest().Checks[0].Summary = `ask an admin: the administrator owns C:\Users\Administrator\x and C:\Users\admin\x`
	out, err := report.RenderSession(s, report.FormatMarkdown, report.Options{RedactPaths: true})
	if err != nil {
		t.Fatal(err)
	}
	want := `ask an admin: the administrator owns C:\Users\Administrator\x and ~\x`
	if !strings.Contains(out, want) {
		t.Fatalf("want %q in:\n%s", want, out)
	}
}

// TestRedactPathsKeepsJSONKeys: a host named like a key of the JSON
// documents (server, status, route, …) hides the values that name it,
// never the keys. The keys are those of a plain run's session JSON; every
// format must show each key as often with --redact-paths as without (the
// evidence blocks of Markdown, HTML and text are JSON too).
func TestRedactPathsKeepsJSONKeys(t *testing.T) {
	h := pathHosts[2] // linux
	plain, err := report.RenderSession(plantPaths(h), report.FormatJSON, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(plain), &doc); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				keys[k] = true
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if len(keys) < 20 {
		t.Fatalf("only %d keys in the plain run; the test would be vacuous:\n%s", len(keys), plain)
	}
	for k := range keys {
		key := regexp.MustCompile(`"` + regexp.QuoteMeta(k) + `"\s*:`)
		named := h
		named.host.Hostname = k
		s := plantPaths(named)
		for _, f := range report.Formats() {
			without, err := report.RenderSession(s, f, report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			with, err := report.RenderSession(s, f, report.Options{RedactPaths: true})
			if err != nil {
				t.Errorf("host %q, %s: %v", k, f, err)
				continue
			}
			n, m := len(key.FindAllString(html.UnescapeString(without), -1)), len(key.FindAllString(html.UnescapeString(with), -1))
			if f == report.FormatJSON && n == 0 {
				t.Errorf("host %q: the key is not in the plain JSON", k)
			}
			if m != n {
				t.Errorf("host %q, %s: the key is there %d times with --redact-paths, %d without", k, f, m, n)
			}
		}
	}
}

// TestRedactPathsDomainUserInURL: DOMAIN\user in a proxy URL's user info
// is written %5C-escaped; the user name in it is hidden all the same.
func TestRedactPathsDomainUserInURL(t *testing.T) {
	h := report.HostInfo{OS: "windows", Hostname: "WS1", User: "alice", Home: `C:\Users\alice`}
	rep := &checks.Report{Schema: "apidoctor.check/v1", Verdict: checks.Verdict{Cause: checks.CauseOK, Status: "ok"},
		Checks:    []checks.Result{{ID: "proxy", Title: "Proxy", Status: checks.Pass, Summary: "via http://CORP%5Calice@proxy.corp:8080"}},
		StartedAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	s := report.NewSession(h, func() time.Time { return rep.StartedAt })
	s.AddRun("check", "", rep)
	for _, f := range report.Formats() {
		out, err := report.RenderSession(s, f, report.Options{RedactPaths: true})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if strings.Contains(strings.ToLower(out), "alice") || !strings.Contains(unicode(html.UnescapeString(out)), `CORP%5C<user>@proxy.corp:8080`) {
			t.Errorf("%s: want CORP%%5C<user>@proxy.corp:8080 and no alice:\n%s", f, out)
		}
	}
}
