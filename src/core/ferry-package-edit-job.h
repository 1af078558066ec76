/* ferry-package-edit-job.h: edit a created package on its source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * api.md §5.2 E: PUT /api/migrations/{id}/packageInfo with the edited
 * packageInfo (name, tocView; type and purpose unchanged) ─▶ poll the
 * source until packageInfo.status is "created" (the job succeeds) or
 * "create_failed" (FERRY_JOB_ERROR_CREATE_FAILED with the server's
 * message). A refusal of the server (the package locked, its import
 * requested, an uploaded package…) fails the job with the server's
 * sentence. Nothing is imported; the migration keeps its id.
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PACKAGE_EDIT_JOB (ferry_package_edit_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryPackageEditJob, ferry_package_edit_job, FERRY, PACKAGE_EDIT_JOB, FerryJob)

/* An edit of MIGRATION_ID on SOURCE to PACKAGE_INFO (copied; e.g.
 * ferry_migration_draft_dup_edited_package_info()). */
FerryJob   *ferry_package_edit_job_new              (FerryConnection     *source,
                                                     const char          *migration_id,
                                                     JsonObject          *package_info) G_GNUC_WARN_UNUSED_RESULT;
/* The packageInfo the job sends (borrowed). */
JsonObject *ferry_package_edit_job_get_package_info (FerryPackageEditJob *self);

G_END_DECLS
