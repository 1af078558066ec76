/* ferry-environment-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree is a chain of list models:
 *
 *   GtkColumnView ← GtkMultiSelection ← GtkFilterListModel (differences
 *   only) ← GtkSortListModel (GtkTreeListRowSorter over the column view's
 *   sorter) ← GtkTreeListModel (root: the project's top-level folders,
 *   listed by a FerryFolderModel; children: a child FerryFolderModel per
 *   folder row, see src/core/ferry-folder-model.h)
 *
 * While the search entry is not empty the sort model's model is swapped
 * for a flat GtkTreeListModel over the search results (no children), so
 * the same columns, marks and filter apply.
 *
 * GtkTreeListRow's "is the row expandable?" check creates a folder's
 * children model and drops it again, for every folder row that is bound
 * on screen. A folder's listing therefore must not start when its model
 * is created: FerryFolderModel starts it on the first question about its
 * items (get_n_items / get_item), which GtkTreeListModel asks only when
 * the row is expanded. The model is cached on the row, so collapsing and
 * expanding again does not list the folder again. Every folder model of a
 * project shares the pane's tree cancellable and wraps each listed object
 * in a FerryObjectRow that the pane adopts (marks, the id index).
 */

#define G_LOG_DOMAIN "ferry-environment-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-environment-pane-private.h"

G_DEFINE_ENUM_TYPE (FerryPaneSide, ferry_pane_side,
  G_DEFINE_ENUM_VALUE (FERRY_PANE_SIDE_SOURCE, "source"),
  G_DEFINE_ENUM_VALUE (FERRY_PANE_SIDE_TARGET, "target"))

/* ------------------------------------------------------------------------ */
/* The pane                                                                   */
/* ------------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (FerryEnvironmentPane, ferry_environment_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENVIRONMENTS,
  PROP_ENVIRONMENT,
  PROP_SIDE,
  PROP_PROJECT_ID,
  PROP_PROJECT_NAME,
  PROP_CONNECTION,
  PROP_COMPARE_RESULT,
  PROP_DIFFERENCES_ONLY,
  PROP_SELECTED_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OBJECT_ACTIVATED,
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_CONNECT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_ferry_environment_pane_notify_selected_ids (FerryEnvironmentPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_IDS]);
}

static void load_projects (FerryEnvironmentPane *self);

/* The wrap function of the pane's folder models: each listed object
 * becomes a row of the tree, known by its id and marked. */
static gpointer
tree_row_new_cb (FerryObjectInfo *info,
                 gpointer         user_data)
{
  FerryEnvironmentPane *self = user_data;
  FerryObjectRow *row = ferry_object_row_new (info);

  g_hash_table_replace (self->rows, (gpointer) ferry_object_row_get_id (row), g_object_ref (row));
  _ferry_environment_pane_apply_mark (self, row);
  return row;
}

/* --- the tree ------------------------------------------------------------ */

/* A folder row shows its listing: a spinner while it runs, its error. */
static void
folder_loading_cb (FerryFolderModel *model,
                   GParamSpec       *pspec,
                   FerryObjectRow   *row)
{
  const GError *error = ferry_folder_model_get_error (model);

  ferry_object_row_set_loading (row, ferry_folder_model_get_loading (model));
  if (ferry_folder_model_get_loading (model))
    return;
  if (error != NULL)
    {
      g_autofree char *message = ferry_api_error_describe (error);

      ferry_object_row_set_error (row, message);
    }
  else if (ferry_folder_model_get_loaded (model))
    {
      ferry_object_row_set_error (row, NULL);
    }
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  FerryEnvironmentPane *self = user_data;
  FerryObjectRow *row = item;
  GListModel *children;

  if (!ferry_object_row_is_folder (row) || self->top == NULL)
    return NULL;

  children = ferry_object_row_get_children (row);
  if (children == NULL)
    {
      g_autoptr(FerryFolderModel) model = ferry_folder_model_new_child (self->top, ferry_object_row_get_id (row));

      g_signal_connect_object (model, "notify::loading", G_CALLBACK (folder_loading_cb), row, 0);
      ferry_object_row_set_children (row, G_LIST_MODEL (model));
      children = G_LIST_MODEL (model);
    }

  return g_object_ref (children);
}

static GListModel *
no_children_cb (gpointer item,
                gpointer user_data)
{
  return NULL;
}

static void
reset_tree (FerryEnvironmentPane *self)
{
  renew_cancellable (&self->tree_cancellable);
  renew_cancellable (&self->search_cancellable);
  _ferry_environment_pane_cancel_select (self);
  _ferry_environment_pane_cancel_reveal (self);
  g_clear_object (&self->focus_item);
  g_clear_object (&self->top);
  g_list_store_remove_all (self->root);
  g_list_store_remove_all (self->search_results);
  g_hash_table_remove_all (self->rows);
  self->searching = FALSE;
  g_clear_pointer (&self->search_error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
  gtk_spinner_set_spinning (self->search_spinner, FALSE);
}

static void
set_project (FerryEnvironmentPane *self,
             const char           *id,
             const char           *name)
{
  if (g_strcmp0 (self->project_id, id) != 0)
    {
      g_free (self->project_id);
      self->project_id = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ID]);
    }
  if (g_strcmp0 (self->project_name, name) != 0)
    {
      g_free (self->project_name);
      self->project_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_NAME]);
    }
}

