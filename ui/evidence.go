package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// node is a JSON value with its object keys in their original order, so
// evidence reads in the order the engine's structs declare it.
type node struct {
	key   string
	leaf  string // scalar value, rendered
	kids  []node
	array bool
	obj   bool
}

// decodeOrdered parses JSON into a node tree, keeping key order.
func decodeOrdered(data []byte) (node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return decodeValue(dec)
}

func decodeValue(dec *json.Decoder) (node, error) {
	tok, err := dec.Token()
	if err != nil {
		return node{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := node{obj: t == '{', array: t == '['}
		for dec.More() {
			var k string
			if n.obj {
				kt, err := dec.Token()
				if err != nil {
					return node{}, err
				}
				k, _ = kt.(string)
			}
			child, err := decodeValue(dec)
			if err != nil {
				return node{}, err
			}
			child.key = k
			n.kids = append(n.kids, child)
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return node{}, err
		}
		return n, nil
	case string:
		return node{leaf: t}, nil
	case json.Number:
		return node{leaf: t.String()}, nil
	case bool:
		return node{leaf: strconv.FormatBool(t)}, nil
	case nil:
		return node{leaf: "null"}, nil
	}
	return node{leaf: fmt.Sprint(tok)}, nil
}

// render writes the tree as indented "key: value" lines; an object in a
// list starts on its "- " line, YAML style.
func (n node) render(b *strings.Builder, indent string) {
	for _, k := range n.kids {
		switch {
		case n.array && k.obj:
			var sub strings.Builder
			k.render(&sub, indent+"  ")
			b.WriteString(indent + "- " + strings.TrimPrefix(sub.String(), indent+"  "))
		case n.array:
			b.WriteString(indent + "- " + k.leaf + "\n")
		case k.obj || k.array:
			if len(k.kids) == 0 {
				continue
			}
			b.WriteString(indent + k.key + ":\n")
			k.render(b, indent+"  ")
		default:
			b.WriteString(indent + k.key + ": " + k.leaf + "\n")
		}
	}
}

// find returns the first object (depth first) that has the given key.
func (n node) find(key string) (node, bool) {
	for _, k := range n.kids {
		if k.key == key && !k.obj && !k.array {
			return n, true
		}
	}
	for _, k := range n.kids {
		if f, ok := k.find(key); ok {
			return f, true
		}
	}
	return node{}, false
}

// number returns a numeric child's value.
func (n node) number(key string) float64 {
	for _, k := range n.kids {
		if k.key == key {
			f, _ := strconv.ParseFloat(k.leaf, 64)
			return f
		}
	}
	return 0
}
