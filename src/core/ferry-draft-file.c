/* ferry-draft-file.c: an unfinished migration plan kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-draft-file"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ferry-draft-file.h"

#define DRAFT_SUFFIX ".ferry-plan"
#define DEFAULT_DELAY_MS 1000

struct _FerryDraftFile
{
  GObject  parent_instance;

  GFile   *file;
  guint    delay;
  char    *pending;      /* plan data waiting for the delay, or NULL */
  gsize    pending_length;
  guint    timeout_id;
  gboolean writing;      /* a write runs in a thread */
  gboolean removed;      /* nothing more is written; the file goes */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (FerryDraftFile, ferry_draft_file, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_DELAY,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The drafts this process keeps (path → count of FerryDraftFile objects
 * on it): never offered as recovered, as an editor of this run has them
 * open. Read by the recovery's thread, hence the lock. */
static GMutex      live_lock;
static GHashTable *live_paths;

static void
live_add (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return;
  g_mutex_lock (&live_lock);
  if (live_paths == NULL)
    live_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (live_paths, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (live_paths, path)) + 1));
  g_mutex_unlock (&live_lock);
}

static void
live_remove (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  guint count;

  if (path == NULL)
    return;
  g_mutex_lock (&live_lock);
  count = live_paths != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (live_paths, path)) : 0;
  if (count > 1)
    g_hash_table_insert (live_paths, g_strdup (path), GUINT_TO_POINTER (count - 1));
  else if (count == 1)
    g_hash_table_remove (live_paths, path);
  g_mutex_unlock (&live_lock);
}

static gboolean
live_contains (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  gboolean found;

  g_mutex_lock (&live_lock);
  found = path != NULL && live_paths != NULL && g_hash_table_contains (live_paths, path);
  g_mutex_unlock (&live_lock);
  return found;
}

char *
ferry_draft_file_dup_directory (void)
{
  return g_build_filename (g_get_user_state_dir (), "ferry", "drafts", NULL);
}

/* Atomically: a new file renamed over the old one (CONSISTENT), never half
 * a plan; the folder is created when missing. */
static gboolean
write_data (GFile       *file,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
ferry_draft_file_write_sync (GFile            *file,
                             const FerryPlan  *plan,
                             GError          **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  data = ferry_plan_to_data (plan, &length);
  return write_data (file, data, length, error);
}

static void
update_busy (FerryDraftFile *self)
{
  gboolean busy = self->writing || self->timeout_id != 0;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryDraftFile) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not remove the draft %s: %s", g_file_peek_path (self->file), error->message);
}

