/* test-migration-actions.c: which actions a migration allows, and why not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven: a migration's statuses × which environments are connected
 * × work running on it → each action available or not, with the start of
 * the sentence that says why.
 */

#include "config.h"

#include <string.h>

#include "ferry-core.h"

#define SRC   1   /* the source is connected */
#define TGT   2   /* the target is connected */
#define BOTH  (SRC | TGT)
#define JOB   4   /* a job runs on it */
#define PATCH 8   /* a PATCH awaits its answer */

typedef struct
{
  const char      *package;     /* packageInfo.status */
  const char      *request;     /* importInfo.importRequestStatus */
  const char      *import;      /* importInfo.status */
  gboolean         undo_path;   /* importInfo.undoStorage.path set */
  guint            flags;
  FerryMigrationOp op;
  gboolean         available;
  const char      *reason;      /* the sentence starts so */
  const char      *undo_request; /* importInfo.undoRequestStatus (NULL: not in the record) */
} Row;

static const Row rows[] = {
  /* Request the import. */
  { "created",  "pending",   "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_REQUEST_IMPORT, TRUE,  "Ask for this package to be imported into Production" },
  { "created",  "pending",   "pending", FALSE, TGT,   FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "Connect “Development” to request the import" },
  { "creating", "pending",   "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "The package is still being created" },
  { "create_failed", "pending", "pending", FALSE, BOTH, FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "The package could not be created" },
  { "created",  "requested", "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "The import has been requested already" },
  { "locked",   "approved",  "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "The import was approved already" },
  { "created",  "pending",   "pending", FALSE, BOTH | JOB,   FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "Wait until the current step has finished: Requesting" },
  { "created",  "pending",   "pending", FALSE, BOTH | PATCH, FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, "Wait until the server has answered" },
  /* Approve and reject. */
  { "created",  "requested", "pending", FALSE, SRC,   FERRY_MIGRATION_OP_APPROVE, TRUE,  "Approve the import into Production" },
  { "created",  "requested", "pending", FALSE, SRC,   FERRY_MIGRATION_OP_REJECT,  TRUE,  "Reject the import into Production" },
  { "created",  "pending",   "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_APPROVE, FALSE, "Request the import first" },
  { "created",  "requested", "pending", FALSE, TGT,   FERRY_MIGRATION_OP_APPROVE, FALSE, "Connect “Development” to approve the import" },
  { "created",  "requested", "pending", FALSE, TGT,   FERRY_MIGRATION_OP_REJECT,  FALSE, "Connect “Development” to reject the import" },
  { "locked",   "approved",  "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_APPROVE, FALSE, "The import was approved already" },
  { "created",  "requested", "pending", FALSE, BOTH | JOB, FERRY_MIGRATION_OP_APPROVE, FALSE, "Wait until the current step has finished" },
  /* Import. */
  { "locked",   "approved",  "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_IMPORT, TRUE,  "Import the package into Production" },
  { "locked",   "approved",  "import_failed", FALSE, BOTH, FERRY_MIGRATION_OP_IMPORT, TRUE, "Import the package into Production again" },
  { "locked",   "approved",  "pending", FALSE, SRC,   FERRY_MIGRATION_OP_IMPORT, FALSE, "Connect “Production” to import this package" },
  { "locked",   "approved",  "pending", FALSE, TGT,   FERRY_MIGRATION_OP_IMPORT, FALSE, "Connect “Development” to import this package" },
  { "created",  "requested", "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_IMPORT, FALSE, "The import has not been approved yet" },
  { "locked",   "approved",  "importing", FALSE, BOTH, FERRY_MIGRATION_OP_IMPORT, FALSE, "The import is under way" },
  { "locked",   "approved",  "imported", TRUE, BOTH,  FERRY_MIGRATION_OP_IMPORT, FALSE, "The package was imported already" },
  { "locked",   "approved",  "pending", FALSE, BOTH | JOB, FERRY_MIGRATION_OP_IMPORT, FALSE, "Wait until the current step has finished" },
  /* Undo. */
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_UNDO, TRUE,  "Give the objects in Production back their state" },
  { "locked",   "approved",  "undo_failed", TRUE, TGT, FERRY_MIGRATION_OP_UNDO, TRUE, "Give the objects in Production back their state" },
  { "locked",   "approved",  "imported", TRUE,  SRC,  FERRY_MIGRATION_OP_UNDO, FALSE, "Connect “Production” to undo this migration" },
  { "locked",   "approved",  "imported", FALSE, BOTH, FERRY_MIGRATION_OP_UNDO, FALSE, "Undo is not available: no undo package" },
  { "locked",   "approved",  "undo_success", TRUE, BOTH, FERRY_MIGRATION_OP_UNDO, FALSE, "Undo is not available: the migration was undone already" },
  { "locked",   "approved",  "undoing", TRUE, BOTH,   FERRY_MIGRATION_OP_UNDO, FALSE, "The undo is under way" },
  { "locked",   "approved",  "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_UNDO, FALSE, "Undo is not available: the migration is not imported" },
  { "locked",   "approved",  "imported", TRUE, BOTH | PATCH, FERRY_MIGRATION_OP_UNDO, FALSE, "Wait until the server has answered" },
  /* Delete. */
  { "created",  "pending",   "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_DELETE, TRUE,  "Delete this migration from Development and Production" },
  { "created",  "pending",   "pending", FALSE, SRC,   FERRY_MIGRATION_OP_DELETE, TRUE,  "Delete this migration from Development" },
  { "locked",   "approved",  "imported", TRUE, TGT,   FERRY_MIGRATION_OP_DELETE, TRUE,  "Delete this migration from Production" },
  { "created",  "pending",   "pending", FALSE, 0,     FERRY_MIGRATION_OP_DELETE, FALSE, "Connect “Development” or “Production” to delete this migration" },
  /* Undo as separate steps: request, then approve or reject. */
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_REQUEST_UNDO, TRUE,  "Ask for this migration to be undone in Production", "pending" },
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_REQUEST_UNDO, TRUE,  "Ask for this migration to be undone in Production", "rejected" },
  { "locked",   "approved",  "undo_failed", TRUE, TGT, FERRY_MIGRATION_OP_REQUEST_UNDO, TRUE, "Ask for this migration to be undone", "approved" },
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_REQUEST_UNDO, FALSE, "The undo has been requested already", "requested" },
  { "locked",   "approved",  "imported", FALSE, TGT,  FERRY_MIGRATION_OP_REQUEST_UNDO, FALSE, "Undo is not available: no undo package", "pending" },
  { "locked",   "approved",  "imported", TRUE,  SRC,  FERRY_MIGRATION_OP_REQUEST_UNDO, FALSE, "Connect “Production” to request the undo", "pending" },
  { "locked",   "approved",  "pending",  FALSE, BOTH, FERRY_MIGRATION_OP_REQUEST_UNDO, FALSE, "Undo is not available: the migration is not imported", "pending" },
  { "locked",   "approved",  "undo_success", TRUE, BOTH, FERRY_MIGRATION_OP_REQUEST_UNDO, FALSE, "Undo is not available: the migration was undone already", "approved" },
  { "locked",   "approved",  "imported", TRUE,  BOTH | PATCH, FERRY_MIGRATION_OP_REQUEST_UNDO, FALSE, "Wait until the server has answered", "pending" },
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_APPROVE_UNDO, TRUE,  "Approve the undo: the objects in Production get back", "requested" },
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_REJECT_UNDO,  TRUE,  "Reject the undo: the objects in Production stay", "requested" },
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_APPROVE_UNDO, FALSE, "Request the undo first", "pending" },
  { "locked",   "approved",  "imported", TRUE,  TGT,  FERRY_MIGRATION_OP_REJECT_UNDO,  FALSE, "Request the undo first", "rejected" },
  { "locked",   "approved",  "imported", TRUE,  SRC,  FERRY_MIGRATION_OP_APPROVE_UNDO, FALSE, "Connect “Production” to approve the undo", "requested" },
  { "locked",   "approved",  "imported", TRUE,  SRC,  FERRY_MIGRATION_OP_REJECT_UNDO,  FALSE, "Connect “Production” to reject the undo", "requested" },
  { "locked",   "approved",  "undoing",  TRUE,  TGT,  FERRY_MIGRATION_OP_APPROVE_UNDO, FALSE, "The undo is under way", "approved" },
  { "locked",   "approved",  "imported", TRUE,  BOTH | JOB, FERRY_MIGRATION_OP_APPROVE_UNDO, FALSE, "Wait until the current step has finished", "requested" },
  { "creating", "pending",   "pending", FALSE, BOTH,  FERRY_MIGRATION_OP_DELETE, FALSE, "Wait until the server has finished this migration's work" },
  { "locked",   "approved",  "importing", FALSE, BOTH, FERRY_MIGRATION_OP_DELETE, FALSE, "Wait until the server has finished this migration's work" },
  { "created",  "pending",   "pending", FALSE, BOTH | JOB, FERRY_MIGRATION_OP_DELETE, FALSE, "Wait until the current step has finished" },
};

static FerryMigration *
migration_for (const Row *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "P:I");
  json_builder_set_member_name (builder, "packageInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, row->package);
  json_builder_set_member_name (builder, "replicated");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "importInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, row->import);
  json_builder_set_member_name (builder, "importRequestStatus");
  json_builder_add_string_value (builder, row->request);
  if (row->undo_request != NULL)
    {
      json_builder_set_member_name (builder, "undoRequestStatus");
      json_builder_add_string_value (builder, row->undo_request);
    }
  json_builder_set_member_name (builder, "undoStorage");
  json_builder_begin_object (builder);
  if (row->undo_path)
    {
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, "undo/P.mmp");
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return ferry_migration_new_from_json (json_node_get_object (node), FALSE);
}

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *row = &rows[i];
      g_autoptr(FerryMigration) m = migration_for (row);
      FerryMigrationOpContext context = {
        .source_connected = (row->flags & SRC) != 0,
        .target_connected = (row->flags & TGT) != 0,
        .same_connection = FALSE,
        .source_name = "Development",
        .target_name = "Production",
        .job_step = (row->flags & JOB) != 0 ? "Requesting the import" : NULL,
        .updating = (row->flags & PATCH) != 0,
        .toc_view = NULL,
      };
      g_autofree char *reason = NULL;
      gboolean available = ferry_migration_op_available (m, &context, row->op, &reason);

      g_test_message ("row %u: %s/%s/%s flags %u op %d → %s", i, row->package, row->request, row->import,
                      row->flags, row->op, reason);
      g_assert_cmpint (available, ==, row->available);
      g_assert_nonnull (reason);
      g_assert_true (g_str_has_prefix (reason, row->reason));
    }
}

/* Without an undo package, the reason names keep_both when the rules used
 * it; the rule is found wherever it is. */
static void
test_keep_both (void)
{
  static const char * const uses[] = {
    "{\"settings\": {\"defaultAction\": \"keep_both\"}}",
    "{\"settings\": {\"defaultAction\": \"FORCE_KEEP_BOTH\"}}",
    "{\"settings\": {\"folderActions\": [{\"id\": \"F\", \"action\": \"keep_both\"}]}}",
    "{\"settings\": {\"objectTypeActions\": [{\"type\": 1, \"action\": \"keep_both\"}]}}",
    "{\"settings\": {\"objectActions\": [{\"id\": \"O\", \"action\": \"force_keep_both\"}]}}",
    "{\"content\": [{\"id\": \"O\", \"action\": \"keep_both\"}]}",
  };
  static const char * const not_uses[] = {
    "{}",
    "{\"settings\": {\"defaultAction\": \"use_newer\"}}",
    "{\"settings\": {\"folderActions\": [{\"id\": \"F\", \"action\": \"replace\"}]}, \"content\": [1, \"x\"]}",
    "{\"settings\": {\"defaultAction\": 3}}",
  };
  const Row row = { "locked", "approved", "imported", FALSE, BOTH, FERRY_MIGRATION_OP_UNDO, FALSE, NULL };
  g_autoptr(FerryMigration) m = migration_for (&row);

  g_assert_false (ferry_toc_json_blocks_undo (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (uses); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (uses[i], NULL);
      FerryMigrationOpContext context = { TRUE, TRUE, FALSE, "Development", "Production", NULL, FALSE,
                                          json_node_get_object (node) };
      g_autofree char *reason = NULL;

      g_assert_true (ferry_toc_json_blocks_undo (json_node_get_object (node)));
      g_assert_false (ferry_migration_op_available (m, &context, FERRY_MIGRATION_OP_UNDO, &reason));
      g_assert_cmpstr (reason, ==, "Undo is not available: keep_both was used in this migration's rules");
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_uses); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (not_uses[i], NULL);

      g_assert_false (ferry_toc_json_blocks_undo (json_node_get_object (node)));
    }
}

/* Source and target the same server: one place to delete from. */
static void
test_same_connection (void)
{
  const Row row = { "created", "pending", "pending", FALSE, BOTH, FERRY_MIGRATION_OP_DELETE, TRUE, NULL };
  g_autoptr(FerryMigration) m = migration_for (&row);
  FerryMigrationOpContext context = { TRUE, TRUE, TRUE, "Development", "Development", NULL, FALSE, NULL };
  g_autofree char *reason = NULL;

  g_assert_true (ferry_migration_op_available (m, &context, FERRY_MIGRATION_OP_DELETE, &reason));
  g_assert_cmpstr (reason, ==, "Delete this migration from Development");
  g_assert_true (ferry_migration_op_available (m, &context, FERRY_MIGRATION_OP_DELETE, NULL));
}

/* Which steps show at each stage, which one is suggested, and which
 * migrations wait for an approval. */
static void
test_stages (void)
{
  static const struct {
    Row      row;
    int      next;
    gboolean waiting;
    guint    applies;   /* bits of FerryMigrationOp */
  } stages[] = {
#define BIT(op) (1u << FERRY_MIGRATION_OP_##op)
    { { "created", "pending", "pending", FALSE, 0, 0, FALSE, NULL, "pending" },
      FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, BIT (REQUEST_IMPORT) | BIT (DELETE) },
    { { "created", "requested", "pending", FALSE, 0, 0, FALSE, NULL, "pending" },
      FERRY_MIGRATION_OP_APPROVE, TRUE, BIT (APPROVE) | BIT (REJECT) | BIT (DELETE) },
    { { "created", "rejected", "pending", FALSE, 0, 0, FALSE, NULL, "pending" },
      FERRY_MIGRATION_OP_REQUEST_IMPORT, FALSE, BIT (REQUEST_IMPORT) | BIT (DELETE) },
    { { "locked", "approved", "pending", FALSE, 0, 0, FALSE, NULL, "pending" },
      FERRY_MIGRATION_OP_IMPORT, FALSE, BIT (IMPORT) | BIT (DELETE) },
    { { "locked", "approved", "imported", TRUE, 0, 0, FALSE, NULL, "pending" },
      FERRY_MIGRATION_OP_UNDO, FALSE, BIT (UNDO) | BIT (REQUEST_UNDO) | BIT (DELETE) },
    { { "locked", "approved", "imported", TRUE, 0, 0, FALSE, NULL, "requested" },
      FERRY_MIGRATION_OP_APPROVE_UNDO, TRUE, BIT (APPROVE_UNDO) | BIT (REJECT_UNDO) | BIT (DELETE) },
    { { "locked", "approved", "imported", TRUE, 0, 0, FALSE, NULL, "rejected" },
      FERRY_MIGRATION_OP_UNDO, FALSE, BIT (UNDO) | BIT (REQUEST_UNDO) | BIT (DELETE) },
    { { "locked", "approved", "undoing", TRUE, 0, 0, FALSE, NULL, "approved" },
      FERRY_MIGRATION_OP_UNDO, FALSE, BIT (UNDO) | BIT (DELETE) },
    { { "locked", "approved", "undo_success", TRUE, 0, 0, FALSE, NULL, "approved" },
      -1, FALSE, BIT (DELETE) },
#undef BIT
  };

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(FerryMigration) m = migration_for (&stages[i].row);

      g_test_message ("stage %u: %s/%s/%s undo %s", i, stages[i].row.package, stages[i].row.request,
                      stages[i].row.import, stages[i].row.undo_request);
      g_assert_cmpint (ferry_migration_op_next (m), ==, stages[i].next);
      g_assert_cmpint (ferry_migration_op_waiting_for_approval (m), ==, stages[i].waiting);
      for (guint op = 0; op < FERRY_MIGRATION_N_STEP_OPS; op++)
        g_assert_cmpint (ferry_migration_op_applies (m, op), ==, (stages[i].applies & (1u << op)) != 0);
    }
}

