// Package docs_test holds the documentation to its promises: a README that
// fits on a front page and links to its Chinese twin and to every page,
// the two set-up commands CI relies on, and no link, relative or to a
// heading, that leads nowhere.
package docs_test

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// maxReadme is the front page's budget in bytes: past it, a topic belongs
// on its own page under docs/.
const maxReadme = 10 * 1024

// repo is the repository's root, seen from this package's folder.
var repo = os.DirFS("..")

func TestReadmeFitsOnAFrontPage(t *testing.T) {
	b, err := fs.ReadFile(repo, "README.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > maxReadme {
		t.Errorf("README.md is %d bytes, over the %d of a front page: move a topic to docs/", len(b), maxReadme)
	}
}

// TestReadmesLinkEachOther: each README names the other in its first
// lines, where a reader of the wrong language looks first.
func TestReadmesLinkEachOther(t *testing.T) {
	for _, c := range []struct{ file, other string }{
		{"README.md", "README.zh-CN.md"},
		{"README.zh-CN.md", "README.md"},
	} {
		b, err := fs.ReadFile(repo, c.file)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if !linksEarly(string(b), c.other, 3) {
			t.Errorf("%s does not link to %s in its first 3 lines", c.file, c.other)
		}
	}
}

func TestLinksResolve(t *testing.T) {
	files, err := markdownFiles(repo)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(files, "README.zh-CN.md") || !slices.Contains(files, "docs/facts.md") {
		t.Fatalf("found only %v", files)
	}
	for _, p := range brokenLinks(repo, files) {
		t.Error(p)
	}
}

func TestEveryPageLinkedFromReadme(t *testing.T) {
	pages, err := unlinkedPages(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		t.Errorf("README.md does not link to %s", p)
	}
}

// TestReadmeKeepsSetUpCommands: a newcomer runs these two lines, and CI
// runs the README's test command as written.
func TestReadmeKeepsSetUpCommands(t *testing.T) {
	b, err := fs.ReadFile(repo, "README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	for _, want := range []string{"go run .", "go test ./..."} {
		if !slices.Contains(lines, want) {
			t.Errorf("README.md lacks the line %q", want)
		}
	}
}

// TestCheckersCatchBreakage feeds the link checks a tree with every kind
// of mistake they exist for, and one of each thing they must let pass.
func TestCheckersCatchBreakage(t *testing.T) {
	tree := fstest.MapFS{
		"README.md": {Data: []byte("[ok](docs/x.md) [gone](docs/missing.md) [here](docs/x.md#there)\n" +
			"[nowhere](docs/x.md#nowhere) [self](#local) [web](https://example.com/none.md)\n" +
			"![shot](docs/none.png)\n\n## Local\n\n```\n[code](inside-code.md)\n```\n")},
		"docs/x.md":        {Data: []byte("[up](../README.md) [out](../../outside.md)\n\n# X\n\n## There\n")},
		"docs/orphan.md":   {Data: []byte("# Orphan\n")},
		"docs/notes.txt":   {Data: []byte("not a page")},
		"README.zh-CN.md":  {Data: []byte("[English](README.md) · 简体中文\n\n## 安装\n\n[安装](#安装)\n")},
		"docs/skipped.go":  {Data: []byte("package docs")},
		"docs/sub/deep.md": {Data: []byte("not a top-level page\n")},
	}
	files, err := markdownFiles(tree)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"README.md", "README.zh-CN.md", "docs/orphan.md", "docs/x.md"}
	if !slices.Equal(files, want) {
		t.Errorf("markdownFiles = %v, want %v", files, want)
	}
	got := strings.Join(brokenLinks(tree, files), "\n")
	for _, bad := range []string{"docs/missing.md", "#nowhere", "docs/none.png", "../../outside.md"} {
		if !strings.Contains(got, bad) {
			t.Errorf("brokenLinks missed %s; it reported:\n%s", bad, got)
		}
	}
	for _, fine := range []string{"#there", "#local", "example.com", "inside-code", "#安装", "../README.md"} {
		if strings.Contains(got, fine) {
			t.Errorf("brokenLinks flagged %s, which resolves; it reported:\n%s", fine, got)
		}
	}
	pages, err := unlinkedPages(tree)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pages, []string{"docs/orphan.md"}) {
		t.Errorf("unlinkedPages = %v, want [docs/orphan.md]", pages)
	}
	if !linksEarly("[English](README.md) · 简体中文\n", "README.md", 3) {
		t.Error("linksEarly missed a link on the first line")
	}
	if linksEarly("# Title\n\ntext\n\n[English](README.md)\n", "README.md", 3) {
		t.Error("linksEarly took a link on the fifth line for one of the first three")
	}
}

// TestSlug pins GitHub's anchor rules on headings like the ones the pages
// have: code spans, punctuation, CJK, and a repeated heading.
func TestSlug(t *testing.T) {
	got := anchors("# JSON\n## The check result (`apidoctor.check/v1`)\n## Help, version, completion, man page\n" +
		"## 安装与首次运行\n### snake_case and  two  spaces\n## Notes\n## Notes\n## [A link](x.md) here\n")
	for _, want := range []string{
		"json", "the-check-result-apidoctorcheckv1", "help-version-completion-man-page",
		"安装与首次运行", "snake_case-and--two--spaces", "notes", "notes-1", "a-link-here",
	} {
		if !got[want] {
			t.Errorf("no anchor %q among %v", want, got)
		}
	}
}

