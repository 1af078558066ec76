/* ferry-preflight.c: the checks before a migration is created
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run asks each server (once when source and target are the same) for
 * the user's privileges (whose Date header gives the clock), the storage
 * status and the server status, and the target for its projects; a check
 * gets its result as soon as the answers it needs are in.
 */

#define G_LOG_DOMAIN "ferry-preflight"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-discovery.h"
#include "ferry-preflight.h"
#include "ferry-privileges.h"

/* Five minutes, as validation demands; the Date header has whole seconds,
 * so two readings may each be off by one second. */
#define MAX_SKEW_S      (5 * 60)
#define SKEW_TOLERANCE_S 2

#define CLOCK_SENTENCE \
  N_("The time difference between the source and target environments should be five minutes or less. " \
     "Please modify the environment system time and try again.")
#define STORAGE_SENTENCE \
  N_("The Storage Service is not configured properly, please contact your administrator to configure Storage Service")
#define VERSION_SENTENCE \
  N_("A package created in a newer platform version cannot be imported into an older one.")

enum { SOURCE, TARGET, N_SIDES };

typedef enum
{
  CHECK_PRIV_SOURCE,
  CHECK_PRIV_TARGET,      /* absent when source and target are one server */
  CHECK_STORAGE_SOURCE,
  CHECK_STORAGE_TARGET,   /* idem */
  CHECK_VERSION,
  CHECK_CLOCK,            /* idem */
  CHECK_PROJECT,          /* project packages only */
  CHECK_SIZE,
  N_CHECKS
} CheckId;

/* What one run has heard; a new run starts a new one. */
typedef struct
{
  FerryPreflight     *self;       /* strong */
  GCancellable       *cancellable;
  GCancellable       *caller_cancellable;
  gulong              cancel_id;
  GTask              *task;
  guint               pending;
  FerryPrivileges    *privileges[N_SIDES];
  FerryStorageStatus *storage[N_SIDES];
  FerryServerStatus  *status[N_SIDES];
  GPtrArray          *projects;
  GError             *privileges_error[N_SIDES];
  GError             *storage_error[N_SIDES];
  GError             *status_error[N_SIDES];
  GError             *projects_error;
} Run;

struct _FerryPreflight
{
  GObject                parent_instance;

  FerryConnection       *connection[N_SIDES];
  char                  *name[N_SIDES];
  char                  *package_type;
  FerryMigrationPurpose  purpose;
  char                  *source_project_id;
  char                  *target_project_id;
  gint64                 package_size;

  GListStore            *checks;
  FerryPreflightCheck   *check[N_CHECKS];   /* borrowed from CHECKS; NULL when absent */
  Run                   *run;               /* the current run, or NULL */
  gboolean               running;
  char                  *blocked_reason;
  gboolean               can_apply;
  gboolean               can_request;
};

