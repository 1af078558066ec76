/* test-migrations-view.c: the Migrations page against two sandboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A demo-like setup per test case: two in-process sandboxes sharing
 * package storage, "Development" (tutorial-dev) and "Production"
 * (tutorial-prod), with a little work delay per object so that progress
 * can be seen, and two FerryEnvironments connected as administrator. The
 * view lives in a window of its own, as the window's Migrations page will.
 *
 * What a user sees is asserted: the rows (their cells' texts, as the cells
 * show them), the progress bar of a running row, the page shown (loading,
 * empty, error with Retry, list), the action buttons' sensitivity and
 * tooltips, the confirmation dialogs; and what the servers have afterwards
 * (the sandbox API: objects, migration records).
 *
 * Screenshots (G_TEST_BUILDDIR/screenshots): migrations-empty.png,
 * migrations-error.png, migrations-list.png, migrations-details.png,
 * migrations-undo-dialog.png, migrations-delete-dialog.png,
 * migrations-keep-both.png, migrations-narrow.png.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-cell-icon.h"
#include "ferry-cell-text.h"
#include "ferry-migration-cell.h"
#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"
#include "jobs-test-util.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID   SBT_TUTORIAL_ID
#define TUTORIAL_NAME "MicroStrategy Tutorial"
#define YEAR_ID       SBT_YEAR_ID

/* From utu_init(), which owns it. */
static GtkApplication *app;

/* ------------------------------------------------------------------------ */
/* Screenshots                                                                */
/* ------------------------------------------------------------------------ */

/* utu_save_png() of screenshots/NAME, as utu_screenshot() but after a
 * longer wait: layout and animations (the flap, the revealer) settle. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *file = g_build_filename ("screenshots", name, NULL);

  utu_wait_ms (400);
  utu_save_png (widget, file);
}

/* ------------------------------------------------------------------------ */
/* The fixture                                                                */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SbtPair              pair;
  GListStore          *environments;
  FerryEnvironment    *dev_env;
  FerryEnvironment    *prod_env;
  FerryConnection     *dev;
  FerryConnection     *prod;
  GtkWindow           *window;
  FerryMigrationsView *view;
  GPtrArray           *toasts;
} Fixture;

static void
disconnect_environment (gpointer data)
{
  FerryEnvironment *environment = data;

  ferry_environment_disconnect (environment);
  g_object_unref (environment);
}

static FerryEnvironment *
connect_environment (FerrySandbox *sandbox,
                     const char   *name)
{
  FerryEnvironment *environment = ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                                         FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_environment_connect_async (environment, "", NULL, utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 30000));
  ferry_environment_connect_finish (environment, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ferry_environment_get_connection (environment));
  g_test_queue_destroy (disconnect_environment, environment);
  return environment;
}

static void
fixture_start (Fixture *f,
               guint    dev_delay_ms,
               guint    prod_delay_ms)
{
  SbtOptions dev = { 0 };
  SbtOptions prod = { 0 };

  memset (f, 0, sizeof *f);
  dev.work_delay_ms = dev_delay_ms;
  prod.work_delay_ms = prod_delay_ms;
  sbt_pair_start (&f->pair, &dev, &prod);

  f->dev_env = connect_environment (f->pair.dev, "Development");
  f->prod_env = connect_environment (f->pair.prod, "Production");
  f->dev = ferry_environment_get_connection (f->dev_env);
  f->prod = ferry_environment_get_connection (f->prod_env);
  f->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_test_queue_unref (f->environments);
  g_list_store_append (f->environments, f->dev_env);
  g_list_store_append (f->environments, f->prod_env);
  f->toasts = g_ptr_array_new_with_free_func (g_free);
  g_test_queue_destroy ((GDestroyNotify) g_ptr_array_unref, f->toasts);
}

static void
toast_cb (FerryMigrationsView *view,
          const char          *message,
          Fixture             *f)
{
  g_test_message ("toast: %s", message);
  g_ptr_array_add (f->toasts, g_strdup (message));
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return !ferry_migrations_view_get_loading (f->view);
}

/* A window holding a new view of F's environments. */
static void
open_window (Fixture *f,
             int      width,
             int      height)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->window = GTK_WINDOW (adw_application_window_new (app));
  gtk_window_set_title (f->window, "Migrations");
  gtk_window_set_default_size (f->window, width, height);
  f->view = FERRY_MIGRATIONS_VIEW (ferry_migrations_view_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->view));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), overlay);
  ferry_migrations_view_set_toast_overlay (f->view, ADW_TOAST_OVERLAY (overlay));
  g_signal_connect (f->view, "toast", G_CALLBACK (toast_cb), f);
  if (f->environments != NULL)
    ferry_migrations_view_set_environments (f->view, G_LIST_MODEL (f->environments));
  gtk_window_present (f->window);
  g_assert_true (utu_spin_until (utu_is_mapped, f->window, 10000));
  g_assert_true (utu_spin_until (view_settled, f, 30000));
}

static gboolean
no_dialogs (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return FALSE;
    }
  return TRUE;
}

static void
close_window (Fixture *f)
{
  GtkWindow *window = g_steal_pointer (&f->window);
  g_autoptr(GtkWidget) view = g_object_ref (GTK_WIDGET (f->view));

  f->view = NULL;
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (utu_spin_until (no_dialogs, NULL, 2000));
  /* Nothing else keeps the view alive. */
  g_assert_finalize_object (g_steal_pointer (&view));
}

/* ------------------------------------------------------------------------ */
/* What the view shows                                                        */
/* ------------------------------------------------------------------------ */

static const char *
visible_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "stack")));
}

typedef struct
{
  Fixture    *f;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (visible_page (wait->f), wait->page) == 0;
}

static void
wait_page (Fixture    *f,
           const char *page)
{
  PageWait wait = { f, page };

  if (!utu_spin_until (page_is, &wait, 30000))
    g_error ("Page “%s” expected, “%s” shown", page, visible_page (f));
}

/* The row of MIGRATION_ID among the rows shown, or NULL. */
static FerryMigration *
shown_row (Fixture    *f,
           const char *migration_id)
{
  GListModel *shown = ferry_migrations_view_get_shown (f->view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (shown, i);

      if (g_strcmp0 (ferry_migration_get_id (m), migration_id) == 0)
        return m;   /* still held by the list */
    }
  return NULL;
}

typedef struct
{
  Fixture               *f;
  const char            *id;
  FerryMigrationsColumn  column;
  const char            *text;
} CellWait;

static char *
cell_text (Fixture               *f,
           const char            *id,
           FerryMigrationsColumn  column)
{
  FerryMigration *m = shown_row (f, id);

  return m != NULL ? ferry_migrations_view_dup_cell_text (f->view, m, column) : NULL;
}

static gboolean
cell_is (gpointer data)
{
  CellWait *wait = data;
  g_autofree char *text = cell_text (wait->f, wait->id, wait->column);

  return g_strcmp0 (text, wait->text) == 0;
}