// markdownFiles lists the pages the checks cover: the two READMEs and
// every Markdown file directly under docs/, sorted.
func markdownFiles(fsys fs.FS) ([]string, error) {
	var files []string
	for _, f := range []string{"README.md", "README.zh-CN.md"} {
		if _, err := fs.Stat(fsys, f); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	docs, err := fs.Glob(fsys, "docs/*.md")
	if err != nil {
		return nil, err
	}
	files = append(files, docs...)
	slices.Sort(files)
	return files, nil
}

var (
	fence = regexp.MustCompile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$")
	code  = regexp.MustCompile("`[^`\\n]*`")
	link  = regexp.MustCompile(`!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
)

// prose is Markdown without its code: a link or a heading inside a code
// block or span is an example, not a link.
func prose(md string) string {
	return code.ReplaceAllString(fence.ReplaceAllString(md, ""), "")
}

// targets lists the link and image targets of Markdown text.
func targets(md string) []string {
	var out []string
	for _, m := range link.FindAllStringSubmatch(prose(md), -1) {
		out = append(out, m[1])
	}
	return out
}

// external reports whether a target has a scheme (https:, mailto:).
func external(target string) bool {
	u, err := url.Parse(target)
	return err == nil && u.Scheme != ""
}

// resolve turns a relative target in file into a path from the root and
// an anchor; an empty path means file itself.
func resolve(file, target string) (dest, anchor string, err error) {
	p, a, _ := strings.Cut(target, "#")
	if p, err = url.PathUnescape(p); err != nil {
		return "", "", err
	}
	if a, err = url.PathUnescape(a); err != nil {
		return "", "", err
	}
	if p == "" {
		return file, a, nil
	}
	return path.Clean(path.Join(path.Dir(file), p)), a, nil
}

// brokenLinks reports each relative link in files that leads to no file,
// or to no heading of a Markdown file.
func brokenLinks(fsys fs.FS, files []string) []string {
	var problems []string
	headings := map[string]map[string]bool{}
	for _, file := range files {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, target := range targets(string(b)) {
			if external(target) {
				continue
			}
			dest, anchor, err := resolve(file, target)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%s: link %s: %v", file, target, err))
				continue
			case dest == ".." || strings.HasPrefix(dest, "../"):
				problems = append(problems, fmt.Sprintf("%s: link %s leaves the repository", file, target))
				continue
			}
			if _, err := fs.Stat(fsys, dest); err != nil {
				problems = append(problems, fmt.Sprintf("%s: link %s: no file %s", file, target, dest))
				continue
			}
			if anchor == "" || !strings.HasSuffix(dest, ".md") {
				continue
			}
			if headings[dest] == nil {
				md, err := fs.ReadFile(fsys, dest)
				if err != nil {
					problems = append(problems, err.Error())
					continue
				}
				headings[dest] = anchors(string(md))
			}
			if !headings[dest][anchor] {
				problems = append(problems, fmt.Sprintf("%s: link %s: %s has no heading #%s", file, target, dest, anchor))
			}
		}
	}
	return problems
}

// unlinkedPages lists the pages under docs/ that README.md does not link to.
func unlinkedPages(fsys fs.FS) ([]string, error) {
	b, err := fs.ReadFile(fsys, "README.md")
	if err != nil {
		return nil, err
	}
	linked := map[string]bool{}
	for _, target := range targets(string(b)) {
		if dest, _, err := resolve("README.md", target); err == nil && !external(target) {
			linked[dest] = true
		}
	}
	pages, err := fs.Glob(fsys, "docs/*.md")
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, p := range pages {
		if !linked[p] {
			missing = append(missing, p)
		}
	}
	return missing, nil
}

// linksEarly reports whether one of md's first n lines links to target.
func linksEarly(md, target string, n int) bool {
	lines := strings.SplitN(md, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return slices.Contains(targets(strings.Join(lines, "\n")), target)
}

var (
	heading = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+?)[ \t#]*$`)
	inline  = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
)

// anchors is the set of anchors GitHub gives md's headings: the text
// without its Markdown, lower-cased, with everything but letters, marks,
// digits, '_', '-' and spaces dropped and each space turned into '-'; a
// repeated slug gets -1, -2, … (CJK letters stay as they are).
func anchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	md = fence.ReplaceAllString(md, "")
	for _, m := range heading.FindAllStringSubmatch(md, -1) {
		text := strings.ReplaceAll(inline.ReplaceAllString(m[1], "$1"), "`", "")
		var b strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-', unicode.IsLetter(r), unicode.IsMark(r), unicode.IsNumber(r), unicode.Is(unicode.Pc, r):
				b.WriteRune(r)
			}
		}
		slug := b.String()
		if n := seen[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}
