/* ferry-migrations-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the parts fit:
 *
 * - The work is the FerryMigrationMonitor's (the application's, or one the
 *   view makes for a list of environments it is given): listing, polling,
 *   jobs, resume, the PATCH calls. The view shows its list model filtered
 *   and sorted, its listings' errors, and follows its signals: "changed"
 *   (once per main-loop turn at most) updates the page, the count, the
 *   errors, the actions and the sorters; "job-started", "job-changed" and
 *   "job-finished" the rows and the details.
 *
 * - Cells: one small widget class (FerryMigrationCell) for every column;
 *   bound cells follow their migration's notifications, and the view
 *   updates them when environment names or jobs change.
 *
 * - Actions: ferry-migrations-view-actions.c.
 */

#define G_LOG_DOMAIN "ferry-migrations-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-migrations-view-private.h"
#include "ferry-widget-util.h"

#define FOCUS_REFRESH_US   (G_USEC_PER_SEC * 10)

G_DEFINE_FINAL_TYPE (FerryMigrationsView, ferry_migrations_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENVIRONMENTS,
  PROP_N_RUNNING,
  PROP_TOAST_OVERLAY,
  PROP_AUTO_RESUME,
  PROP_LOADING,
  PROP_SELECTED_MIGRATION,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOAST,
  SIGNAL_JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_content (FerryMigrationsView *self);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */
/* ------------------------------------------------------------------------ */

void
_ferry_migrations_view_toast (FerryMigrationsView *self,
                              const char          *message)
{
  if (self->toast_overlay != NULL)
    {
      AdwToast *t = adw_toast_new (message);

      adw_toast_set_timeout (t, 6);
      adw_toast_overlay_add_toast (self->toast_overlay, t);
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

const char *
_ferry_migrations_view_migration_name (FerryMigration *migration)
{
  const char *name = ferry_migration_get_name (migration);

  return name != NULL && *name != '\0' ? name : ferry_migration_get_id (migration);
}

static GHashTable *
names (FerryMigrationsView *self)
{
  return self->monitor != NULL ? ferry_migration_monitor_get_environment_names (self->monitor) : self->empty_names;
}

static FerryMigrationList *
migrations (FerryMigrationsView *self)
{
  return self->monitor != NULL ? ferry_migration_monitor_get_migrations (self->monitor) : NULL;
}

static FerryMigration *
lookup (FerryMigrationsView *self,
        const char          *migration_id)
{
  return self->monitor != NULL && migration_id != NULL
         ? ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), migration_id)
         : NULL;
}

char *
_ferry_migrations_view_dup_source_name (FerryMigrationsView *self,
                                        FerryMigration      *migration)
{
  char *name = ferry_migrations_environment_name (names (self),
                                                  ferry_migration_get_source_environment_id (migration),
                                                  ferry_migration_get_source_environment_name (migration));

  return name != NULL ? name : g_strdup (_("the source"));
}

char *
_ferry_migrations_view_dup_target_name (FerryMigrationsView *self,
                                        FerryMigration      *migration)
{
  char *name = ferry_migrations_environment_name (names (self),
                                                  ferry_migration_get_target_environment_id (migration),
                                                  ferry_migration_get_target_environment_name (migration));

  return name != NULL ? name : g_strdup (_("the target"));
}

FerryJob *
_ferry_migrations_view_running_job (FerryMigrationsView *self,
                                    const char          *migration_id)
{
  if (self->monitor == NULL || migration_id == NULL)
    return NULL;
  return ferry_migration_monitor_get_job (self->monitor, migration_id);
}

static gboolean
filters_active (FerryMigrationsView *self)
{
  return self->status_filter != FERRY_MIGRATIONS_FILTER_ALL || self->purpose_filter != NULL ||
         self->search_folded != NULL;
}

/* ------------------------------------------------------------------------ */
/* Page, count, errors                                                        */
/* ------------------------------------------------------------------------ */

/* The environments the monitor lists, with their listings (NULL: none). */
static guint
n_environments (FerryMigrationsView *self)
{
  GListModel *environments = self->monitor != NULL ? ferry_migration_monitor_get_environments (self->monitor) : NULL;

  return environments != NULL ? g_list_model_get_n_items (environments) : 0;
}

static FerryEnvironment *
environment_at (FerryMigrationsView          *self,
                guint                         i,
                FerryMigrationMonitorListing *listing)
{
  g_autoptr(GObject) item = g_list_model_get_item (ferry_migration_monitor_get_environments (self->monitor), i);

  if (!FERRY_IS_ENVIRONMENT (item) ||
      !ferry_migration_monitor_get_listing (self->monitor, FERRY_ENVIRONMENT (item), listing))
    return NULL;
  /* The model keeps it. */
  return FERRY_ENVIRONMENT (item);
}

static void
retry_clicked_cb (GtkButton           *button,
                  FerryMigrationsView *self)
{
  ferry_migrations_view_refresh (self);
}

static void
update_errors (FerryMigrationsView *self)
{
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->errors_box))) != NULL)
    gtk_box_remove (self->errors_box, child);

  for (guint i = 0; i < n_environments (self); i++)
    {
      FerryMigrationMonitorListing listing;
      FerryEnvironment *environment = environment_at (self, i, &listing);
      GtkWidget *row;
      GtkWidget *image;
      GtkWidget *label;
      GtkWidget *button;
      g_autofree char *described = NULL;
      g_autofree char *text = NULL;

      if (environment == NULL || !listing.connected || listing.error == NULL)
        continue;

      described = ferry_api_error_describe (listing.error);
      text = g_strdup_printf (_("The migrations of %s could not be read: %s"),
                              ferry_environment_get_name (environment), described);
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_add_css_class (row, "migrations-error");
      image = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      button = gtk_button_new_with_mnemonic (_("_Retry"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_object (button, "clicked", G_CALLBACK (retry_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (row), image);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (self->errors_box, row);
      any = TRUE;
    }

  /* When every environment failed, the error page says it instead. */
  gtk_revealer_set_reveal_child (self->errors_revealer,
                                 any && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") != 0);
}

static void
update_page (FerryMigrationsView *self)
{
  guint n_all = migrations (self) != NULL ? g_list_model_get_n_items (G_LIST_MODEL (migrations (self))) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char *page;

  if (n_all == 0)
    {
      gboolean all_failed = TRUE;
      gboolean any_env = FALSE;

      for (guint i = 0; i < n_environments (self); i++)
        {
          FerryMigrationMonitorListing listing;

          if (environment_at (self, i, &listing) == NULL || !listing.connected)
            continue;
          any_env = TRUE;
          if (listing.error == NULL)
            all_failed = FALSE;
        }

      if (!any_env)
        page = "no-environments";
      else if (!ferry_migration_monitor_get_listed (self->monitor))
        page = "loading";
      else if (all_failed)
        page = "error";
      else
        page = "empty";
    }
  else if (n_shown == 0)
    page = "no-results";
  else
    page = "list";

  if (g_str_equal (page, "error"))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < n_environments (self); i++)
        {
          FerryMigrationMonitorListing listing;
          FerryEnvironment *environment = environment_at (self, i, &listing);
          g_autofree char *described = NULL;

          if (environment == NULL || !listing.connected || listing.error == NULL)
            continue;
          described = ferry_api_error_describe (listing.error);
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, "%s: %s", ferry_environment_get_name (environment), described);
        }
      adw_status_page_set_description (self->error_page, text->str);
    }
  else if (g_str_equal (page, "empty"))
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *description = NULL;

      for (guint i = 0; i < n_environments (self); i++)
        {
          FerryMigrationMonitorListing listing;
          FerryEnvironment *environment = environment_at (self, i, &listing);

          /* One that could not be listed is not known to have none
           * (the banner above says so). */
          if (environment != NULL && listing.connected && listing.error == NULL)
            g_ptr_array_add (names, (gpointer) ferry_environment_get_name (environment));
        }
      if (names->len == 0)
        description = g_strdup (_("Migrations you run from the Compare page show up here, with their progress."));
      else if (names->len == 1)
        description = g_strdup_printf (_("%s has no migrations. Migrations you run from the Compare page show up here, with their progress."),
                                       (char *) g_ptr_array_index (names, 0));
      else
        {
          g_autoptr(GString) list = g_string_new (NULL);

          for (guint i = 0; i + 1 < names->len; i++)
            {
              if (i > 0)
                g_string_append (list, _(", "));
              g_string_append (list, g_ptr_array_index (names, i));
            }
          /* Translators: the end of a list of environment names: "Development and Production" */
          description = g_strdup_printf (_("%s and %s have no migrations. Migrations you run from the Compare page show up here, with their progress."),
                                         list->str, (char *) g_ptr_array_index (names, names->len - 1));
        }
      adw_status_page_set_description (self->empty_page, description);
    }

  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->page_spinner);
  else
    gtk_spinner_stop (self->page_spinner);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);
}

