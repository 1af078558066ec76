/* ferry-environment-pane-search.c: the server search and its results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-environment-pane-private.h"

/* Search results shown at most (a search may find the whole project). */
#define SEARCH_LIMIT 1000

/* --- search --------------------------------------------------------------- */

static void
search_note_set (FerryEnvironmentPane *self,
                 guint                 shown,
                 guint                 found)
{
  g_autofree char *text = NULL;

  if (found > shown)
    text = g_strdup_printf (_("Showing the first %u of %u objects found. Type more of the name to narrow the search."),
                            shown, found);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object found", "%u objects found", found), found);
  gtk_label_set_label (self->search_note, text);
  gtk_widget_set_visible (GTK_WIDGET (self->search_note), TRUE);
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryEnvironmentPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint shown;

  objects = ferry_discovery_search_finish (FERRY_CONNECTION (source), result, &error);
  if (objects == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->searching = FALSE;
  gtk_spinner_set_spinning (self->search_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);

  if (objects == NULL)
    {
      self->search_error = ferry_api_error_describe (error);
      _ferry_environment_pane_update_page (self);
      return;
    }

  shown = MIN (objects->len, SEARCH_LIMIT);
  rows = g_ptr_array_new_full (shown, g_object_unref);
  for (guint i = 0; i < shown; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (objects, i);
      FerryObjectRow *row = ferry_object_row_new (info);

      ferry_object_row_set_location (row, ferry_object_info_get_path (info));
      g_ptr_array_add (rows, row);
    }
  for (guint i = 0; i < rows->len; i++)
    _ferry_environment_pane_apply_mark (self, g_ptr_array_index (rows, i));
  g_list_store_splice (self->search_results, 0, n_items (self->search_results), rows->pdata, rows->len);
  search_note_set (self, shown, objects->len);

  if (gtk_sort_list_model_get_model (self->sort_model) != G_LIST_MODEL (self->search_model))
    {
      gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->search_model));
      _ferry_environment_pane_notify_selected_ids (self);
    }
  _ferry_environment_pane_update_page (self);
}

void
_ferry_environment_pane_start_search (FerryEnvironmentPane *self)
{
  g_autoptr(FerrySearchQuery) query = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  renew_cancellable (&self->search_cancellable);
  g_clear_pointer (&self->search_error, g_free);

  if (*text == '\0')
    {
      _ferry_environment_pane_leave_search_mode (self);
      return;
    }

  self->search_mode = TRUE;
  if (self->connection == NULL || self->project_id == NULL || self->phase != PHASE_READY)
    return;

  self->searching = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), TRUE);
  gtk_spinner_set_spinning (self->search_spinner, TRUE);

  query = ferry_search_query_new ();
  ferry_search_query_set_name (query, text, FERRY_SEARCH_CONTAINS);
  query->get_ancestors = TRUE;
  ferry_discovery_search_async (self->connection, self->project_id, query, NULL, NULL, NULL,
                                self->search_cancellable, searched_cb, g_object_ref (self));
  _ferry_environment_pane_update_page (self);
}

void
_ferry_environment_pane_leave_search_mode (FerryEnvironmentPane *self)
{
  renew_cancellable (&self->search_cancellable);
  self->search_mode = FALSE;
  self->searching = FALSE;
  g_clear_pointer (&self->search_error, g_free);
  gtk_spinner_set_spinning (self->search_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->search_note), FALSE);
  if (gtk_sort_list_model_get_model (self->sort_model) != G_LIST_MODEL (self->tree_model))
    {
      gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->tree_model));
      _ferry_environment_pane_notify_selected_ids (self);
    }
  g_list_store_remove_all (self->search_results);
  _ferry_environment_pane_update_page (self);
}

void
_ferry_environment_pane_search_changed_cb (FerryEnvironmentPane *self)
{
  _ferry_environment_pane_start_search (self);
}

void
_ferry_environment_pane_stop_search_cb (FerryEnvironmentPane *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  _ferry_environment_pane_leave_search_mode (self);
}