/* Forgets everything listed from the connection. */
static void
reset_listing (FerryEnvironmentPane *self)
{
  renew_cancellable (&self->cancellable);
  reset_tree (self);
  self->syncing++;
  g_list_store_remove_all (self->projects);
  self->syncing--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->project_dropdown), FALSE);
  set_project (self, NULL, NULL);
  self->phase = PHASE_NONE;
  g_clear_pointer (&self->load_error, g_free);
}

static void
top_folders_loading_cb (FerryEnvironmentPane *self)
{
  const GError *error = ferry_folder_model_get_error (self->top);
  g_autoptr(GPtrArray) rows = NULL;
  guint n;

  if (ferry_folder_model_get_loading (self->top))
    return;
  if (error != NULL)
    {
      self->phase = PHASE_FAILED;
      self->retry_kind = RETRY_FOLDERS;
      g_free (self->load_error);
      self->load_error = ferry_api_error_describe (error);
      _ferry_environment_pane_update_page (self);
      return;
    }
  if (!ferry_folder_model_get_loaded (self->top))
    return;   /* cancelled */

  n = g_list_model_get_n_items (G_LIST_MODEL (self->top));
  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->top), i));
  g_list_store_splice (self->root, 0, n_items (self->root), rows->pdata, rows->len);

  self->phase = PHASE_READY;
  _ferry_environment_pane_update_page (self);

  if (self->search_mode)
    _ferry_environment_pane_start_search (self);

  if (self->pending_select_id != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_select_id);

      ferry_environment_pane_select_object_full (self, id, self->pending_select_type);
    }
}

static void
list_top_folders (FerryEnvironmentPane *self)
{
  g_autofree char *pending = g_steal_pointer (&self->pending_select_id);

  reset_tree (self);
  self->pending_select_id = g_steal_pointer (&pending);
  if (self->connection == NULL || self->project_id == NULL)
    return;

  self->phase = PHASE_FOLDERS;
  _ferry_environment_pane_update_page (self);
  self->top = ferry_folder_model_new (self->connection, self->project_id, NULL, self->tree_cancellable);
  ferry_folder_model_set_wrap_func (self->top, FERRY_TYPE_OBJECT_ROW, tree_row_new_cb, self, NULL);
  g_signal_connect_object (self->top, "notify::loading", G_CALLBACK (top_folders_loading_cb), self,
                           G_CONNECT_SWAPPED);
  ferry_folder_model_load (self->top);
}

static void
choose_project (FerryEnvironmentPane *self,
                FerryProject         *project)
{
  if (project == NULL)
    {
      reset_tree (self);
      set_project (self, NULL, NULL);
      _ferry_environment_pane_update_page (self);
      return;
    }

  set_project (self, ferry_project_get_id (project), ferry_project_get_name (project));
  list_top_folders (self);
}

