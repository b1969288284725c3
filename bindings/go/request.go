package migratekit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// marshalRequest writes a request as JSON, refusing what JSON cannot carry
// as the library's own validation error naming the field. encoding/json
// alone would quietly replace invalid UTF-8 with U+FFFD — two different VM
// ids would become one, and a port's volume id another than the one it
// made — and fails on NaN, infinities and times beyond year 9999 with
// errors no errors.Is(err, ErrValidation) matches.
//
// The hot path costs one scan of the body: only a body in which
// encoding/json escaped a replacement character is walked again.
func marshalRequest(req any) ([]byte, error) {
	body, err := json.Marshal(req)
	if err != nil {
		var refused *Error
		if errors.As(err, &refused) {
			return nil, refused // a MarshalJSON of ours refused the value
		}
		if field, why, ok := unrepresentable(req); ok {
			return nil, validationError(field, why)
		}
		return nil, validationError("", err.Error())
	}
	if bytes.Contains(body, escapedReplacement) {
		if field, why, ok := unrepresentable(req); ok {
			return nil, validationError(field, why)
		}
	}
	return body, nil
}

// escapedReplacement is how encoding/json writes an invalid UTF-8 byte (a
// real U+FFFD it writes as its UTF-8 bytes).
var escapedReplacement = []byte(`\ufffd`)

// validationError is a validation *Error made on this side of the ABI,
// shaped as the library's.
func validationError(field, why string) *Error {
	details := why
	if field != "" {
		details = field + ": " + why
	}
	fields := map[string]any{"field": field}
	body, _ := json.Marshal(map[string]any{"error": "invalid request", "code": CodeValidation, "details": details, "field": field})
	return &Error{Code: CodeValidation, Message: "invalid request", Details: details, Fields: fields, Body: body}
}

// unrepresentable finds the first value of v that JSON cannot carry as it
// is, with its field path in the contract's form (source_vm.disks[0].id).
func unrepresentable(v any) (field, why string, found bool) {
	var walk func(v reflect.Value, path string) bool
	walk = func(v reflect.Value, path string) bool {
		if !v.IsValid() {
			return false
		}
		if v.Type() == reflect.TypeOf(time.Time{}) {
			if y := v.Interface().(time.Time).Year(); y < 0 || y > 9999 {
				field, why = path, fmt.Sprintf("year %d is outside 0 to 9999", y)
				return true
			}
			return false
		}
		switch v.Kind() {
		case reflect.String:
			if s := v.String(); !utf8.ValidString(s) {
				field, why = path, "not valid UTF-8"
				return true
			}
		case reflect.Float32, reflect.Float64:
			if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
				field, why = path, fmt.Sprintf("%v is not a JSON number", f)
				return true
			}
		case reflect.Pointer, reflect.Interface:
			return walk(v.Elem(), path)
		case reflect.Slice, reflect.Array:
			if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
				return false // []byte is base64 text
			}
			for i := 0; i < v.Len(); i++ {
				if walk(v.Index(i), path+"["+strconv.Itoa(i)+"]") {
					return true
				}
			}
		case reflect.Map:
			iter := v.MapRange()
			for iter.Next() {
				k := iter.Key()
				key := fmt.Sprint(k.Interface())
				if k.Kind() == reflect.String && !utf8.ValidString(key) {
					field, why = path, "a key is not valid UTF-8"
					return true
				}
				if walk(iter.Value(), join(path, key)) {
					return true
				}
			}
		case reflect.Struct:
			t := v.Type()
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "-" {
					continue
				}
				sub := path
				if !f.Anonymous || name != "" {
					if name == "" {
						name = f.Name
					}
					sub = join(path, name)
				}
				if walk(v.Field(i), sub) {
					return true
				}
			}
		}
		return false
	}
	found = walk(reflect.ValueOf(v), "")
	return field, why, found
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
