package checks

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// FolderReader is a FileSystem that can also list a folder: Claude Code's
// managed-settings.d and the SSL_CERT_DIR folders are read through it.
// OSFiles and RootFS are; a FileSystem that is not has no folders.
type FolderReader interface {
	ReadDir(name string) ([]fs.DirEntry, error)
}

// maxFolderEntries bounds a folder listing: /etc/ssl/certs holds a few
// hundred names, and a folder of millions must not be read whole.
const maxFolderEntries = 4096

// errTooManyEntries: a folder holds more names than apidoctor reads.
var errTooManyEntries = fmt.Errorf("more than %d entries", maxFolderEntries)

// ReadDir lists a folder of the real file system, sorted by name.
func (OSFiles) ReadDir(name string) ([]fs.DirEntry, error) {
	return readFolder(context.Background(), name)
}

// ReadDir lists a folder below the root, sorted by name.
func (r RootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !filepath.IsAbs(name) && !strings.HasPrefix(filepath.ToSlash(name), "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return readFolder(context.Background(), filepath.Join(r.Root, filepath.FromSlash(name)))
}

// readFolder lists a folder as ReadRegularFile reads a file: looked at
// first (a named pipe is never opened), opened without waiting, bounded,
// and given up on when a signal or ctx ends the wait.
func readFolder(ctx context.Context, name string) ([]fs.DirEntry, error) {
	return Interruptible(ctx, func() ([]fs.DirEntry, error) {
		st, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
		}
		f, err := os.OpenFile(name, os.O_RDONLY|openNonblock, 0)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		entries, err := f.ReadDir(maxFolderEntries + 1)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
		}
		if len(entries) > maxFolderEntries {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: errTooManyEntries}
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		return entries, nil
	})
}

// readDir lists a folder through the injected file system.
func (e *Env) readDir(name string) ([]fs.DirEntry, error) {
	fr, ok := e.Files.(FolderReader)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.ErrUnsupported}
	}
	return fr.ReadDir(name)
}

// OpenSSLSubjectHash is the name OpenSSL looks a certificate up by in a
// hashed folder (SSL_CERT_DIR, -CApath; c_rehash and `openssl rehash`
// make the links): X509_NAME_hash_ex, the first four bytes of the SHA-1
// of the subject's canonical encoding, little-endian, in hex. Only a
// file named <hash>.<n> is ever opened for a certificate.
func OpenSSLSubjectHash(c *x509.Certificate) (string, error) {
	canon, err := canonicalName(c.RawSubject)
	if err != nil {
		return "", err
	}
	sum := sha1.Sum(canon)
	return fmt.Sprintf("%08x", binary.LittleEndian.Uint32(sum[:4])), nil
}

// canonicalName is OpenSSL's x509_name_canon: each RDN's SET OF
// attributes, concatenated without the outer SEQUENCE, with every
// directory string turned into a UTF8String that is trimmed, has its
// runs of white space made one space, and ASCII letters in lower case.
func canonicalName(raw []byte) ([]byte, error) {
	var seq asn1.RawValue
	if rest, err := asn1.Unmarshal(raw, &seq); err != nil || len(rest) > 0 || seq.Tag != asn1.TagSequence {
		return nil, errors.New("subject is not a SEQUENCE")
	}
	var out []byte
	for b := seq.Bytes; len(b) > 0; {
		var set asn1.RawValue
		var err error
		if b, err = asn1.Unmarshal(b, &set); err != nil || set.Tag != asn1.TagSet {
			return nil, errors.New("RDN is not a SET")
		}
		var attrs [][]byte
		for a := set.Bytes; len(a) > 0; {
			var atv asn1.RawValue
			if a, err = asn1.Unmarshal(a, &atv); err != nil || atv.Tag != asn1.TagSequence {
				return nil, errors.New("attribute is not a SEQUENCE")
			}
			var oid, val asn1.RawValue
			rest, err := asn1.Unmarshal(atv.Bytes, &oid)
			if err != nil || oid.Tag != asn1.TagOID {
				return nil, errors.New("attribute has no type")
			}
			if _, err = asn1.Unmarshal(rest, &val); err != nil {
				return nil, errors.New("attribute has no value")
			}
			cv, err := canonicalValue(val)
			if err != nil {
				return nil, err
			}
			attrs = append(attrs, derTLV(0x30, append(append([]byte(nil), oid.FullBytes...), cv...)))
		}
		// DER sorts the members of a SET OF by their encodings.
		sort.Slice(attrs, func(i, j int) bool { return bytes.Compare(attrs[i], attrs[j]) < 0 })
		out = append(out, derTLV(0x31, bytes.Join(attrs, nil))...)
	}
	return out, nil
}

// canonicalValue is OpenSSL's asn1_string_canon: a value of another
// type than the directory strings is kept as it is.
func canonicalValue(v asn1.RawValue) ([]byte, error) {
	if v.Class != asn1.ClassUniversal {
		return v.FullBytes, nil
	}
	var s []rune
	switch v.Tag {
	case asn1.TagUTF8String:
		if !utf8.Valid(v.Bytes) {
			return nil, errors.New("invalid UTF8String")
		}
		s = []rune(string(v.Bytes))
	case asn1.TagPrintableString, asn1.TagT61String, asn1.TagIA5String, 26: // 26: VisibleString
		for _, c := range v.Bytes {
			s = append(s, rune(c)) // one byte, one character (Latin-1)
		}
	case asn1.TagBMPString:
		if len(v.Bytes)%2 != 0 {
			return nil, errors.New("invalid BMPString")
		}
		u := make([]uint16, len(v.Bytes)/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(v.Bytes[2*i:])
		}
		s = utf16.Decode(u)
	case 28: // UniversalString
		if len(v.Bytes)%4 != 0 {
			return nil, errors.New("invalid UniversalString")
		}
		for i := 0; i < len(v.Bytes); i += 4 {
			s = append(s, rune(binary.BigEndian.Uint32(v.Bytes[i:])))
		}
	default:
		return v.FullBytes, nil
	}
	in := []byte(string(s))
	isSpace := func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }
	for len(in) > 0 && isSpace(in[0]) {
		in = in[1:]
	}
	for len(in) > 0 && isSpace(in[len(in)-1]) {
		in = in[:len(in)-1]
	}
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		switch c := in[i]; {
		case c&0x80 != 0:
			out = append(out, c)
			i++
		case isSpace(c):
			out = append(out, ' ')
			for i < len(in) && isSpace(in[i]) {
				i++
			}
		default:
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
		}
	}
	return derTLV(asn1.TagUTF8String, out), nil
}

// derTLV encodes one DER element of a universal tag.
func derTLV(tag byte, content []byte) []byte {
	n := len(content)
	out := []byte{tag}
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	default:
		var l []byte
		for ; n > 0; n >>= 8 {
			l = append([]byte{byte(n)}, l...)
		}
		out = append(out, 0x80|byte(len(l)))
		out = append(out, l...)
	}
	return append(out, content...)
}