G_DEFINE_FINAL_TYPE (FerryPreflight, ferry_preflight, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_BLOCKED_REASON,
  PROP_CAN_APPLY,
  PROP_CAN_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
same_server (FerryPreflight *self)
{
  return self->connection[SOURCE] == self->connection[TARGET];
}

static gboolean
needs_project (FerryPreflight *self)
{
  return g_strcmp0 (self->package_type, "configuration") != 0;
}

/* ------------------------------------------------------------------------ */
/* Results                                                                    */
/* ------------------------------------------------------------------------ */

static void
set_running (FerryPreflight *self,
             gboolean        running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_flag (FerryPreflight *self,
          gboolean       *field,
          gboolean        value,
          guint           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_blocked_reason (FerryPreflight *self)
{
  const char *reason = NULL;

  for (guint i = 0; !self->running && i < N_CHECKS && reason == NULL; i++)
    if (self->check[i] != NULL && ferry_preflight_check_blocks (self->check[i]))
      reason = ferry_preflight_check_get_message (self->check[i]);
  if (g_strcmp0 (reason, self->blocked_reason) == 0)
    return;
  g_free (self->blocked_reason);
  self->blocked_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_REASON]);
}

static gboolean
is_running (FerryPreflight *self,
            CheckId         id)
{
  return self->check[id] != NULL &&
         ferry_preflight_check_get_state (self->check[id]) == FERRY_PREFLIGHT_RUNNING;
}

static void
fail_connection (FerryPreflight *self,
                 CheckId         id,
                 int             side,
                 const GError   *error)
{
  g_autofree char *action = g_strdup_printf (_("Check the connection to %s and run the checks again."),
                                             self->name[side]);

  ferry_preflight_check_set_result (self->check[id], FERRY_PREFLIGHT_FAILED, error->message, action);
}

static void
evaluate_size (FerryPreflight *self)
{
  g_autofree char *message = NULL;
  g_autofree char *size = NULL;

  if (self->package_size < 0)
    {
      ferry_preflight_check_set_result (self->check[CHECK_SIZE], FERRY_PREFLIGHT_NOTE,
                                        _("The package size is checked once the package is created (at most 2 GB)."),
                                        NULL);
      return;
    }
  size = g_format_size ((guint64) self->package_size);
  if (self->package_size > FERRY_PREFLIGHT_MAX_PACKAGE_BYTES)
    {
      message = g_strdup_printf (_("The package is %s, more than the limit of 2 GB."), size);
      ferry_preflight_check_set_result (self->check[CHECK_SIZE], FERRY_PREFLIGHT_FAILED, message,
                                        _("Split the migration into smaller ones, each under 2 GB."));
      return;
    }
  message = g_strdup_printf (_("The package is %s, within the limit of 2 GB."), size);
  ferry_preflight_check_set_result (self->check[CHECK_SIZE], FERRY_PREFLIGHT_PASSED, message, NULL);
}

/* The Bypass note, when the user has the rest but not that. */
static gboolean
bypass_note (FerryPreflight  *self,
             FerryPrivileges *privileges,
             int              side,
             const char      *project_id,
             CheckId          id,
             const char      *found)
{
  g_autofree char *message = NULL;
  g_autofree char *action = NULL;
  const char *bypass = ferry_privilege_get_name (FERRY_PRIVILEGE_BYPASS_ACCESS_CHECKS);

  if (ferry_privileges_has (privileges, FERRY_PRIVILEGE_BYPASS_ACCESS_CHECKS, project_id))
    return FALSE;
  message = g_strdup_printf (_("%s But not %s, which migrations ask for on both sides: objects the user may not read can be left out."),
                             found, bypass);
  action = g_strdup_printf (_("If objects are missing, ask an administrator of %s for the %s privilege."),
                            self->name[side], bypass);
  ferry_preflight_check_set_result (self->check[id], FERRY_PREFLIGHT_NOTE, message, action);
  return TRUE;
}

static void
evaluate_privileges (FerryPreflight *self,
                     Run            *run)
{
  const char *user = ferry_connection_get_username (self->connection[SOURCE]);
  const char *create = ferry_privilege_get_name (FERRY_PRIVILEGE_CREATE_PACKAGE);
  const char *apply = ferry_privilege_get_name (FERRY_PRIVILEGE_APPLY_PACKAGE);
  FerryPrivileges *src = run->privileges[SOURCE];
  FerryPrivileges *tgt = run->privileges[TARGET];
  gboolean src_create = FALSE, tgt_create = FALSE, tgt_apply = FALSE;
  const char *tgt_user = ferry_connection_get_username (self->connection[TARGET]);

  if (is_running (self, CHECK_PRIV_SOURCE) && run->privileges_error[SOURCE] != NULL)
    fail_connection (self, CHECK_PRIV_SOURCE, SOURCE, run->privileges_error[SOURCE]);
  if (!same_server (self) && is_running (self, CHECK_PRIV_TARGET) && run->privileges_error[TARGET] != NULL)
    fail_connection (self, CHECK_PRIV_TARGET, TARGET, run->privileges_error[TARGET]);
  if (src == NULL || tgt == NULL)
    return;

  src_create = ferry_privileges_has (src, FERRY_PRIVILEGE_CREATE_PACKAGE, self->source_project_id);
  tgt_create = ferry_privileges_has (tgt, FERRY_PRIVILEGE_CREATE_PACKAGE, self->target_project_id);
  tgt_apply = ferry_privileges_has (tgt, FERRY_PRIVILEGE_APPLY_PACKAGE, self->target_project_id);

  if (is_running (self, CHECK_PRIV_SOURCE))
    {
      g_autofree char *message = NULL;
      g_autofree char *action = NULL;

      if (!src_create)
        {
          message = g_strdup_printf (_("%s does not have the %s privilege on %s."), user, create, self->name[SOURCE]);
          action = g_strdup_printf (_("Ask an administrator of %s for the %s privilege."), self->name[SOURCE], create);
          ferry_preflight_check_set_result (self->check[CHECK_PRIV_SOURCE], FERRY_PREFLIGHT_FAILED, message, action);
        }
      else if (same_server (self) && !tgt_apply)
        {
          message = g_strdup_printf (_("%s may create the package and request its import, but not approve or apply it (%s): an administrator of %s approves and imports it."),
                                     user, apply, self->name[SOURCE]);
          action = g_strdup_printf (_("Create the package and request the import; an administrator of %s approves and imports it."),
                                    self->name[SOURCE]);
          ferry_preflight_check_set_result (self->check[CHECK_PRIV_SOURCE], FERRY_PREFLIGHT_NOTE, message, action);
        }
      else
        {
          message = same_server (self)
                    ? g_strdup_printf (_("%s may create, approve and import packages on %s."), user, self->name[SOURCE])
                    : g_strdup_printf (_("%s may create packages on %s."), user, self->name[SOURCE]);
          if (!bypass_note (self, src, SOURCE, self->source_project_id, CHECK_PRIV_SOURCE, message))
            ferry_preflight_check_set_result (self->check[CHECK_PRIV_SOURCE], FERRY_PREFLIGHT_PASSED, message, NULL);
        }
    }

  if (!same_server (self) && is_running (self, CHECK_PRIV_TARGET))
    {
      g_autofree char *message = NULL;
      g_autofree char *action = NULL;

      if (tgt_apply)
        {
          message = g_strdup_printf (_("%s may approve and import packages on %s."), tgt_user, self->name[TARGET]);
          if (!bypass_note (self, tgt, TARGET, self->target_project_id, CHECK_PRIV_TARGET, message))
            ferry_preflight_check_set_result (self->check[CHECK_PRIV_TARGET], FERRY_PREFLIGHT_PASSED, message, NULL);
        }
      else if (tgt_create)
        {
          message = g_strdup_printf (_("%s may request the import on %s, but not approve or apply it (%s): an administrator of %s approves and imports the package."),
                                     tgt_user, self->name[TARGET], apply, self->name[TARGET]);
          action = g_strdup_printf (_("Create the package and request the import; an administrator of %s approves and imports it."),
                                    self->name[TARGET]);
          ferry_preflight_check_set_result (self->check[CHECK_PRIV_TARGET], FERRY_PREFLIGHT_NOTE, message, action);
        }
      else
        {
          message = g_strdup_printf (_("%s has neither the %s nor the %s privilege on %s."),
                                     tgt_user, apply, create, self->name[TARGET]);
          action = g_strdup_printf (_("Ask an administrator of %s for the %s privilege."), self->name[TARGET], apply);
          ferry_preflight_check_set_result (self->check[CHECK_PRIV_TARGET], FERRY_PREFLIGHT_FAILED, message, action);
        }
    }

  set_flag (self, &self->can_apply, src_create && tgt_apply, PROP_CAN_APPLY);
  set_flag (self, &self->can_request, src_create && (tgt_create || tgt_apply), PROP_CAN_REQUEST);
}

static void
evaluate_storage (FerryPreflight *self,
                  Run            *run,
                  int             side)
{
  CheckId id = side == SOURCE ? CHECK_STORAGE_SOURCE : CHECK_STORAGE_TARGET;
  g_autofree char *message = NULL;
  g_autofree char *action = NULL;

  if (!is_running (self, id))
    return;
  if (run->storage_error[side] != NULL)
    {
      fail_connection (self, id, side, run->storage_error[side]);
      return;
    }
  if (run->storage[side] == NULL)
    return;
  if (!run->storage[side]->configured)
    {
      message = g_strdup_printf (_("%s: %s."), self->name[side], _(STORAGE_SENTENCE));
      action = g_strdup_printf (_("Ask an administrator of %s to configure the Storage Service."), self->name[side]);
      ferry_preflight_check_set_result (self->check[id], FERRY_PREFLIGHT_FAILED, message, action);
      return;
    }
  message = g_strdup_printf (_("The Storage Service of %s is configured."), self->name[side]);
  ferry_preflight_check_set_result (self->check[id], FERRY_PREFLIGHT_PASSED, message, NULL);
}

/* Dotted versions compared number by number ("11.4.1000" > "11.3.1200");
 * a missing part counts as 0. */
static int
compare_versions (const char *a,
                  const char *b)
{
  while ((a != NULL && *a != '\0') || (b != NULL && *b != '\0'))
    {
      char *end_a = NULL, *end_b = NULL;
      guint64 x = (a != NULL && *a != '\0') ? g_ascii_strtoull (a, &end_a, 10) : 0;
      guint64 y = (b != NULL && *b != '\0') ? g_ascii_strtoull (b, &end_b, 10) : 0;

      if (x != y)
        return x < y ? -1 : 1;
      a = end_a != NULL ? (*end_a == '.' ? end_a + 1 : (*end_a == '\0' ? end_a : NULL)) : NULL;
      b = end_b != NULL ? (*end_b == '.' ? end_b + 1 : (*end_b == '\0' ? end_b : NULL)) : NULL;
    }
  return 0;
}

static void
evaluate_version (FerryPreflight *self,
                  Run            *run)
{
  const char *v[N_SIDES];
  g_autofree char *message = NULL;
  g_autofree char *action = NULL;

  if (!is_running (self, CHECK_VERSION))
    return;
  for (int side = SOURCE; side < N_SIDES; side++)
    if (run->status_error[side] != NULL)
      {
        fail_connection (self, CHECK_VERSION, side, run->status_error[side]);
        return;
      }
  if (run->status[SOURCE] == NULL || run->status[TARGET] == NULL)
    return;
  v[SOURCE] = run->status[SOURCE]->iserver_version;
  v[TARGET] = run->status[TARGET]->iserver_version;
  if (same_server (self))
    {
      message = g_strdup_printf (_("Source and target are the same server (%s)."),
                                 v[SOURCE] != NULL ? v[SOURCE] : _("version unknown"));
      ferry_preflight_check_set_result (self->check[CHECK_VERSION], FERRY_PREFLIGHT_PASSED, message, NULL);
      return;
    }
  if (v[SOURCE] == NULL || v[TARGET] == NULL)
    {
      message = g_strdup_printf (_("The versions of %s and %s could not be read."), self->name[SOURCE], self->name[TARGET]);
      ferry_preflight_check_set_result (self->check[CHECK_VERSION], FERRY_PREFLIGHT_NOTE, message, NULL);
      return;
    }
  if (compare_versions (v[SOURCE], v[TARGET]) > 0)
    {
      message = g_strdup_printf (_("%s runs %s, newer than %s (%s). %s"), self->name[SOURCE], v[SOURCE],
                                 self->name[TARGET], v[TARGET], _(VERSION_SENTENCE));
      action = g_strdup_printf (_("Upgrade %s to %s or later, or migrate from a server no newer than %s."),
                                self->name[TARGET], v[SOURCE], self->name[TARGET]);
      ferry_preflight_check_set_result (self->check[CHECK_VERSION], FERRY_PREFLIGHT_FAILED, message, action);
      return;
    }
  message = g_strdup_printf (_("%s runs %s and %s %s: the package goes to an equal or newer version."),
                             self->name[SOURCE], v[SOURCE], self->name[TARGET], v[TARGET]);
  ferry_preflight_check_set_result (self->check[CHECK_VERSION], FERRY_PREFLIGHT_PASSED, message, NULL);
}

static void
evaluate_clock (FerryPreflight *self,
                Run            *run)
{
  gint64 offset[N_SIDES];
  gint64 skew;
  g_autofree char *message = NULL;
  g_autofree char *action = NULL;

  if (!is_running (self, CHECK_CLOCK))
    return;
  for (int side = SOURCE; side < N_SIDES; side++)
    if (run->privileges_error[side] != NULL)
      {
        fail_connection (self, CHECK_CLOCK, side, run->privileges_error[side]);
        return;
      }
  if (run->privileges[SOURCE] == NULL || run->privileges[TARGET] == NULL)
    return;
  if (!ferry_privileges_get_clock_offset (run->privileges[SOURCE], &offset[SOURCE]) ||
      !ferry_privileges_get_clock_offset (run->privileges[TARGET], &offset[TARGET]))
    {
      message = g_strdup_printf (_("The clocks of %s and %s could not be compared: an answer had no date."),
                                 self->name[SOURCE], self->name[TARGET]);
      ferry_preflight_check_set_result (self->check[CHECK_CLOCK], FERRY_PREFLIGHT_NOTE, message, NULL);
      return;
    }
  skew = ABS (offset[TARGET] - offset[SOURCE]);
  if (skew > MAX_SKEW_S + SKEW_TOLERANCE_S)
    {
      message = g_strdup_printf (_("The clocks of %s and %s differ by about %d minutes. %s"),
                                 self->name[SOURCE], self->name[TARGET], (int) ((skew + 30) / 60), _(CLOCK_SENTENCE));
      action = g_strdup_printf (_("Ask the administrators of %s and %s to set their system time, for example with NTP."),
                                self->name[SOURCE], self->name[TARGET]);
      ferry_preflight_check_set_result (self->check[CHECK_CLOCK], FERRY_PREFLIGHT_FAILED, message, action);
      return;
    }
  message = skew <= SKEW_TOLERANCE_S
            ? g_strdup_printf (_("The clocks of %s and %s agree."), self->name[SOURCE], self->name[TARGET])
            : g_strdup_printf (_("The clocks of %s and %s differ by about %d seconds, within five minutes."),
                               self->name[SOURCE], self->name[TARGET], (int) skew);
  ferry_preflight_check_set_result (self->check[CHECK_CLOCK], FERRY_PREFLIGHT_PASSED, message, NULL);
}

static void
evaluate_project (FerryPreflight *self,
                  Run            *run)
{
  g_autofree char *message = NULL;
  g_autofree char *action = NULL;
  FerryProject *found = NULL;

  if (!is_running (self, CHECK_PROJECT))
    return;
  if (run->projects_error != NULL)
    {
      fail_connection (self, CHECK_PROJECT, TARGET, run->projects_error);
      return;
    }
  if (run->projects == NULL)
    return;
  for (guint i = 0; self->target_project_id != NULL && i < run->projects->len && found == NULL; i++)
    if (g_ascii_strcasecmp (ferry_project_get_id (g_ptr_array_index (run->projects, i)), self->target_project_id) == 0)
      found = g_ptr_array_index (run->projects, i);
  if (found == NULL)
    {
      message = g_strdup_printf (_("The target project (%s) does not exist on %s."),
                                 self->target_project_id != NULL ? self->target_project_id : _("none chosen"),
                                 self->name[TARGET]);
      action = g_strdup_printf (_("Choose a project that exists on %s, or ask its administrator to create it."),
                                self->name[TARGET]);
      ferry_preflight_check_set_result (self->check[CHECK_PROJECT], FERRY_PREFLIGHT_FAILED, message, action);
      return;
    }
  if (ferry_project_get_status (found) != 0)
    {
      message = g_strdup_printf (_("The project “%s” is not loaded on %s."), ferry_project_get_name (found), self->name[TARGET]);
      action = g_strdup_printf (_("Ask an administrator of %s to load the project “%s”."),
                                self->name[TARGET], ferry_project_get_name (found));
      ferry_preflight_check_set_result (self->check[CHECK_PROJECT], FERRY_PREFLIGHT_FAILED, message, action);
      return;
    }
  message = g_strdup_printf (_("The project “%s” exists on %s."), ferry_project_get_name (found), self->name[TARGET]);
  ferry_preflight_check_set_result (self->check[CHECK_PROJECT], FERRY_PREFLIGHT_PASSED, message, NULL);
}

static void
evaluate (Run *run)
{
  FerryPreflight *self = run->self;

  evaluate_privileges (self, run);
  evaluate_storage (self, run, SOURCE);
  if (!same_server (self))
    evaluate_storage (self, run, TARGET);
  evaluate_version (self, run);
  evaluate_clock (self, run);
  evaluate_project (self, run);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                    */
/* ------------------------------------------------------------------------ */

static void
run_free (Run *run)
{
  if (run->caller_cancellable != NULL)
    g_cancellable_disconnect (run->caller_cancellable, run->cancel_id);
  g_clear_object (&run->caller_cancellable);
  g_clear_object (&run->cancellable);
  for (int side = SOURCE; side < N_SIDES; side++)
    {
      g_clear_object (&run->privileges[side]);
      g_clear_pointer (&run->storage[side], ferry_storage_status_free);
      g_clear_pointer (&run->status[side], ferry_server_status_free);
      g_clear_error (&run->privileges_error[side]);
      g_clear_error (&run->storage_error[side]);
      g_clear_error (&run->status_error[side]);
    }
  g_clear_pointer (&run->projects, g_ptr_array_unref);
  g_clear_error (&run->projects_error);
  g_clear_object (&run->self);
  g_free (run);
}

static void
caller_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* One answer is in: store it (ERROR is taken), then evaluate, unless this
 * run was cancelled or replaced; the last answer ends the run. */
static void
run_answered (Run     *run,
              GError **slot,
              GError  *error)
{
  FerryPreflight *self = run->self;
  gboolean current = self->run == run && !g_cancellable_is_cancelled (run->cancellable);

  if (error != NULL && current)
    *slot = error;
  else if (error != NULL)
    g_error_free (error);
  if (current)
    evaluate (run);

  if (--run->pending > 0)
    return;

  if (!current)
    {
      if (self->run == run)
        {
          /* Cancelled: what had not been decided goes back to pending. */
          for (guint i = 0; i < N_CHECKS; i++)
            if (is_running (self, i))
              ferry_preflight_check_set_result (self->check[i], FERRY_PREFLIGHT_PENDING, NULL, NULL);
          self->run = NULL;
          set_running (self, FALSE);
          update_blocked_reason (self);
        }
      g_task_return_new_error (run->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The checks were cancelled"));
    }
  else
    {
      self->run = NULL;
      set_running (self, FALSE);
      update_blocked_reason (self);
      g_task_return_boolean (run->task, TRUE);
    }
  g_clear_object (&run->task);
  run_free (run);
}

static void
privileges_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;
  FerryPrivileges *privileges = ferry_privileges_fetch_finish (FERRY_CONNECTION (source), result, &error);
  int side = FERRY_CONNECTION (source) == run->self->connection[SOURCE] ? SOURCE : TARGET;

  run->privileges[side] = privileges;
  if (same_server (run->self))
    {
      run->privileges[TARGET] = privileges != NULL ? g_object_ref (privileges) : NULL;
      if (error != NULL)
        run->privileges_error[TARGET] = g_error_copy (error);
    }
  run_answered (run, &run->privileges_error[side], error);
}

static void
storage_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;
  FerryStorageStatus *status = ferry_discovery_get_storage_status_finish (FERRY_CONNECTION (source), result, &error);
  int side = FERRY_CONNECTION (source) == run->self->connection[SOURCE] ? SOURCE : TARGET;

  run->storage[side] = status;
  run_answered (run, &run->storage_error[side], error);
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;
  FerryServerStatus *status = ferry_discovery_get_status_finish (FERRY_CONNECTION (source), result, &error);
  int side = FERRY_CONNECTION (source) == run->self->connection[SOURCE] ? SOURCE : TARGET;

  run->status[side] = status;
  if (same_server (run->self))
    {
      run->status[TARGET] = status != NULL ? ferry_server_status_copy (status) : NULL;
      if (error != NULL)
        run->status_error[TARGET] = g_error_copy (error);
    }
  run_answered (run, &run->status_error[side], error);
}

static void
projects_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;

  run->projects = ferry_discovery_list_projects_finish (FERRY_CONNECTION (source), result, &error);
  run_answered (run, &run->projects_error, error);
}

