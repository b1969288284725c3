package tests

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

// The shared scenario files (tests/scenarios/*.json, rules in its README)
// through the typed methods: each step's body becomes a typed request
// (ParseRequest), runs through the Manager method of its operation, and the
// typed answer is written back as JSON (AnswerJson) to match the expectation;
// an error matches by its Body.

type scenario struct {
	Now   string `json:"now"`
	Steps []struct {
		Op          string            `json:"op"`
		Request     any               `json:"request"`
		Expect      any               `json:"expect"`
		ExpectError any               `json:"expect_error"`
		Save        map[string]string `json:"save"`
	} `json:"steps"`
}

// typed runs one parsed request through the typed method of its operation.
func typed(m *mk.Manager, request mk.Request) (mk.Answer, error) {
	switch r := request.(type) {
	case mk.RequestCreateMigration:
		a, err := m.CreateMigration(r.Request)
		return mk.AnswerCreateMigration{Answer: a}, err
	case mk.RequestAddToManagement:
		a, err := m.AddToManagement(r.Request)
		return mk.AnswerAddToManagement{Answer: a}, err
	case mk.RequestAddToManagementBulk:
		a, err := m.AddToManagementBulk(r.Vms, nil)
		return mk.AnswerAddToManagementBulk{Answer: a}, err
	case mk.RequestGetContext:
		a, err := m.GetContext(r.Reference)
		return mk.AnswerGetContext{Answer: a}, err
	case mk.RequestListContexts:
		a, err := m.ListContexts(r.Filter)
		return mk.AnswerListContexts{Answer: a}, err
	case mk.RequestGetJob:
		a, err := m.GetJob(r.JobId)
		return mk.AnswerGetJob{Answer: a}, err
	case mk.RequestListJobs:
		a, err := m.ListJobs(r.Filter)
		return mk.AnswerListJobs{Answer: a}, err
	case mk.RequestUpdateJobProgress:
		a, err := m.UpdateJobProgress(r.Request)
		return mk.AnswerUpdateJobProgress{Answer: a}, err
	case mk.RequestCompleteJob:
		a, err := m.CompleteJob(r.Request)
		return mk.AnswerCompleteJob{Answer: a}, err
	case mk.RequestFailJob:
		a, err := m.FailJob(r.Request)
		return mk.AnswerFailJob{Answer: a}, err
	case mk.RequestCancelJob:
		a, err := m.CancelJob(r.JobId)
		return mk.AnswerCancelJob{Answer: a}, err
	case mk.RequestRemoveFromManagement:
		a, err := m.RemoveFromManagement(r.Reference)
		return mk.AnswerRemoveFromManagement{Answer: a}, err
	case mk.RequestDeleteJob:
		a, err := m.DeleteJob(r.JobId)
		return mk.AnswerDeleteJob{Answer: a}, err
	case mk.RequestTestFailover:
		a, err := m.TestFailover(r.Reference)
		return mk.AnswerTestFailover{Answer: a}, err
	case mk.RequestCleanupTestFailover:
		a, err := m.CleanupTestFailover(r.Target)
		return mk.AnswerCleanupTestFailover{Answer: a}, err
	case mk.RequestLiveFailover:
		a, err := m.LiveFailover(r.Reference)
		return mk.AnswerLiveFailover{Answer: a}, err
	case mk.RequestRollbackLiveFailover:
		a, err := m.RollbackLiveFailover(r.Target)
		return mk.AnswerRollbackLiveFailover{Answer: a}, err
	case mk.RequestCompleteMigration:
		a, err := m.CompleteMigration(r.Reference)
		return mk.AnswerCompleteMigration{Answer: a}, err
	case mk.RequestAbortOperation:
		a, err := m.AbortOperation(r.Reference)
		return mk.AnswerAbortOperation{Answer: a}, err
	case mk.RequestListVolumes:
		a, err := m.ListVolumes(r.Reference)
		return mk.AnswerListVolumes{Answer: a}, err
	case mk.RequestListFailoverJobs:
		a, err := m.ListFailoverJobs(r.Reference)
		return mk.AnswerListFailoverJobs{Answer: a}, err
	case mk.RequestReconcile:
		a, err := m.Reconcile(r.Request)
		return mk.AnswerReconcile{Answer: a}, err
	case mk.RequestCreateSchedule:
		a, err := m.CreateSchedule(r.Request)
		return mk.AnswerCreateSchedule{Answer: a}, err
	case mk.RequestListSchedules:
		a, err := m.ListSchedules()
		return mk.AnswerListSchedules{Answer: a}, err
	case mk.RequestSetScheduleEnabled:
		a, err := m.SetScheduleEnabled(r.ScheduleId, r.Enabled)
		return mk.AnswerSetScheduleEnabled{Answer: a}, err
	case mk.RequestCreateGroup:
		a, err := m.CreateGroup(r.Request)
		return mk.AnswerCreateGroup{Answer: a}, err
	case mk.RequestGetGroup:
		a, err := m.GetGroup(r.GroupId)
		return mk.AnswerGetGroup{Answer: a}, err
	case mk.RequestListGroups:
		a, err := m.ListGroups()
		return mk.AnswerListGroups{Answer: a}, err
	case mk.RequestAttachSchedule:
		a, err := m.AttachSchedule(r.GroupId, r.ScheduleId)
		return mk.AnswerAttachSchedule{Answer: a}, err
	case mk.RequestAddToGroup:
		a, err := m.AddToGroup(r.Request)
		return mk.AnswerAddToGroup{Answer: a}, err
	case mk.RequestRemoveFromGroup:
		err := m.RemoveFromGroup(r.ContextId)
		return mk.AnswerRemoveFromGroup{ContextId: r.ContextId}, err
	case mk.RequestRunDueSchedules:
		a, err := m.RunDueSchedules(r.Now)
		return mk.AnswerRunDueSchedules{Answer: a}, err
	case mk.RequestListScheduleExecutions:
		a, err := m.ListScheduleExecutions(r.ScheduleId, r.Limit)
		return mk.AnswerListScheduleExecutions{Answer: a}, err
	case mk.RequestLogJob:
		a, err := m.LogJob(r.JobId)
		return mk.AnswerLogJob{Answer: a}, err
	case mk.RequestLogJobs:
		a, err := m.LogJobs(r.Filter)
		return mk.AnswerLogJobs{Answer: a}, err
	case mk.RequestPruneJobLog:
		a, err := m.PruneJobLog(r.Before)
		return mk.AnswerPruneJobLog{Pruned: a}, err
	}
	return nil, fmt.Errorf("no typed method for %T", request)
}