/* How many requests wait for an approver (import or undo requested), in
 * the button that shows them. */
static void
update_waiting (FerryMigrationsView *self)
{
  /* Counted by the monitor as records come: not a walk over every row on
   * each update (a hundred thousand rows, every few milliseconds while
   * they load). */
  guint n_waiting = self->monitor != NULL ? ferry_migration_monitor_get_n_waiting (self->monitor) : 0;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->waiting_button, n_waiting > 0);
  if (n_waiting == 0)
    return;
  text = g_strdup_printf (ngettext ("%u waiting for approval", "%u waiting for approval", n_waiting), n_waiting);
  gtk_label_set_text (self->waiting_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->waiting_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_count (FerryMigrationsView *self)
{
  guint n_all = migrations (self) != NULL ? g_list_model_get_n_items (G_LIST_MODEL (migrations (self))) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint n_running = ferry_migrations_view_get_n_running (self);
  gboolean loading = ferry_migrations_view_get_loading (self);
  guint64 listed = 0;
  gint64 total = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_all == 0)
    g_string_append (text, "");
  else if (filters_active (self))
    g_string_append_printf (text, ngettext ("%u of %u migration", "%u of %u migrations", n_all), n_shown, n_all);
  else
    g_string_append_printf (text, ngettext ("%u migration", "%u migrations", n_all), n_all);

  if (n_running > 0)
    g_string_append_printf (text, ngettext (" · %u in progress", " · %u in progress", n_running),
                            n_running);

  for (guint i = 0; loading && i < n_environments (self); i++)
    {
      FerryMigrationMonitorListing listing;

      if (environment_at (self, i, &listing) == NULL || !listing.listing)
        continue;
      listed += listing.n_listed;
      /* A server that has not said how many yet: no total at all (a part
       * of one would read "reading 0 of 1" while thousands come). */
      if (listing.total < 0)
        {
          total = -1;
          break;
        }
      total += listing.total;
    }
  /* How far the reading is follows the rows (a batch every 100 ms), or
   * 250 ms: each new text is a frame, and at each page read they were 30 a
   * second, the whole window each with GL on a software rasteriser. */
  if (loading && total > 0 && total == self->reading_total && n_all == self->reading_n_all &&
      g_get_monotonic_time () - self->reading_shown_us < 250 * 1000)
    listed = MIN (self->reading_listed, (guint64) total);
  else
    {
      self->reading_listed = listed;
      self->reading_total = total;
      self->reading_n_all = n_all;
      self->reading_shown_us = g_get_monotonic_time ();
    }
  if (n_all > 0 && total > 0)
    {
      /* Translators: while the list is read: "· reading 3000 of 10000" */
      g_string_append_printf (text, _(" · reading %u of %u"), (guint) listed, (guint) total);
    }

  gtk_inscription_set_text (self->count_label, text->str);
  update_waiting (self);
  /* Nothing to export: say why rather than offer an empty file. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.export", n_shown > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), n_shown > 0);
  ferry_widget_set_tooltip_text (GTK_WIDGET (self->export_button),
                                 n_shown > 0 ? _("Export the Rows Shown")
                                 : n_all > 0 ? _("Nothing to export: no migration matches the filters")
                                 : _("Nothing to export: there are no migrations"));
  /* A list of known length: a bar that moves with the rows. A spinner
   * asks for a frame every 16 ms (with GL on a software rasteriser, as in
   * virtual machines, the whole window each time). */
  gtk_widget_set_visible (GTK_WIDGET (self->loading_progress), loading && total > 0);
  if (loading && total > 0)
    ferry_progress_bar_set_fraction (self->loading_progress, (double) listed / (double) total);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), loading && total <= 0);
  if (loading && total <= 0)
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);
}