static guint
find_project (FerryEnvironmentPane *self,
              const char           *id)
{
  for (guint i = 0; id != NULL && i < n_items (self->projects); i++)
    {
      g_autoptr(FerryProject) project = g_list_model_get_item (G_LIST_MODEL (self->projects), i);

      if (g_ascii_strcasecmp (ferry_project_get_id (project), id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
projects_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FerryEnvironmentPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(FerryProject) chosen = NULL;
  guint position;

  projects = ferry_discovery_list_projects_finish (FERRY_CONNECTION (source), result, &error);
  if (projects == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->phase = PHASE_FAILED;
      self->retry_kind = RETRY_PROJECTS;
      g_free (self->load_error);
      self->load_error = ferry_api_error_describe (error);
      _ferry_environment_pane_update_page (self);
      return;
    }

  self->syncing++;
  g_list_store_splice (self->projects, 0, n_items (self->projects), projects->pdata, projects->len);
  position = find_project (self, self->wanted_project_id);
  if (position == GTK_INVALID_LIST_POSITION)
    position = find_project (self, self->project_id);
  if (position == GTK_INVALID_LIST_POSITION && projects->len > 0)
    position = 0;
  gtk_drop_down_set_selected (self->project_dropdown, position);
  self->syncing--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->project_dropdown), projects->len > 0);

  if (position == GTK_INVALID_LIST_POSITION)
    {
      self->phase = PHASE_READY;
      choose_project (self, NULL);
      return;
    }

  chosen = g_list_model_get_item (G_LIST_MODEL (self->projects), position);
  choose_project (self, chosen);
}

static void
load_projects (FerryEnvironmentPane *self)
{
  if (self->connection == NULL)
    return;

  renew_cancellable (&self->cancellable);
  self->phase = PHASE_PROJECTS;
  g_clear_pointer (&self->load_error, g_free);
  _ferry_environment_pane_update_page (self);
  ferry_discovery_list_projects_async (self->connection, self->cancellable,
                                       projects_listed_cb, g_object_ref (self));
}

/* --- pages and the connection state --------------------------------------- */

static void
show_page (FerryEnvironmentPane *self,
           const char           *name)
{
  /* Without environments the status page says it all. */
  gtk_widget_set_visible (self->header_box, g_strcmp0 (name, "no-environments") != 0);
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
show_loading (FerryEnvironmentPane *self,
              const char           *text)
{
  gtk_label_set_label (self->loading_label, text);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  show_page (self, "loading");
}

static void
show_error (FerryEnvironmentPane *self,
            const char           *title,
            const char           *description,
            RetryKind             retry_kind)
{
  self->retry_kind = retry_kind;
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  show_page (self, "error");
}

static void
update_state_indicator (FerryEnvironmentPane *self)
{
  FerryConnectionState state = FERRY_CONNECTION_STATE_DISCONNECTED;
  const char *icon_name = "network-offline-symbolic";
  const char *label = _("Not connected");
  const char *css_class = "dim-label";
  g_autofree char *tooltip = NULL;

  if (self->environment != NULL)
    state = ferry_environment_get_state (self->environment);

  switch (state)
    {
    case FERRY_CONNECTION_STATE_CONNECTING:
      icon_name = NULL;
      label = _("Connecting…");
      css_class = "dim-label";
      break;
    case FERRY_CONNECTION_STATE_CONNECTED:
      icon_name = "emblem-ok-symbolic";
      label = _("Connected");
      css_class = "success";
      /* Translators: the tooltip of "Connected": user name, then the server's address */
      tooltip = g_strdup_printf (_("Connected as %s to %s"),
                                 ferry_environment_get_username (self->environment),
                                 ferry_environment_get_base_url (self->environment));
      break;
    case FERRY_CONNECTION_STATE_FAILED:
      icon_name = "dialog-error-symbolic";
      label = _("Failed");
      css_class = "error";
      tooltip = g_strdup (ferry_environment_get_last_error (self->environment));
      break;
    case FERRY_CONNECTION_STATE_DISCONNECTED:
    default:
      break;
    }

  gtk_widget_set_visible (self->state_box, self->environment != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->state_spinner), icon_name == NULL);
  gtk_spinner_set_spinning (self->state_spinner, icon_name == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_label_set_label (self->state_label, label);
  gtk_widget_set_tooltip_text (self->state_box, tooltip);

  gtk_widget_remove_css_class (self->state_box, "dim-label");
  gtk_widget_remove_css_class (self->state_box, "success");
  gtk_widget_remove_css_class (self->state_box, "error");
  gtk_widget_add_css_class (self->state_box, css_class);
}

void
_ferry_environment_pane_update_page (FerryEnvironmentPane *self)
{
  g_autofree char *text = NULL;
  const char *name;

  gboolean ready = self->environment != NULL && self->connection != NULL &&
                  self->phase == PHASE_READY && self->project_id != NULL;

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->project_dropdown), n_items (self->projects) > 0);
  gtk_widget_set_visible (self->search_box, ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), ready);

  if (self->environment == NULL)
    {
      if (n_items (self->environments) == 0)
        {
          show_page (self, "no-environments");
          return;
        }
      gtk_widget_set_visible (self->connect_button, FALSE);
      if (n_items (self->environments) == 1)
        {
          /* The other pane shows the only one: comparing needs another. */
          adw_status_page_set_title (self->not_connected_page, _("Add a Second Environment"));
          adw_status_page_set_description (self->not_connected_page,
                                           _("Compare and migrate between two servers: add the one to compare with, or choose the same environment above to compare it with itself."));
          gtk_widget_add_css_class (self->add_another_button, "suggested-action");
        }
      else
        {
          adw_status_page_set_title (self->not_connected_page, _("Choose an Environment"));
          adw_status_page_set_description (self->not_connected_page,
                                           _("Pick one of the saved environments above to see its projects, or add another."));
          gtk_widget_remove_css_class (self->add_another_button, "suggested-action");
        }
      gtk_widget_set_visible (self->add_another_button, TRUE);
      show_page (self, "not-connected");
      return;
    }

  name = ferry_environment_get_name (self->environment);

  switch (ferry_environment_get_state (self->environment))
    {
    case FERRY_CONNECTION_STATE_DISCONNECTED:
      adw_status_page_set_title (self->not_connected_page, _("Not Connected"));
      text = g_strdup_printf (_("Connect to %s to see its projects."), name);
      adw_status_page_set_description (self->not_connected_page, text);
      gtk_widget_set_visible (self->connect_button, TRUE);
      gtk_widget_set_visible (self->add_another_button, FALSE);
      show_page (self, "not-connected");
      return;

    case FERRY_CONNECTION_STATE_CONNECTING:
      text = g_strdup_printf (_("Connecting to %s…"), name);
      show_loading (self, text);
      return;

    case FERRY_CONNECTION_STATE_FAILED:
      {
        const char *error = ferry_environment_get_last_error (self->environment);

        text = g_strdup_printf (_("Could Not Connect to %s"), name);
        show_error (self, text, error != NULL ? error : _("The connection failed."), RETRY_CONNECT);
      }
      return;

    case FERRY_CONNECTION_STATE_CONNECTED:
    default:
      break;
    }

  switch (self->phase)
    {
    case PHASE_NONE:
    case PHASE_PROJECTS:
      show_loading (self, _("Loading projects…"));
      return;

    case PHASE_FAILED:
      show_error (self,
                  self->retry_kind == RETRY_PROJECTS ? _("Could Not List the Projects")
                                                      : _("Could Not Open the Project"),
                  self->load_error, self->retry_kind);
      return;

    case PHASE_FOLDERS:
      text = g_strdup_printf (_("Loading %s…"), self->project_name);
      show_loading (self, text);
      return;

    case PHASE_READY:
    default:
      break;
    }

  if (n_items (self->projects) == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Projects"));
      text = g_strdup_printf (_("%s sees no project on %s."),
                              ferry_environment_get_username (self->environment), name);
      adw_status_page_set_description (self->empty_page, text);
      show_page (self, "empty");
      return;
    }

  if (self->search_mode)
    {
      if (self->search_error != NULL)
        {
          show_error (self, _("The Search Failed"), self->search_error, RETRY_SEARCH);
          return;
        }
      if (!self->searching && n_items (self->search_results) == 0)
        {
          adw_status_page_set_title (self->no_results_page, _("No Results"));
          text = g_strdup_printf (_("No object in %s has “%s” in its name."),
                                  self->project_name,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
          adw_status_page_set_description (self->no_results_page, text);
          show_page (self, "no-results");
          return;
        }
    }
  else if (n_items (self->root) == 0)
    {
      adw_status_page_set_title (self->empty_page, _("Empty Project"));
      text = g_strdup_printf (_("%s has no folders."), self->project_name);
      adw_status_page_set_description (self->empty_page, text);
      show_page (self, "empty");
      return;
    }

  if (n_items (self->filter_model) == 0 && self->differences_only && self->compare_result != NULL)
    {
      adw_status_page_set_title (self->no_results_page, _("No Differences"));
      adw_status_page_set_description (self->no_results_page,
                                       self->search_mode
                                       ? _("Every object found is the same in both environments.")
                                       : _("Every object is the same in both environments."));
      show_page (self, "no-results");
      return;
    }

  show_page (self, "tree");
}

