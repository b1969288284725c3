/*
 * The duplicate-protection scenario (tests/scenarios/duplicate_add.json)
 * through the C ABI: add a VM to management, add it again (already_managed,
 * with the existing context id), then start replication on it (the same
 * context). Exits 0 when every answer is right.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -I ../include scenario.c \
 *       ../../../target/release/libmigratekit.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -o scenario
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migratekit.h"

static int passes = 0, failures = 0;

static void expect(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (ok) passes++; else failures++;
}

/* A NUL-terminated copy of a library buffer, which is freed. */
static char *take(mk_bytes_t *b) {
    char *s = malloc(b->len + 1);
    if (b->len) memcpy(s, b->data, b->len);
    s[b->len] = '\0';
    mk_bytes_delete(b);
    return s;
}

static mk_error_t *call(mk_manager_t *m, const char *op, const char *body, char **answer) {
    mk_bytes_t out = {0};
    mk_error_t *err = mk_manager_call(m, op, strlen(op), body, strlen(body), NULL, &out);
    *answer = err ? NULL : take(&out);
    return err;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    char config[4096];
    snprintf(config, sizeof config,
             "{\"path\": \"%s/c-scenario.db\", \"fakes\": true, \"now\": \"2025-09-20T12:34:56Z\"}", dir);

    mk_manager_t *m = NULL;
    mk_error_t *err = mk_manager_open(config, strlen(config), &m);
    expect(err == NULL && m != NULL, "open");
    if (err) return 1;

    const char *add = "{\"source_vm\": {\"id\": \"vm-123\", \"name\": \"test-vm\", "
                      "\"disks\": [{\"id\": \"disk-2000\", \"size_gb\": 100}]}, "
                      "\"vcenter_host\": \"vc01.example.local\", \"start_replication\": false}";
    mk_bytes_t out = {0};
    err = mk_manager_create_migration(m, add, strlen(add), NULL, &out);
    char *answer = err ? NULL : take(&out);
    expect(answer && strstr(answer, "\"context_id\":\"ctx-test-vm-20250920-123456\""), "add to management");
    expect(answer && strstr(answer, "\"current_status\":\"discovered\""), "status discovered");
    free(answer);

    err = mk_manager_create_migration(m, add, strlen(add), NULL, &out);
    expect(err != NULL, "duplicate add is refused");
    expect(out.data == NULL && out.len == 0, "out untouched on failure");
    if (err) {
        mk_bytes_t code = {0}, message = {0}, body = {0};
        mk_error_code(err, &code);
        mk_error_message(err, &message);
        mk_error_body(err, &body);
        char *c = take(&code), *msg = take(&message), *b = take(&body);
        expect(strcmp(c, "already_managed") == 0, "code already_managed");
        expect(strcmp(msg, "VM already exists in management") == 0, "message");
        expect(strstr(b, "\"existing_context_id\":\"ctx-test-vm-20250920-123456\"") != NULL, "existing_context_id");
        expect(strstr(b, "is already managed with context ID: ctx-test-vm-20250920-123456") != NULL, "details");
        free(c), free(msg), free(b);
        mk_error_delete(err);
    }

    const char *start = "{\"source_vm\": {\"id\": \"vm-123\", \"name\": \"test-vm\", "
                        "\"disks\": [{\"id\": \"disk-2000\", \"size_gb\": 100}]}, "
                        "\"vcenter_host\": \"vc01.example.local\"}";
    err = call(m, "create_migration", start, &answer);
    expect(err == NULL && strstr(answer, "\"context_id\":\"ctx-test-vm-20250920-123456\""), "replicate reuses the context");
    expect(answer && strstr(answer, "\"created_volumes\":1"), "one volume provisioned");
    free(answer);
    mk_error_delete(err);

    /* Bad input is an error, never a crash. */
    err = mk_manager_create_migration(m, NULL, 5, NULL, &out);
    expect(err != NULL, "NULL with a length is refused");
    mk_error_delete(err);
    err = mk_manager_create_migration(m, "\xff\xfe", 2, NULL, &out);
    expect(err != NULL, "invalid UTF-8 is refused");
    mk_error_delete(err);

    /* A call may carry a cancel token; cancelling it stops a multi-step
     * operation before its next step (a one-step read is never stopped). */
    mk_cancel_t *cancel = mk_cancel_new();
    expect(!mk_cancel_is_cancelled(cancel), "a new token is not cancelled");
    const char *get = "{\"vm_name\": \"test-vm\"}";
    err = mk_manager_get_context(m, get, strlen(get), cancel, &out);
    answer = err ? NULL : take(&out);
    expect(answer && strstr(answer, "ctx-test-vm-20250920-123456"), "get_context with a token");
    free(answer);
    mk_error_delete(err);
    mk_cancel_cancel(cancel);
    expect(mk_cancel_is_cancelled(cancel), "the token is cancelled");
    mk_cancel_delete(cancel);
    expect(mk_abi_version() == MK_ABI_VERSION, "the library's ABI version is the header's");

    mk_manager_delete(m);
    printf("c-scenario: %d passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