/* ------------------------------------------------------------------------ */
/* Following the monitor                                                      */
/* ------------------------------------------------------------------------ */

/* States move: the status filter and the sorters on states (when they are
 * the column sorted by) are told, at most once a second, as re-sorting ten
 * thousand rows is not free. */
static void
resort (FerryMigrationsView *self)
{
  self->last_resort_us = g_get_monotonic_time ();
  if (self->status_filter != FERRY_MIGRATIONS_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  _ferry_migrations_view_resort_dynamic (self);
}

static gboolean
resort_timeout_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;

  self->resort_source = 0;
  resort (self);
  return G_SOURCE_REMOVE;
}

static void
queue_resort (FerryMigrationsView *self)
{
  gint64 since = g_get_monotonic_time () - self->last_resort_us;

  if (self->resort_source != 0)
    return;
  if (since >= G_USEC_PER_SEC)
    resort (self);
  else
    self->resort_source = g_timeout_add ((G_USEC_PER_SEC - since) / 1000 + 1, resort_timeout_cb, self);
}

static void selection_changed_cb (FerryMigrationsView *self);

static void
restore_selection (FerryMigrationsView *self)
{
  GListModel *shown = G_LIST_MODEL (self->selection);

  if (self->selected == NULL || gtk_single_selection_get_selected_item (self->selection) == self->selected)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (shown, i);

      if (m == self->selected)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  /* Gone after all. */
  self->unselecting = TRUE;
  selection_changed_cb (self);
  self->unselecting = FALSE;
}

static gboolean
update_idle_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;

  self->update_idle = 0;
  restore_selection (self);
  queue_resort (self);
  update_page (self);
  update_count (self);
  update_errors (self);
  _ferry_migrations_view_update_actions (self);
  if (self->selected != NULL)
    show_content (self);
  _ferry_migrations_view_show_pending (self);
  return G_SOURCE_REMOVE;
}

