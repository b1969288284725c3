package migratekit

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
)

// The shared scenario files (tests/scenarios/*.json) through the Go surface;
// the rules are in tests/scenarios/README.md.

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

func TestEveryScenarioFile(t *testing.T) {
	files, _ := filepath.Glob("../../tests/scenarios/*.json")
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
			start, err := time.Parse(time.RFC3339, sc.Now)
			if err != nil {
				t.Fatal(err)
			}
			m := open(t, withFakes(), withClock(start))
			saved := map[string]any{}
			for i, step := range sc.Steps {
				where := fmt.Sprintf("step %d (%s)", i, step.Op)
				req := substitute(step.Request, saved)
				if req == nil {
					req = map[string]any{}
				}
				if step.Op == "advance_clock" {
					if err := m.advanceClock(time.Duration(req.(map[string]any)["seconds"].(float64)) * time.Second); err != nil {
						t.Fatal(err)
					}
					continue
				}
				body, _ := json.Marshal(req)
				answer, err := m.CallJSON(bg, step.Op, body)
				var got any
				if err != nil {
					var e *Error
					if !errors.As(err, &e) {
						t.Fatalf("%s: %v", where, err)
					}
					if step.ExpectError == nil {
						t.Fatalf("%s: unexpected error %s", where, e.Body)
					}
					_ = json.Unmarshal(e.Body, &got)
				} else {
					if step.ExpectError != nil {
						t.Fatalf("%s: expected an error, got %s", where, answer)
					}
					_ = json.Unmarshal(answer, &got)
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