// run runs one step: the answer's or the error's JSON body, and whether it failed.
func run(t *testing.T, m *mk.Manager, op string, request any) (any, bool) {
	raw, _ := json.Marshal(request)
	var text string
	parsed, err := mk.ParseRequest(op, string(raw))
	if err == nil {
		var answer mk.Answer
		answer, err = typed(m, parsed)
		if err == nil {
			text, err = mk.AnswerJson(answer)
		}
	}
	var got any
	if err != nil {
		var e *mk.MkError
		if !errors.As(err, &e) {
			t.Fatalf("%s: %v", op, err)
		}
		text = body(t, err)
	}
	if jerr := json.Unmarshal([]byte(text), &got); jerr != nil {
		t.Fatalf("%s: %v: %s", op, jerr, text)
	}
	return got, err != nil
}

func substitute(v any, saved map[string]any) any {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "$") {
			if s, ok := saved[x[1:]]; ok {
				return s
			}
		}
		for name, value := range saved {
			text, ok := value.(string)
			if !ok {
				b, _ := json.Marshal(value)
				text = string(b)
			}
			x = strings.ReplaceAll(x, "${"+name+"}", text)
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substitute(e, saved)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = substitute(e, saved)
		}
		return out
	}
	return v
}

func match(expected, actual any, present bool, path string) error {
	if expected == "<absent>" {
		if present && actual != nil {
			return fmt.Errorf("%s: expected absent, got %v", path, actual)
		}
		return nil
	}
	if !present {
		return fmt.Errorf("%s: missing, expected %v", path, expected)
	}
	if expected == "<any>" {
		if actual == nil {
			return fmt.Errorf("%s: expected a value, got null", path)
		}
		return nil
	}
	switch e := expected.(type) {
	case map[string]any:
		a, ok := actual.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: expected an object, got %v", path, actual)
		}
		for k, ev := range e {
			av, has := a[k]
			if err := match(ev, av, has, path+"."+k); err != nil {
				return err
			}
		}
		return nil
	case []any:
		a, ok := actual.([]any)
		if !ok || len(a) != len(e) {
			return fmt.Errorf("%s: expected %d items, got %v", path, len(e), actual)
		}
		for i := range e {
			if err := match(e[i], a[i], true, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case float64:
		if a, ok := actual.(float64); ok && a == e {
			return nil
		}
	default:
		if expected == actual {
			return nil
		}
	}
	return fmt.Errorf("%s: expected %v, got %v", path, expected, actual)
}

func atPath(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		if i, err := strconv.Atoi(part); err == nil {
			v = v.([]any)[i]
		} else {
			v = v.(map[string]any)[part]
		}
	}
	return v
}

func TestEveryScenarioFileThroughTheTypedMethods(t *testing.T) {
	files, _ := filepath.Glob("../../../../tests/scenarios/*.json")
	sort.Strings(files)
	if len(files) < 9 {
		t.Fatalf("scenario files missing: %v", files)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var sc scenario
			if err := json.Unmarshal(raw, &sc); err != nil {
				t.Fatal(err)
			}
			now, err := time.Parse(time.RFC3339, sc.Now)
			if err != nil {
				t.Fatal(err)
			}
			m, err := mk.ManagerOpen(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "s.db"), Fakes: true, Now: &now})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Destroy()
			saved := map[string]any{}
			for i, step := range sc.Steps {
				where := fmt.Sprintf("step %d (%s)", i, step.Op)
				req := substitute(step.Request, saved)
				if req == nil {
					req = map[string]any{}
				}
				if step.Op == "advance_clock" {
					if err := m.AdvanceClock(int64(req.(map[string]any)["seconds"].(float64))); err != nil {
						t.Fatal(err)
					}
					continue
				}
				got, failed := run(t, m, step.Op, req)
				if failed && step.ExpectError == nil {
					t.Fatalf("%s: unexpected error %v", where, got)
				}
				if !failed && step.ExpectError != nil {
					t.Fatalf("%s: expected an error, got %v", where, got)
				}
				expected := step.Expect
				if step.ExpectError != nil {
					expected = step.ExpectError
				}
				if expected != nil {
					if err := match(substitute(expected, saved), got, true, ""); err != nil {
						t.Fatalf("%s: %v", where, err)
					}
				}
				for name, p := range step.Save {
					saved[name] = atPath(got, p)
				}
			}
		})
	}
}