void
_ferry_migrations_view_queue_update (FerryMigrationsView *self)
{
  if (self->update_idle == 0 && !g_cancellable_is_cancelled (self->cancellable))
    /* Before the next frame (GTK draws at G_PRIORITY_HIGH_IDLE + 20): at
     * G_PRIORITY_DEFAULT_IDLE a spinner that always has a frame due would
     * keep the page from ever showing what changed. */
    self->update_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 15, update_idle_cb, self, NULL);
}

static void
monitor_changed_cb (FerryMigrationsView *self)
{
  _ferry_migrations_view_queue_update (self);
}

static void
monitor_job_started_cb (FerryMigrationsView *self,
                        FerryJob            *job)
{
  FerryMigration *m = lookup (self, ferry_job_get_migration_id (job));

  if (m == NULL)
    return;
  _ferry_migrations_view_update_cells_for (self, m);
  if (m == self->selected)
    ferry_migration_details_set_job (self->details, job);
  _ferry_migrations_view_queue_update (self);
}

static void
monitor_job_changed_cb (FerryMigrationsView *self,
                        FerryJob            *job)
{
  FerryMigration *m = lookup (self, ferry_job_get_migration_id (job));

  if (m == NULL)
    return;
  _ferry_migrations_view_update_cells_for (self, m);
  if (m == self->selected)
    {
      /* A job whose id was not known when it started. */
      ferry_migration_details_set_job (self->details, _ferry_migrations_view_running_job (self, ferry_migration_get_id (m)));
      _ferry_migrations_view_update_actions (self);
    }
}

static void
monitor_job_finished_cb (FerryMigrationsView *self,
                         FerryJob            *job)
{
  const char *id = ferry_job_get_migration_id (job);
  FerryMigration *m = lookup (self, id);
  g_autofree char *name = NULL;
  gpointer key;

  if (g_hash_table_steal_extended (self->own_jobs, job, &key, (gpointer *) &name))
    {
      _ferry_migrations_view_report_job (self, job, name);
      g_object_unref (key);
    }
  if (m != NULL)
    _ferry_migrations_view_update_cells_for (self, m);
  if (m != NULL && m == self->selected)
    {
      ferry_migration_details_set_job (self->details, NULL);
      ferry_migration_details_set_last_error (self->details, ferry_migration_monitor_get_last_error (self->monitor, id));
    }
  _ferry_migrations_view_queue_update (self);
  g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);
}

static void
monitor_n_running_cb (FerryMigrationsView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  _ferry_migrations_view_queue_update (self);
}

static void
monitor_loading_cb (FerryMigrationsView *self)
{
  if (!ferry_migration_monitor_get_loading (self->monitor))
    self->last_refresh_us = g_get_monotonic_time ();
  /* At once: a listing that ended says how (a failure's banner). */
  update_page (self);
  update_count (self);
  update_errors (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  _ferry_migrations_view_queue_update (self);
}

static void
monitor_names_cb (FerryMigrationsView *self)
{
  _ferry_migrations_view_update_cells_for (self, NULL);
}

static void
disconnect_monitor (FerryMigrationsView *self)
{
  if (self->monitor == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->monitor_handlers); i++)
    g_clear_signal_handler (&self->monitor_handlers[i], self->monitor);
  g_signal_handlers_disconnect_by_data (ferry_migration_monitor_get_migrations (self->monitor), self);
  g_clear_object (&self->monitor);
}

/* ------------------------------------------------------------------------ */
/* Selection and details                                                      */
/* ------------------------------------------------------------------------ */

static void
show_content (FerryMigrationsView *self)
{
  const char *id;
  const char *message = NULL;
  gboolean fetching;

  if (self->selected == NULL || self->monitor == NULL)
    return;
  id = ferry_migration_get_id (self->selected);
  fetching = ferry_migration_monitor_get_toc_view_fetching (self->monitor, id, &message);
  ferry_migration_details_set_content (self->details, ferry_migration_monitor_get_toc_view (self->monitor, id),
                                       fetching, message);
}

static void
selected_notify_cb (FerryMigrationsView *self)
{
  g_autofree char *src = _ferry_migrations_view_dup_source_name (self, self->selected);
  g_autofree char *tgt = _ferry_migrations_view_dup_target_name (self, self->selected);

  ferry_migration_details_set_environment_names (self->details, src, tgt);
  _ferry_migrations_view_update_actions (self);
}

