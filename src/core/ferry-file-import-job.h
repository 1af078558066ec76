/* ferry-file-import-job.h: a package file (.mmp) imported through the
 * shared file store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * api.md §5.2 H: the file's sha256 and size (read in chunks in a worker
 * thread) ─▶ POST …/sharedFileStore/files (metadata) ─▶ PUT
 * …/files/{fileId}/binary (streamed from the disk) ─▶ POST /api/migrations
 * with purpose migration_from_shared_file_store (the import starts at
 * once) ─▶ poll the target until "imported" / "import_failed". The
 * migration then lives on the target only; FerryUndoJob undoes it.
 */

#pragma once

#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_FILE_IMPORT_JOB (ferry_file_import_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryFileImportJob, ferry_file_import_job, FERRY, FILE_IMPORT_JOB, FerryJob)

/* FILE into TARGET's project PROJECT_ID (NULL for a configuration
 * package). PACKAGE_TYPE (nullable) goes into the file's extraInfo; the
 * server reads the type from the file itself. */
FerryJob   *ferry_file_import_job_new         (FerryConnection    *target,
                                               GFile              *file,
                                               const char         *project_id,
                                               const char         *project_name,
                                               const char         *package_type) G_GNUC_WARN_UNUSED_RESULT;
GFile      *ferry_file_import_job_get_file    (FerryFileImportJob *self);
/* The shared file's id once its metadata was created, else NULL. */
const char *ferry_file_import_job_get_file_id (FerryFileImportJob *self);
/* Bytes of the file uploaded so far, and its size (0 before it is known). */
goffset     ferry_file_import_job_get_uploaded (FerryFileImportJob *self);
goffset     ferry_file_import_job_get_size    (FerryFileImportJob *self);

G_END_DECLS
