/* ferry-sandbox-migration-jobs.h: migrations through shared storage: the
 * files in the storage folder, approvals, and the jobs that create, import
 * and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each server keeps its own record of a migration (ferry-sandbox-store.h).
 * Approval is recorded next to the package file ("<packageId>.approved"),
 * so a target, which reads nothing of the source but that folder, can
 * refuse a package that was never approved.
 */

#pragma once

#include "ferry-sandbox-context.h"
#include "ferry-sandbox-package-file.h"

G_BEGIN_DECLS

/* The file under STORAGE for a record's relative path, or NULL when the
 * path does not point into the migrations folder. */
char          *sb_storage_file             (const char    *storage,
                                            const char    *relative);
/* "<dir of the .mmp>/<packageId>.approved" */
char          *sb_storage_approval_file    (const char    *package_file);
/* The approval file next to PACKAGE_FILE names MIGRATION_ID. */
gboolean       sb_storage_is_approved      (const char    *package_file,
                                            const char    *migration_id);
/* Records that ACCOUNT approved M's import of PACKAGE_FILE. */
gboolean       sb_storage_write_approval   (const char    *package_file,
                                            SbMigration   *m,
                                            SbAccount     *account,
                                            GError       **error);
SbPackageFile *sb_storage_read_package_file (const char   *file,
                                            GError       **error);
/* The package file at FILE (PATH as the request named it) for a target
 * import or validation of TYPE; or 400 ERR006 when it cannot be read or
 * is of another type, and NULL. */
SbPackageFile *sb_request_read_package_file (SbContext    *ctx,
                                             const char   *file,
                                             const char   *path,
                                             const char   *type);

typedef enum
{
  SB_MIGRATION_JOB_CREATE,     /* write the collected package into the storage */
  SB_MIGRATION_JOB_IMPORT,     /* import the package file into the target */
  SB_MIGRATION_JOB_UNDO,       /* restore the target from the undo package */
} SbMigrationJobKind;

/* Starts the job of KIND for M (on behalf of CTX's user), paced by the
 * work delay; takes PKG (CREATE: the collected package; IMPORT: the
 * package file; UNDO: the undo package). PROJECT_ID: the IMPORT/UNDO
 * target, NULL for the configuration. Sets M->job_id. */
void           sb_migration_start_job      (SbContext     *ctx,
                                            SbMigration   *m,
                                            SbMigrationJobKind kind,
                                            SbPackageFile *pkg,
                                            const char    *project_id,
                                            gboolean       generate_undo);

G_END_DECLS
