package migratekit

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// goName is the typed method of an operation: create_migration → CreateMigration.
func goName(operation string) string {
	parts := strings.Split(operation, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// Every operation of the core's registry (Operations(), from
// mk_manager_operations) is reachable by name through CallJSON and has a
// typed method on *Manager.
func TestEveryRegistryOperationWorksByNameAndHasATypedMethod(t *testing.T) {
	m := open(t, withFakes(), withClock(now))
	names := Operations()
	if len(names) == 0 {
		t.Fatal("no operations")
	}
	typ := reflect.TypeOf(m)
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			t.Errorf("%s listed twice", name)
		}
		seen[name] = true
		// A JSON string is no operation's body: the call reaches the
		// operation, which refuses it (an unknown one is refused on "operation").
		_, err := m.CallJSON(bg, name, []byte(`"bad"`))
		var e *Error
		if !errors.Is(err, ErrValidation) || !errors.As(err, &e) || e.Field() == "operation" {
			t.Errorf("%s: %v", name, err)
		}
		if _, ok := typ.MethodByName(goName(name)); !ok {
			t.Errorf("%s: no method (*Manager).%s", name, goName(name))
		}
	}
	_, err := m.CallJSON(bg, "no_such_operation", []byte(`{}`))
	var e *Error
	if !errors.As(err, &e) || e.Field() != "operation" {
		t.Errorf("unknown operation: %v", err)
	}
}