static void
delete_now (FerryDraftFile *self)
{
  g_file_delete_async (self->file, G_PRIORITY_DEFAULT, NULL, delete_cb, g_object_ref (self));
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FerryDraftFile *self = source_object;
  gsize length = 0;
  const char *data = g_bytes_get_data (task_data, &length);
  GError *error = NULL;

  if (!write_data (self->file, data, length, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_write (FerryDraftFile *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FerryDraftFile *self = FERRY_DRAFT_FILE (object);
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not keep the unsaved plan in %s: %s", g_file_peek_path (self->file), error->message);
  if (self->removed)
    delete_now (self);
  else if (self->pending != NULL && self->timeout_id == 0)
    start_write (self);
  update_busy (self);
}

static void
start_write (FerryDraftFile *self)
{
  g_autoptr(GTask) task = NULL;
  GBytes *bytes;

  if (self->writing || self->pending == NULL || self->removed)
    return;
  bytes = g_bytes_new_take (g_steal_pointer (&self->pending), self->pending_length);
  self->writing = TRUE;
  /* The task holds the object until the write has ended. */
  task = g_task_new (self, NULL, write_cb, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, bytes, (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, write_thread);
  update_busy (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  FerryDraftFile *self = user_data;

  self->timeout_id = 0;
  start_write (self);
  update_busy (self);
  return G_SOURCE_REMOVE;
}

void
ferry_draft_file_queue (FerryDraftFile  *self,
                        const FerryPlan *plan)
{
  g_return_if_fail (FERRY_IS_DRAFT_FILE (self));
  g_return_if_fail (plan != NULL);

  if (self->removed)
    return;
  g_free (self->pending);
  self->pending = ferry_plan_to_data (plan, &self->pending_length);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->delay, timeout_cb, self);
  update_busy (self);
}

void
ferry_draft_file_flush (FerryDraftFile *self)
{
  g_return_if_fail (FERRY_IS_DRAFT_FILE (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  start_write (self);
  update_busy (self);
}

void
ferry_draft_file_remove (FerryDraftFile *self)
{
  g_return_if_fail (FERRY_IS_DRAFT_FILE (self));

  if (self->removed)
    return;
  self->removed = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->pending, g_free);
  /* A write under way removes the file when it ends (write_cb()). */
  if (!self->writing)
    delete_now (self);
  update_busy (self);
}

gboolean
ferry_draft_file_get_busy (FerryDraftFile *self)
{
  g_return_val_if_fail (FERRY_IS_DRAFT_FILE (self), FALSE);
  return self->busy;
}

GFile *
ferry_draft_file_get_file (FerryDraftFile *self)
{
  g_return_val_if_fail (FERRY_IS_DRAFT_FILE (self), NULL);
  return self->file;
}

guint
ferry_draft_file_get_delay (FerryDraftFile *self)
{
  g_return_val_if_fail (FERRY_IS_DRAFT_FILE (self), 0);
  return self->delay;
}

void
ferry_draft_file_set_delay (FerryDraftFile *self,
                            guint           delay_ms)
{
  g_return_if_fail (FERRY_IS_DRAFT_FILE (self));

  if (self->delay == delay_ms)
    return;
  self->delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

FerryDraftFile *
ferry_draft_file_new_for_file (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  return g_object_new (FERRY_TYPE_DRAFT_FILE, "file", file, NULL);
}

FerryDraftFile *
ferry_draft_file_new (void)
{
  g_autofree char *dir = ferry_draft_file_dup_directory ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (uuid, DRAFT_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return ferry_draft_file_new_for_file (file);
}

/* ------------------------------------------------------------------------ */
/* Recovery                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryPlan *plan;
  GFile     *file;
} Recovered;

static void
recovered_free (Recovered *recovered)
{
  g_clear_pointer (&recovered->plan, ferry_plan_free);
  g_clear_object (&recovered->file);
  g_free (recovered);
}

static int
by_newest (gconstpointer a,
           gconstpointer b)
{
  GFileInfo *ia = *(GFileInfo **) a;
  GFileInfo *ib = *(GFileInfo **) b;
  guint64 ta = g_file_info_get_attribute_uint64 (ia, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  guint64 tb = g_file_info_get_attribute_uint64 (ib, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree char *path = ferry_draft_file_dup_directory ();
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  Recovered *recovered;

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (enumerator == NULL)
    {
      /* No folder: no drafts. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_pointer (task, g_new0 (Recovered, 1), (GDestroyNotify) recovered_free);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  while (TRUE)
    {
      GFileInfo *info = g_file_enumerator_next_file (enumerator, cancellable, &error);

      if (info == NULL)
        break;
      if (g_str_has_suffix (g_file_info_get_name (info), DRAFT_SUFFIX))
        g_ptr_array_add (infos, info);
      else
        g_object_unref (info);
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_sort (infos, by_newest);

  recovered = g_new0 (Recovered, 1);
  for (guint i = 0; i < infos->len && recovered->plan == NULL; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (dir, g_file_info_get_name (g_ptr_array_index (infos, i)));
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) read_error = NULL;

      /* An editor of this run has it open: not left behind. */
      if (live_contains (file))
        continue;
      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &read_error))
        continue;
      recovered->plan = ferry_plan_new_from_data (contents, (gssize) length, &read_error);
      if (recovered->plan == NULL)
        g_debug ("Skipping the draft %s: %s", g_file_peek_path (file), read_error->message);
      else
        recovered->file = g_steal_pointer (&file);
    }
  g_task_return_pointer (task, recovered, (GDestroyNotify) recovered_free);
}

void
ferry_draft_file_find_recovered_async (GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_draft_file_find_recovered_async);
  g_task_run_in_thread (task, find_thread);
}

FerryPlan *
ferry_draft_file_find_recovered_finish (GAsyncResult  *result,
                                        GFile        **out_file,
                                        GError       **error)
{
  Recovered *recovered;
  FerryPlan *plan;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (out_file != NULL)
    *out_file = NULL;
  recovered = g_task_propagate_pointer (G_TASK (result), error);
  if (recovered == NULL)
    return NULL;
  plan = g_steal_pointer (&recovered->plan);
  if (out_file != NULL)
    *out_file = g_steal_pointer (&recovered->file);
  recovered_free (recovered);
  return plan;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_draft_file_finalize (GObject *object)
{
  FerryDraftFile *self = FERRY_DRAFT_FILE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self->pending);
  if (self->file != NULL)
    live_remove (self->file);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (ferry_draft_file_parent_class)->finalize (object);
}

static void
ferry_draft_file_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryDraftFile *self = FERRY_DRAFT_FILE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_draft_file_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryDraftFile *self = FERRY_DRAFT_FILE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      /* Construct-only: set once. */
      g_set_object (&self->file, g_value_get_object (value));
      if (self->file != NULL)
        live_add (self->file);
      break;
    case PROP_DELAY:
      ferry_draft_file_set_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_draft_file_class_init (FerryDraftFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_draft_file_finalize;
  object_class->get_property = ferry_draft_file_get_property;
  object_class->set_property = ferry_draft_file_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 0, G_MAXUINT, DEFAULT_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_draft_file_init (FerryDraftFile *self)
{
  self->delay = DEFAULT_DELAY_MS;
}