static FerryPreflightCheck *
add_check (FerryPreflight *self,
           CheckId         id,
           const char     *title)
{
  g_autoptr(FerryPreflightCheck) check = ferry_preflight_check_new (title, TRUE);

  g_list_store_append (self->checks, check);
  self->check[id] = check;
  return check;
}

/* A fresh list of checks, all running except the size. */
static void
reset_checks (FerryPreflight *self)
{
  g_autofree char *title = NULL;

  memset (self->check, 0, sizeof self->check);
  g_list_store_remove_all (self->checks);

  title = g_strdup_printf (_("Privileges on %s"), self->name[SOURCE]);
  add_check (self, CHECK_PRIV_SOURCE, title);
  if (!same_server (self))
    {
      g_free (title);
      title = g_strdup_printf (_("Privileges on %s"), self->name[TARGET]);
      add_check (self, CHECK_PRIV_TARGET, title);
    }
  g_free (title);
  title = g_strdup_printf (_("Storage Service of %s"), self->name[SOURCE]);
  add_check (self, CHECK_STORAGE_SOURCE, title);
  if (!same_server (self))
    {
      g_free (title);
      title = g_strdup_printf (_("Storage Service of %s"), self->name[TARGET]);
      add_check (self, CHECK_STORAGE_TARGET, title);
    }
  add_check (self, CHECK_VERSION, _("Version direction"));
  if (!same_server (self))
    add_check (self, CHECK_CLOCK, _("Clock difference"));
  if (needs_project (self))
    {
      g_free (title);
      title = g_strdup_printf (_("Project on %s"), self->name[TARGET]);
      add_check (self, CHECK_PROJECT, title);
    }
  add_check (self, CHECK_SIZE, _("Package size"));

  for (guint i = 0; i < N_CHECKS; i++)
    if (self->check[i] != NULL && i != CHECK_SIZE)
      ferry_preflight_check_set_result (self->check[i], FERRY_PREFLIGHT_RUNNING, NULL, NULL);
  evaluate_size (self);
}

