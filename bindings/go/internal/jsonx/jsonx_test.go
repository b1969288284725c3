package jsonx

import (
	"encoding/json"
	"testing"
	"time"
)

func TestStringsDecodeAsEncodingJSONDecodesThem(t *testing.T) {
	cases := []string{
		`"plain"`, `""`, `"esc \" \\ \/ \b \f \n \r \t"`, `"\u00e9\u4e16"`,
		`"\ud83d\ude00 pair"`, `"\ud83d lone high"`, `"\ude00 lone low"`, `"\ud83d\u0041"`,
		"\"raw \xff byte\"", `"été 世界 😀"`, `null`,
	}
	for _, c := range cases {
		var want string
		if err := json.Unmarshal([]byte(c), &want); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		got, err := NewReader([]byte(c)).String()
		if err != nil || got != want {
			t.Errorf("%s: got %q (%v), want %q", c, got, err, want)
		}
	}
	for _, bad := range []string{`"unterminated`, `"bad \x escape"`, "\"ctl \x01\"", `"\u12"`, `12`} {
		if _, err := NewReader([]byte(bad)).String(); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

func TestNumbersFollowTheJSONGrammarAndTheirGoType(t *testing.T) {
	for _, ok := range []string{"0", "-0", "12", "-3", "1.5", "1e3", "1E-2", "0.25e+1"} {
		if _, err := NewReader([]byte(ok)).Float(); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"01", "1.", ".5", "+1", "1e", "--1", "1.2.3", "0x10", "1e999"} {
		r := NewReader([]byte(bad))
		_, err := r.Float()
		if err == nil {
			err = r.End()
		}
		if err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := NewReader([]byte("1.5")).Int(64); err == nil {
		t.Error("a fraction read as an int")
	}
	if _, err := NewReader([]byte("-1")).Uint(64); err == nil {
		t.Error("a negative number read as a uint")
	}
	if _, err := NewReader([]byte("4294967296")).Uint(32); err == nil {
		t.Error("2^32 read as a uint32")
	}
	if v, err := NewReader([]byte("18446744073709551615")).Uint(64); err != nil || v != 1<<64-1 {
		t.Errorf("max uint64: %d %v", v, err)
	}
}

func TestObjectsArraysAndSkipping(t *testing.T) {
	doc := `{"a": 1, "skip": {"x": [1, "two", {"y": null}], "z": true}, "b": ["p", "q"], "t": "2025-09-20T12:34:56.5Z", "n": null}`
	r := NewReader([]byte(doc))
	var a int64
	var b []string
	var when time.Time
	err := r.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "a":
			a, err = r.Int(64)
		case "b":
			b, err = r.Strings()
		case "t":
			when, err = r.Time()
		default:
			_, err = r.Skip()
		}
		return err
	})
	if err != nil || r.End() != nil {
		t.Fatal(err)
	}
	if a != 1 || len(b) != 2 || b[1] != "q" || when.Nanosecond() != 500000000 {
		t.Fatalf("%d %v %v", a, b, when)
	}
	for _, bad := range []string{`{"a" 1}`, `{"a": 1,}`, `[1 2]`, `{"a": 1} x`, `{`} {
		r := NewReader([]byte(bad))
		_, err := r.Skip()
		if err == nil {
			err = r.End()
		}
		if err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestAppendStringEscapesAsEncodingJSON(t *testing.T) {
	for _, s := range []string{"plain", `q"b\s`, "ctl\x01\n\t\r", "<a&b>", "été 😀", "bad\xffbyte", "\u2028\u2029"} {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	}
}