static void
selection_changed_cb (FerryMigrationsView *self)
{
  FerryMigration *m = gtk_single_selection_get_selected_item (self->selection);

  if (m == self->selected)
    return;
  /* The list moved the selected row (a listing placed it again): it stays
   * selected, its details open (restore_selection(), once the model is
   * done). */
  if (m == NULL && self->selected != NULL && !self->unselecting &&
      lookup (self, ferry_migration_get_id (self->selected)) == self->selected &&
      _ferry_migrations_view_filter_func (self->selected, self))
    {
      _ferry_migrations_view_queue_update (self);
      return;
    }

  if (self->selected != NULL)
    {
      g_clear_signal_handler (&self->selected_handler, self->selected);
      g_clear_object (&self->selected);
    }
  if (m != NULL)
    {
      self->selected = g_object_ref (m);
      self->selected_handler = g_signal_connect_swapped (m, "notify", G_CALLBACK (selected_notify_cb), self);
    }

  ferry_migration_details_set_migration (self->details, m);
  if (m != NULL)
    {
      const char *id = ferry_migration_get_id (m);

      selected_notify_cb (self);
      ferry_migration_details_set_job (self->details, _ferry_migrations_view_running_job (self, id));
      ferry_migration_details_set_last_error (self->details,
                                              self->monitor != NULL ? ferry_migration_monitor_get_last_error (self->monitor, id) : NULL);
      if (self->monitor != NULL)
        ferry_migration_monitor_fetch_toc_view (self->monitor, m);
      show_content (self);
    }
  adw_flap_set_reveal_flap (self->flap, m != NULL);
  _ferry_migrations_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MIGRATION]);
}

static void
flap_revealed_cb (FerryMigrationsView *self)
{
  /* Closed by the user (a folded flap: Escape, a click beside it). */
  if (!adw_flap_get_reveal_flap (self->flap) && self->selected != NULL)
    ferry_migrations_view_select (self, NULL);
}

static void
shown_changed_cb (FerryMigrationsView *self)
{
  update_page (self);
  update_count (self);
}

/* Right click (or long press) on a row: select it, show the menu there. */
static void
row_menu_at (FerryMigrationsView *self,
             double               x,
             double               y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *cell = picked != NULL ? gtk_widget_get_ancestor (picked, FERRY_TYPE_MIGRATION_CELL) : NULL;
  FerryMigration *m;
  graphene_point_t point;

  if (cell == NULL && picked != NULL && FERRY_IS_MIGRATION_CELL (picked))
    cell = picked;
  if (cell == NULL)
    return;
  m = ferry_migration_cell_get_migration (FERRY_MIGRATION_CELL (cell));
  if (m == NULL || !ferry_migrations_view_select (self, ferry_migration_get_id (m)))
    return;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static void
secondary_click_cb (GtkGestureClick     *gesture,
                    int                  n_press,
                    double               x,
                    double               y,
                    FerryMigrationsView *self)
{
  row_menu_at (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               FerryMigrationsView *self)
{
  row_menu_at (self, x, y);
}

/* ------------------------------------------------------------------------ */
/* Filters from the widgets                                                   */
/* ------------------------------------------------------------------------ */

static const char *const purpose_choices[] = {
  NULL, "object_migration", "project_merge", "migration_from_shared_file_store",
};

static void
search_changed_cb (FerryMigrationsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_clear_pointer (&self->search_folded, g_free);
  if (*stripped != '\0')
    self->search_folded = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

static void
status_dropdown_cb (FerryMigrationsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected > FERRY_MIGRATIONS_FILTER_UNDONE)
    selected = FERRY_MIGRATIONS_FILTER_ALL;
  if (self->status_filter == (FerryMigrationsFilter) selected)
    return;
  self->status_filter = selected;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

static void
purpose_dropdown_cb (FerryMigrationsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->purpose_dropdown);
  const char *purpose = selected < G_N_ELEMENTS (purpose_choices) ? purpose_choices[selected] : NULL;

  if (g_strcmp0 (purpose, self->purpose_filter) == 0)
    return;
  g_free (self->purpose_filter);
  self->purpose_filter = g_strdup (purpose);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

/* A drop-down factory whose labels ellipsize, so the filters fit a narrow
 * window. */
static void
dropdown_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_list_item_set_child (item, label);
}

static void
dropdown_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static void
dropdown_list_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
set_dropdown_factories (GtkDropDown *dropdown)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkListItemFactory *list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (dropdown_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (dropdown_bind_cb), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (dropdown_list_setup_cb), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (dropdown_bind_cb), NULL);
  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
  g_object_unref (factory);
  g_object_unref (list_factory);
}

/* ------------------------------------------------------------------------ */
/* Focus                                                                      */
/* ------------------------------------------------------------------------ */

static void
window_active_cb (GtkWindow           *window,
                  GParamSpec          *pspec,
                  FerryMigrationsView *self)
{
  if (!gtk_window_is_active (window))
    return;
  /* Coming back to the window: read again, unless that was just done. */
  if (self->last_refresh_us != 0 &&
      g_get_monotonic_time () - self->last_refresh_us < FOCUS_REFRESH_US)
    return;
  ferry_migrations_view_refresh (self);
}

static void
ferry_migrations_view_root (GtkWidget *widget)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (ferry_migrations_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->root_window, GTK_WINDOW (root));
      self->active_handler = g_signal_connect (root, "notify::is-active", G_CALLBACK (window_active_cb), self);
    }
}