static void
wait_cell (Fixture               *f,
           const char            *id,
           FerryMigrationsColumn  column,
           const char            *text,
           guint                  timeout_ms)
{
  CellWait wait = { f, id, column, text };

  if (!utu_spin_until (cell_is, &wait, timeout_ms))
    {
      g_autofree char *shown = cell_text (f, id, column);

      g_error ("The cell of %s (column %d) shows “%s”, not “%s”", id, column, shown, text);
    }
}

/* Visible widgets of TYPE below ROOT. */
static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      collect_widgets (child, type, out);
    }
}

/* The tooltips the cells of the row of ID give when GTK asks for them
 * (the "query-tooltip" answered), in column order; the cells without one
 * are left out. */
static GPtrArray *
row_tooltips (Fixture    *f,
              const char *id)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  GPtrArray *tooltips = g_ptr_array_new_with_free_func (g_free);

  collect_widgets (GTK_WIDGET (f->view), FERRY_TYPE_MIGRATION_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    {
      FerryMigrationCell *cell = g_ptr_array_index (cells, i);
      FerryMigration *m = ferry_migration_cell_get_migration (cell);
      g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
      g_autofree char *text = NULL;
      gboolean answered = FALSE;

      if (m == NULL || g_strcmp0 (ferry_migration_get_id (m), id) != 0)
        continue;
      g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (cell)));
      g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &answered);
      text = ferry_migration_cell_dup_tooltip (cell);
      g_assert_cmpint (answered, ==, text != NULL);
      if (text != NULL)
        g_ptr_array_add (tooltips, g_steal_pointer (&text));
    }
  return tooltips;
}

/* The largest fraction of a progress bar the list shows (-1: none). */
static double
visible_progress (Fixture *f)
{
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();
  GtkWidget *column_view = GTK_WIDGET (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));
  double best = -1.0;

  collect_widgets (column_view, GTK_TYPE_PROGRESS_BAR, bars);
  for (guint i = 0; i < bars->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (bars, i)))
      best = MAX (best, gtk_progress_bar_get_fraction (g_ptr_array_index (bars, i)));
  return best;
}

typedef struct
{
  Fixture    *f;
  const char *icon_name;
} IconWait;

static gboolean list_shows_icon (Fixture    *f,
                                 const char *icon_name);

static gboolean
icon_shown (gpointer data)
{
  IconWait *wait = data;

  return list_shows_icon (wait->f, wait->icon_name);
}

/* A visible icon with ICON_NAME in the list, which draws something. */
static gboolean
list_shows_icon (Fixture    *f,
                 const char *icon_name)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  GtkWidget *column_view = GTK_WIDGET (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));

  collect_widgets (column_view, FERRY_TYPE_CELL_ICON, images);
  for (guint i = 0; i < images->len; i++)
    {
      GtkWidget *icon = g_ptr_array_index (images, i);
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;

      if (!gtk_widget_get_mapped (icon) || gtk_widget_get_width (icon) <= 0 ||
          g_strcmp0 (ferry_cell_icon_get_icon_name (FERRY_CELL_ICON (icon)), icon_name) != 0)
        continue;
      /* What it draws: the theme's icon, not nothing. */
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (icon)->snapshot (icon, snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
nothing_running (gpointer data)
{
  Fixture *f = data;

  return ferry_migrations_view_get_n_running (f->view) == 0;
}

typedef struct
{
  Fixture    *f;
  const char *text;
} TextWait;

/* The empty page's description is WAIT->text. */
static gboolean
empty_page_says (gpointer data)
{
  TextWait *wait = data;
  AdwStatusPage *page = ADW_STATUS_PAGE (utu_child (wait->f->view, FERRY_TYPE_MIGRATIONS_VIEW, "empty_page"));

  return g_strcmp0 (adw_status_page_get_description (page), wait->text) == 0;
}

static gboolean
something_running (gpointer data)
{
  Fixture *f = data;

  return ferry_migrations_view_get_n_running (f->view) > 0;
}

static gboolean
page_is_content (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "content") == 0;
}

static FerryMigrationDetails *
details (Fixture *f)
{
  return FERRY_MIGRATION_DETAILS (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "details"));
}

static GtkWidget *
action_button (Fixture    *f,
               const char *action)
{
  GtkWidget *button = ferry_migration_details_get_action_button (details (f), action);

  g_assert_nonnull (button);
  return button;
}

static void
select_row (Fixture    *f,
            const char *id)
{
  g_assert_true (ferry_migrations_view_select (f->view, id));
  g_assert_true (ferry_migrations_view_get_selected (f->view) != NULL);
  g_assert_cmpstr (ferry_migration_get_id (ferry_migrations_view_get_selected (f->view)), ==, id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
has_visible_popover_menu (gpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (data); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child) && gtk_widget_get_visible (child) && gtk_widget_get_mapped (child))
      return TRUE;
  return FALSE;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  if (GTK_IS_WINDOW (dialog) && gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (no_dialogs, NULL, 5000));
}

/* The titles of the columns the list shows, joined with "|". */
static char *
column_titles (Fixture *f)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (!gtk_column_view_column_get_visible (column))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '|');
      g_string_append (text, gtk_column_view_column_get_title (column));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The details' buttons follow the selection (at once, or after an idle). */
static gboolean
details_buttons_settled (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_is_visible (action_button (f, FERRY_MIGRATION_ACTION_DELETE));
}

/* Activates the shortcut of WIDGET's class whose trigger is ACCEL, after
 * checking that it is bound to ACTION_NAME: what pressing ACCEL does. */
static gboolean
activate_shortcut (gpointer    widget,
                   const char *accel,
                   const char *action_name)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  /* The class's key bindings are in a shortcut controller of the widget. */
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            continue;
          g_assert_true (GTK_IS_NAMED_ACTION (action));
          g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, action_name);
          return gtk_shortcut_action_activate (action, 0, widget, gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_error ("No shortcut %s on %s", accel, G_OBJECT_TYPE_NAME (widget));
  return FALSE;
}

static void
collect_labels (GtkWidget *root,
                GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_is_visible (child))
        g_ptr_array_add (out, child);
      collect_labels (child, out);
    }
}

/* ID shows once in the details, selectable, labelled "Identifier". */
static void
assert_identifier_row (Fixture    *f,
                       const char *id)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *shown = NULL;

  collect_labels (GTK_WIDGET (details (f)), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      g_assert_null (strstr (gtk_label_get_text (label), id) != NULL && shown != NULL ? "twice" : NULL);
      if (g_strcmp0 (gtk_label_get_text (label), id) == 0)
        shown = GTK_WIDGET (label);
    }
  g_assert_nonnull (shown);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (shown)));
  g_assert_true (GTK_IS_LABEL (gtk_widget_get_prev_sibling (shown)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (shown))), ==, "Identifier");
}

/* ------------------------------------------------------------------------ */
/* Migrations                                                                 */
/* ------------------------------------------------------------------------ */