void
ferry_preflight_run_async (FerryPreflight      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Run *run;
  int n_sides;

  g_return_if_fail (FERRY_IS_PREFLIGHT (self));

  if (self->run != NULL)
    {
      g_cancellable_cancel (self->run->cancellable);
      self->run = NULL;   /* it ends on its own, as a replaced run */
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_cancellable_new ();
  run->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (run->task, ferry_preflight_run_async);
  if (cancellable != NULL)
    {
      run->caller_cancellable = g_object_ref (cancellable);
      run->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled),
                                              g_object_ref (run->cancellable), g_object_unref);
    }
  self->run = run;

  set_flag (self, &self->can_apply, FALSE, PROP_CAN_APPLY);
  set_flag (self, &self->can_request, FALSE, PROP_CAN_REQUEST);
  set_running (self, TRUE);
  reset_checks (self);
  update_blocked_reason (self);

  n_sides = same_server (self) ? 1 : N_SIDES;
  run->pending = 3 * n_sides + (needs_project (self) ? 1 : 0);
  for (int side = SOURCE; side < n_sides; side++)
    {
      ferry_privileges_fetch_async (self->connection[side], run->cancellable, privileges_cb, run);
      ferry_discovery_get_storage_status_async (self->connection[side], run->cancellable, storage_cb, run);
      ferry_discovery_get_status_async (self->connection[side], run->cancellable, status_cb, run);
    }
  if (needs_project (self))
    ferry_discovery_list_projects_async (self->connection[TARGET], run->cancellable, projects_cb, run);
}