static void
ferry_migrations_view_unroot (GtkWidget *widget)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  if (self->root_window != NULL)
    g_clear_signal_handler (&self->active_handler, self->root_window);
  g_clear_weak_pointer (&self->root_window);

  GTK_WIDGET_CLASS (ferry_migrations_view_parent_class)->unroot (widget);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migrations_view_dispose (GObject *object)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  g_cancellable_cancel (self->cancellable);

  g_clear_handle_id (&self->fit_idle, g_source_remove);
  g_clear_handle_id (&self->update_idle, g_source_remove);
  g_clear_handle_id (&self->resort_source, g_source_remove);

  /* No more updates from the models while everything goes. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  disconnect_monitor (self);
  if (self->own_jobs != NULL)
    g_hash_table_remove_all (self->own_jobs);

  if (self->selected != NULL)
    g_clear_signal_handler (&self->selected_handler, self->selected);
  g_clear_object (&self->selected);

  if (self->row_popover != NULL)
    gtk_widget_unparent (self->row_popover);
  self->row_popover = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATIONS_VIEW);

  for (guint i = 0; i < FERRY_MIGRATIONS_N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_weak_pointer (&self->toast_overlay);

  G_OBJECT_CLASS (ferry_migrations_view_parent_class)->dispose (object);
}

static void
ferry_migrations_view_finalize (GObject *object)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->empty_names, g_hash_table_unref);
  g_clear_pointer (&self->own_jobs, g_hash_table_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->purpose_filter, g_free);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_pointer (&self->pending_show, g_free);

  G_OBJECT_CLASS (ferry_migrations_view_parent_class)->finalize (object);
}

static void
ferry_migrations_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      g_value_set_object (value, ferry_migrations_view_get_environments (self));
      break;
    case PROP_N_RUNNING:
      g_value_set_uint (value, ferry_migrations_view_get_n_running (self));
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_TOAST_OVERLAY:
      g_value_set_object (value, self->toast_overlay);
      break;
    case PROP_AUTO_RESUME:
      g_value_set_boolean (value, ferry_migrations_view_get_auto_resume (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, ferry_migrations_view_get_loading (self));
      break;
    case PROP_SELECTED_MIGRATION:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migrations_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      ferry_migrations_view_set_environments (self, g_value_get_object (value));
      break;
    case PROP_TOAST_OVERLAY:
      ferry_migrations_view_set_toast_overlay (self, g_value_get_object (value));
      break;
    case PROP_MONITOR:
      ferry_migrations_view_set_monitor (self, g_value_get_object (value));
      break;
    case PROP_AUTO_RESUME:
      ferry_migrations_view_set_auto_resume (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Measured and allocated here, not by AdwBin's layout manager: the width
 * decides which columns show. */
static void
ferry_migrations_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
ferry_migrations_view_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
ferry_migrations_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* The list's width: the details take theirs beside it unless folded. */
  if (self->column_view != NULL)
    {
      int list_width = width;

      if (adw_flap_get_reveal_flap (self->flap) && !adw_flap_get_folded (self->flap))
        {
          int details_width = 0;

          gtk_widget_measure (GTK_WIDGET (self->details), GTK_ORIENTATION_HORIZONTAL, -1,
                              &details_width, NULL, NULL, NULL);
          list_width -= details_width + 1;
        }
      _ferry_migrations_view_fit_columns (self, list_width);
    }
}

static void
ferry_migrations_view_class_init (FerryMigrationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migrations_view_dispose;
  object_class->finalize = ferry_migrations_view_finalize;
  object_class->get_property = ferry_migrations_view_get_property;
  object_class->set_property = ferry_migrations_view_set_property;
  widget_class->root = ferry_migrations_view_root;
  widget_class->measure = ferry_migrations_view_measure;
  widget_class->get_request_mode = ferry_migrations_view_get_request_mode;
  widget_class->size_allocate = ferry_migrations_view_size_allocate;
  widget_class->unroot = ferry_migrations_view_unroot;

  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOAST_OVERLAY] =
    g_param_spec_object ("toast-overlay", NULL, NULL,
                         ADW_TYPE_TOAST_OVERLAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_RESUME] =
    g_param_spec_boolean ("auto-resume", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_MIGRATION] =
    g_param_spec_object ("selected-migration", NULL, NULL,
                         FERRY_TYPE_MIGRATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         FERRY_TYPE_MIGRATION_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryMigrationsView::toast:
   * @message: a sentence: a result or an error
   */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * FerryMigrationsView::job-finished:
   * @job: a job of the monitor, at its end (any state)
   *
   * E.g. for the window to compare again after an import or an undo.
   */
  signals[SIGNAL_JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FERRY_TYPE_JOB);

  g_type_ensure (FERRY_TYPE_MIGRATION);
  g_type_ensure (FERRY_TYPE_MIGRATION_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migrations-view.ui");
  gtk_widget_class_set_css_name (widget_class, "ferry-migrations-view");

  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, purpose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, waiting_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, errors_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, errors_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, flap);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, page_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, details);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, row_menu);
  /* The columns, declared in the template before the model is set (a GTK 4.8
   * column view leaves the first rows of a column added later empty). */
  _ferry_migrations_view_class_add_columns (widget_class);

  _ferry_migrations_view_class_add_actions (widget_class);
}