static FerryMigrationSpec
spec_for (Fixture               *f,
          FerryMigrationPurpose  purpose,
          const char            *name,
          JsonNode              *settings,
          JsonNode              *content)
{
  return jtu_spec (NULL, purpose, name, settings, content);
}

static JsonNode *
merge_settings (const char *default_action)
{
  JsonNode *settings = jtu_spec_merge_settings ();

  if (default_action != NULL)
    json_object_set_string_member (json_node_get_object (settings), "defaultAction", default_action);
  return settings;
}

/* An object migration of Year with ACTION. */
static JsonNode *
year_content (const char *action)
{
  g_autofree char *text =
    g_strdup_printf ("[{\"id\": \"%s\", \"name\": \"Year\", \"type\": 12, \"action\": \"%s\","
                     " \"includeDependents\": %s}]",
                     YEAR_ID, action, g_str_equal (action, "delete") ? "false" : "true");

  return sbt_json_parse (text);
}

static JsonNode *
object_settings (void)
{
  return sbt_json_parse ("{\"defaultAction\": \"replace\","
                         " \"aclOnReplacingObjects\": \"use_existing\","
                         " \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
                         " \"validateDependencies\": true}");
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_object_set_data_full (object, "test-result", g_object_ref (result), g_object_unref);
}

static void
job_start (FerryJob *job)
{
  ferry_job_run_async (job, NULL, job_done_cb, NULL);
}

static gboolean
job_over (gpointer job)
{
  return g_object_get_data (job, "test-result") != NULL;
}

static gboolean
job_wait (FerryJob *job,
          GError  **error)
{
  g_assert_true (utu_spin_until (job_over, job, 120000));
  return ferry_job_run_finish (job, g_object_get_data (G_OBJECT (job), "test-result"), error);
}

static gboolean
job_has_id (gpointer job)
{
  return ferry_job_get_migration_id (job) != NULL;
}

/* Runs a migration to its end (no view involved); returns its id. */
static char *
run_migration (Fixture                  *f,
               const FerryMigrationSpec *spec,
               gboolean                  expect_success)
{
  g_autoptr(FerryJob) job = ferry_migration_job_new (f->dev, f->prod, spec);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  job_start (job);
  ok = job_wait (job, &error);
  if (expect_success)
    g_assert_no_error (error);
  else
    g_assert_false (ok);
  return g_strdup (ferry_job_get_migration_id (job));
}

static JsonObject *
get_record (FerryConnection *connection,
            const char      *id,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_library_get_migration_async (connection, id, FERRY_SHOW_CONTENT_DEFAULT, NULL, utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 30000));
  return ferry_library_finish_object (result, error);
}

/* Creates SPEC's migration on Development over the API alone, as another
 * client would (no job of Ferry's); returns its id. */
static char *
create_elsewhere (Fixture            *f,
                  FerryMigrationSpec *spec)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target_id = ferry_connection_dup_environment_id (f->prod);

  /* As a real client says where the package is for. */
  spec->target_environment_id = target_id;
  ferry_library_create_migration_async (f->dev, spec, NULL, utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 30000));
  created = ferry_library_finish_object (result, &error);
  g_assert_no_error (error);
  spec->target_environment_id = NULL;
  return g_strdup (ferry_library_record_get_string (created, "id"));
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                      */
/* ------------------------------------------------------------------------ */

/* No environment, then two empty ones; then a listing that fails, with
 * Retry. */
static void
test_states (void)
{
  Fixture f;
  GtkWidget *revealer;

  memset (&f, 0, sizeof f);
  open_window (&f, 900, 560);
  g_assert_cmpstr (visible_page (&f), ==, "no-environments");
  g_assert_cmpuint (ferry_migrations_view_get_n_running (f.view), ==, 0);
  close_window (&f);

  fixture_start (&f, 0, 0);
  open_window (&f, 900, 560);
  wait_page (&f, "empty");
  screenshot (GTK_WIDGET (f.window), "migrations-empty.png");

  /* Production's list fails (a proxy's 502 page, again and again): the
   * page says what it can, and the failure shows above it with Retry. */
  revealer = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "errors_revealer"));
  ferry_sandbox_add_fault (f.pair.prod, "GET", "/api/migrations", 1000, FERRY_SANDBOX_FAULT_STATUS,
                           502, "text/html", "<html><title>Bad Gateway</title></html>", 0);
  ferry_migrations_view_refresh (f.view);
  g_assert_true (ferry_migrations_view_get_loading (f.view));
  g_assert_true (utu_spin_until (view_settled, &f, 30000));
  wait_page (&f, "empty");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    gboolean found = FALSE;
    GtkWidget *box = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "errors_box"));

    collect_widgets (box, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

        if (strstr (text, "Production") != NULL && strstr (text, "502") != NULL)
          found = TRUE;
        g_assert_null (strstr (text, "Development"));
      }
    g_assert_true (found);
    collect_widgets (box, GTK_TYPE_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, ==, 1);
    /* The empty page speaks only of the environment that was listed. */
    g_assert_true (utu_spin_until (empty_page_says, &(TextWait) {
                     &f, "Development has no migrations. Migrations you run from the Compare page show up "
                                  "here, with their progress." }, 5000));
  }
  screenshot (GTK_WIDGET (f.window), "migrations-error-banner.png");

  /* Both fail: the error page, with Retry. */
  ferry_sandbox_add_fault (f.pair.dev, "GET", "/api/migrations", 1000, FERRY_SANDBOX_FAULT_STATUS,
                           502, "text/html", "<html><title>Bad Gateway</title></html>", 0);
  ferry_migrations_view_refresh (f.view);
  g_assert_true (utu_spin_until (view_settled, &f, 30000));
  wait_page (&f, "error");
  screenshot (GTK_WIDGET (f.window), "migrations-error.png");

  /* Retry once the proxy is back: the errors go. */
  ferry_sandbox_clear_faults (f.pair.prod);
  ferry_sandbox_clear_faults (f.pair.dev);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "migrations.refresh", NULL));
  g_assert_true (utu_spin_until (view_settled, &f, 30000));
  wait_page (&f, "empty");
  utu_wait_ms (100);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  close_window (&f);
}

typedef struct
{
  Fixture *f;
  double   best;
  guint    max_running;
} ProgressWatch;

static gboolean
progress_seen (gpointer data)
{
  ProgressWatch *watch = data;

  watch->best = MAX (watch->best, visible_progress (watch->f));
  watch->max_running = MAX (watch->max_running, ferry_migrations_view_get_n_running (watch->f->view));
  return watch->best > 0.0 && watch->best < 1.0 && watch->max_running > 0;
}

/* A merge from elsewhere shows in its row with its progress, then
 * "Imported"; Undo (confirmed) brings every object back. */
