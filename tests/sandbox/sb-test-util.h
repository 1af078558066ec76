/* sb-test-util.h: helpers for the sandbox test suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Black-box helpers only: they use the public ferry-sandbox.h and HTTP,
 * never the sandbox's private model.
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ferry-sandbox.h"

G_BEGIN_DECLS

/* Facts from the reference pages (spec/). */
#define SBT_TUTORIAL_ID       "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define SBT_SECOND_PROJECT_ID "B7CA92F04B9FAE8D941C3E9B7E0CD754"
#define SBT_YEAR_ID           "8D679D5111D3E4981000E787EC6DE8A4"
#define SBT_ADMINISTRATOR_ID  "54F3D26011D2896560009A8E67019608"

#define SBT_STORAGE_SENTENCE \
  "The Storage Service is not configured properly, please contact your administrator to configure Storage Service"
#define SBT_VERSION_SENTENCE \
  "A package created in a newer platform version cannot be imported into an older one"

/* g_test_init, plus an environment that keeps GIO from looking up GNOME
 * proxy settings. */
void          sbt_init                    (int          *argc,
                                           char       ***argv);

/* A new temporary directory, removed (recursively) when the test case ends. */
char         *sbt_make_tmp_dir            (void);
void          sbt_rm_rf                   (const char   *path);
/* Path of a file in tests/sandbox/fixtures/. */
char         *sbt_fixture_path            (const char   *name);
/* Parsed fixture (fails the test if unreadable). */
JsonNode     *sbt_load_fixture            (const char   *name);
char         *sbt_load_fixture_text       (const char   *name);

/* --- Sandboxes ----------------------------------------------------------- */

typedef struct
{
  const char *state_dir;        /* NULL: a fresh temporary directory */
  const char *seed;             /* NULL: "empty" */
  const char *shared_storage;   /* NULL: Storage Service not configured */
  const char *name;
  const char *server_version;
  guint       work_delay_ms;
  guint       session_timeout;  /* 0: default */
  guint64     max_package_bytes; /* 0: default */
  guint       seed_migrations;
  int         clock_offset_s;   /* the "clock-offset-s" property */
} SbtOptions;

/* Creates and starts a sandbox; it is stopped and unreffed at the end of
 * the test case (the returned pointer is borrowed from that queue). */
FerrySandbox *sbt_sandbox_start           (const SbtOptions *options);
/* The state directory the sandbox was started with. */
const char   *sbt_sandbox_get_state_dir   (FerrySandbox *sandbox);

/* "Development" (tutorial-dev) and "Production" (tutorial-prod) sharing one
 * storage directory. Either options argument may be NULL; their seed, name
 * and shared_storage members are overridden. */
typedef struct
{
  FerrySandbox *dev;
  FerrySandbox *prod;
  char         *shared;         /* owned by the test-case queue */
} SbtPair;

void          sbt_pair_start              (SbtPair          *pair,
                                           const SbtOptions *dev_options,
                                           const SbtOptions *prod_options);

/* --- HTTP ---------------------------------------------------------------- */

typedef struct
{
  guint               status;   /* 0 on a transport error */
  SoupMessageHeaders *headers;  /* response headers (never NULL) */
  GBytes             *body;     /* never NULL */
  JsonNode           *json;     /* NULL when the body is empty or not JSON */
  GError             *error;    /* transport error */
  char               *text;     /* body as text, for messages */
} SbtResponse;

void          sbt_response_free           (SbtResponse  *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbtResponse, sbt_response_free)

typedef struct _SbtClient SbtClient;

/* A client with its own SoupSession and cookie jar (use it from one thread). */
SbtClient    *sbt_client_new              (const char   *base_url);
void          sbt_client_free             (SbtClient    *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbtClient, sbt_client_free)
/* POST /api/auth/login {"username","password","loginMode"}; keeps the
 * X-MSTR-AuthToken on success. Returns the response. */
SbtResponse  *sbt_client_login            (SbtClient    *client,
                                           const char   *username,
                                           const char   *password,
                                           int           login_mode);
/* New client logged in (asserts 204 and a token). */
SbtClient    *sbt_client_new_login        (const char   *base_url,
                                           const char   *username,
                                           const char   *password);
SbtClient    *sbt_client_new_admin        (FerrySandbox *sandbox);
const char   *sbt_client_get_token        (SbtClient    *client);
void          sbt_client_set_token        (SbtClient    *client,
                                           const char   *token);
const char   *sbt_client_get_base_url     (SbtClient    *client);

/* Sends METHOD BASE_URL PATH. Header name/value pairs follow BODY, ended by
 * NULL. The client's token is added unless the pairs name
 * X-MSTR-AuthToken, in which case its value is replaced by the client's
 * token (the reference pages carry a placeholder token). BODY (text, may be
 * NULL) is sent as application/json unless a Content-Type pair is given. */