static void
environment_changed_cb (FerryEnvironmentPane *self)
{
  FerryConnection *connection = NULL;

  if (self->environment != NULL &&
      ferry_environment_get_state (self->environment) == FERRY_CONNECTION_STATE_CONNECTED)
    connection = ferry_environment_get_connection (self->environment);

  /* A connection that fails and comes back (a session renewed) keeps
   * what was listed; a new connection lists everything again. */
  if (connection != NULL && connection != self->connection)
    {
      reset_listing (self);
      g_set_object (&self->connection, connection);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
      load_projects (self);
    }
  else if (self->environment == NULL ||
           ferry_environment_get_connection (self->environment) != self->connection)
    {
      if (self->connection != NULL)
        {
          reset_listing (self);
          g_clear_object (&self->connection);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
        }
    }

  update_state_indicator (self);
  _ferry_environment_pane_update_page (self);
}

/* Points *SLOT (a GObject the pane watches) at OBJECT: the pane's handlers
 * on the old object go, the caller connects the new one's. FALSE when
 * nothing changes. */
static gboolean
swap_watched (FerryEnvironmentPane *self,
              gpointer              slot,
              gpointer              object)
{
  GObject **watched = slot;

  if (*watched == object)
    return FALSE;
  if (*watched != NULL)
    g_signal_handlers_disconnect_by_data (*watched, self);
  g_set_object (watched, object);
  return TRUE;
}

static guint
find_environment (FerryEnvironmentPane *self,
                  FerryEnvironment     *environment)
{
  for (guint i = 0; environment != NULL && i < n_items (self->environments); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->environments, i);

      if (item == (GObject *) environment)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The drop-down shows the environments, or the pane's environment alone
 * when it is not one of them (or there is no list). */
static void
sync_environment_dropdown (FerryEnvironmentPane *self)
{
  guint position = find_environment (self, self->environment);
  GListModel *model = self->environments;

  self->syncing++;
  if (self->environment != NULL && position == GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(GObject) shown = n_items (self->lone) == 1 ? g_list_model_get_item (G_LIST_MODEL (self->lone), 0)
                                                         : NULL;

      if (shown != (GObject *) self->environment)
        {
          g_list_store_remove_all (self->lone);
          g_list_store_append (self->lone, self->environment);
        }
      model = G_LIST_MODEL (self->lone);
      position = 0;
    }
  if (gtk_drop_down_get_model (self->environment_dropdown) != model)
    gtk_drop_down_set_model (self->environment_dropdown, model);
  gtk_drop_down_set_selected (self->environment_dropdown, position);
  self->syncing--;
}

static void
set_environment (FerryEnvironmentPane *self,
                 FerryEnvironment     *environment,
                 gboolean              by_user)
{
  /* The wanted project stays: the same project id on another server
   * (a copy of the project) is the one to show there too. */
  if (!swap_watched (self, &self->environment, environment))
    return;

  if (environment != NULL)
    {
      g_signal_connect_swapped (environment, "notify::state", G_CALLBACK (environment_changed_cb), self);
      g_signal_connect_swapped (environment, "notify::connection", G_CALLBACK (environment_changed_cb), self);
      g_signal_connect_swapped (environment, "notify::last-error", G_CALLBACK (environment_changed_cb), self);
    }

  sync_environment_dropdown (self);
  environment_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);

  if (by_user && environment != NULL &&
      ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_DISCONNECTED)
    g_signal_emit (self, signals[SIGNAL_CONNECT_REQUESTED], 0, environment);
}

