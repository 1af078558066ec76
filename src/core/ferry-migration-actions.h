/* ferry-migration-actions.h: which actions a migration allows now, and why not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure table: given a migration's statuses, which of its environments are
 * connected and whether work runs on it (a job, or a PATCH awaiting its
 * answer), each action is available or not, with a sentence that says what
 * it does or why it is not available (a button's tooltip, a toast).
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-migration.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_MIGRATION_OP_REQUEST_IMPORT,
  FERRY_MIGRATION_OP_APPROVE,
  FERRY_MIGRATION_OP_REJECT,
  FERRY_MIGRATION_OP_IMPORT,
  FERRY_MIGRATION_OP_UNDO,
  FERRY_MIGRATION_OP_DELETE,
  FERRY_MIGRATION_OP_REQUEST_UNDO,
  FERRY_MIGRATION_OP_APPROVE_UNDO,
  FERRY_MIGRATION_OP_REJECT_UNDO,
  /* The package's own life (issue 12): the server's dry run, the
   * certification, the package files. They never are a next step. */
  FERRY_MIGRATION_OP_VALIDATE,
  FERRY_MIGRATION_OP_REQUEST_CERTIFICATION,
  FERRY_MIGRATION_OP_CERTIFY,
  FERRY_MIGRATION_OP_REJECT_CERTIFICATION,
  FERRY_MIGRATION_OP_DECERTIFY,
  FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE,
  FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE,
  /* The package changed on its source, or sent to another target. */
  FERRY_MIGRATION_OP_EDIT_PACKAGE,
  FERRY_MIGRATION_OP_REUSE_PACKAGE,
} FerryMigrationOp;

/* The import and undo steps (request, approve, import, undo, delete). */
#define FERRY_MIGRATION_N_STEP_OPS (FERRY_MIGRATION_OP_REJECT_UNDO + 1)
#define FERRY_MIGRATION_N_OPS (FERRY_MIGRATION_OP_REUSE_PACKAGE + 1)

/**
 * FerryMigrationOpContext:
 * @source_connected: the source environment is connected
 * @target_connected: the target environment is connected
 * @same_connection: source and target are the same connection
 * @source_name: the source environment's name, for the sentences
 * @target_name: the target environment's name
 * @job_step: (nullable): a job runs on the migration: its step label
 * @updating: a PATCH on the migration awaits its answer
 * @toc_view: (nullable): its packageInfo.tocView, when read (undo says why
 *   there is no undo package)
 */
typedef struct
{
  gboolean    source_connected;
  gboolean    target_connected;
  gboolean    same_connection;
  const char *source_name;
  const char *target_name;
  const char *job_step;
  gboolean    updating;
  JsonObject *toc_view;
} FerryMigrationOpContext;

/* Whether OP applies to MIGRATION now; *REASON (nullable) gets what it
 * does, or why not (newly allocated, may be NULL). */
gboolean ferry_migration_op_available   (FerryMigration                *migration,
                                         const FerryMigrationOpContext *context,
                                         FerryMigrationOp               op,
                                         char                         **reason);

/* Whether OP belongs to MIGRATION's stage at all, available now or not: a
 * view hides what does not apply (Request, Approve and Import once the
 * import has begun; Undo before an import and after an undo; Request Undo
 * and the one-click Undo (request and approve) while an undo is requested,
 * Approve Undo and Reject Undo while it is not) and greys,
 * with ferry_migration_op_available()'s reason, what applies but must
 * wait. Validate applies to a created package not imported yet that has a
 * source record; Request Certification to a created package uncertified or
 * rejected, Certify and Reject Certification to a requested one, Decertify
 * to a certified one; Download Package while a package exists, Download
 * Undo Package while the target keeps one; Edit Package to an object
 * migration or project merge with a source record whose package is created
 * (or failed to be) and whose import was neither requested nor approved nor
 * run (api.md §5.2 E); Reuse Package to a package created or locked that
 * has a source record (§5.2 F). */
gboolean ferry_migration_op_applies     (FerryMigration                *migration,
                                         FerryMigrationOp               op);
/* The next step of MIGRATION (the view's suggested action), or -1 when
 * there is none: Request, Approve or Import while they apply, Approve Undo
 * while an undo is requested, Undo on an imported migration. */
int      ferry_migration_op_next        (FerryMigration                *migration);
/* MIGRATION waits for someone's approval: its import or its undo is
 * requested (and the import has not begun, or the undo not started). */
gboolean ferry_migration_op_waiting_for_approval (FerryMigration          *migration);

G_END_DECLS