static void
test_merge_undo (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = merge_settings ("use_newer");
  FerryMigrationSpec spec;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;
  ProgressWatch watch = { &f, -1.0, 0 };
  AdwMessageDialog *dialog;
  GtkWidget *undo;

  fixture_start (&f, 2, 4);
  open_window (&f, 1280, 1000);
  wait_page (&f, "empty");
  before = ferry_sandbox_dup_objects (f.pair.prod, TUTORIAL_ID);

  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Merge Tutorial", settings, NULL);
  job = ferry_migration_job_new (f.dev, f.prod, &spec);
  ferry_migrations_view_watch_job (f.view, job);
  job_start (job);
  g_assert_true (utu_spin_until (job_has_id, job, 30000));
  id = g_strdup (ferry_job_get_migration_id (job));

  /* Its row shows at once, with the job's progress, and counts as running. */
  g_assert_true (utu_spin_until (progress_seen, &watch, 60000));
  g_assert_nonnull (shown_row (&f, id));
  g_assert_true (ferry_migrations_view_get_job (f.view, id) == job);
  {
    g_autofree char *route = cell_text (&f, id, FERRY_MIGRATIONS_COLUMN_ROUTE);

    g_assert_cmpstr (route, ==, "Development → Production\n" TUTORIAL_NAME);
  }
  g_assert_cmpuint (watch.max_running, ==, 1);

  g_assert_true (job_wait (job, &error));
  g_assert_no_error (error);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 10000);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Approved", 10000);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PROGRESS, "", 10000);
  {
    g_autofree char *name = cell_text (&f, id, FERRY_MIGRATIONS_COLUMN_NAME);
    g_autofree char *purpose = cell_text (&f, id, FERRY_MIGRATIONS_COLUMN_PURPOSE);
    g_autofree char *creator = cell_text (&f, id, FERRY_MIGRATIONS_COLUMN_CREATOR);
    g_autofree char *created = cell_text (&f, id, FERRY_MIGRATIONS_COLUMN_CREATED);

    g_assert_cmpstr (name, ==, "Merge Tutorial");
    g_assert_cmpstr (purpose, ==, "Project merge");
    g_assert_cmpstr (creator, ==, "Administrator");
    g_assert_cmpuint (strlen (created), ==, strlen ("2026-11-22 01:24"));
  }
  g_assert_true (utu_spin_until (nothing_running, &f, 5000));
  g_assert_true (utu_spin_until (icon_shown, &(IconWait) { &f, "emblem-ok-symbolic" }, 5000));

  merged = ferry_sandbox_dup_objects (f.pair.prod, TUTORIAL_ID);
  g_assert_cmpuint (sbt_count_changed (before, merged), >, 0);

  /* The details: the timeline, the package, the settings; Undo enabled. */
  select_row (&f, id);
  undo = action_button (&f, FERRY_MIGRATION_ACTION_UNDO);
  g_assert_true (utu_spin_until ((UtuCondition) gtk_widget_get_sensitive, undo, 10000));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (undo), ==,
                   "Give the objects in Production back their state before this migration");
  /* Finished: the steps that no longer apply are not shown (not greyed);
   * Undo is the suggested action, Delete a plain button beside it. */
  g_assert_true (utu_spin_until (details_buttons_settled, &f, 5000));
  for (guint i = 0; i < 3; i++)
    {
      const char *step[] = { FERRY_MIGRATION_ACTION_REQUEST_IMPORT, FERRY_MIGRATION_ACTION_APPROVE,
                             FERRY_MIGRATION_ACTION_IMPORT };

      g_assert_false (gtk_widget_is_visible (action_button (&f, step[i])));
    }
  g_assert_true (gtk_widget_is_visible (undo));
  g_assert_true (gtk_widget_has_css_class (undo, "suggested-action"));
  g_assert_true (gtk_widget_is_visible (action_button (&f, FERRY_MIGRATION_ACTION_DELETE)));
  g_assert_true (gtk_widget_get_sensitive (action_button (&f, FERRY_MIGRATION_ACTION_DELETE)));
  g_assert_false (gtk_widget_has_css_class (action_button (&f, FERRY_MIGRATION_ACTION_DELETE), "destructive-action"));
  g_assert_false (gtk_widget_has_css_class (action_button (&f, FERRY_MIGRATION_ACTION_DELETE), "suggested-action"));
  /* The id: once, in a labelled, selectable row, not as a raw pair under
   * the title. */
  assert_identifier_row (&f, id);
  screenshot (GTK_WIDGET (f.window), "migrations-details.png");
  /* Further down: the package, the settings and the content, once read. */
  {
    g_autoptr(GPtrArray) scrolled = g_ptr_array_new ();
    GtkAdjustment *adjustment;
    GtkStack *content = GTK_STACK (utu_child (details (&f), FERRY_TYPE_MIGRATION_DETAILS, "content_stack"));

    g_assert_true (utu_spin_until (page_is_content, content, 10000));
    collect_widgets (GTK_WIDGET (details (&f)), GTK_TYPE_SCROLLED_WINDOW, scrolled);
    g_assert_cmpuint (scrolled->len, ==, 1);
    adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrolled, 0));
    utu_wait_ms (200);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    screenshot (GTK_WIDGET (f.window), "migrations-details-settings.png");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* Ctrl+Z → the confirmation says what changes where; Enter (its
   * default) undoes, as the user asked. */
  g_assert_true (activate_shortcut (f.view, "<Control>z", FERRY_MIGRATION_ACTION_UNDO));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "undo");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Undo “Merge Tutorial” in Production?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "Objects replaced by this migration get their previous versions back and objects it created are removed."));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "undo"), ==, ADW_RESPONSE_SUGGESTED);
  screenshot (GTK_WIDGET (dialog), "migrations-undo-dialog.png");
  respond (dialog, "undo");

  /* The undo runs in the row and ends "Undone"; a toast says so. */
  g_assert_nonnull (ferry_migrations_view_get_job (f.view, id));
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undone", 60000);
  g_assert_true (f.toasts->len > 0);
  g_assert_cmpstr (g_ptr_array_index (f.toasts, f.toasts->len - 1), ==, "“Merge Tutorial” was undone in Production");

  record = get_record (f.prod, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.status"), ==, "undo_success");

  after = ferry_sandbox_dup_objects (f.pair.prod, TUTORIAL_ID);
  sbt_assert_same_objects (before, after);

  /* Undone: Undo no longer applies and is not shown; Delete stays. */
  g_assert_true (utu_spin_until ((UtuCondition) cell_is,
                                 &(CellWait) { &f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undone" }, 1000));
  utu_wait_ms (50);
  g_assert_false (gtk_widget_is_visible (undo));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (undo), ==,
                   "Undo is not available: the migration was undone already");
  g_assert_true (gtk_widget_is_visible (action_button (&f, FERRY_MIGRATION_ACTION_DELETE)));

  close_window (&f);
}

/* keep_both in the rules: no undo package, and Undo says so. */
static void
test_keep_both (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = merge_settings ("keep_both");
  FerryMigrationSpec spec;
  g_autofree char *id = NULL;
  GtkWidget *undo;
  const char *reason = "Undo is not available: keep_both was used in this migration's rules";

  fixture_start (&f, 0, 0);
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Keep both merge", settings, NULL);
  id = run_migration (&f, &spec, TRUE);

  open_window (&f, 1280, 720);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 10000);
  select_row (&f, id);
  undo = action_button (&f, FERRY_MIGRATION_ACTION_UNDO);
  /* The reason needs the rules (read with showContent=all). */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (gtk_widget_get_tooltip_text (undo), reason) != 0 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpstr (gtk_widget_get_tooltip_text (undo), ==, reason);
  g_assert_false (gtk_widget_get_sensitive (undo));
  /* And in words under the buttons. */
  {
    GtkLabel *note = GTK_LABEL (utu_child (details (&f), FERRY_TYPE_MIGRATION_DETAILS, "note_label"));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
    g_assert_cmpstr (gtk_label_get_text (note), ==, reason);
  }
  /* The action itself is disabled: activating it asks nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_UNDO, NULL);
  utu_wait_ms (200);
  g_assert_null (utu_find_dialog ());
  screenshot (GTK_WIDGET (f.window), "migrations-keep-both.png");

  close_window (&f);
}

typedef struct
{
  Fixture    *f;
  const char *action;
} ActionWait;

static gboolean
action_sensitive (gpointer data)
{
  ActionWait *wait = data;

  return gtk_widget_get_sensitive (action_button (wait->f, wait->action));
}

/* A migration created on Development (the package only, as another client
 * would leave it): Request Import, Approve and Import, each from its
 * button's action, take it to Production. */
static void
test_request_approve_import (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = object_settings ();
  g_autoptr(JsonNode) content = year_content ("replace");
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  g_autofree char *id = NULL;
  gint64 end;

  fixture_start (&f, 0, 0);
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION, "Year, step by step", settings, content);
  id = create_elsewhere (&f, &spec);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonObject) record = get_record (f.dev, id, &error);

      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "created"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      utu_wait_ms (50);
    }

  open_window (&f, 1280, 720);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Created", 10000);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Not imported", 10000);
  select_row (&f, id);

  g_assert_true (gtk_widget_get_sensitive (action_button (&f, FERRY_MIGRATION_ACTION_REQUEST_IMPORT)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_REQUEST_IMPORT)), ==,
                   "Ask for this package to be imported into Production");
  g_assert_false (gtk_widget_get_sensitive (action_button (&f, FERRY_MIGRATION_ACTION_APPROVE)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_APPROVE)), ==,
                   "Request the import first");
  g_assert_false (gtk_widget_get_sensitive (action_button (&f, FERRY_MIGRATION_ACTION_IMPORT)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_IMPORT)), ==,
                   "The import has not been approved yet");
  g_assert_false (gtk_widget_get_sensitive (action_button (&f, FERRY_MIGRATION_ACTION_UNDO)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_UNDO)), ==,
                   "Undo is not available: the migration is not imported");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_REQUEST_IMPORT, NULL));
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Waiting for approval", 10000);
  g_assert_true (utu_spin_until (action_sensitive, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_APPROVE }, 5000));
  g_assert_false (gtk_widget_get_sensitive (action_button (&f, FERRY_MIGRATION_ACTION_REQUEST_IMPORT)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_APPROVE, NULL));
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Approved", 10000);
  g_assert_true (utu_spin_until (action_sensitive, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_IMPORT }, 5000));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_IMPORT)), ==,
                   "Import the package into Production");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_IMPORT, NULL));
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 60000);
  g_assert_true (utu_spin_until (nothing_running, &f, 5000));
  g_assert_cmpstr (g_ptr_array_index (f.toasts, f.toasts->len - 1), ==, "“Year, step by step” was imported into Production");
  {
    g_autoptr(JsonObject) record = get_record (f.prod, id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.status"), ==, "imported");
  }

  close_window (&f);
}

