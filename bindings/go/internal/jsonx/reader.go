// Package jsonx reads and writes the JSON of the contract without
// reflection: the hot path of the binding (a context, a job, a page) is
// decoded field by field by hand-written decoders over Reader, which is
// several times faster than encoding/json's reflection on these shapes.
//
// Reader accepts exactly what encoding/json accepts for the values it is
// asked for and skips unknown keys the same way; the equivalence is tested
// (and fuzzed) against encoding/json in the parent package.
package jsonx

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Reader reads one JSON text. Methods fail with a *SyntaxError naming the
// offset; after an error the Reader is not to be used again.
type Reader struct {
	data []byte
	pos  int
}

// NewReader reads data, which it never modifies or retains past the
// values it returns (strings are copied).
func NewReader(data []byte) *Reader { return &Reader{data: data} }

// SyntaxError is malformed or unexpected JSON at Offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("json: %s at offset %d", e.Msg, e.Offset)
}

func (r *Reader) fail(format string, args ...any) error {
	return &SyntaxError{Offset: r.pos, Msg: fmt.Sprintf(format, args...)}
}

func (r *Reader) skipSpace() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *Reader) peek() byte {
	r.skipSpace()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

func (r *Reader) expect(c byte) error {
	if r.peek() != c {
		return r.fail("expected %q", c)
	}
	r.pos++
	return nil
}

// End checks that nothing but white space follows the value read.
func (r *Reader) End() error {
	r.skipSpace()
	if r.pos != len(r.data) {
		return r.fail("unexpected data after the value")
	}
	return nil
}

// Null consumes a null and reports true, or leaves anything else unread.
func (r *Reader) Null() bool {
	if r.peek() == 'n' && len(r.data)-r.pos >= 4 && string(r.data[r.pos:r.pos+4]) == "null" {
		r.pos += 4
		return true
	}
	return false
}

// Object reads an object, calling field for each key with the Reader
// positioned at its value; field must consume the value (Skip for keys it
// does not know). A null is read as no object (field is never called).
func (r *Reader) Object(field func(key []byte) error) error {
	if r.Null() {
		return nil
	}
	if err := r.expect('{'); err != nil {
		return err
	}
	if r.peek() == '}' {
		r.pos++
		return nil
	}
	var scratch [64]byte
	for {
		key, err := r.appendString(scratch[:0])
		if err != nil {
			return err
		}
		if err := r.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return nil
		default:
			return r.fail("expected ',' or '}' in an object")
		}
	}
}

// Array reads an array, calling item with the Reader positioned at each
// element. A null is read as no array.
func (r *Reader) Array(item func() error) error {
	if r.Null() {
		return nil
	}
	if err := r.expect('['); err != nil {
		return err
	}
	if r.peek() == ']' {
		r.pos++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return nil
		default:
			return r.fail("expected ',' or ']' in an array")
		}
	}
}

// String reads a string (a null reads as "").
func (r *Reader) String() (string, error) {
	if r.Null() {
		return "", nil
	}
	var scratch [64]byte
	b, err := r.appendString(scratch[:0])
	return string(b), err
}

// OptString reads a string or null (nil).
func (r *Reader) OptString() (*string, error) {
	if r.Null() {
		return nil, nil
	}
	s, err := r.String()
	return &s, err
}

// appendString reads a string, unescaped, appended to buf.
func (r *Reader) appendString(buf []byte) ([]byte, error) {
	if err := r.expect('"'); err != nil {
		return nil, err
	}
	start := r.pos
	// The common case: no escapes, all printable.
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		if c == '"' {
			buf = append(buf, r.data[start:r.pos]...)
			r.pos++
			if !utf8.Valid(buf) {
				return fixUTF8(buf), nil
			}
			return buf, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		r.pos++
	}
	buf = append(buf, r.data[start:r.pos]...)
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			if !utf8.Valid(buf) {
				return fixUTF8(buf), nil
			}
			return buf, nil
		case c < 0x20:
			return nil, r.fail("control character in a string")
		case c == '\\':
			if r.pos+1 >= len(r.data) {
				return nil, r.fail("unterminated escape")
			}
			e := r.data[r.pos+1]
			r.pos += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				rn, ok := r.hex4()
				if !ok {
					return nil, r.fail("bad \\u escape")
				}
				if utf16.IsSurrogate(rn) {
					// A pair when a low surrogate follows, else U+FFFD (as encoding/json).
					if r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u' {
						save := r.pos
						r.pos += 2
						lo, ok := r.hex4()
						if ok {
							if dec := utf16.DecodeRune(rn, lo); dec != utf8.RuneError {
								buf = utf8.AppendRune(buf, dec)
								continue
							}
						}
						r.pos = save
					}
					rn = utf8.RuneError
				}
				buf = utf8.AppendRune(buf, rn)
			default:
				return nil, r.fail("bad escape \\%c", e)
			}
		default:
			buf = append(buf, c)
			r.pos++
		}
	}
	return nil, r.fail("unterminated string")
}

