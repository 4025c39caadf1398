package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"apidoctor/i18n"
)

// prose is what a sentence looks like: two words in a row.
var prose = regexp.MustCompile(`[A-Za-z]{2,}[,:;]? [a-z]{2,}`)

// allowedProse are English literals that are not messages, each with why.
var allowedProse = []struct{ re, why string }{
	{`^apidoctor [a-z]+:?$`, "a command's name (flag sets, log prefixes)"},
	{`^(Amazon Bedrock|Google Vertex AI) [a-z0-9-]+$`, "product names of the demo's alternate routes"},
	{`^<!DOCTYPE html>`, "the HTML report's template; its words come through {{t}}"},
	{`^# Written by apidoctor`, "the marker comment in the user's shell profile"},
	{`^(Time of each phase|Probes sent|1 when the last probe)`, "Prometheus HELP texts, English by convention"},
	{`^exponential \+ full jitter$`, "a policy's name, also its catalogue key"},
	{`^import (anthropic|Anthropic)`, "SDK code snippets"},
}

// TestNoProseOutsideTheCatalogue scans the presentation layers for English
// sentences in string literals: each one would show untranslated.
func TestNoProseOutsideTheCatalogue(t *testing.T) {
	for _, lit := range literals(t, ".", "ui", "report", "fixes", "watch", "advisor") {
		if !prose.MatchString(lit.text) {
			continue
		}
		ok := false
		for _, a := range allowedProse {
			if regexp.MustCompile(a.re).MatchString(lit.text) {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("%s: %q is prose outside the catalogue (add a key, or allow it here with a reason)", lit.pos, lit.text)
		}
	}
}

// TestCatalogueKeysExist: every key the code names literally exists, so
// no screen ever shows a raw key.
func TestCatalogueKeysExist(t *testing.T) {
	n := 0
	for _, lit := range literals(t, ".", "ui", "report", "fixes", "watch", "advisor", "checks", "i18n") {
		if lit.keyArg && !i18n.Has(lit.text) {
			t.Errorf("%s: key %q is not in the catalogue", lit.pos, lit.text)
		}
		if lit.keyArg {
			n++
		}
	}
	if n < 300 {
		t.Fatalf("only %d key uses found: the scan is broken", n)
	}
}

type literal struct {
	pos    token.Position
	text   string
	keyArg bool // the first argument of a call that takes a catalogue key
}

// keyFuncs take a catalogue key, as the argument at this index.
var keyFuncs = map[string]int{"T": 0, "t": 0, "Msg": 0, "msg": 0, "Errorf": 0, "say": 0, "Note": 1}

func literals(t *testing.T, dirs ...string) []literal {
	t.Helper()
	var out []literal
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(filepath.Base(f), "catalog_") {
				continue
			}
			fset := token.NewFileSet()
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			keys := map[*ast.BasicLit]bool{}
			ast.Inspect(af, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.ImportSpec, *ast.Field:
					return false
				case *ast.CallExpr:
					if i, ok := keyFuncs[funcName(x.Fun)]; ok {
						if lit, ok := litArg(x, i); ok {
							keys[lit] = true
						}
					}
				case *ast.BasicLit:
					if x.Kind == token.STRING {
						s, err := strconv.Unquote(x.Value)
						if err == nil {
							out = append(out, literal{pos: fset.Position(x.Pos()), text: s, keyArg: keys[x]})
						}
					}
				}
				return true
			})
		}
	}
	return out
}

func funcName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		// fmt.Errorf takes a format, not a key.
		if id, ok := f.X.(*ast.Ident); ok && id.Name == "fmt" {
			return ""
		}
		return f.Sel.Name
	}
	return ""
}

func litArg(c *ast.CallExpr, i int) (*ast.BasicLit, bool) {
	if len(c.Args) <= i {
		return nil, false
	}
	lit, ok := c.Args[i].(*ast.BasicLit)
	return lit, ok && lit.Kind == token.STRING
}