/* A migration someone else started (no job of this computer's filed it)
 * shows while its package is being created and is read until it is
 * created — and then left waiting: requesting and approving its import is
 * its owner's call, not Ferry's. */
static void
test_others_not_driven (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = merge_settings ("use_newer");
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FerryMigrationSpec spec;

  /* 3 ms per object: the package of the whole project takes a second or two. */
  fixture_start (&f, 3, 0);
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "A colleague's merge", settings, NULL);
  id = create_elsewhere (&f, &spec);

  open_window (&f, 1280, 720);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Creating", 10000);
  g_assert_true (utu_spin_until (something_running, &f, 5000));
  g_assert_cmpuint (ferry_migrations_view_get_n_running (f.view), ==, 1);
  g_assert_null (ferry_migrations_view_get_job (f.view, id));

  /* Read again until the server is done... */
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Created", 30000);
  g_assert_true (utu_spin_until (nothing_running, &f, 5000));
  /* ...and then nothing more happens to it. */
  utu_wait_ms (2500);
  g_assert_null (ferry_migrations_view_get_job (f.view, id));
  record = get_record (f.dev, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.importRequestStatus"), ==, "pending");
  {
    g_autofree char *import = cell_text (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS);

    g_assert_cmpstr (import, ==, "Not imported");
  }

  close_window (&f);
}

static gboolean
row_gone (gpointer data)
{
  CellWait *wait = data;

  return shown_row (wait->f, wait->id) == NULL;
}

/* Delete (confirmed) removes the record from both servers. */
static void
test_delete (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = object_settings ();
  g_autoptr(JsonNode) content = year_content ("replace");
  FerryMigrationSpec spec;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) on_dev = NULL;
  g_autoptr(JsonObject) on_prod = NULL;
  AdwMessageDialog *dialog;

  fixture_start (&f, 0, 0);
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION, "Year to Production", settings, content);
  id = run_migration (&f, &spec, TRUE);

  open_window (&f, 1280, 720);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 10000);
  select_row (&f, id);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_DELETE)), ==,
                   "Delete this migration from Development and Production");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_DELETE, NULL));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Year to Production”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "from Development and Production"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  screenshot (GTK_WIDGET (dialog), "migrations-delete-dialog.png");

  /* Cancel first: nothing happens. */
  respond (dialog, "cancel");
  utu_wait_ms (200);
  g_assert_nonnull (shown_row (&f, id));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_DELETE, NULL));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  respond (utu_find_dialog (), "delete");

  g_assert_true (utu_spin_until (row_gone, &(CellWait) { &f, id, 0, NULL }, 30000));
  g_assert_null (ferry_migrations_view_get_selected (f.view));

  on_dev = get_record (f.dev, id, &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 404);
  g_clear_error (&error);
  on_prod = get_record (f.prod, id, &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 404);

  /* A refresh does not bring it back. */
  ferry_migrations_view_refresh (f.view);
  g_assert_true (utu_spin_until (view_settled, &f, 30000));
  wait_page (&f, "empty");

  close_window (&f);
}