gboolean
ferry_preflight_run_finish (FerryPreflight  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_preflight_run_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The object                                                                 */
/* ------------------------------------------------------------------------ */

static void
ferry_preflight_dispose (GObject *object)
{
  FerryPreflight *self = FERRY_PREFLIGHT (object);

  for (int side = SOURCE; side < N_SIDES; side++)
    g_clear_object (&self->connection[side]);
  g_clear_object (&self->checks);
  G_OBJECT_CLASS (ferry_preflight_parent_class)->dispose (object);
}

static void
ferry_preflight_finalize (GObject *object)
{
  FerryPreflight *self = FERRY_PREFLIGHT (object);

  for (int side = SOURCE; side < N_SIDES; side++)
    g_free (self->name[side]);
  g_free (self->package_type);
  g_free (self->source_project_id);
  g_free (self->target_project_id);
  g_free (self->blocked_reason);
  G_OBJECT_CLASS (ferry_preflight_parent_class)->finalize (object);
}

static void
ferry_preflight_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryPreflight *self = FERRY_PREFLIGHT (object);

  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_BLOCKED_REASON: g_value_set_string (value, self->blocked_reason); break;
    case PROP_CAN_APPLY: g_value_set_boolean (value, self->can_apply); break;
    case PROP_CAN_REQUEST: g_value_set_boolean (value, self->can_request); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preflight_class_init (FerryPreflightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_preflight_dispose;
  object_class->finalize = ferry_preflight_finalize;
  object_class->get_property = ferry_preflight_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_BLOCKED_REASON] = g_param_spec_string ("blocked-reason", NULL, NULL, NULL, flags);
  properties[PROP_CAN_APPLY] = g_param_spec_boolean ("can-apply", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_REQUEST] = g_param_spec_boolean ("can-request", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_preflight_init (FerryPreflight *self)
{
  self->checks = g_list_store_new (FERRY_TYPE_PREFLIGHT_CHECK);
  self->package_size = -1;
}

FerryPreflight *
ferry_preflight_new (FerryConnection       *source,
                     const char            *source_name,
                     FerryConnection       *target,
                     const char            *target_name,
                     const char            *package_type,
                     FerryMigrationPurpose  purpose,
                     const char            *source_project_id,
                     const char            *target_project_id)
{
  FerryPreflight *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);

  self = g_object_new (FERRY_TYPE_PREFLIGHT, NULL);
  self->connection[SOURCE] = g_object_ref (source);
  self->connection[TARGET] = g_object_ref (target);
  self->name[SOURCE] = g_strdup (source_name != NULL ? source_name : ferry_connection_get_host (source));
  self->name[TARGET] = g_strdup (target_name != NULL ? target_name : ferry_connection_get_host (target));
  self->package_type = g_strdup (package_type != NULL ? package_type : "project");
  self->purpose = purpose;
  self->source_project_id = g_strdup (source_project_id);
  self->target_project_id = g_strdup (target_project_id);
  reset_checks (self);
  for (guint i = 0; i < N_CHECKS; i++)
    if (self->check[i] != NULL && i != CHECK_SIZE)
      ferry_preflight_check_set_result (self->check[i], FERRY_PREFLIGHT_PENDING, NULL, NULL);
  return self;
}

GListModel *
ferry_preflight_get_checks (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), NULL);
  return G_LIST_MODEL (self->checks);
}