/* The package's own actions (issue 12): validation, certification, package
 * files, from a record given as JSON. */
typedef struct
{
  const char      *record;
  guint            flags;
  FerryMigrationOp op;
  gboolean         applies;
  gboolean         available;
  const char      *reason;
} PackageRow;

#define REC(package, import, extra) \
  "{\"id\":\"P:I\",\"packageInfo\":{\"id\":\"P\",\"status\":\"" package "\",\"replicated\":false" extra "}," \
  "\"importInfo\":{\"id\":\"I\",\"status\":\"" import "\",\"environment\":{\"id\":\"E2\",\"name\":\"Production\"}," \
  "\"undoStorage\":{\"path\":\"undo/P.mmp\"}}}"
/* As REC, with the import's request status (and purpose, in EXTRA). */
#define REQ(package, request, extra) \
  "{\"id\":\"P:I\",\"packageInfo\":{\"id\":\"P\",\"status\":\"" package "\",\"replicated\":false" extra "}," \
  "\"importInfo\":{\"id\":\"I\",\"status\":\"pending\",\"importRequestStatus\":\"" request "\"," \
  "\"environment\":{\"id\":\"E2\",\"name\":\"Production\"}}}"
#define CERT(status) ",\"certification\":{\"status\":\"" status "\"}"

