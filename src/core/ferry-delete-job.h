/* ferry-delete-job.h: a migration deleted on its source and its target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DELETE_JOB (ferry_delete_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryDeleteJob, ferry_delete_job, FERRY, DELETE_JOB, FerryJob)

/* Deletes MIGRATION_ID on SOURCE, then on TARGET (either may be NULL); a
 * side where it is already gone counts as deleted. */
FerryJob *ferry_delete_job_new (FerryConnection *source,
                                FerryConnection *target,
                                const char      *migration_id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