/* A restart (a new owner over the stored "unfinished-migrations") is the
 * monitor's: tests/core/test-migration-monitor.c /migration-monitor/restart. */

/* --- The list: running, imported, failed and undone rows; filters; export --- */

/* RFC 4180 lines back into fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          p++;
          continue;
        }
      if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        g_string_append_c (field, *p);
      p++;
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
export_shown (Fixture           *f,
              FerryExportFormat  format)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, format == FERRY_EXPORT_FORMAT_CSV ? "shown.csv" : "shown.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gssize n;

  ferry_migrations_view_export_async (f->view, format, file, NULL, export_done_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 10000));
  n = ferry_migrations_view_export_finish (f->view, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, g_list_model_get_n_items (ferry_migrations_view_get_shown (f->view)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* The export's rows are exactly the rows shown, in their order. */
static void
assert_export_matches (Fixture *f)
{
  GListModel *shown = ferry_migrations_view_get_shown (f->view);
  guint n = g_list_model_get_n_items (shown);
  const char * const *fields = ferry_migrations_export_get_fields ();
  g_autofree char *csv = export_shown (f, FERRY_EXPORT_FORMAT_CSV);
  g_autofree char *json = export_shown (f, FERRY_EXPORT_FORMAT_JSON);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  g_autoptr(JsonNode) parsed = sbt_json_parse (json);
  JsonArray *array;

  g_assert_cmpuint (rows->len, ==, n + 1);
  for (guint f_i = 0; fields[f_i] != NULL; f_i++)
    g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 0), f_i), ==, fields[f_i]);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (parsed));
  array = json_node_get_array (parsed);
  g_assert_cmpuint (json_array_get_length (array), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (shown, i);
      GPtrArray *row = g_ptr_array_index (rows, i + 1);
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *route = ferry_migrations_view_dup_cell_text (f->view, m, FERRY_MIGRATIONS_COLUMN_ROUTE);

      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, ferry_migration_get_id (m));
      g_assert_cmpstr (g_ptr_array_index (row, 1), ==, ferry_migration_get_name (m));
      g_assert_cmpstr (g_ptr_array_index (row, 9), ==, ferry_migration_get_import_status (m));
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, ferry_migration_get_id (m));
      g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, ferry_migration_get_name (m));
      g_assert_cmpstr (json_object_get_string_member (object, "package_status"), ==,
                       ferry_migration_get_package_status (m));
      g_assert_cmpstr (json_object_get_string_member (object, "import_status"), ==,
                       ferry_migration_get_import_status (m));
      /* The environments as the list names them. */
      g_assert_true (g_str_has_prefix (route, json_object_get_string_member (object, "source_environment")));
      g_assert_cmpstr (json_object_get_string_member (object, "source_environment"), ==, "Development");
      g_assert_cmpstr (json_object_get_string_member (object, "target_environment"), ==, "Production");
      g_assert_cmpstr (g_ptr_array_index (row, 4), ==, "Development");
      for (guint k = 0; fields[k] != NULL; k++)
        {
          JsonNode *value = json_object_get_member (object, fields[k]);
          const char *csv_value = g_ptr_array_index (row, k);

          g_assert_nonnull (value);
          if (JSON_NODE_HOLDS_NULL (value))
            g_assert_cmpstr (csv_value, ==, "");
          else
            g_assert_cmpstr (csv_value, ==, json_node_get_string (value));
        }
    }
}

