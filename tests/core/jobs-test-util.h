/* jobs-test-util.h: helpers for the migration and job tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sandboxes come from tests/sandbox/sb-test-util (public sandbox API and
 * HTTP only); this adds connected FerryConnections and main-loop helpers.
 */

#pragma once

#include "ferry-core.h"
#include "sb-test-util.h"

G_BEGIN_DECLS

#define JTU_PROJECT_ID   SBT_TUTORIAL_ID
#define JTU_PROJECT_NAME "MicroStrategy Tutorial"
#define JTU_YEAR_ID      SBT_YEAR_ID

typedef struct
{
  SbtPair          pair;          /* dev (tutorial-dev), prod (tutorial-prod), shared */
  FerryConnection *dev;           /* administrator on Development */
  FerryConnection *prod;          /* administrator on Production */
} JtuEnv;

/* Two sandboxes sharing storage, each with a connected administrator.
 * WORK_DELAY_MS: the sandboxes' "work-delay-ms" (0 = instant). Everything is
 * torn down at the end of the test case. */
void             jtu_env_start         (JtuEnv       *env,
                                        guint         dev_work_delay_ms,
                                        guint         prod_work_delay_ms);

/* The same with every sandbox option (either may be NULL). */
void             jtu_env_start_full    (JtuEnv           *env,
                                        const SbtOptions *dev_options,
                                        const SbtOptions *prod_options);

/* A connection logged in to SANDBOX; disconnected and released at the end
 * of the test case. */
FerryConnection *jtu_connect           (FerrySandbox *sandbox,
                                        const char   *username,
                                        const char   *password);
/* The same, with the error of the login (NULL connection). */
FerryConnection *jtu_try_connect       (FerrySandbox *sandbox,
                                        const char   *username,
                                        const char   *password,
                                        GError      **error);

/* Runs the main loop until *FLAG is TRUE; fails the test after TIMEOUT_S. */
void             jtu_wait_flag         (gboolean     *flag,
                                        guint         timeout_s);
/* Runs the main loop until COND (DATA) is TRUE; fails after TIMEOUT_S. */
void             jtu_wait_until        (gboolean    (*cond) (gpointer data),
                                        gpointer      data,
                                        guint         timeout_s);
/* Runs the main loop for MS milliseconds. */
void             jtu_spin              (guint         ms);

/* Starts JOB; jtu_job_wait() then waits for its end (fails the test after
 * TIMEOUT_S) and returns run_finish's result. */
void             jtu_job_start         (FerryJob     *job);
gboolean         jtu_job_wait          (FerryJob     *job,
                                        guint         timeout_s,
                                        GError      **error);
/* Start and wait. */
gboolean         jtu_run_job           (FerryJob     *job,
                                        GError      **error);

/* The library calls, synchronously (main loop spun). */
JsonObject      *jtu_get_migration     (FerryConnection *connection,
                                        const char      *migration_id,
                                        FerryShowContent show,
                                        GError         **error);
GPtrArray       *jtu_list_migrations   (FerryConnection *connection,
                                        GError         **error);
/* The result of any ferry_library_* call started with
 * jtu_result_cb / &result, once it arrives. */
void             jtu_result_cb         (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data);
GAsyncResult    *jtu_wait_result       (GAsyncResult **result);

/* tocView.settings of spec/project-merge-between-environments.md. */
JsonNode        *jtu_spec_merge_settings (void);
/* A project merge (or object migration with CONTENT) of the Tutorial
 * project from dev to prod, named NAME. Borrowed strings and nodes. */
FerryMigrationSpec jtu_spec           (JtuEnv       *env,
                                        FerryMigrationPurpose purpose,
                                        const char   *name,
                                        JsonNode     *settings,
                                        JsonNode     *content);

/* Member VALUE of a JSON object node, for assertions. */
const char      *jtu_object_string     (JsonNode     *object,
                                        const char   *member);

G_END_DECLS
