/* ferry-package-create-job.h: a package created and saved to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through /api/packages (api.md §4.2): create an empty holder ─▶ define it
 * (PUT) ─▶ wait for READY ─▶ download the binary to a file ─▶ delete the
 * holder.
 */

#pragma once

#include "ferry-package-job.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PACKAGE_CREATE_JOB (ferry_package_create_job_get_type ())
G_DECLARE_FINAL_TYPE (FerryPackageCreateJob, ferry_package_create_job, FERRY, PACKAGE_CREATE_JOB, FerryPackageJob)

/* A package of DEFINITION ({type, settings, content}, api.md §4.3) created
 * on CONNECTION in PROJECT_ID (NULL for configuration packages) and saved
 * to FILE; the package holder is deleted afterwards. DEFINITION is copied. */
FerryJob *ferry_package_create_job_new (FerryConnection *connection,
                                        const char      *project_id,
                                        JsonNode        *definition,
                                        GFile           *file) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