func (r *Reader) hex4() (rune, bool) {
	if r.pos+4 > len(r.data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(r.data[r.pos:r.pos+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	r.pos += 4
	return rune(v), true
}

// fixUTF8 replaces invalid bytes with U+FFFD, as encoding/json does.
func fixUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		rn, size := utf8.DecodeRune(b)
		out = utf8.AppendRune(out, rn)
		b = b[size:]
	}
	return out
}

// number returns the text of a number.
func (r *Reader) number() ([]byte, error) {
	r.skipSpace()
	start := r.pos
	if r.pos < len(r.data) && r.data[r.pos] == '-' {
		r.pos++
	}
	digits := r.pos
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		if (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' {
			r.pos++
			continue
		}
		break
	}
	if r.pos == digits {
		return nil, r.fail("expected a number")
	}
	text := r.data[start:r.pos]
	if !validNumber(text) {
		return nil, r.fail("malformed number %q", text)
	}
	return text, nil
}

// validNumber checks the JSON number grammar.
func validNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// Int reads an integer that fits in bits (a null reads as 0).
func (r *Reader) Int(bits int) (int64, error) {
	if r.Null() {
		return 0, nil
	}
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(string(text), 10, bits)
	if err != nil {
		return 0, r.fail("number %s does not fit an int%d", text, bits)
	}
	return v, nil
}

// Uint reads an unsigned integer that fits in bits (a null reads as 0).
func (r *Reader) Uint(bits int) (uint64, error) {
	if r.Null() {
		return 0, nil
	}
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseUint(string(text), 10, bits)
	if err != nil {
		return 0, r.fail("number %s does not fit a uint%d", text, bits)
	}
	return v, nil
}

// Float reads a number as a float64 (a null reads as 0).
func (r *Reader) Float() (float64, error) {
	if r.Null() {
		return 0, nil
	}
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(string(text), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, r.fail("number %s out of range", text)
	}
	return v, nil
}

// Bool reads true or false (a null reads as false).
func (r *Reader) Bool() (bool, error) {
	if r.Null() {
		return false, nil
	}
	r.skipSpace()
	rest := r.data[r.pos:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		r.pos += 4
		return true, nil
	case len(rest) >= 5 && string(rest[:5]) == "false":
		r.pos += 5
		return false, nil
	}
	return false, r.fail("expected a boolean")
}

// Time reads an RFC 3339 time (a null reads as the zero time).
func (r *Reader) Time() (time.Time, error) {
	if r.Null() {
		return time.Time{}, nil
	}
	var scratch [40]byte
	b, err := r.appendString(scratch[:0])
	if err != nil {
		return time.Time{}, err
	}
	var t time.Time
	// UnmarshalText is the parser encoding/json uses for time.Time.
	if err := t.UnmarshalText(b); err != nil {
		return time.Time{}, r.fail("%v", err)
	}
	return t, nil
}

// OptTime reads an RFC 3339 time or null (nil).
func (r *Reader) OptTime() (*time.Time, error) {
	if r.Null() {
		return nil, nil
	}
	t, err := r.Time()
	return &t, err
}

// StringMap reads an object of strings (a null reads as nil).
func (r *Reader) StringMap() (map[string]string, error) {
	if r.Null() {
		return nil, nil
	}
	m := map[string]string{}
	err := r.Object(func(key []byte) error {
		v, err := r.String()
		m[string(key)] = v
		return err
	})
	return m, err
}

// Strings reads an array of strings (a null reads as nil).
func (r *Reader) Strings() ([]string, error) {
	if r.Null() {
		return nil, nil
	}
	out := []string{}
	err := r.Array(func() error {
		s, err := r.String()
		out = append(out, s)
		return err
	})
	return out, err
}

// Skip reads any value and returns its text.
func (r *Reader) Skip() ([]byte, error) {
	r.skipSpace()
	start := r.pos
	if err := r.skip(0); err != nil {
		return nil, err
	}
	return r.data[start:r.pos], nil
}

// maxDepth bounds nesting, as encoding/json does (10,000).
const maxDepth = 10000

var errTooDeep = errors.New("exceeded max depth")

func (r *Reader) skip(depth int) error {
	if depth > maxDepth {
		return r.fail("%v", errTooDeep)
	}
	switch c := r.peek(); {
	case c == '{':
		return r.Object(func([]byte) error { return r.skip(depth + 1) })
	case c == '[':
		return r.Array(func() error { return r.skip(depth + 1) })
	case c == '"':
		_, err := r.appendString(nil)
		return err
	case c == 't' || c == 'f':
		_, err := r.Bool()
		return err
	case c == 'n':
		if r.Null() {
			return nil
		}
		return r.fail("expected null")
	default:
		_, err := r.number()
		return err
	}
}
