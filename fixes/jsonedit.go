package fixes

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"apidoctor/i18n"
)

// The JSON edits work on the file's bytes: a value is replaced where it
// stands, a member is inserted after the last one of its object or cut out
// with its separator, in the file's own style (indentation, the spacing
// around the colon, CRLF). Every byte the edit does not need to touch
// stays as it was, so that a settings file kept in git shows a one-line
// diff for one key.

// jsonMember is one member of an object: where its key and value sit.
type jsonMember struct {
	key              string
	keyStart, keyEnd int // the quoted key
	valStart, valEnd int // the value
	wsStart          int // the whitespace before the key starts here
}

// jsonObject is an object's members and the offsets of its braces.
type jsonObject struct {
	open, close int
	members     []jsonMember
}

func (o jsonObject) find(key string) []int {
	var out []int
	for i, m := range o.members {
		if m.key == key {
			out = append(out, i)
		}
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// scanString returns the offset just past the string that starts at i.
func scanString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// scanValue returns the offset just past the value that starts at i (the
// document is valid JSON: json.Valid said so before).
func scanValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		return scanString(data, i)
	case '{', '[':
		depth := 0
		for ; i < len(data); i++ {
			switch data[i] {
			case '"':
				i = scanString(data, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(data)
	}
	for i < len(data) && !isSpace(data[i]) && data[i] != ',' && data[i] != '}' && data[i] != ']' {
		i++
	}
	return i
}

// scanObject reads the members of the object whose '{' is at open.
func scanObject(data []byte, open int) (jsonObject, error) {
	o := jsonObject{open: open}
	i := skipSpace(data, open+1)
	for i < len(data) && data[i] != '}' {
		m := jsonMember{wsStart: i, keyStart: i}
		for m.wsStart > 0 && isSpace(data[m.wsStart-1]) {
			m.wsStart--
		}
		m.keyEnd = scanString(data, i)
		if err := json.Unmarshal(data[m.keyStart:m.keyEnd], &m.key); err != nil {
			return o, err
		}
		i = skipSpace(data, m.keyEnd) + 1 // the colon
		m.valStart = skipSpace(data, i)
		m.valEnd = scanValue(data, m.valStart)
		i = skipSpace(data, m.valEnd)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		o.members = append(o.members, m)
	}
	if i >= len(data) {
		return o, i18n.Errorf("fixerr.json_not_object")
	}
	o.close = i
	return o, nil
}

// jsonDoc is a JSON object file being edited.
type jsonDoc struct {
	data []byte
	// The file's style: its line break, one level of indentation, what
	// sits between a key and its value, and whether members go on lines
	// of their own.
	nl, unit, colon string
	multiline       bool
	// bom is the byte-order mark the file starts with (Notepad, Windows
	// PowerShell 5.1's Set-Content -Encoding UTF8), kept in front of the
	// edited bytes: data holds what follows it.
	bom []byte
}

// parseDoc checks that data is one JSON object and learns its style.
// Empty input is a new file, in the style Claude Code writes.
func parseDoc(data []byte) (*jsonDoc, error) {
	d := &jsonDoc{nl: "\n", unit: "  ", colon: ": ", multiline: true}
	if bytes.HasPrefix(data, utf8BOM) {
		d.bom, data = utf8BOM, data[len(utf8BOM):]
	}
	if len(bytes.TrimSpace(data)) == 0 {
		d.data = []byte("{}\n")
		return d, nil
	}
	if !json.Valid(data) {
		return nil, parseError(data, i18n.Errorf("fixerr.json_not_object"))
	}
	if data[skipSpace(data, 0)] != '{' {
		return nil, i18n.Errorf("fixerr.json_not_object")
	}
	d.data = data
	// The file's most common line break; an insertion follows the line
	// it goes into (breakAt), so a file that mixes both keeps each line's.
	if crlf := bytes.Count(data, []byte("\r\n")); crlf > 0 && crlf >= bytes.Count(data, []byte("\n"))-crlf {
		d.nl = "\r\n"
	}
	top, err := d.top()
	if err != nil {
		return nil, i18n.Errorf("fixerr.json_unsafe", err)
	}
	if len(top.members) > 0 {
		first := top.members[0]
		d.colon = string(data[first.keyEnd:first.valStart])
		ws := string(data[first.wsStart:first.keyStart])
		d.multiline = strings.Contains(ws, "\n")
		if d.multiline {
			indent := ws[strings.LastIndexByte(ws, '\n')+1:]
			if base := lineIndent(data, top.open); strings.HasPrefix(indent, base) && len(indent) > len(base) {
				d.unit = indent[len(base):]
			}
		}
	}
	return d, nil
}

func (d *jsonDoc) top() (jsonObject, error) {
	return scanObject(d.data, skipSpace(d.data, 0))
}

// lineIndent is the whitespace that starts the line holding offset i.
func lineIndent(data []byte, i int) string {
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	end := start
	for end < i && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	return string(data[start:end])
}

// utf8BOM is the UTF-8 byte-order mark.
var utf8BOM = []byte("\uFEFF")

// breakAt is the line break that ends the line holding offset i (the one
// before it on a last line without one), else the file's.
func (d *jsonDoc) breakAt(i int) string {
	j := bytes.IndexByte(d.data[i:], '\n')
	if j >= 0 {
		j += i
	} else {
		j = bytes.LastIndexByte(d.data[:i], '\n')
	}
	switch {
	case j > 0 && d.data[j-1] == '\r':
		return "\r\n"
	case j >= 0:
		return "\n"
	}
	return d.nl
}

func (d *jsonDoc) splice(from, to int, with string) {
	out := make([]byte, 0, len(d.data)-(to-from)+len(with))
	out = append(out, d.data[:from]...)
	out = append(out, with...)
	d.data = append(out, d.data[to:]...)
}

// insert adds "key": raw as the last member of o.
func (d *jsonDoc) insert(o jsonObject, key string, raw []byte) {
	k, _ := json.Marshal(key)
	if n := len(o.members); n > 0 {
		last := o.members[n-1]
		ws := string(d.data[last.wsStart:last.keyStart])
		if n == 1 && ws == "" && strings.Contains(d.colon, " ") {
			ws = " " // {"a": 1} grows into {"a": 1, "b": 2}
		}
		colon := string(d.data[last.keyEnd:last.valStart])
		d.splice(last.valEnd, last.valEnd, ","+ws+string(k)+colon+string(raw))
		return
	}
	member := string(k) + d.colon + string(raw)
	if d.multiline {
		indent, nl := lineIndent(d.data, o.open), d.breakAt(o.open)
		member = nl + indent + d.unit + member + nl + indent
	}
	d.splice(o.open+1, o.close, member)
}

// remove cuts member i out of o with its separator.
func (d *jsonDoc) remove(o jsonObject, i int) {
	switch {
	case len(o.members) == 1:
		d.splice(o.open+1, o.close, "")
	case i > 0:
		d.splice(o.members[i-1].valEnd, o.members[i].valEnd, "")
	default:
		d.splice(o.members[0].keyStart, o.members[1].keyStart, "")
	}
}

// encode is a value as JSON, with <, > and & as they are.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// sameJSON reports whether two JSON values are equal once decoded.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xa, yb)
}

// set sets key in the object locate finds (again after each edit) to
// raw, or removes it (raw nil); every copy of a duplicated key alike. It
// reports whether it changed anything.
func (d *jsonDoc) set(locate func() (jsonObject, error), key string, raw []byte) (bool, error) {
	o, err := locate()
	if err != nil {
		return false, err
	}
	idx := o.find(key)
	if raw == nil {
		// Cut from the last so the earlier offsets stay right.
		for j := len(idx) - 1; j >= 0; j-- {
			if o, err = locate(); err != nil {
				return false, err
			}
			d.remove(o, idx[j])
		}
		return len(idx) > 0, nil
	}
	if len(idx) == 0 {
		d.insert(o, key, raw)
		return true, nil
	}
	changed := false
	for j := len(idx) - 1; j >= 0; j-- {
		m := o.members[idx[j]]
		if sameJSON(d.data[m.valStart:m.valEnd], raw) {
			continue
		}
		d.splice(m.valStart, m.valEnd, string(raw))
		changed = true
	}
	return changed, nil
}

// env finds the top-level "env" object; ok is false when there is none.
func (d *jsonDoc) env() (jsonObject, bool, error) {
	top, err := d.top()
	if err != nil {
		return jsonObject{}, false, err
	}
	idx := top.find("env")
	switch {
	case len(idx) == 0:
		return jsonObject{}, false, nil
	case len(idx) > 1:
		return jsonObject{}, false, i18n.Errorf("fixerr.json_duplicate", "env")
	}
	m := top.members[idx[0]]
	if d.data[m.valStart] != '{' {
		// Named by its kind, never quoted: it may hold a secret.
		kind := map[byte]string{'"': "string", '[': "array", 't': "true", 'f': "false", 'n': "null"}[d.data[m.valStart]]
		if kind == "" {
			kind = "number"
		}
		return jsonObject{}, false, i18n.Errorf("fixerr.json_env", kind)
	}
	o, err := scanObject(d.data, m.valStart)
	return o, true, err
}

// SetEnv edits the "env" block of a Claude Code settings file: set maps a
// variable to its new value, or to nil to remove it; a block emptied by
// the edit goes. Only the bytes of the members it changes move: every
// other key, in the file and in the block, keeps its place, its bytes and
// the file's indentation. A file that does not parse is refused with the
// position of the error, and left alone; a file the edit leaves as it was
// comes back unchanged (nil for a file that does not exist).
func SetEnv(data []byte, set map[string]*string) ([]byte, error) {
	d, err := parseDoc(data)
	if err != nil {
		return nil, err
	}
	env, hasEnv, err := d.env()
	if err != nil {
		return nil, err
	}
	hadMembers := hasEnv && len(env.members) > 0
	locateEnv := func() (jsonObject, error) {
		o, _, err := d.env()
		return o, err
	}
	changed := false
	for _, k := range sortedKeys(set) {
		v := set[k]
		if v == nil {
			if !hasEnv {
				continue
			}
			c, err := d.set(locateEnv, k, nil)
			if err != nil {
				return nil, err
			}
			changed = changed || c
			continue
		}
		if !hasEnv {
			if _, err := d.set(d.top, "env", []byte("{}")); err != nil {
				return nil, err
			}
			hasEnv = true
		}
		raw, err := encode(*v)
		if err != nil {
			return nil, err
		}
		c, err := d.set(locateEnv, k, raw)
		if err != nil {
			return nil, err
		}
		changed = changed || c
	}
	if !changed {
		return data, nil
	}
	if env, _, err := d.env(); err == nil && hadMembers && len(env.members) == 0 {
		if _, err := d.set(d.top, "env", nil); err != nil {
			return nil, err
		}
	}
	return d.result()
}

// SetTop sets a top-level key of a JSON file to a JSON value, keeping the
// rest byte for byte.
func SetTop(data []byte, key string, value any) ([]byte, error) {
	d, err := parseDoc(data)
	if err != nil {
		return nil, err
	}
	raw, err := encode(value)
	if err != nil {
		return nil, err
	}
	changed, err := d.set(d.top, key, raw)
	if err != nil || !changed {
		return data, err
	}
	return d.result()
}

// result is the edited file, checked once more: it must still be one
// JSON object.
func (d *jsonDoc) result() ([]byte, error) {
	if !json.Valid(d.data) {
		return nil, i18n.Errorf("fixerr.json_invalid_result")
	}
	if d.bom != nil {
		return append(append([]byte(nil), d.bom...), d.data...), nil
	}
	return d.data, nil
}

// parseError says where a JSON file is broken.
func parseError(data []byte, err error) error {
	// A plain parse of the whole file gives the exact spot when there is
	// a syntax error.
	var v any
	if uerr := json.Unmarshal(data, &v); uerr != nil {
		err = uerr
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(max(se.Offset-1, 0))
		off = min(off, len(data))
		line := bytes.Count(data[:off], []byte("\n")) + 1
		col := off - bytes.LastIndexByte(data[:off], '\n')
		return i18n.Errorf("fixerr.json_syntax", line, col, se)
	}
	return i18n.Errorf("fixerr.json_unsafe", err)
}
