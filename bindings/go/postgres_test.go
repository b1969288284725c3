package migratekit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// pgURL is the PostgreSQL server of the test command (MIGRATEKIT_TEST_PG_URL);
// without it the test skips, or fails where MIGRATEKIT_REQUIRE_PG is set.
func pgURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("MIGRATEKIT_TEST_PG_URL")
	if url == "" {
		if os.Getenv("MIGRATEKIT_REQUIRE_PG") != "" {
			t.Fatal("MIGRATEKIT_REQUIRE_PG is set but MIGRATEKIT_TEST_PG_URL is not")
		}
		t.Skip("set MIGRATEKIT_TEST_PG_URL (scripts/pg-cluster.sh start) to run")
	}
	return url
}

func TestTwoNodesOnOnePostgresDatabaseShareDuplicateProtection(t *testing.T) {
	url := pgURL(t)
	a, err := Open("", WithDatabaseURL(url))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open("", WithDatabaseURL(url))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// The database outlives one run: every run's VM is new.
	id := fmt.Sprintf("vm-go-%d", time.Now().UnixNano())
	bg := context.Background()
	req := CreateMigrationRequest{SourceVM: vm(id, id), VCenterHost: "vc01", StartReplication: boolp(false)}
	added, err := a.CreateMigration(bg, req)
	if err != nil || added.Context == nil {
		t.Fatalf("add: %v %+v", err, added)
	}
	var e *Error
	if _, err := b.CreateMigration(bg, req); !errors.Is(err, ErrAlreadyManaged) || !errors.As(err, &e) ||
		e.ExistingContextID() != added.Context.ContextID {
		t.Fatalf("the other node: %v", err)
	}
}

func TestAPostgresServerThatRefusesIsAStorageError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, err = Open("", WithDatabaseURL(fmt.Sprintf("postgresql://mk:s3cret@127.0.0.1:%d/mk", port)))
	var e *Error
	if !errors.Is(err, ErrStorage) || !errors.As(err, &e) {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(e.Details, "connection refused") || strings.Contains(e.Details, "s3cret") {
		t.Fatalf("%+v", e)
	}
}