static void
environment_selected_cb (FerryEnvironmentPane *self)
{
  gpointer item;

  if (self->syncing > 0)
    return;
  item = gtk_drop_down_get_selected_item (self->environment_dropdown);
  if (item == NULL || item == (gpointer) self->environment)
    return;
  set_environment (self, FERRY_ENVIRONMENT (item), TRUE);
}

static void
project_selected_cb (FerryEnvironmentPane *self)
{
  FerryProject *project;

  if (self->syncing > 0)
    return;
  project = gtk_drop_down_get_selected_item (self->project_dropdown);
  if (project == NULL || g_strcmp0 (ferry_project_get_id (project), self->project_id) == 0)
    return;
  g_free (self->wanted_project_id);
  self->wanted_project_id = g_strdup (ferry_project_get_id (project));
  choose_project (self, project);
}

/* The drop-down follows the model's changes on its own (and may select
 * another item while doing so): the pane ignores its selection during the
 * change, then puts its own environment back. */
static void
environments_changing_cb (FerryEnvironmentPane *self)
{
  self->syncing++;
}

static void
environments_changed_cb (FerryEnvironmentPane *self)
{
  self->syncing--;
  if (self->environment != NULL && find_environment (self, self->environment) == GTK_INVALID_LIST_POSITION)
    set_environment (self, NULL, FALSE);
  sync_environment_dropdown (self);
  _ferry_environment_pane_update_page (self);
}

/* --- template callbacks --------------------------------------------------- */

static void
connect_clicked_cb (FerryEnvironmentPane *self)
{
  if (self->environment != NULL)
    g_signal_emit (self, signals[SIGNAL_CONNECT_REQUESTED], 0, self->environment);
}

static void
retry_clicked_cb (FerryEnvironmentPane *self)
{
  switch (self->retry_kind)
    {
    case RETRY_CONNECT:
      connect_clicked_cb (self);
      break;
    case RETRY_PROJECTS:
      load_projects (self);
      break;
    case RETRY_FOLDERS:
      list_top_folders (self);
      break;
    case RETRY_SEARCH:
      _ferry_environment_pane_start_search (self);
      break;
    default:
      break;
    }
}

static void
column_view_activate_cb (FerryEnvironmentPane *self,
                         guint                 position)
{
  g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(FerryObjectRow) row = NULL;

  if (tree_row == NULL)
    return;
  row = gtk_tree_list_row_get_item (tree_row);

  if (gtk_tree_list_row_is_expandable (tree_row))
    gtk_tree_list_row_set_expanded (tree_row, !gtk_tree_list_row_get_expanded (tree_row));
  else
    g_signal_emit (self, signals[SIGNAL_OBJECT_ACTIVATED], 0,
                   ferry_object_info_get_id (ferry_object_row_get_info (row)));
}

static void
selection_changed_cb (FerryEnvironmentPane *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_IDS]);
  if (self->selecting == 0)
    g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
filter_items_changed_cb (FerryEnvironmentPane *self)
{
  /* "No differences" comes and goes with the filter. */
  if (self->phase == PHASE_READY)
    _ferry_environment_pane_update_page (self);
}

/* --- GObject ---------------------------------------------------------------- */

static void
ferry_environment_pane_dispose (GObject *object)
{
  FerryEnvironmentPane *self = FERRY_ENVIRONMENT_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->tree_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  _ferry_environment_pane_cancel_select (self);
  _ferry_environment_pane_cancel_reveal (self);
  _ferry_environment_pane_clear_columns (self);
  g_clear_object (&self->focus_item);
  g_clear_object (&self->top);
  if (self->scroll_tick != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->scroll_tick);
  self->scroll_tick = 0;

  if (self->environment != NULL)
    g_signal_handlers_disconnect_by_data (self->environment, self);
  if (self->environments != NULL)
    g_signal_handlers_disconnect_by_data (self->environments, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_ENVIRONMENT_PANE);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->search_model);
  g_clear_object (&self->root);
  g_clear_object (&self->search_results);
  g_clear_object (&self->projects);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->environments);
  g_clear_object (&self->lone);
  g_clear_object (&self->environment);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (ferry_environment_pane_parent_class)->dispose (object);
}

static void
ferry_environment_pane_finalize (GObject *object)
{
  FerryEnvironmentPane *self = FERRY_ENVIRONMENT_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->tree_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->compare_result, ferry_compare_result_unref);
  g_free (self->project_id);
  g_free (self->project_name);
  g_free (self->wanted_project_id);
  g_free (self->load_error);
  g_free (self->search_error);
  g_free (self->shown_difference);

  G_OBJECT_CLASS (ferry_environment_pane_parent_class)->finalize (object);
}

