/* ferry-migration-job.h: a project merge or an object migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * create (source POST) ─▶ wait for "created" ─▶ request ─▶ approve ─▶ read
 * showContent=all ─▶ PUT on the target with replicated ─▶ wait for
 * "imported"; or, from a migration id alone, on from wherever the servers
 * have it.
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_JOB (ferry_migration_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationJob, ferry_migration_job, FERRY, MIGRATION_JOB, FerryJob)

/* A project merge or an object migration (SPEC->purpose) from SOURCE to
 * TARGET. SPEC is copied; its environment ids default to the connections'. */
FerryJob *ferry_migration_job_new               (FerryConnection          *source,
                                                 FerryConnection          *target,
                                                 const FerryMigrationSpec *spec) G_GNUC_WARN_UNUSED_RESULT;
/* Goes on with the migration MIGRATION_ID from wherever the servers have it:
 * created but not requested → request; approved → PUT if the target has no
 * record; import_failed → PUT again; importing → keep polling; imported →
 * done. */
FerryJob *ferry_migration_job_new_resume        (FerryConnection          *source,
                                                 FerryConnection          *target,
                                                 const char               *migration_id) G_GNUC_WARN_UNUSED_RESULT;

/* A new migration of the existing package PACKAGE_ID (created or locked on
 * SOURCE) for another target (api.md §5.2 F): POST /api/migrations
 * ?packageId= on the source with TARGET's environment (TARGET_ENVIRONMENT_ID
 * NULL: TARGET's) and TARGET_PROJECT_ID (NULL for configuration packages)
 * ─▶ the new migration id ─▶ then as a new migration: request, approve,
 * read, PUT on the target, wait for "imported" (request-only honoured).
 * SOURCE_PROJECT_ID (nullable) is the project header of the POST. */
FerryJob *ferry_migration_job_new_reuse         (FerryConnection          *source,
                                                 FerryConnection          *target,
                                                 const char               *package_id,
                                                 const char               *source_project_id,
                                                 const char               *target_environment_id,
                                                 const char               *target_environment_name,
                                                 const char               *target_project_id,
                                                 const char               *target_project_name) G_GNUC_WARN_UNUSED_RESULT;
/* The package a reuse job reuses, or NULL. */
const char *ferry_migration_job_get_reused_package_id (FerryJob           *self);

/* Whether the target makes an undo package (default TRUE). SELF is a
 * FerryMigrationJob not yet run. */
void      ferry_migration_job_set_generate_undo (FerryJob                 *self,
                                                 gboolean                  generate_undo);

/* Whether the job stops once the import is requested (default FALSE): for a
 * user who may create a package and request its import but not approve or
 * apply it (an architect). The job then succeeds with the source's
 * importRequestStatus "requested"; an administrator approves and imports
 * it later (the Migrations page, or a resume job without request-only).
 * A request-only job resumed on a migration already requested succeeds at
 * once. SELF is a FerryMigrationJob not yet run. */
void      ferry_migration_job_set_request_only  (FerryJob                 *self,
                                                 gboolean                  request_only);
gboolean  ferry_migration_job_get_request_only  (FerryJob                 *self);

G_END_DECLS