static const PackageRow package_rows[] = {
  { REC ("created", "pending", ""), BOTH, FERRY_MIGRATION_OP_VALIDATE, TRUE, TRUE, "Ask Production whether this package would import" },
  { REC ("created", "pending", ""), SRC, FERRY_MIGRATION_OP_VALIDATE, TRUE, FALSE, "Connect “Production” to validate this package" },
  { REC ("creating", "pending", ""), BOTH, FERRY_MIGRATION_OP_VALIDATE, TRUE, FALSE, "The package is still being created" },
  { REC ("locked", "imported", ""), BOTH, FERRY_MIGRATION_OP_VALIDATE, FALSE, FALSE, "Only a created package" },
  { "{\"id\":\"P:I\",\"packageInfo\":{\"id\":\"P\",\"status\":\"created\",\"replicated\":false},"
    "\"importInfo\":{\"status\":\"pending\"}}", BOTH, FERRY_MIGRATION_OP_VALIDATE, TRUE, FALSE, "Choose a target environment first" },
  { "{\"id\":\"P:I\",\"packageInfo\":{\"id\":\"P\",\"status\":\"created\",\"replicated\":false},"
    "\"validation\":{\"status\":\"validating\"},"
    "\"importInfo\":{\"status\":\"pending\",\"environment\":{\"id\":\"E2\"}}}", BOTH, FERRY_MIGRATION_OP_VALIDATE, TRUE, FALSE,
    "The validation is under way" },
  { REC ("created", "pending", ""), BOTH | JOB, FERRY_MIGRATION_OP_VALIDATE, TRUE, FALSE, "Wait until the current step has finished" },

  { REC ("created", "pending", CERT ("uncertified")), SRC, FERRY_MIGRATION_OP_REQUEST_CERTIFICATION, TRUE, TRUE, "Ask for this package to be certified" },
  { REC ("created", "pending", CERT ("rejected")), SRC, FERRY_MIGRATION_OP_REQUEST_CERTIFICATION, TRUE, TRUE, "Ask for this package to be certified" },
  { REC ("created", "pending", CERT ("uncertified")), TGT, FERRY_MIGRATION_OP_REQUEST_CERTIFICATION, TRUE, FALSE, "Connect “Development” to change the certification" },
  { REC ("created", "pending", CERT ("requested")), SRC, FERRY_MIGRATION_OP_REQUEST_CERTIFICATION, FALSE, FALSE, "The certification is not at this step" },
  { REC ("locked", "imported", CERT ("uncertified")), SRC, FERRY_MIGRATION_OP_REQUEST_CERTIFICATION, FALSE, FALSE, "The certification can change only while the package is created" },
  { REC ("created", "pending", CERT ("requested")), SRC, FERRY_MIGRATION_OP_CERTIFY, TRUE, TRUE, "Certify this package" },
  { REC ("created", "pending", CERT ("requested")), SRC, FERRY_MIGRATION_OP_REJECT_CERTIFICATION, TRUE, TRUE, "Refuse to certify this package" },
  { REC ("created", "pending", CERT ("certified")), SRC, FERRY_MIGRATION_OP_CERTIFY, FALSE, FALSE, "The certification is not at this step" },
  { REC ("created", "pending", CERT ("certified")), SRC, FERRY_MIGRATION_OP_DECERTIFY, TRUE, TRUE, "Withdraw this package's certification" },
  { REC ("created", "pending", CERT ("certified")), SRC | PATCH, FERRY_MIGRATION_OP_DECERTIFY, TRUE, FALSE, "Wait until the server has answered" },

  { REC ("created", "pending", ""), SRC, FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE, TRUE, TRUE, "Save the package to a file" },
  { REC ("locked", "imported", ""), TGT, FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE, TRUE, TRUE, "Save the package to a file" },
  { REC ("creating", "pending", ""), SRC, FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE, FALSE, FALSE, "The package is still being created" },
  { REC ("created", "pending", ""), 0, FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE, TRUE, FALSE, "Connect “Development” or “Production” to download the package" },
  { REC ("locked", "imported", ""), TGT, FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE, TRUE, TRUE, "Save the undo package to a file" },
  { REC ("locked", "imported", ""), SRC, FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE, TRUE, FALSE, "Connect “Production” to download the undo package" },
  { REC ("locked", "undo_success", ""), TGT, FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE, FALSE, FALSE, "The target has no undo package" },
  { REC ("created", "pending", ""), BOTH, FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE, FALSE, FALSE, "The target has no undo package" },

  /* Edit: created (or failed) on the source, its import not requested,
   * approved nor run; never for a package uploaded from a file. */
  { REC ("created", "pending", ""), SRC, FERRY_MIGRATION_OP_EDIT_PACKAGE, TRUE, TRUE, "Change this package's name, objects and settings" },
  { REC ("create_failed", "pending", ""), SRC, FERRY_MIGRATION_OP_EDIT_PACKAGE, TRUE, TRUE, "Change this package's name" },
  { REQ ("created", "rejected", ",\"purpose\":\"project_merge\""), SRC, FERRY_MIGRATION_OP_EDIT_PACKAGE, TRUE, TRUE, "Change this package's name" },
  { REQ ("created", "requested", ""), BOTH, FERRY_MIGRATION_OP_EDIT_PACKAGE, FALSE, FALSE, "The import has been requested: reject the request" },
  { REQ ("locked", "approved", ""), BOTH, FERRY_MIGRATION_OP_EDIT_PACKAGE, FALSE, FALSE, "The package cannot be edited once its import was approved" },
  { REC ("locked", "imported", ""), BOTH, FERRY_MIGRATION_OP_EDIT_PACKAGE, FALSE, FALSE, "The package cannot be edited once" },
  { REC ("creating", "pending", ""), BOTH, FERRY_MIGRATION_OP_EDIT_PACKAGE, FALSE, FALSE, "The package is still being created" },
  { REC ("created", "pending", ",\"purpose\":\"migration_from_shared_file_store\""), BOTH, FERRY_MIGRATION_OP_EDIT_PACKAGE, FALSE, FALSE,
    "A package imported from a file cannot be edited" },
  { REC ("created", "pending", ""), TGT, FERRY_MIGRATION_OP_EDIT_PACKAGE, TRUE, FALSE, "Connect “Development” to edit this package" },
  { REC ("created", "pending", ""), SRC | JOB, FERRY_MIGRATION_OP_EDIT_PACKAGE, TRUE, FALSE, "Wait until the current step has finished" },
  { REC ("created", "pending", ""), SRC | PATCH, FERRY_MIGRATION_OP_EDIT_PACKAGE, TRUE, FALSE, "Wait until the server has answered" },

  /* Reuse: a package created or locked, sent from its source. */
  { REC ("created", "pending", ""), SRC, FERRY_MIGRATION_OP_REUSE_PACKAGE, TRUE, TRUE, "Import this package into another environment or project" },
  { REC ("locked", "imported", ""), SRC, FERRY_MIGRATION_OP_REUSE_PACKAGE, TRUE, TRUE, "Import this package into another environment or project" },
  { REC ("locked", "imported", ""), TGT, FERRY_MIGRATION_OP_REUSE_PACKAGE, TRUE, FALSE, "Connect “Development” to send this package elsewhere" },
  { REC ("creating", "pending", ""), SRC, FERRY_MIGRATION_OP_REUSE_PACKAGE, FALSE, FALSE, "The package is still being created" },
  { REC ("create_failed", "pending", ""), SRC, FERRY_MIGRATION_OP_REUSE_PACKAGE, FALSE, FALSE, "There is no package to send" },
  { REC ("locked", "imported", ""), SRC | JOB, FERRY_MIGRATION_OP_REUSE_PACKAGE, TRUE, FALSE, "Wait until the current step has finished" },
};

