/* ferry-pager.c: reading an offset/limit endpoint page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-pager"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-pager.h"

#include "ferry-error.h"
#include "ferry-json.h"

#define DEFAULT_PAGE_SIZE 1000
#define DEFAULT_MAX_ITEMS 1000000

typedef struct
{
  FerryConnection   *connection;
  char              *path;
  char              *items_member;
  char              *total_member;
  guint              page_size;
  guint64            max_items;
  FerryRequestFlags  flags;
  char              *project_id;
  FerryPagerPageFunc page_func;
  gpointer           page_func_data;
  GDestroyNotify     page_func_notify;
  guint64            offset;
  gboolean           truncated;
} Run;

static void
run_free (Run *run)
{
  if (run->page_func_notify != NULL)
    g_clear_pointer (&run->page_func_data, run->page_func_notify);
  g_clear_object (&run->connection);
  g_free (run->path);
  g_free (run->items_member);
  g_free (run->total_member);
  g_free (run->project_id);
  g_free (run);
}

static void read_page (GTask *task);

static void
done (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  /* The caller's data goes before the callback runs. */
  if (run->page_func_notify != NULL)
    g_clear_pointer (&run->page_func_data, run->page_func_notify);
  g_task_return_int (task, (gssize) run->offset);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (FERRY_CONNECTION (object), result, NULL, &error);
  JsonObject *page;
  JsonArray *items;
  gint64 total = -1;
  guint length;
  guint64 offset = run->offset;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error == NULL)
        error = g_error_new_literal (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                     _("The server's list could not be understood"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  page = json_node_get_object (node);
  items = ferry_json_get_array (page, run->items_member);
  if (run->total_member != NULL && !ferry_json_get_int (page, run->total_member, &total))
    total = -1;
  length = items != NULL ? json_array_get_length (items) : 0;

  if (length > 0 && offset + length > run->max_items)
    {
      /* Bounded: hand over what fits and stop. */
      guint keep = (guint) (run->max_items - offset);
      g_autoptr(JsonArray) cut = json_array_sized_new (keep);

      for (guint i = 0; i < keep; i++)
        json_array_add_element (cut, json_node_copy (json_array_get_element (items, i)));
      run->offset += keep;
      run->truncated = TRUE;
      if (keep > 0)
        run->page_func (cut, offset, total, run->page_func_data);
      done (task);
      return;
    }

  run->offset += length;
  if (length > 0 && !run->page_func (items, offset, total, run->page_func_data))
    {
      done (task);
      return;
    }
  if (length == 0 || (total >= 0 && run->offset >= (guint64) total) ||
      (total < 0 && length < run->page_size))
    {
      done (task);
      return;
    }
  if (run->offset >= run->max_items)
    {
      run->truncated = TRUE;
      done (task);
      return;
    }
  read_page (g_steal_pointer (&task));
}

static void
read_page (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  path = g_strdup_printf ("%s%soffset=%" G_GUINT64_FORMAT "&limit=%u", run->path,
                          strchr (run->path, '?') != NULL ? "&" : "?", run->offset, run->page_size);
  ferry_connection_call_async (run->connection, "GET", path, run->project_id, NULL, run->flags,
                               g_task_get_cancellable (task), page_cb, task);
}

void
ferry_pager_run_async (FerryConnection         *connection,
                       const char              *path,
                       const FerryPagerOptions *options,
                       FerryPagerPageFunc       page_func,
                       gpointer                 page_func_data,
                       GDestroyNotify           page_func_notify,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (path != NULL);
  g_return_if_fail (options != NULL && options->items_member != NULL);
  g_return_if_fail (page_func != NULL);

  run = g_new0 (Run, 1);
  run->connection = g_object_ref (connection);
  run->path = g_strdup (path);
  run->items_member = g_strdup (options->items_member);
  run->total_member = g_strdup (options->total_member);
  run->page_size = options->page_size > 0 ? options->page_size : DEFAULT_PAGE_SIZE;
  run->max_items = options->max_items > 0 ? options->max_items : DEFAULT_MAX_ITEMS;
  run->flags = options->flags;
  run->project_id = g_strdup (options->project_id);
  run->page_func = page_func;
  run->page_func_data = page_func_data;
  run->page_func_notify = page_func_notify;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_pager_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  read_page (task);
}

gint64
ferry_pager_run_finish (GAsyncResult  *result,
                        gboolean      *truncated,
                        GError       **error)
{
  Run *run;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_pager_run_async, -1);

  run = g_task_get_task_data (G_TASK (result));
  if (truncated != NULL)
    *truncated = run->truncated;
  return g_task_propagate_int (G_TASK (result), error);
}