static void
ferry_migrations_view_init (FerryMigrationsView *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Kept: a column that does not fit leaves the column view. */
  for (guint i = 0; i < FERRY_MIGRATIONS_N_COLUMNS; i++)
    g_object_ref (self->columns[i]);
  self->columns_shown = ~0u;
  self->name_width = -1;
  /* No layout manager: see ferry_migrations_view_size_allocate(). */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  self->cancellable = g_cancellable_new ();
  self->auto_resume = TRUE;
  self->empty_names = g_hash_table_new (g_str_hash, g_str_equal);
  self->own_jobs = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->cells = g_hash_table_new (NULL, NULL);

  self->filter = gtk_custom_filter_new (_ferry_migrations_view_filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  _ferry_migrations_view_init_scrolling (self);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* The page and the count follow once per main-loop turn: records come
   * in by the thousand. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (_ferry_migrations_view_queue_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (flap_revealed_cb), self, G_CONNECT_SWAPPED);
  /* Enter or a double click on a row: its details. */
  g_signal_connect_object (self->column_view, "activate",
                           G_CALLBACK (_ferry_migrations_view_row_activated), self, G_CONNECT_SWAPPED);

  set_dropdown_factories (self->status_dropdown);
  set_dropdown_factories (self->purpose_dropdown);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_dropdown, "notify::selected",
                           G_CALLBACK (status_dropdown_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purpose_dropdown, "notify::selected",
                           G_CALLBACK (purpose_dropdown_cb), self, G_CONNECT_SWAPPED);

  self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  _ferry_migrations_view_update_actions (self);
  update_page (self);
  update_count (self);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

GtkWidget *
ferry_migrations_view_new (void)
{
  return g_object_new (FERRY_TYPE_MIGRATIONS_VIEW, NULL);
}

FerryMigrationMonitor *
ferry_migrations_view_get_monitor (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->monitor;
}

void
ferry_migrations_view_set_monitor (FerryMigrationsView   *self,
                                   FerryMigrationMonitor *monitor)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (monitor == NULL || FERRY_IS_MIGRATION_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  disconnect_monitor (self);
  g_hash_table_remove_all (self->own_jobs);
  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      self->monitor_handlers[0] = g_signal_connect_swapped (monitor, "changed",
                                                            G_CALLBACK (monitor_changed_cb), self);
      self->monitor_handlers[1] = g_signal_connect_swapped (monitor, "job-started",
                                                            G_CALLBACK (monitor_job_started_cb), self);
      self->monitor_handlers[2] = g_signal_connect_swapped (monitor, "job-changed",
                                                            G_CALLBACK (monitor_job_changed_cb), self);
      self->monitor_handlers[3] = g_signal_connect_swapped (monitor, "job-finished",
                                                            G_CALLBACK (monitor_job_finished_cb), self);
      self->monitor_handlers[4] = g_signal_connect_swapped (monitor, "notify::n-running",
                                                            G_CALLBACK (monitor_n_running_cb), self);
      self->monitor_handlers[5] = g_signal_connect_swapped (monitor, "notify::loading",
                                                            G_CALLBACK (monitor_loading_cb), self);
      self->monitor_handlers[6] = g_signal_connect_swapped (monitor, "names-changed",
                                                            G_CALLBACK (monitor_names_cb), self);
      /* The page and the count follow once per main-loop turn: records
       * come in by the thousand. */
      g_signal_connect_object (ferry_migration_monitor_get_migrations (monitor), "items-changed",
                               G_CALLBACK (_ferry_migrations_view_queue_update), self, G_CONNECT_SWAPPED);
    }
  gtk_filter_list_model_set_model (self->filter_model, monitor != NULL ? G_LIST_MODEL (migrations (self)) : NULL);

  _ferry_migrations_view_update_cells_for (self, NULL);
  update_page (self);
  update_count (self);
  update_errors (self);
  _ferry_migrations_view_queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));
}

GListModel *
ferry_migrations_view_get_environments (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->monitor != NULL ? ferry_migration_monitor_get_environments (self->monitor) : NULL;
}

void
ferry_migrations_view_set_environments (FerryMigrationsView *self,
                                        GListModel          *environments)
{
  g_autoptr(FerryMigrationMonitor) monitor = NULL;

  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  if (ferry_migrations_view_get_environments (self) == environments)
    return;

  /* A monitor of the view's own, which remembers nothing. */
  if (environments != NULL)
    {
      monitor = ferry_migration_monitor_new (environments, NULL);
      ferry_migration_monitor_set_auto_resume (monitor, self->auto_resume);
    }
  ferry_migrations_view_set_monitor (self, monitor);
}

