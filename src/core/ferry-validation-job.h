/* ferry-validation-job.h: the server-side validation (dry run) of a migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * api.md §5.2 D: (source PATCH importInfo.environment/project when the
 * record has none) ─▶ source GET ?showContent=all ─▶ target PUT
 * …/validation (202) ─▶ source PATCH {"validation":{"status":"validating"}}
 * ─▶ poll the source until validation.status is "validated" (the job
 * succeeds) or "validation_failed" (the job fails with
 * FERRY_JOB_ERROR_VALIDATION_FAILED and the server's message). Nothing is
 * imported.
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_VALIDATION_JOB (ferry_validation_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryValidationJob, ferry_validation_job, FERRY, VALIDATION_JOB, FerryJob)

/* Validation of MIGRATION_ID (package "created" on SOURCE) against TARGET.
 * TARGET_PROJECT_ID NULL: importInfo.project of the source's record (none
 * for configuration packages); the environment is TARGET's when the
 * record has none. */
FerryJob   *ferry_validation_job_new          (FerryConnection    *source,
                                               FerryConnection    *target,
                                               const char         *migration_id,
                                               const char         *target_project_id,
                                               const char         *target_project_name) G_GNUC_WARN_UNUSED_RESULT;
/* The last validation.status read ("validating", "validated",
 * "validation_failed"), or NULL. */
const char *ferry_validation_job_get_status   (FerryValidationJob *self);
/* validation.message of the result ("" or NULL when it passed). */
const char *ferry_validation_job_get_message  (FerryValidationJob *self);
/* How the ended validation JOB went, in a sentence naming the migration
 * NAME and the environment WHERE: "NAME passed validation on WHERE",
 * "NAME failed validation: why", "Could not validate NAME: why". */
char       *ferry_validation_job_describe     (FerryValidationJob *self,
                                               const char         *name,
                                               const char         *where) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
