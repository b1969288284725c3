package migratekit_core

// Hand-written, not generated: the helper that fix 4 of
// bindings/uniffi/tests/go_bindings.rs calls where the generated code lowers
// a string (see "Regenerating the Go bindings" in the README).

import (
	"strings"
	"unicode/utf8"
)

// uniffiValidUTF8 is what crosses for a Go string: uniffi's Rust side takes a
// string argument as UTF-8 without checking (undefined behaviour on any other
// bytes) and refuses one inside a record with a panic, so bytes that are not
// UTF-8 cross as U+FFFD, as encoding/json writes them.
func uniffiValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