static void
ferry_environment_pane_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FerryEnvironmentPane *self = FERRY_ENVIRONMENT_PANE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      g_value_set_object (value, self->environments);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;
    case PROP_SIDE:
      g_value_set_enum (value, self->side);
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;
    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project_name);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_COMPARE_RESULT:
      g_value_set_boxed (value, self->compare_result);
      break;
    case PROP_DIFFERENCES_ONLY:
      g_value_set_boolean (value, self->differences_only);
      break;
    case PROP_SELECTED_IDS:
      g_value_take_boxed (value, ferry_environment_pane_dup_selected_ids (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_environment_pane_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  FerryEnvironmentPane *self = FERRY_ENVIRONMENT_PANE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      ferry_environment_pane_set_environments (self, g_value_get_object (value));
      break;
    case PROP_ENVIRONMENT:
      ferry_environment_pane_set_environment (self, g_value_get_object (value));
      break;
    case PROP_SIDE:
      self->side = g_value_get_enum (value);
      break;
    case PROP_COMPARE_RESULT:
      ferry_environment_pane_set_compare_result (self, g_value_get_boxed (value));
      break;
    case PROP_DIFFERENCES_ONLY:
      ferry_environment_pane_set_differences_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Cells ask for their tooltips when one is about to show. Binding
 * "tooltip-text" instead costs GTK 4.8 a round trip to the X server per
 * cell and bind (it looks where the pointer is): with five per row, a
 * quarter of a second for a screenful of rows appearing. The handlers get
 * the cell's GtkListItem (the row templates' object). */
static gboolean
row_query_tooltip (GtkListItem *list_item,
                   const char  *property,
                   GtkTooltip  *tooltip)
{
  GtkTreeListRow *tree_row = GTK_IS_LIST_ITEM (list_item) ? gtk_list_item_get_item (list_item) : NULL;
  g_autoptr(FerryObjectRow) row = tree_row != NULL ? gtk_tree_list_row_get_item (tree_row) : NULL;
  g_autofree char *text = NULL;

  if (!FERRY_IS_OBJECT_ROW (row))
    return FALSE;
  g_object_get (row, property, &text, NULL);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

#define ROW_TOOLTIP_CB(name, property)                                      \
  static gboolean                                                           \
  name (GtkWidget   *widget,                                                \
        int          x,                                                     \
        int          y,                                                     \
        gboolean     keyboard,                                              \
        GtkTooltip  *tooltip,                                               \
        GtkListItem *list_item)                                             \
  {                                                                         \
    return row_query_tooltip (list_item, property, tooltip);                \
  }

ROW_TOOLTIP_CB (location_query_tooltip_cb, "location")
ROW_TOOLTIP_CB (error_query_tooltip_cb, "error")
ROW_TOOLTIP_CB (mark_query_tooltip_cb, "mark-tooltip")
ROW_TOOLTIP_CB (modified_query_tooltip_cb, "modified-tooltip")
ROW_TOOLTIP_CB (version_query_tooltip_cb, "version")

/* One Tab stop for the tree. GTK 4.8's list views move the focus row by
 * row on Tab (GtkListBase's focus()); the rows are walked with the arrow
 * keys, so Tab leaves the tree: forward past the pane (nothing focusable
 * follows the tree in it), backward to the header's last control. Coming
 * in, the tree's focus() puts the focus on its cursor row as before. */
static gboolean
ferry_environment_pane_focus (GtkWidget        *widget,
                              GtkDirectionType  direction)
{
  FerryEnvironmentPane *self = FERRY_ENVIRONMENT_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *tree = GTK_WIDGET (self->column_view);

  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      focus != NULL && (focus == tree || gtk_widget_is_ancestor (focus, tree)))
    {
      if (direction == GTK_DIR_TAB_FORWARD)
        return FALSE;
      return gtk_widget_get_visible (self->header_box) &&
             gtk_widget_child_focus (self->header_box, GTK_DIR_TAB_BACKWARD);
    }

  return GTK_WIDGET_CLASS (ferry_environment_pane_parent_class)->focus (widget, direction);
}

/* The tree's width changed (the scrolled window's page): fit the columns.
 * (AdwBin allocates through its layout manager, so no size_allocate here.) */
static void
tree_width_changed_cb (FerryEnvironmentPane *self,
                       GtkAdjustment        *adjustment)
{
  _ferry_environment_pane_fit_columns (self, (int) gtk_adjustment_get_page_size (adjustment), FALSE);
}

static void
ferry_environment_pane_class_init (FerryEnvironmentPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_environment_pane_dispose;
  object_class->finalize = ferry_environment_pane_finalize;
  object_class->get_property = ferry_environment_pane_get_property;
  object_class->set_property = ferry_environment_pane_set_property;
  widget_class->focus = ferry_environment_pane_focus;

  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, FERRY_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDE] =
    g_param_spec_enum ("side", NULL, NULL, FERRY_TYPE_PANE_SIDE, FERRY_PANE_SIDE_SOURCE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_NAME] =
    g_param_spec_string ("project-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE_RESULT] =
    g_param_spec_boxed ("compare-result", NULL, NULL, FERRY_TYPE_COMPARE_RESULT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFFERENCES_ONLY] =
    g_param_spec_boolean ("differences-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_IDS] =
    g_param_spec_boxed ("selected-ids", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OBJECT_ACTIVATED] =
    g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CONNECT_REQUESTED] =
    g_signal_new ("connect-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_ENVIRONMENT);

  g_type_ensure (FERRY_TYPE_OBJECT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferryapp/Ferry/ferry-environment-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, header_box);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, search_box);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, environment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, state_box);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, state_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, project_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, not_connected_page);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, connect_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, add_another_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, add_environment_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, try_demo_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, loading_label);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, column_view);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, name_column);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, type_column);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, status_column);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, modified_column);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, version_column);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, owner_column);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentPane, search_note);
  gtk_widget_class_bind_template_callback (widget_class, location_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, mark_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, modified_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, version_query_tooltip_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "search_changed_cb",
                                                G_CALLBACK (_ferry_environment_pane_search_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "stop_search_cb",
                                                G_CALLBACK (_ferry_environment_pane_stop_search_cb));
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_set_css_name (widget_class, "ferry-environment-pane");
}

