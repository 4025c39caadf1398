package fixes

import (
	"apidoctor/i18n"
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// member is one key of a JSON object, its value kept as raw bytes so that
// what the edit does not touch comes out exactly as it went in.
type member struct {
	key string
	val json.RawMessage
}

// parseObject reads a JSON object, keeping its keys in order. Empty input
// is an empty object (a settings file that does not exist yet).
func parseObject(data []byte) ([]member, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, i18n.Errorf("fixerr.json_not_object")
	}
	var out []member
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, member{key: kt.(string), val: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, i18n.Errorf("fixerr.json_trailing")
	}
	return out, nil
}

func encodeObject(ms []member) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.val)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// setMember sets or (val nil) deletes a key, keeping the others in order.
func setMember(ms []member, key string, val json.RawMessage) []member {
	for i, m := range ms {
		if m.key == key {
			if val == nil {
				return append(ms[:i:i], ms[i+1:]...)
			}
			ms[i].val = val
			return ms
		}
	}
	if val == nil {
		return ms
	}
	return append(ms, member{key, val})
}

// pretty re-indents JSON the way Claude Code writes its files.
func pretty(compact []byte) ([]byte, error) {
	var c, out bytes.Buffer
	if err := json.Compact(&c, compact); err != nil {
		return nil, err
	}
	if err := json.Indent(&out, c.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// SetEnv edits the "env" block of a Claude Code settings file: set maps a
// variable to its new value, or to nil to remove it. Every other key, in
// the file and in the block, is kept. A file that does not parse is
// refused with the position of the error, and left alone.
func SetEnv(data []byte, set map[string]*string) ([]byte, error) {
	top, err := parseObject(data)
	if err != nil {
		return nil, parseError(data, err)
	}
	var env []member
	for _, m := range top {
		if m.key == "env" {
			if env, err = parseObject(m.val); err != nil {
				return nil, i18n.Errorf("fixerr.json_env", err)
			}
		}
	}
	for _, k := range sortedKeys(set) {
		var raw json.RawMessage
		if v := set[k]; v != nil {
			raw, _ = json.Marshal(*v)
		}
		env = setMember(env, k, raw)
	}
	var envRaw json.RawMessage
	if len(env) > 0 {
		envRaw = encodeObject(env)
	}
	top = setMember(top, "env", envRaw)
	return pretty(encodeObject(top))
}

// SetTop sets a top-level key of a JSON file to a JSON value, keeping the rest.
func SetTop(data []byte, key string, value any) ([]byte, error) {
	top, err := parseObject(data)
	if err != nil {
		return nil, parseError(data, err)
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return pretty(encodeObject(setMember(top, key, raw)))
}

// parseError says where a JSON file is broken.
func parseError(data []byte, err error) error {
	// The streaming decoder's offsets are approximate; a plain parse of the
	// whole file gives the exact spot when there is a syntax error.
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
