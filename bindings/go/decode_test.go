package migratekit

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The hand-written decoders read the library's answers exactly as
// encoding/json reads them into the same structs.

// answers are real answers of every hot type, with every optional field
// set somewhere (a failed failover's lock and error, per-disk progress and
// change ids, names that need escaping).
func answers(t testing.TB) map[string][]byte {
	r := newRig(t.(*testing.T))
	call := func(op string, body any) []byte {
		b, _ := json.Marshal(body)
		out, err := r.m.CallJSON(bg, op, b)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		return out
	}
	name := "wéb \"01\" <tab>\t\u2028 😀"
	out := map[string][]byte{}
	out["context_created"] = call("create_migration", map[string]any{
		"source_vm": map[string]any{"id": "vm-1", "name": name, "path": "/dc/vm/x", "cpus": 4, "memory_mb": 8192,
			"os_type": "linux", "power_state": "poweredOn",
			"disks":    []any{map[string]any{"id": "d0", "label": "Hard disk 1", "size_gb": 10, "datastore": "ds1", "unit_number": 3}, map[string]any{"id": "d1", "size_gb": 20}},
			"networks": []any{map[string]any{"label": "VM Network", "mac_address": "00:50:56:aa:bb:cc"}}},
		"vcenter_host": "vc01", "ossea_config_id": 7, "start_replication": false})
	var created ContextCreated
	_ = json.Unmarshal(out["context_created"], &created)
	out["job_started"] = call("create_migration", map[string]any{"source_vm": map[string]any{"id": "vm-1", "name": name,
		"disks": []any{map[string]any{"id": "d0", "size_gb": 10}, map[string]any{"id": "d1", "size_gb": 20}}}, "vcenter_host": "vc01"})
	var started JobStarted
	_ = json.Unmarshal(out["job_started"], &started)
	out["job_running"] = call("update_job_progress", map[string]any{"job_id": started.JobID, "progress_percent": 12.5,
		"bytes_transferred": 1 << 33, "total_bytes": 1 << 34, "disks": map[string]any{"d0": map[string]any{"bytes_transferred": 5, "total_bytes": 10}, "d1": map[string]any{"bytes_transferred": 1}}})
	out["job_completed"] = call("complete_job", map[string]any{"job_id": started.JobID, "change_ids": map[string]string{"d0": "52 3c/1", "d1": "52 3c/2"}})
	r.cloud.failIn("power_on")
	_, _ = r.m.TestFailover(bg, created.ContextID)
	out["context_locked"] = call("get_context", ByID(created.ContextID))
	out["page_contexts"] = call("list_contexts", map[string]any{"limit": 1})
	out["page_empty"] = call("list_contexts", map[string]any{"status": "completed"})
	out["page_jobs"] = call("list_jobs", map[string]any{})
	return out
}

// decodeBoth decodes data into a fresh T by hand and with encoding/json.
func decodeBoth[T any](data []byte) (fast, slow T, fastErr, slowErr error) {
	fastErr = decodeInto(data, &fast)
	slowErr = json.Unmarshal(data, &slow)
	return
}

func agree[T any](t *testing.T, name string, data []byte) {
	t.Helper()
	fast, slow, fe, se := decodeBoth[T](data)
	if fe != nil || se != nil {
		t.Fatalf("%s: fast %v, encoding/json %v", name, fe, se)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s as %T:\nfast %+v\njson %+v", name, fast, fast, slow)
	}
}

func TestTheFastDecodersReadTheLibrarysAnswersAsEncodingJSONDoes(t *testing.T) {
	a := answers(t)
	agree[ContextCreated](t, "context_created", a["context_created"])
	agree[CreateMigrationResponse](t, "context_created", a["context_created"])
	agree[JobStarted](t, "job_started", a["job_started"])
	agree[CreateMigrationResponse](t, "job_started", a["job_started"])
	for _, k := range []string{"job_running", "job_completed"} {
		agree[ReplicationJob](t, k, a[k])
	}
	agree[ReplicationContext](t, "context_locked", a["context_locked"])
	agree[Page[ReplicationContext]](t, "page_contexts", a["page_contexts"])
	agree[Page[ReplicationContext]](t, "page_empty", a["page_empty"])
	agree[Page[ReplicationJob]](t, "page_jobs", a["page_jobs"])
	var c ReplicationContext
	_ = decodeInto(a["context_locked"], &c)
	if c.ActiveOperation == nil || c.LastError == nil || c.SourceVM.Networks[0].MACAddress == "" || !strings.Contains(c.VMName, "😀") {
		t.Fatalf("the sample does not exercise every field: %+v", c)
	}
}