static void
name_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
name_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  g_autofree char *name = NULL;

  /* FerryEnvironment and FerryProject both have a "name" that never changes. */
  g_object_get (gtk_list_item_get_item (item), "name", &name, NULL);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), name);
}

static GtkListItemFactory *
name_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (name_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (name_item_bind_cb), NULL);
  return factory;
}

static void
ferry_environment_pane_init (FerryEnvironmentPane *self)
{
  g_autoptr(GtkListItemFactory) environment_factory = name_factory_new ();
  g_autoptr(GtkListItemFactory) project_factory = name_factory_new ();
  g_autoptr(GtkExpression) environment_name = NULL;
  g_autoptr(GtkExpression) project_name = NULL;
  GtkSorter *row_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->columns_shown = G_MAXUINT;   /* fitted at the first allocation */
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (tree_width_changed_cb), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();
  self->tree_cancellable = g_cancellable_new ();
  self->search_cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  self->lone = g_list_store_new (FERRY_TYPE_ENVIRONMENT);

  /* Drop-downs: ellipsized names, so that the pane can be narrow. */
  environment_name = gtk_property_expression_new (FERRY_TYPE_ENVIRONMENT, NULL, "name");
  gtk_drop_down_set_expression (self->environment_dropdown, environment_name);
  gtk_drop_down_set_factory (self->environment_dropdown, environment_factory);
  g_signal_connect_swapped (self->environment_dropdown, "notify::selected",
                            G_CALLBACK (environment_selected_cb), self);

  self->projects = g_list_store_new (FERRY_TYPE_PROJECT);
  project_name = gtk_property_expression_new (FERRY_TYPE_PROJECT, NULL, "name");
  gtk_drop_down_set_expression (self->project_dropdown, project_name);
  gtk_drop_down_set_factory (self->project_dropdown, project_factory);
  gtk_drop_down_set_model (self->project_dropdown, G_LIST_MODEL (self->projects));
  g_signal_connect_swapped (self->project_dropdown, "notify::selected",
                            G_CALLBACK (project_selected_cb), self);

  gtk_search_entry_set_search_delay (self->search_entry, 300);

  /* The models; the column factories are already set (in the template). */
  self->root = g_list_store_new (FERRY_TYPE_OBJECT_ROW);
  self->tree_model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->root)), FALSE, FALSE,
                                              create_children_cb, self, NULL);
  self->search_results = g_list_store_new (FERRY_TYPE_OBJECT_ROW);
  self->search_model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->search_results)),
                                                FALSE, FALSE, no_children_cb, NULL, NULL);
  row_sorter = GTK_SORTER (gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (self->column_view))));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->tree_model)), row_sorter);
  self->filter = gtk_custom_filter_new (_ferry_environment_pane_filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (filter_items_changed_cb), self);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  update_state_indicator (self);
  _ferry_environment_pane_update_page (self);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

GtkWidget *
ferry_environment_pane_new (FerryPaneSide side)
{
  return g_object_new (FERRY_TYPE_ENVIRONMENT_PANE, "side", side, NULL);
}

FerryPaneSide
ferry_environment_pane_get_side (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), FERRY_PANE_SIDE_SOURCE);
  return self->side;
}

void
ferry_environment_pane_set_environments (FerryEnvironmentPane *self,
                                         GListModel           *environments)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  if (!swap_watched (self, &self->environments, environments))
    return;

  /* Before the drop-down connects to the model, and after everyone. */
  if (environments != NULL)
    {
      g_signal_connect_swapped (environments, "items-changed", G_CALLBACK (environments_changing_cb), self);
      g_signal_connect_data (environments, "items-changed", G_CALLBACK (environments_changed_cb), self,
                             NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }

  sync_environment_dropdown (self);

  _ferry_environment_pane_update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

FerryEnvironment *
ferry_environment_pane_get_environment (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);
  return self->environment;
}

