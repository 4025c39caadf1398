package report

import (
	"apidoctor/i18n"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Format is an output format of a saved report.
type Format string

// The formats a report can be saved in.
const (
	FormatMarkdown Format = "markdown"
	FormatJSON     Format = "json"
	FormatText     Format = "text"
	FormatHTML     Format = "html"
)

// Formats lists the formats, the default first.
func Formats() []Format { return []Format{FormatMarkdown, FormatJSON, FormatHTML, FormatText} }

// ParseFormat validates a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s || (s == "md" && f == FormatMarkdown) {
			return f, nil
		}
	}
	return "", i18n.Errorf("err.format", s)
}

// Ext is the file extension of a format.
func (f Format) Ext() string {
	switch f {
	case FormatJSON:
		return ".json"
	case FormatText:
		return ".txt"
	case FormatHTML:
		return ".html"
	}
	return ".md"
}

// FormatFromPath picks the format from a file name's extension.
func FormatFromPath(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return FormatJSON
	case ".txt", ".log":
		return FormatText
	case ".html", ".htm":
		return FormatHTML
	}
	return FormatMarkdown
}

// SaveNew writes the session to path, or, when path exists, to the first
// free name with -1, -2 … before the extension: it never overwrites. It
// returns the path written.
func SaveNew(path string, s *Session, f Format, o Options) (string, error) {
	text, err := RenderSession(s, f, o)
	if err != nil {
		return "", err
	}
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for i := 0; i < 1000; i++ {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		file, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, werr := file.WriteString(text)
		cerr := file.Close()
		if werr != nil || cerr != nil {
			os.Remove(p)
			return "", errors.Join(werr, cerr)
		}
		abs, _ := filepath.Abs(p)
		return abs, nil
	}
	return "", i18n.Errorf("err.no_free_name", path)
}
