/* ferry-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `ferry --demo` runs two sandbox servers in this process, "Development"
 * and "Production", on 127.0.0.1 with random ports. They share one package
 * storage folder (as two environments of one company share a Storage
 * Service), and all their state lives in a temporary folder that is deleted
 * when the demo stops. Each sandbox serves from a thread of its own; starting
 * them (seeding a few hundred objects each) runs in a GTask thread so the
 * window never waits for it.
 */

#define G_LOG_DOMAIN "ferry-demo"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "ferry-demo.h"
#include "ferry-sandbox.h"

struct _FerryDemo
{
  GObject         parent_instance;

  FerryDemoState  state;
  /* FerrySandbox items, all running; empty unless RUNNING */
  GListStore     *servers;
  /* the temporary folder while RUNNING, else NULL */
  char           *directory;
  /* SIGTERM and SIGINT watches while RUNNING: the folder (seeded
   * passwords) goes before the process does */
  guint           sigterm_id;
  guint           sigint_id;
};

G_DEFINE_FINAL_TYPE (FerryDemo, ferry_demo, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryDemoState, ferry_demo_state,
  G_DEFINE_ENUM_VALUE (FERRY_DEMO_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (FERRY_DEMO_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (FERRY_DEMO_STATE_RUNNING, "running"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_SERVERS,
  PROP_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Environment names are proper names here (the seeds' manifest and the
 * tests refer to them), so they are not translated. */
static const struct {
  const char *name;
  const char *seed;
  const char *folder;
} demo_servers[] = {
  { "Development", "tutorial-dev", "development" },
  { "Production", "tutorial-prod", "production" },
};

#define DEMO_FOLDER_PREFIX "ferry-demo-"
#define DEMO_PID_FILE      "ferry-demo.pid"
#define STALE_UNMARKED_S   3600

typedef struct
{
  char      *directory;
  GPtrArray *sandboxes;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_pointer (&data->directory, g_free);
  g_clear_pointer (&data->sandboxes, g_ptr_array_unref);
  g_free (data);
}

static gboolean
remove_recursively (GFile   *file,
                    GError **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (file,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          NULL, NULL);
  if (enumerator != NULL)
    {
      for (;;)
        {
          GFileInfo *info;
          GFile *child;

          if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
            return FALSE;
          if (info == NULL)
            break;

          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            {
              if (!remove_recursively (child, error))
                return FALSE;
            }
          else if (!g_file_delete (child, NULL, error))
            return FALSE;
        }
    }

  return g_file_delete (file, NULL, error);
}

static void
stop_and_remove (GPtrArray  *sandboxes,
                 const char *directory)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; sandboxes != NULL && i < sandboxes->len; i++)
    ferry_sandbox_stop (g_ptr_array_index (sandboxes, i));

  if (directory == NULL)
    return;

  file = g_file_new_for_path (directory);
  if (!remove_recursively (file, &error))
    g_warning ("Could not remove the demo folder %s: %s", directory, error->message);
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;

  {
    int saved_errno = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not create the folder %s: %s"),
                 path, g_strerror (saved_errno));
    return FALSE;
  }
}

/* The folder names the process that owns it: a later demo removes it if
 * that process is gone (ferry_demo_remove_stale_folders). */
static gboolean
write_pid_file (const char  *directory,
                GError     **error)
{
  g_autofree char *path = g_build_filename (directory, DEMO_PID_FILE, NULL);
  g_autofree char *pid = g_strdup_printf ("%d\n", (int) getpid ());

  return g_file_set_contents_full (path, pid, -1, G_FILE_SET_CONTENTS_NONE, 0600, error);
}

/* Whether the demo folder PATH belongs to a process that is gone. */
static gboolean
is_stale_folder (const char *path)
{
  g_autofree char *pid_path = g_build_filename (path, DEMO_PID_FILE, NULL);
  g_autofree char *text = NULL;
  g_autofree char *proc = NULL;
  guint64 pid;
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    return FALSE;
  if (!g_file_get_contents (pid_path, &text, NULL, NULL))
    /* A folder of a version without pid files, or one being made right
     * now: only an old one is stale. */
    return (gint64) st.st_mtime < g_get_real_time () / G_USEC_PER_SEC - STALE_UNMARKED_S;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &pid, NULL))
    return FALSE;
  if ((pid_t) pid == getpid ())
    return FALSE;
  proc = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT, pid);
  return !g_file_test (proc, G_FILE_TEST_EXISTS);
}