SbtResponse  *sbt_request                 (SbtClient    *client,
                                           const char   *method,
                                           const char   *path,
                                           const char   *body,
                                           ...) G_GNUC_NULL_TERMINATED;
SbtResponse  *sbt_request_json            (SbtClient    *client,
                                           const char   *method,
                                           const char   *path,
                                           JsonNode     *body,
                                           ...) G_GNUC_NULL_TERMINATED;
/* HEADERS: a JSON object of header names and values (a fixture). */
SbtResponse  *sbt_request_with_headers    (SbtClient    *client,
                                           const char   *method,
                                           const char   *path,
                                           JsonNode     *headers,
                                           const char   *content_type,
                                           GBytes       *body);
/* Everything spelled out: HEADERS as name/value pairs (may be NULL). */
SbtResponse  *sbt_request_full            (SbtClient    *client,
                                           const char   *method,
                                           const char   *path,
                                           const char *const *headers,
                                           const char   *content_type,
                                           GBytes       *body,
                                           gboolean      add_token);

/* --- Assertions ---------------------------------------------------------- */

void          sbt_assert_status_impl      (SbtResponse  *response,
                                           guint         status,
                                           const char   *file,
                                           int           line,
                                           const char   *func);
#define sbt_assert_status(r, s) \
  sbt_assert_status_impl ((r), (s), __FILE__, __LINE__, G_STRFUNC)

/* Status, a JSON body with code == CODE, a non-empty message, a 32-hex
 * ticketId; returns the message (borrowed from RESPONSE). */
const char   *sbt_assert_error_impl       (SbtResponse  *response,
                                           guint         status,
                                           const char   *code,
                                           const char   *file,
                                           int           line,
                                           const char   *func);
#define sbt_assert_error(r, s, c) \
  sbt_assert_error_impl ((r), (s), (c), __FILE__, __LINE__, G_STRFUNC)

void          sbt_assert_contains_impl    (const char   *haystack,
                                           const char   *needle,
                                           const char   *file,
                                           int           line,
                                           const char   *func);
#define sbt_assert_contains(h, n) \
  sbt_assert_contains_impl ((h), (n), __FILE__, __LINE__, G_STRFUNC)

/* Same key set recursively and the same value types (integers and doubles
 * are one type "number"); array elements are each compared with the
 * sample's first element. IGNORE (NULL-terminated, may be NULL) lists
 * dotted paths to skip ("packageInfo.tocView"). */
void          sbt_assert_same_shape_impl  (JsonNode     *sample,
                                           JsonNode     *actual,
                                           const char *const *ignore,
                                           const char   *file,
                                           int           line,
                                           const char   *func);
#define sbt_assert_same_shape(s, a, i) \
  sbt_assert_same_shape_impl ((s), (a), (i), __FILE__, __LINE__, G_STRFUNC)

/* Enum rules: PATH uses "[]" for every element of an array
 * ("content[].action", "settings.aclOnNewObjects[]"); VALUES is
 * NULL-terminated; "(null)" in VALUES admits a JSON null. Absent paths
 * pass (the shape check covers presence). */
typedef struct
{
  const char        *path;
  const char *const *values;
} SbtEnumRule;

extern const SbtEnumRule sbt_package_enum_rules[];
extern const SbtEnumRule sbt_migration_enum_rules[];

void          sbt_assert_enums_impl       (JsonNode          *node,
                                           const SbtEnumRule *rules,
                                           const char        *file,
                                           int                line,
                                           const char        *func);
#define sbt_assert_enums(n, r) \
  sbt_assert_enums_impl ((n), (r), __FILE__, __LINE__, G_STRFUNC)

void          sbt_assert_json_equal_impl  (JsonNode     *expected,
                                           JsonNode     *actual,
                                           const char   *file,
                                           int           line,
                                           const char   *func);
#define sbt_assert_json_equal(e, a) \
  sbt_assert_json_equal_impl ((e), (a), __FILE__, __LINE__, G_STRFUNC)

void          sbt_assert_text_equal_impl  (const char   *expected,
                                           const char   *actual,
                                           const char   *file,
                                           int           line,
                                           const char   *func);
#define sbt_assert_text_equal(e, a) \
  sbt_assert_text_equal_impl ((e), (a), __FILE__, __LINE__, G_STRFUNC)

/* --- JSON access ---------------------------------------------------------- */

JsonNode     *sbt_json_parse              (const char   *text);
char         *sbt_json_to_string          (JsonNode     *node);
/* Dotted path; numeric components index arrays ("content.0.id").
 * NULL when absent. */
JsonNode     *sbt_json_get                (JsonNode     *node,
                                           const char   *path);
const char   *sbt_json_get_string         (JsonNode     *node,
                                           const char   *path);
gint64        sbt_json_get_int            (JsonNode     *node,
                                           const char   *path);
double        sbt_json_get_number         (JsonNode     *node,
                                           const char   *path);
