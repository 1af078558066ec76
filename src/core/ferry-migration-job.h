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