guint
ferry_demo_remove_stale_folders (const char *parent)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (parent != NULL, 0);

  dir = g_dir_open (parent, 0, NULL);
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_prefix (name, DEMO_FOLDER_PREFIX) ||
          strlen (name) != strlen (DEMO_FOLDER_PREFIX) + 6)
        continue;
      path = g_build_filename (parent, name, NULL);
      if (!is_stale_folder (path))
        continue;
      file = g_file_new_for_path (path);
      if (remove_recursively (file, &error))
        {
          g_debug ("removed the stale demo folder %s", path);
          removed++;
        }
      else
        g_warning ("Could not remove the stale demo folder %s: %s", path, error->message);
    }
  return removed;
}

/* Runs in a worker thread. On failure it leaves nothing behind. */
static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StartData *data = task_data;
  g_autofree char *storage = NULL;
  g_autoptr(GError) error = NULL;

  ferry_demo_remove_stale_folders (g_get_tmp_dir ());

  data->directory = g_dir_make_tmp (DEMO_FOLDER_PREFIX "XXXXXX", &error);
  if (data->directory == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!write_pid_file (data->directory, &error))
    goto failed;

  storage = g_build_filename (data->directory, "storage", NULL);
  if (!make_folder (storage, &error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (demo_servers); i++)
    {
      g_autofree char *state_dir = NULL;
      g_autoptr(FerrySandbox) sandbox = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        goto failed;

      state_dir = g_build_filename (data->directory, demo_servers[i].folder, NULL);
      if (!make_folder (state_dir, &error))
        goto failed;

      sandbox = ferry_sandbox_new (state_dir, demo_servers[i].seed);
      g_object_set (sandbox,
                    "shared-storage", storage,
                    "name", demo_servers[i].name,
                    NULL);
      if (!ferry_sandbox_start (sandbox, &error))
        {
          g_prefix_error (&error, _("Could not start the %s server: "), demo_servers[i].name);
          goto failed;
        }

      g_ptr_array_add (data->sandboxes, g_steal_pointer (&sandbox));
    }

  g_task_return_boolean (task, TRUE);
  return;

failed:
  stop_and_remove (data->sandboxes, data->directory);
  g_ptr_array_set_size (data->sandboxes, 0);
  g_clear_pointer (&data->directory, g_free);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_state (FerryDemo      *self,
           FerryDemoState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* SIGTERM or SIGINT while the demo runs: its folder is removed at once;
 * then the application quits as from its menu, or, without one, the
 * signal does what it would have done. */
static gboolean
stop_on_signal (FerryDemo *self,
                int        signum)
{
  GApplication *app = g_application_get_default ();

  g_debug ("signal %d: stopping the demo", signum);
  g_object_ref (self);
  ferry_demo_stop (self);       /* removes the watches too */
  g_object_unref (self);
  if (app != NULL)
    g_application_quit (app);
  else
    {
      signal (signum, SIG_DFL);
      raise (signum);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
sigterm_cb (gpointer user_data)
{
  return stop_on_signal (user_data, SIGTERM);
}

static gboolean
sigint_cb (gpointer user_data)
{
  return stop_on_signal (user_data, SIGINT);
}

static void
watch_signals (FerryDemo *self)
{
  self->sigterm_id = g_unix_signal_add (SIGTERM, sigterm_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, sigint_cb, self);
}

static void
unwatch_signals (FerryDemo *self)
{
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
}

/* Back on the caller's main context: adopt the running servers. */
static void
start_thread_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FerryDemo *self = FERRY_DEMO (object);
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_state (self, FERRY_DEMO_STATE_STOPPED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->directory = g_steal_pointer (&data->directory);
  g_list_store_splice (self->servers, 0, 0, data->sandboxes->pdata, data->sandboxes->len);
  g_ptr_array_set_size (data->sandboxes, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);
  set_state (self, FERRY_DEMO_STATE_RUNNING);
  watch_signals (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * ferry_demo_start_async:
 *
 * Creates a temporary folder and starts the two demo servers in it. The
 * demo must be stopped. While this runs the state is STARTING; when the
 * callback runs it is RUNNING, or STOPPED again after a failure.
 */
void
ferry_demo_start_async (FerryDemo           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  StartData *data;

  g_return_if_fail (FERRY_IS_DEMO (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_demo_start_async);

  if (self->state != FERRY_DEMO_STATE_STOPPED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The demo is already running"));
      return;
    }

  set_state (self, FERRY_DEMO_STATE_STARTING);

  data = g_new0 (StartData, 1);
  data->sandboxes = g_ptr_array_new_with_free_func (g_object_unref);

  thread_task = g_task_new (self, cancellable, start_thread_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, start_thread);
  g_task_set_name (thread_task, "[ferry] start demo servers");
  g_task_set_task_data (thread_task, data, (GDestroyNotify) start_data_free);
  g_task_run_in_thread (thread_task, start_thread);
}

gboolean
ferry_demo_start_finish (FerryDemo     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FERRY_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ferry_demo_stop:
 *
 * Stops the servers and deletes the temporary folder. If the demo is still
 * starting, this first waits for the start to finish (iterating the main
 * context the start was called from), so nothing is left behind at exit.
 */
void
ferry_demo_stop (FerryDemo *self)
{
  g_autoptr(GPtrArray) sandboxes = NULL;
  g_autofree char *directory = NULL;
  guint n;

  g_return_if_fail (FERRY_IS_DEMO (self));

  while (self->state == FERRY_DEMO_STATE_STARTING)
    g_main_context_iteration (NULL, TRUE);

  if (self->state == FERRY_DEMO_STATE_STOPPED)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->servers));
  sandboxes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sandboxes, g_list_model_get_item (G_LIST_MODEL (self->servers), i));
  directory = g_steal_pointer (&self->directory);

  unwatch_signals (self);
  g_list_store_remove_all (self->servers);
  stop_and_remove (sandboxes, directory);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);
  set_state (self, FERRY_DEMO_STATE_STOPPED);
}

FerryDemoState
ferry_demo_get_state (FerryDemo *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO (self), FERRY_DEMO_STATE_STOPPED);

  return self->state;
}

/**
 * ferry_demo_get_servers:
 *
 * Returns: (transfer none): a #GListModel of the running #FerrySandbox
 *   servers, in the order Development, Production; empty unless running.
 */
GListModel *
ferry_demo_get_servers (FerryDemo *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO (self), NULL);

  return G_LIST_MODEL (self->servers);
}

/**
 * ferry_demo_get_directory:
 *
 * Returns: (nullable): the temporary folder holding the servers' state and
 *   shared storage while the demo runs.
 */
const char *
ferry_demo_get_directory (FerryDemo *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO (self), NULL);

  return self->directory;
}

FerryDemo *
ferry_demo_new (void)
{
  return g_object_new (FERRY_TYPE_DEMO, NULL);
}

static void
ferry_demo_dispose (GObject *object)
{
  FerryDemo *self = FERRY_DEMO (object);

  /* A start in progress holds a reference, so we are not STARTING here. */
  ferry_demo_stop (self);

  G_OBJECT_CLASS (ferry_demo_parent_class)->dispose (object);
}

static void
ferry_demo_finalize (GObject *object)
{
  FerryDemo *self = FERRY_DEMO (object);

  g_clear_object (&self->servers);
  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (ferry_demo_parent_class)->finalize (object);
}

static void
ferry_demo_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FerryDemo *self = FERRY_DEMO (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SERVERS:
      g_value_set_object (value, self->servers);
      break;

    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_demo_class_init (FerryDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_demo_dispose;
  object_class->finalize = ferry_demo_finalize;
  object_class->get_property = ferry_demo_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FERRY_TYPE_DEMO_STATE,
                       FERRY_DEMO_STATE_STOPPED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVERS] =
    g_param_spec_object ("servers", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_demo_init (FerryDemo *self)
{
  self->servers = g_list_store_new (FERRY_TYPE_SANDBOX);
}