gboolean
ferry_preflight_get_running (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), FALSE);
  return self->running;
}

const char *
ferry_preflight_get_blocked_reason (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), NULL);
  return self->blocked_reason;
}

gboolean
ferry_preflight_get_can_apply (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), FALSE);
  return self->can_apply;
}

gboolean
ferry_preflight_get_can_request (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), FALSE);
  return self->can_request;
}

/**
 * ferry_preflight_get_request_only:
 *
 * Whether the checks are done and the user may request the import but not
 * approve or apply it: Run then only requests.
 */
gboolean
ferry_preflight_get_request_only (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), FALSE);
  return !self->running && !self->can_apply && self->can_request;
}

/**
 * ferry_preflight_dup_wait_reason:
 *
 * Why a run must wait: the checks still run, or a blocking check failed
 * (its message); NULL when nothing stands in the way.
 */
char *
ferry_preflight_dup_wait_reason (FerryPreflight *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT (self), NULL);
  if (self->running)
    return g_strdup (_("Checking both servers before anything is created…"));
  return g_strdup (ferry_preflight_get_blocked_reason (self));
}

void
ferry_preflight_set_package_size (FerryPreflight *self,
                                  gint64          size)
{
  g_return_if_fail (FERRY_IS_PREFLIGHT (self));

  self->package_size = size < 0 ? -1 : size;
  evaluate_size (self);
  update_blocked_reason (self);
}