void
ferry_environment_pane_set_environment (FerryEnvironmentPane *self,
                                        FerryEnvironment     *environment)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));
  g_return_if_fail (environment == NULL || FERRY_IS_ENVIRONMENT (environment));

  set_environment (self, environment, FALSE);
}

const char *
ferry_environment_pane_get_project_id (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);
  return self->project_id;
}

const char *
ferry_environment_pane_get_project_name (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);
  return self->project_name;
}

void
ferry_environment_pane_set_project_id (FerryEnvironmentPane *self,
                                       const char           *project_id)
{
  guint position;

  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));

  g_free (self->wanted_project_id);
  self->wanted_project_id = g_strdup (project_id);

  if (project_id == NULL || self->phase == PHASE_PROJECTS)
    return;
  if (self->project_id != NULL && g_ascii_strcasecmp (self->project_id, project_id) == 0)
    return;

  position = find_project (self, project_id);
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(FerryProject) project = g_list_model_get_item (G_LIST_MODEL (self->projects), position);

      self->syncing++;
      gtk_drop_down_set_selected (self->project_dropdown, position);
      self->syncing--;
      choose_project (self, project);
    }
}

FerryConnection *
ferry_environment_pane_get_connection (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);
  return self->connection;
}

void
ferry_environment_pane_set_compare_result (FerryEnvironmentPane *self,
                                           FerryCompareResult   *result)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));

  if (self->compare_result == result)
    return;

  _ferry_environment_pane_cancel_reveal (self);
  g_clear_pointer (&self->shown_difference, g_free);
  g_clear_pointer (&self->compare_result, ferry_compare_result_unref);
  if (result != NULL)
    self->compare_result = ferry_compare_result_ref (result);

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    _ferry_environment_pane_apply_mark (self, row);
  for (guint i = 0; i < n_items (self->search_results); i++)
    {
      g_autoptr(FerryObjectRow) search_row = g_list_model_get_item (G_LIST_MODEL (self->search_results), i);

      _ferry_environment_pane_apply_mark (self, search_row);
    }

  /* The Status column comes or goes: the others make room for it. */
  _ferry_environment_pane_fit_columns (self, gtk_widget_get_width (GTK_WIDGET (self->scrolled_window)), TRUE);
  if (self->differences_only)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_RESULT]);
  _ferry_environment_pane_update_page (self);
}

FerryCompareResult *
ferry_environment_pane_get_compare_result (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);
  return self->compare_result;
}

void
ferry_environment_pane_set_differences_only (FerryEnvironmentPane *self,
                                             gboolean              differences_only)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));

  differences_only = !!differences_only;
  if (self->differences_only == differences_only)
    return;

  self->differences_only = differences_only;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      differences_only ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFFERENCES_ONLY]);
  _ferry_environment_pane_update_page (self);
}

gboolean
ferry_environment_pane_get_differences_only (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), FALSE);
  return self->differences_only;
}

GStrv
ferry_environment_pane_dup_selected_ids (FerryEnvironmentPane *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);

  if (self->selection == NULL)
    return g_strv_builder_end (builder);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      g_autoptr(FerryObjectRow) row = NULL;

      if (tree_row == NULL)
        continue;
      row = gtk_tree_list_row_get_item (tree_row);
      g_strv_builder_add (builder, ferry_object_info_get_id (ferry_object_row_get_info (row)));
    }

  return g_strv_builder_end (builder);
}

FerryObjectInfo *
ferry_environment_pane_lookup_object (FerryEnvironmentPane *self,
                                      const char           *object_id)
{
  g_autofree char *id = NULL;
  FerryObjectRow *row;

  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);
  g_return_val_if_fail (object_id != NULL, NULL);

  id = g_ascii_strup (object_id, -1);
  row = g_hash_table_lookup (self->rows, id);
  if (row != NULL)
    return ferry_object_row_get_info (row);

  for (guint i = 0; i < n_items (self->search_results); i++)
    {
      g_autoptr(FerryObjectRow) search_row = g_list_model_get_item (G_LIST_MODEL (self->search_results), i);

      if (g_strcmp0 (ferry_object_row_get_id (search_row), id) == 0)
        return ferry_object_row_get_info (search_row);
    }
  return NULL;
}

void
ferry_environment_pane_reload (FerryEnvironmentPane *self)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));

  if (self->environment == NULL)
    return;

  switch (ferry_environment_get_state (self->environment))
    {
    case FERRY_CONNECTION_STATE_CONNECTED:
      if (self->project_id != NULL)
        {
          g_free (self->wanted_project_id);
          self->wanted_project_id = g_strdup (self->project_id);
        }
      load_projects (self);
      break;
    case FERRY_CONNECTION_STATE_FAILED:
      g_signal_emit (self, signals[SIGNAL_CONNECT_REQUESTED], 0, self->environment);
      break;
    case FERRY_CONNECTION_STATE_DISCONNECTED:
    case FERRY_CONNECTION_STATE_CONNECTING:
    default:
      break;
    }
}

void
ferry_environment_pane_focus_search (FerryEnvironmentPane *self)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