func TestTheFastDecodersAgreeOnNullsUnknownFieldsAndBadInput(t *testing.T) {
	docs := []string{
		`{"context_id": null, "source_vm": null, "last_change_ids": null, "current_job_id": null, "extra": {"a": [1, {"b": null}]}}`,
		`{"source_vm": {"disks": [], "networks": null}, "last_change_ids": {}, "created_at": "2025-09-20T12:34:56.123456789+02:00"}`,
		`{"context_id": "a", "context_id": "b"}`,
		`{"ossea_config_id": -5, "source_vm": {"cpus": 4294967295, "memory_mb": 18446744073709551615}}`,
	}
	for _, d := range docs {
		agree[ReplicationContext](t, d, []byte(d))
	}
	bad := []string{
		`{"context_id": 5}`, `{"ossea_config_id": 1.5}`, `{"source_vm": {"cpus": 4294967296}}`,
		`{"source_vm": {"cpus": -1}}`, `{"created_at": "yesterday"}`, `{"context_id": "a"} trailing`, `[]`, `{"a": }`,
	}
	for _, d := range bad {
		_, _, fe, se := decodeBoth[ReplicationContext]([]byte(d))
		if fe == nil || se == nil {
			t.Errorf("%s: fast %v, encoding/json %v (both must refuse)", d, fe, se)
		}
	}
}

var knownKeys = func() map[string]bool {
	keys := map[string]bool{}
	for _, v := range []any{ReplicationContext{}, SourceVM{}, SourceDisk{}, SourceNetwork{}, ReplicationJob{},
		DiskProgress{}, ContextCreated{}, JobStarted{}, Page[ReplicationContext]{}} {
		typ := reflect.TypeOf(v)
		for i := 0; i < typ.NumField(); i++ {
			keys[strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]] = true
		}
	}
	return keys
}()

// caseVariant reports a key encoding/json would match case-insensitively
// to a field (the library never writes one; the fast decoders match
// exactly).
func caseVariant(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !knownKeys[k] {
				for known := range knownKeys {
					if strings.EqualFold(k, known) {
						return true
					}
				}
			}
			if caseVariant(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if caseVariant(e) {
				return true
			}
		}
	}
	return false
}

func fuzzAgree[T any](t *testing.T, data []byte) {
	fast, slow, fe, se := decodeBoth[T](data)
	if fe == nil && se != nil {
		t.Fatalf("%T: the fast decoder accepted what encoding/json refuses (%v): %q", fast, se, data)
	}
	if fe == nil && se == nil && !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%T differs on %q:\nfast %+v\njson %+v", fast, data, fast, slow)
	}
}

func FuzzTheFastDecodersAgreeWithEncodingJSON(f *testing.F) {
	for _, d := range []string{
		`{"context_id":"ctx-1","source_vm":{"id":"vm","disks":[{"id":"d","size_gb":1}]},"last_change_ids":{"d":"x"},"created_at":"2025-09-20T12:34:56Z"}`,
		`{"items":[{"job_id":"j","disk_progress":{"d":{"bytes_transferred":1,"total_bytes":null}},"finished_at":null}],"next_offset":3}`,
		`{"job_id":"j","previous_change_ids":{"a":"\u00e9\ud83d\ude00"},"progress_percent":1e2}`,
	} {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var generic any
		if json.Unmarshal(data, &generic) == nil && caseVariant(generic) {
			return
		}
		fuzzAgree[ReplicationContext](t, data)
		fuzzAgree[ReplicationJob](t, data)
		fuzzAgree[Page[ReplicationContext]](t, data)
		fuzzAgree[Page[ReplicationJob]](t, data)
		fuzzAgree[JobStarted](t, data)
		fuzzAgree[ContextCreated](t, data)
	})
}
