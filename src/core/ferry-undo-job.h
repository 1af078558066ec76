/* ferry-undo-job.h: the undo of an imported migration on its target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * read the target's record ─▶ request the undo ─▶ approve it ─▶ wait for
 * "undo_success".
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_UNDO_JOB (ferry_undo_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryUndoJob, ferry_undo_job, FERRY, UNDO_JOB, FerryJob)

/* Undo of MIGRATION_ID on its TARGET; TARGET_PROJECT_ID NULL: the project
 * of the target's record. */
FerryJob *ferry_undo_job_new (FerryConnection *target,
                              const char      *migration_id,
                              const char      *target_project_id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