static void
test_list (void)
{
  Fixture f;
  g_autoptr(JsonNode) merge = merge_settings ("use_newer");
  g_autoptr(JsonNode) objects = object_settings ();
  g_autoptr(JsonNode) year = year_content ("replace");
  g_autoptr(JsonNode) delete_year = year_content ("delete");
  g_autoptr(FerryJob) running = NULL;
  g_autoptr(FerryJob) undo = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  g_autofree char *imported = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *running_id = NULL;
  ProgressWatch watch = { &f, -1.0, 0 };
  GListModel *shown;

  fixture_start (&f, 2, 4);

  /* Imported, undone, failed (Year is used by other objects: deleting it
   * fails the whole import). */
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION, "Year attribute", objects, year);
  imported = run_migration (&f, &spec, TRUE);
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Quarterly merge, rolled back", merge, NULL);
  undone = run_migration (&f, &spec, TRUE);
  undo = ferry_undo_job_new (f.prod, undone, TUTORIAL_ID);
  job_start (undo);
  g_assert_true (job_wait (undo, &error));
  g_assert_no_error (error);
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION, "Remove Year (blocked)", objects, delete_year);
  failed = run_migration (&f, &spec, FALSE);

  open_window (&f, 1400, 640);
  wait_cell (&f, imported, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 10000);
  wait_cell (&f, undone, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undone", 10000);
  wait_cell (&f, failed, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Import failed", 10000);
  g_assert_true (utu_spin_until (icon_shown, &(IconWait) { &f, "dialog-error-symbolic" }, 5000));

  /* Hovering the failed row: its name with its id, its route, and the
   * server's reason beside "Import failed". */
  {
    g_autoptr(GPtrArray) tooltips = row_tooltips (&f, failed);
    g_autofree char *name = g_strdup_printf ("Remove Year (blocked)\n%s", failed);
    gboolean reason = FALSE;

    g_assert_cmpuint (tooltips->len, >=, 4);
    g_assert_cmpstr (g_ptr_array_index (tooltips, 0), ==, name);
    for (guint i = 0; i < tooltips->len; i++)
      {
        const char *text = g_ptr_array_index (tooltips, i);

        g_test_message ("tooltip: %s", text);
        if (g_str_has_prefix (text, "Import failed: ") && strlen (text) > strlen ("Import failed: "))
          reason = TRUE;
      }
    g_assert_true (reason);
  }

  /* And one running, started elsewhere. */
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Release 24.11 merge", merge, NULL);
  running = ferry_migration_job_new (f.dev, f.prod, &spec);
  ferry_migrations_view_watch_job (f.view, running);
  job_start (running);
  g_assert_true (utu_spin_until (job_has_id, running, 30000));
  running_id = g_strdup (ferry_job_get_migration_id (running));
  g_assert_true (utu_spin_until (progress_seen, &watch, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_migrations_view_get_shown (f.view)), ==, 4);
  screenshot (GTK_WIDGET (f.window), "migrations-list.png");

  /* Filters. */
  shown = ferry_migrations_view_get_shown (f.view);
  ferry_migrations_view_set_status_filter (f.view, FERRY_MIGRATIONS_FILTER_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_nonnull (shown_row (&f, failed));
  ferry_migrations_view_set_status_filter (f.view, FERRY_MIGRATIONS_FILTER_UNDONE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_nonnull (shown_row (&f, undone));
  ferry_migrations_view_set_status_filter (f.view, FERRY_MIGRATIONS_FILTER_ALL);
  ferry_migrations_view_set_purpose_filter (f.view, "project_merge");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  ferry_migrations_view_set_purpose_filter (f.view, NULL);
  ferry_migrations_view_set_search_text (f.view, "year");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  ferry_migrations_view_set_search_text (f.view, "nothing like this");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  wait_page (&f, "no-results");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "migrations.clear-filters", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  wait_page (&f, "list");

  /* The running one ends Imported; n-running back to 0. */
  g_assert_true (job_wait (running, &error));
  g_assert_no_error (error);
  wait_cell (&f, running_id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 10000);
  g_assert_true (utu_spin_until ((UtuCondition) cell_is,
                                 &(CellWait) { &f, running_id, FERRY_MIGRATIONS_COLUMN_PROGRESS, "" }, 10000));

  /* Export: all rows, then a search's rows, then a status filter's. */
  assert_export_matches (&f);
  ferry_migrations_view_set_search_text (f.view, "merge");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  assert_export_matches (&f);
  ferry_migrations_view_set_search_text (f.view, NULL);
  ferry_migrations_view_set_status_filter (f.view, FERRY_MIGRATIONS_FILTER_IMPORTED);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  assert_export_matches (&f);
  ferry_migrations_view_set_status_filter (f.view, FERRY_MIGRATIONS_FILTER_ALL);

  /* The failed row's details: the server's message, copyable. */
  select_row (&f, failed);
  /* Its context menu (Shift+F10) offers the same actions. */
  {
    g_autoptr(GPtrArray) popovers = g_ptr_array_new ();

    GtkPopover *menu = NULL;

    /* The ui tests share one X server: another test's window may take the
     * grab and close an autohiding popover before it is shot. */
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f.view)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_POPOVER_MENU (child))
        gtk_popover_set_autohide (menu = GTK_POPOVER (child), FALSE);
    g_assert_nonnull (menu);

    g_assert_true (ferry_migrations_view_get_selected (f.view) != NULL);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "migrations.context-menu", NULL));
    /* Shown at once. */
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f.view)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_POPOVER_MENU (child) && gtk_widget_get_visible (child))
        g_ptr_array_add (popovers, child);
    g_assert_cmpuint (popovers->len, ==, 1);
    /* A popover is a surface of its own: shot alone, once mapped. */
    if (utu_spin_until (has_visible_popover_menu, f.view, 10000))
      {
        utu_wait_ms (100);
        screenshot (g_ptr_array_index (popovers, 0), "migrations-context-menu.png");
      }
    else
      g_test_message ("the context menu was not mapped by the X server: no screenshot");
    gtk_popover_popdown (g_ptr_array_index (popovers, 0));
    gtk_popover_set_autohide (menu, TRUE);
  }
  screenshot (GTK_WIDGET (f.window), "migrations-failed-details.png");

  /* Narrow: the details fold over the list. */
  gtk_window_set_default_size (f.window, 360, 640);
  gtk_widget_queue_resize (GTK_WIDGET (f.window));
  utu_wait_ms (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f.window)), <=, 400);
  screenshot (GTK_WIDGET (f.window), "migrations-narrow-details.png");
  ferry_migrations_view_select (f.view, NULL);
  utu_wait_ms (100);
  /* Only what says where each migration is: name, import, progress. */
  {
    g_autofree char *titles = column_titles (&f);

    g_assert_cmpstr (titles, ==, "Name|Import|Progress");
  }
  screenshot (GTK_WIDGET (f.window), "migrations-narrow.png");

  /* Sorting by a column (the column view's sorter drives the model). */
  {
    GtkColumnView *column_view = GTK_COLUMN_VIEW (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));
    g_autoptr(GtkColumnViewColumn) name_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 0);
    g_autoptr(GtkColumnViewColumn) import_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 1);
    g_autoptr(FerryMigration) first = NULL;
    g_autoptr(FerryMigration) last = NULL;

    gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_ASCENDING);
    for (guint i = 0; i + 1 < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(FerryMigration) a = g_list_model_get_item (shown, i);
        g_autoptr(FerryMigration) b = g_list_model_get_item (shown, i + 1);

        g_assert_cmpint (g_utf8_collate (ferry_migration_get_name (a), ferry_migration_get_name (b)), <=, 0);
      }
    gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_DESCENDING);
    first = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (ferry_migration_get_name (first), ==, "Year attribute");
    /* Failed imports first by the import column. */
    gtk_column_view_sort_by_column (column_view, import_column, GTK_SORT_ASCENDING);
    g_clear_object (&first);
    first = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (ferry_migration_get_id (first), ==, failed);
    last = g_list_model_get_item (shown, g_list_model_get_n_items (shown) - 1);
    g_assert_cmpstr (ferry_migration_get_id (last), ==, undone);
    gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  }


  close_window (&f);
}

/* The visible texts of the list's cells that are cut (ellipsized) at their
 * width, one per line; empty when none is. */
static char *
cut_cells (Fixture *f)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GString) cut = g_string_new (NULL);
  GtkWidget *column_view = GTK_WIDGET (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));

  collect_widgets (column_view, FERRY_TYPE_CELL_TEXT, texts);
  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = 0; i < texts->len; i++)
    {
      FerryCellText *cell_text = g_ptr_array_index (texts, i);
      GtkWidget *widget = GTK_WIDGET (cell_text);
      const char *text = ferry_cell_text_get_text (cell_text);
      guint lines = ferry_cell_text_get_nat_lines (cell_text);
      g_autoptr(PangoLayout) layout = NULL;

      if (!gtk_widget_get_mapped (widget) || text == NULL || *text == '\0')
        continue;
      /* As the cell lays it out: its width, its lines (wrapped at words
       * when more than one). */
      layout = gtk_widget_create_pango_layout (widget, text);
      pango_layout_set_width (layout, gtk_widget_get_width (widget) * PANGO_SCALE);
      pango_layout_set_wrap (layout, lines > 1 ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -(int) MAX (1, lines));
      if (pango_layout_is_ellipsized (layout))
        g_string_append_printf (cut, "“%s” (%d px)\n", text, gtk_widget_get_width (widget));
    }
  return g_string_free (g_steal_pointer (&cut), FALSE);
}

static gboolean
nothing_cut (gpointer data)
{
  g_autofree char *cut = cut_cells (data);

  return *cut == '\0';
}

static void
assert_nothing_cut (Fixture    *f,
                    const char *where)
{
  g_autofree char *cut = NULL;

  /* The columns settle after a resize (those that do not fit are hidden
   * from an idle): give a loaded machine up to 3 s. */
  utu_wait_ms (300);
  utu_spin_until (nothing_cut, f, 3000);
  cut = cut_cells (f);
  if (*cut != '\0')
    g_error ("%s: cut in the list:\n%s", where, cut);
}

static gboolean
row_selected (gpointer data)
{
  CellWait *wait = data;
  FerryMigration *m = ferry_migrations_view_get_selected (wait->f->view);

  return m != NULL && g_strcmp0 (ferry_migration_get_id (m), wait->id) == 0;
}