gboolean      sbt_json_get_bool           (JsonNode     *node,
                                           const char   *path);
gboolean      sbt_is_hex32                (const char   *text);
gboolean      sbt_is_timestamp            (const char   *text);

/* --- Objects (as ferry_sandbox_dup_object() shows them) ------------------- */

/* Id of the containing folder (last ancestor), or NULL. */
const char   *sbt_object_parent_id        (JsonNode     *object);
/* The objects of an array node (dup_objects) indexed by id (borrowed nodes). */
GHashTable   *sbt_objects_index           (JsonNode     *objects);
/* Adds to USED (a set of borrowed strings) every id that an object of
 * INDEX uses. */
void          sbt_add_uses                (GHashTable   *used,
                                           GHashTable   *index);
/* Ids reachable from ID through "uses", transitively (ID itself excluded);
 * a set of borrowed strings. */
GHashTable   *sbt_uses_closure            (GHashTable   *index,
                                           const char   *id);
/* TARGET is what a migration makes of SOURCE: same id, name, version,
 * dateModified, definition and containing folder. */
void          sbt_assert_object_migrated_impl (JsonNode *source,
                                               JsonNode *target,
                                               const char *file,
                                               int         line,
                                               const char *func);
#define sbt_assert_object_migrated(s, t) \
  sbt_assert_object_migrated_impl ((s), (t), __FILE__, __LINE__, G_STRFUNC)
/* The member MEMBER of two objects is equal (JSON). */
gboolean      sbt_member_equal            (JsonNode     *a,
                                           JsonNode     *b,
                                           const char   *member);
/* Every object of BEFORE is in AFTER as it was (version, dateModified, ACL,
 * folder), and no object more; fails the test naming the first that is not. */
void          sbt_assert_same_objects     (JsonNode     *before,
                                           JsonNode     *after);
/* Objects that differ between BEFORE and AFTER (version, dateModified,
 * ACL, folder), or that appeared or went. */
guint         sbt_count_changed           (JsonNode     *before,
                                           JsonNode     *after);

/* --- Migrations ------------------------------------------------------------ */

/* Polls GET PATH (relative to the base URL) until the string at FIELD is
 * one of the NULL-terminated values; returns the last body. Fails the test
 * after 60 s. */
JsonNode     *sbt_wait_for                (SbtClient    *client,
                                           const char   *path,
                                           const char   *field,
                                           ...) G_GNUC_NULL_TERMINATED;

/* A project merge / object migration create body (spec shape). SETTINGS is
 * the tocView.settings (borrowed; copied); CONTENT the content list or NULL. */
JsonNode     *sbt_migration_body          (const char   *source_url,
                                           const char   *target_url,
                                           const char   *purpose,
                                           const char   *type,
                                           const char   *project_id,
                                           JsonNode     *settings,
                                           JsonNode     *content);
/* POST /api/migrations (201) on SOURCE and waits for packageInfo.status
 * created/create_failed; returns the migration id and sets *RECORD. */
char         *sbt_migration_create        (SbtClient    *source,
                                           const char   *project_id,
                                           JsonNode     *body,
                                           JsonNode    **record);
/* The two PATCHes on the source (requested, approved), each asserted. */
void          sbt_migration_approve       (SbtClient    *source,
                                           const char   *migration_id);
/* GET ?showContent=all on SOURCE, replicated = true, PUT on TARGET (202),
 * waits for imported/import_failed; returns the target's record. */
JsonNode     *sbt_migration_import        (SbtClient    *source,
                                           SbtClient    *target,
                                           const char   *migration_id,
                                           const char   *target_project_id);
/* Undo on TARGET: the two PATCHes, waits for undo_success/undo_failed. */
JsonNode     *sbt_migration_undo          (SbtClient    *target,
                                           const char   *migration_id,
                                           const char   *target_project_id);
/* create + approve + import in one go. */
JsonNode     *sbt_migration_run           (SbtClient    *source,
                                           SbtClient    *target,
                                           const char   *project_id,
                                           JsonNode     *body,
                                           char        **migration_id);

/* --- ferry-sandbox subprocesses --------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  char        *base_url;
} SbtProcess;

/* Runs $FERRY_SANDBOX_BIN --port 0 --state STATE_DIR [--shared-storage DIR]
 * [--seed SEED] plus EXTRA_ARGS (NULL-terminated list, may be empty) and
 * reads "Listening on <base URL>". */
SbtProcess   *sbt_process_start           (const char   *state_dir,
                                           const char   *shared_storage,
                                           const char   *seed,
                                           ...) G_GNUC_NULL_TERMINATED;
/* SIGKILL and wait. */
void          sbt_process_kill            (SbtProcess   *process);
/* SIGTERM and wait. */
void          sbt_process_terminate       (SbtProcess   *process);
void          sbt_process_free            (SbtProcess   *process);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbtProcess, sbt_process_free)

G_END_DECLS
