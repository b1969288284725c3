package tests

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

// goName is the generator's Go name of an operation (create_migration →
// CreateMigration).
func goName(op string) string {
	parts := strings.Split(op, "_")
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, "")
}

func TestEveryRegistryOperationIsAManagerMethod(t *testing.T) {
	ops := mk.Operations()
	if len(ops) < 36 {
		t.Fatalf("operations: %v", ops)
	}
	manager := reflect.TypeOf(&mk.Manager{})
	for _, op := range ops {
		if _, ok := manager.MethodByName(goName(op)); !ok {
			t.Errorf("no Manager.%s for operation %s", goName(op), op)
		}
	}
}

func TestBadInputIsATypedValidationError(t *testing.T) {
	m := open(t)
	_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: core.SourceVm{Id: "", Name: "x"}})
	var v *mk.MkErrorValidation
	if !errors.As(err, &v) || v.Field != "source_vm.id" || v.Code != core.ErrorCodeValidation {
		t.Fatalf("expected validation on source_vm.id, got %v", err)
	}
	_, err = mk.ParseRequest("create_migration", `{"source_vm": {"id": "vm-1", "name": "x"}, "priority": 5}`)
	if !errors.Is(err, mk.ErrMkErrorValidation) {
		t.Fatalf("unknown field: %v", err)
	}
	_, err = m.Call("no_such_operation", "{}")
	if !errors.As(err, &v) || v.Field != "operation" {
		t.Fatalf("unknown operation: %v", err)
	}
	_, err = m.GetContext(byID("ctx-missing"))
	var nf *mk.MkErrorNotFound
	if !errors.As(err, &nf) || nf.Kind != "context" || nf.Id != "ctx-missing" {
		t.Fatalf("not found: %v", err)
	}
}

func TestTheJSONCallAnswersWhatTheTypedMethodsDo(t *testing.T) {
	m := open(t)
	added, err := m.CreateMigration(addRequest(sourceVM("vm-1", "web", 1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := added.(core.CreateMigrationResponseContextCreated).Field0.ContextId
	typedAnswer, err := m.GetContext(byID(ctx))
	if err != nil {
		t.Fatal(err)
	}
	text, err := mk.AnswerJson(mk.AnswerGetContext{Answer: typedAnswer})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := m.Call("get_context", `{"context_id": "`+ctx+`"}`)
	if err != nil {
		t.Fatal(err)
	}
	if text != raw {
		t.Fatalf("typed answer %s\n  JSON call %s", text, raw)
	}
}