static guint
shown_position (Fixture    *f,
                const char *id)
{
  GListModel *shown = ferry_migrations_view_get_shown (f->view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (shown, i);

      if (g_strcmp0 (ferry_migration_get_id (m), id) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static gboolean
focus_in_details (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (details (f)));
}

/* Issue 11 on the Migrations page, at the window's default 1,100 px and as
 * the demo names them: a finished merge and one started elsewhere (as the
 * editor does) whose row shows its progress and ends in the past tense;
 * nothing of the rows cut; show_migration() of a row not listed yet; Enter
 * on a row; Export with nothing to export; the list one Tab stop. */
static void
test_first_use (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = merge_settings ("use_newer");
  g_autoptr(JsonNode) settings2 = merge_settings ("use_newer");
  FerryMigrationSpec spec;
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *finished = NULL;
  g_autofree char *running = NULL;
  ProgressWatch watch = { &f, -1.0, 0 };
  GtkWidget *export_button;
  GtkWidget *column_view;
  GtkWidget *undo;
  AdwStyleManager *style = adw_style_manager_get_default ();

  fixture_start (&f, 3, 6);
  open_window (&f, 1100, 720);
  wait_page (&f, "empty");
  export_button = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "export_button"));
  column_view = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));
  /* Nothing to export yet, and the button says so. */
  g_assert_false (gtk_widget_get_sensitive (export_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (export_button), ==, "Nothing to export: there are no migrations");

  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE,
                   "Merge MicroStrategy Tutorial: Development → Production, 7 Dec 2026", settings, NULL);
  finished = run_migration (&f, &spec, TRUE);
  ferry_migrations_view_refresh (f.view);
  wait_cell (&f, finished, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 30000);

  /* Started elsewhere (the editor hands its job to the monitor) and shown
   * from there before the list has its row: it opens when it arrives. */
  spec = spec_for (&f, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE,
                   "Merge MicroStrategy Tutorial: Development → Production, 8 Dec 2026", settings2, NULL);
  job = ferry_migration_job_new (f.dev, f.prod, &spec);
  ferry_migration_monitor_run_job (ferry_migrations_view_get_monitor (f.view), job);
  g_assert_true (utu_spin_until (job_has_id, job, 30000));
  running = g_strdup (ferry_job_get_migration_id (job));
  ferry_migrations_view_show_migration (f.view, running);
  g_assert_true (utu_spin_until (row_selected, &(CellWait) { &f, running, 0, NULL }, 30000));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "flap"))));
  g_assert_true (utu_spin_until (progress_seen, &watch, 60000));
  {
    g_autofree char *percent = cell_text (&f, running, FERRY_MIGRATIONS_COLUMN_PROGRESS);
    g_autofree char *kind = cell_text (&f, running, FERRY_MIGRATIONS_COLUMN_PURPOSE);

    g_assert_true (g_str_has_suffix (percent, " %"));
    g_assert_cmpstr (kind, ==, "Project merge");
  }
  assert_nothing_cut (&f, "running, details open");
  screenshot (GTK_WIDGET (f.window), "migrations-1100-running-details.png");
  ferry_migrations_view_select (f.view, NULL);
  assert_nothing_cut (&f, "running, 1100 px");
  {
    g_autofree char *titles = column_titles (&f);

    /* At 1,100 px: the name, what it is, where, who and where it is. */
    g_assert_cmpstr (titles, ==, "Name|Kind|Source → Target|Package|Import|Progress|Created By");
  }
  screenshot (GTK_WIDGET (f.window), "migrations-1100-running.png");

  /* It ends in the past tense, with no progress left. */
  wait_cell (&f, running, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 120000);
  wait_cell (&f, running, FERRY_MIGRATIONS_COLUMN_PROGRESS, "", 10000);
  assert_nothing_cut (&f, "finished, 1100 px");
  screenshot (GTK_WIDGET (f.window), "migrations-1100.png");

  /* Enter (a row's "activate") opens its details, focused on its next
   * step: Undo. */
  gtk_widget_grab_focus (column_view);
  g_signal_emit_by_name (column_view, "activate", shown_position (&f, finished));
  g_assert_true (utu_spin_until (row_selected, &(CellWait) { &f, finished, 0, NULL }, 5000));
  g_assert_true (utu_spin_until (focus_in_details, &f, 5000));
  undo = action_button (&f, FERRY_MIGRATION_ACTION_UNDO);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f.window)) == undo);
  assert_nothing_cut (&f, "finished, details open");

  /* One Tab stop for the list: from a row, Tab leaves the list. */
  {
    GtkWidget *focus;

    g_assert_true (gtk_widget_grab_focus (column_view));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f.window), GTK_DIR_TAB_FORWARD));
    focus = gtk_root_get_focus (GTK_ROOT (f.window));
    g_assert_nonnull (focus);
    g_test_message ("Tab from the list: %s", G_OBJECT_TYPE_NAME (focus));
    g_assert_false (gtk_widget_is_ancestor (focus, column_view));
  }

  /* Dark, and narrow. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (f.window), "migrations-1100-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  ferry_migrations_view_select (f.view, NULL);
  gtk_window_set_default_size (f.window, 400, 720);
  gtk_widget_queue_resize (GTK_WIDGET (f.window));
  utu_wait_ms (300);
  screenshot (GTK_WIDGET (f.window), "migrations-400.png");
  gtk_window_set_default_size (f.window, 1100, 720);
  gtk_widget_queue_resize (GTK_WIDGET (f.window));
  utu_wait_ms (300);

  /* Export: nothing matches the search, nothing to export, and why. */
  g_assert_true (gtk_widget_get_sensitive (export_button));
  ferry_migrations_view_set_search_text (f.view, "nothing like this");
  g_assert_false (gtk_widget_get_sensitive (export_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (export_button), ==,
                   "Nothing to export: no migration matches the filters");
  /* show_migration() of a row the search hides shows it again. */
  ferry_migrations_view_show_migration (f.view, finished);
  g_assert_true (row_selected (&(CellWait) { &f, finished, 0, NULL }));
  g_assert_true (gtk_widget_get_sensitive (export_button));

  close_window (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* A registered AdwApplication: style.css comes from its resource path. */
  app = utu_init (&argc, &argv);
  if (app == NULL)
    return 0;

  g_test_add_func ("/migrations-view/states", test_states);
  g_test_add_func ("/migrations-view/merge-undo", test_merge_undo);
  g_test_add_func ("/migrations-view/keep-both", test_keep_both);
  g_test_add_func ("/migrations-view/delete", test_delete);
  g_test_add_func ("/migrations-view/request-approve-import", test_request_approve_import);
  g_test_add_func ("/migrations-view/others-not-driven", test_others_not_driven);
  g_test_add_func ("/migrations-view/list", test_list);
  g_test_add_func ("/migrations-view/first-use", test_first_use);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  return status;
}