guint
ferry_migrations_view_get_n_running (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), 0);

  return self->monitor != NULL ? ferry_migration_monitor_get_n_running (self->monitor) : 0;
}

void
ferry_migrations_view_watch_job (FerryMigrationsView *self,
                                 FerryJob            *job)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (FERRY_IS_JOB (job));

  if (self->monitor != NULL)
    ferry_migration_monitor_watch_job (self->monitor, job);
}

/**
 * ferry_migrations_view_take_over:
 * @migration_id: a migration of the connected environments
 *
 * Counts MIGRATION_ID as started from this computer, so that auto-resume
 * drives it on to its end (request, approval, import) like Ferry's own.
 */
void
ferry_migrations_view_take_over (FerryMigrationsView *self,
                                 const char          *migration_id)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (migration_id != NULL);

  if (self->monitor != NULL)
    ferry_migration_monitor_take_over (self->monitor, migration_id);
}

FerryJob *
ferry_migrations_view_get_job (FerryMigrationsView *self,
                               const char          *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  return _ferry_migrations_view_running_job (self, migration_id);
}

void
ferry_migrations_view_refresh (FerryMigrationsView *self)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  if (self->monitor != NULL)
    ferry_migration_monitor_refresh (self->monitor);
  self->last_refresh_us = g_get_monotonic_time ();
  update_count (self);
  _ferry_migrations_view_queue_update (self);
}

AdwToastOverlay *
ferry_migrations_view_get_toast_overlay (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->toast_overlay;
}

void
ferry_migrations_view_set_toast_overlay (FerryMigrationsView *self,
                                         AdwToastOverlay     *overlay)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (overlay == NULL || ADW_IS_TOAST_OVERLAY (overlay));

  if (self->toast_overlay == overlay)
    return;
  g_set_weak_pointer (&self->toast_overlay, overlay);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOAST_OVERLAY]);
}

gboolean
ferry_migrations_view_get_auto_resume (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  return self->monitor != NULL ? ferry_migration_monitor_get_auto_resume (self->monitor) : self->auto_resume;
}

void
ferry_migrations_view_set_auto_resume (FerryMigrationsView *self,
                                       gboolean             auto_resume)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  auto_resume = !!auto_resume;
  if (ferry_migrations_view_get_auto_resume (self) == auto_resume && self->auto_resume == auto_resume)
    return;
  self->auto_resume = auto_resume;
  if (self->monitor != NULL)
    ferry_migration_monitor_set_auto_resume (self->monitor, auto_resume);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RESUME]);
}

gboolean
ferry_migrations_view_get_loading (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  return self->monitor != NULL && ferry_migration_monitor_get_loading (self->monitor);
}

FerryMigrationList *
ferry_migrations_view_get_migrations (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return migrations (self);
}

GListModel *
ferry_migrations_view_get_shown (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

FerryMigration *
ferry_migrations_view_get_selected (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->selected;
}

gboolean
ferry_migrations_view_select (FerryMigrationsView *self,
                              const char          *migration_id)
{
  GListModel *shown;
  guint n;

  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  if (migration_id == NULL)
    {
      self->unselecting = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->unselecting = FALSE;
      return TRUE;
    }

  shown = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (shown, i);

      if (g_strcmp0 (ferry_migration_get_id (m), migration_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
ferry_migrations_view_set_status_filter (FerryMigrationsView   *self,
                                         FerryMigrationsFilter  filter)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (filter <= FERRY_MIGRATIONS_FILTER_UNDONE);

  gtk_drop_down_set_selected (self->status_dropdown, filter);
}

void
ferry_migrations_view_set_purpose_filter (FerryMigrationsView *self,
                                          const char          *purpose)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (purpose_choices); i++)
    if (g_strcmp0 (purpose_choices[i], purpose) == 0)
      {
        gtk_drop_down_set_selected (self->purpose_dropdown, i);
        return;
      }
  g_return_if_reached ();
}

void
ferry_migrations_view_set_search_text (FerryMigrationsView *self,
                                       const char          *text)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Apply now rather than after the entry's search delay. */
  search_changed_cb (self);
}

GHashTable *
ferry_migrations_view_get_environment_names (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return names (self);
}

static void
view_export_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize n = ferry_migrations_export_to_file_finish (result, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

void
ferry_migrations_view_export_async (FerryMigrationsView *self,
                                    FerryExportFormat    format,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migrations_view_export_async);
  ferry_migrations_export_to_file_async (G_LIST_MODEL (self->selection), format, names (self), file,
                                         cancellable, view_export_cb, task);
}

gssize
ferry_migrations_view_export_finish (FerryMigrationsView *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