static void
test_package_ops (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (package_rows); i++)
    {
      const PackageRow *row = &package_rows[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (row->record, &error);
      g_autoptr(FerryMigration) m = NULL;
      FerryMigrationOpContext context = {
        .source_connected = (row->flags & SRC) != 0,
        .target_connected = (row->flags & TGT) != 0,
        .source_name = "Development",
        .target_name = "Production",
        .job_step = (row->flags & JOB) != 0 ? "Validating" : NULL,
        .updating = (row->flags & PATCH) != 0,
      };
      g_autofree char *reason = NULL;
      gboolean available;

      g_assert_no_error (error);
      m = ferry_migration_new_from_json (json_node_get_object (node), FALSE);
      available = ferry_migration_op_available (m, &context, row->op, &reason);
      g_test_message ("row %u: op %d → %s", i, row->op, reason);
      g_assert_cmpint (ferry_migration_op_applies (m, row->op), ==, row->applies);
      g_assert_cmpint (available, ==, row->available);
      g_assert_nonnull (reason);
      g_assert_true (g_str_has_prefix (reason, row->reason));
      /* Never a next step: the suggested button stays the import's. */
      g_assert_cmpint (ferry_migration_op_next (m), !=, row->op);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration-actions/table", test_table);
  g_test_add_func ("/migration-actions/keep-both", test_keep_both);
  g_test_add_func ("/migration-actions/same-connection", test_same_connection);
  g_test_add_func ("/migration-actions/stages", test_stages);
  g_test_add_func ("/migration-actions/package", test_package_ops);

  return g_test_run ();
}
