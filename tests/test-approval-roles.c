/* test-approval-roles.c: approval as separate steps in the Migrations page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo's two servers ("Development", tutorial-dev, and "Production",
 * tutorial-prod, sharing package storage), in process; migrations are set
 * up over the API as another client (an architect's Ferry) would, and the
 * page is worked as an approver works it:
 *
 * - two imports requested: the toolbar counts them, its button shows them
 *   (the "Waiting for approval" filter), Approve is the suggested step with
 *   Reject beside it; Reject asks first, then the source says "rejected"
 *   and so does the row; the other one is approved;
 * - a certified package whose validation failed: the badge in the details
 *   and the list, the failure in the timeline and the row;
 * - the undo as separate steps: Request Undo, then Approve Undo (asked)
 *   undoes it on the target; Reject Undo leaves the objects alone.
 *
 * Screenshots (G_TEST_BUILDDIR/screenshots): approval-waiting.png,
 * approval-details.png, approval-reject-dialog.png, approval-rejected.png,
 * approval-certified-validation.png, approval-certified-list.png,
 * approval-undo-requested.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-cell-icon.h"
#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID SBT_TUTORIAL_ID
#define YEAR_ID     SBT_YEAR_ID

/* From utu_init(), which owns it. */
static GtkApplication *app;

typedef struct
{
  SbtPair              pair;
  SbtClient           *dev_api;       /* administrator on Development */
  SbtClient           *prod_api;      /* administrator on Production */
  GListStore          *environments;
  GtkWindow           *window;
  FerryMigrationsView *view;
  GPtrArray           *toasts;
} Fixture;

/* --- The fixture ----------------------------------------------------------- */

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
  g_test_queue_destroy (disconnect_environment, environment);
  return environment;
}

static void
fixture_start (Fixture *f)
{
  memset (f, 0, sizeof *f);
  sbt_pair_start (&f->pair, NULL, NULL);
  f->dev_api = sbt_client_new_admin (f->pair.dev);
  f->prod_api = sbt_client_new_admin (f->pair.prod);
  g_test_queue_destroy ((GDestroyNotify) sbt_client_free, f->dev_api);
  g_test_queue_destroy ((GDestroyNotify) sbt_client_free, f->prod_api);
  f->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_test_queue_unref (f->environments);
  g_list_store_append (f->environments, connect_environment (f->pair.dev, "Development"));
  g_list_store_append (f->environments, connect_environment (f->pair.prod, "Production"));
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
  ferry_migrations_view_set_environments (f->view, G_LIST_MODEL (f->environments));
  gtk_window_present (f->window);
  g_assert_true (utu_spin_until (utu_is_mapped, f->window, 10000));
  g_assert_true (utu_spin_until (view_settled, f, 30000));
}

static gboolean
no_dialogs (gpointer data)
{
  return utu_find_dialog () == NULL;
}

static void
close_window (Fixture *f)
{
  gtk_window_destroy (g_steal_pointer (&f->window));
  f->view = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (utu_spin_until (no_dialogs, NULL, 2000));
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *file = g_build_filename ("screenshots", name, NULL);

  utu_wait_ms (400);
  utu_save_png (widget, file);
}

/* --- Setting up over the API (as another client) ---------------------------- */

static JsonNode *
merge_settings (void)
{
  return sbt_json_parse ("{\"updateSchema\": [\"recal_table_logical_size\"],"
                         " \"aclOnReplacingObjects\": \"use_existing\","
                         " \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
                         " \"validateDependencies\": true, \"defaultAction\": \"use_newer\"}");
}

/* A project merge (or, with CONTENT, an object migration) from Development
 * to Production named NAME, created; returns its id. */
static char *
create (Fixture    *f,
        const char *name,
        JsonNode   *content)
{
  g_autoptr(JsonNode) settings = content != NULL
    ? sbt_json_parse ("{\"defaultAction\": \"replace\", \"aclOnReplacingObjects\": \"use_existing\","
                      " \"aclOnNewObjects\": [\"keep_acl_as_source_object\"], \"validateDependencies\": true}")
    : merge_settings ();
  g_autoptr(JsonNode) body = sbt_migration_body (ferry_sandbox_get_base_url (f->pair.dev),
                                                 ferry_sandbox_get_base_url (f->pair.prod),
                                                 content != NULL ? "object_migration" : "project_merge",
                                                 "project", TUTORIAL_ID, settings, content);
  g_autoptr(JsonNode) record = NULL;
  char *id;

  json_object_set_string_member (json_object_get_object_member (json_node_get_object (body), "packageInfo"),
                                 "name", name);
  id = sbt_migration_create (f->dev_api, TUTORIAL_ID, body, &record);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "created");
  return id;
}

static void
patch (SbtClient  *client,
       const char *id,
       const char *body,
       guint       status)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
  g_autoptr(SbtResponse) r = sbt_request (client, "PATCH", path, body,
                                          "X-MSTR-ProjectID", TUTORIAL_ID, NULL);

  sbt_assert_status (r, status);
}

/* A string of ID's record on CLIENT's server, now. */
static char *
server_says (SbtClient  *client,
             const char *id,
             const char *field)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
  g_autoptr(SbtResponse) r = sbt_request (client, "GET", path, NULL, NULL);

  sbt_assert_status (r, 200);
  return g_strdup (sbt_json_get_string (r->json, field));
}

/* --- What the page shows ---------------------------------------------------- */

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

static FerryMigration *
migration (Fixture    *f,
           const char *id)
{
  return ferry_migration_list_lookup (ferry_migrations_view_get_migrations (f->view), id);
}

static gboolean
shown (Fixture    *f,
       const char *id)
{
  GListModel *rows = ferry_migrations_view_get_shown (f->view);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (rows, i);

      if (g_strcmp0 (ferry_migration_get_id (m), id) == 0)
        return TRUE;
    }
  return FALSE;
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
  FerryMigration *m = migration (f, id);

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
           const char            *text)
{
  CellWait wait = { f, id, column, text };

  if (!utu_spin_until (cell_is, &wait, 30000))
    {
      g_autofree char *now = cell_text (f, id, column);

      g_error ("The cell of %s (column %d) shows “%s”, not “%s”", id, column, now, text);
    }
}

typedef struct
{
  Fixture    *f;
  const char *action;
} ActionWait;

static gboolean
action_ready (gpointer data)
{
  ActionWait *wait = data;
  GtkWidget *button = action_button (wait->f, wait->action);

  return gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button);
}

static void
select_row (Fixture    *f,
            const char *id)
{
  g_assert_true (ferry_migrations_view_select (f->view, id));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The visible buttons of the details' steps, by their action, joined
 * with " " in the order they show. */
static char *
visible_steps (Fixture *f)
{
  static const char *const actions[] = {
    FERRY_MIGRATION_ACTION_REQUEST_IMPORT, FERRY_MIGRATION_ACTION_APPROVE, FERRY_MIGRATION_ACTION_REJECT,
    FERRY_MIGRATION_ACTION_IMPORT, FERRY_MIGRATION_ACTION_REQUEST_UNDO, FERRY_MIGRATION_ACTION_APPROVE_UNDO,
    FERRY_MIGRATION_ACTION_REJECT_UNDO, FERRY_MIGRATION_ACTION_UNDO, FERRY_MIGRATION_ACTION_DELETE,
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (gtk_widget_is_visible (action_button (f, actions[i])))
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", actions[i] + strlen ("migration."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  Fixture    *f;
  const char *steps;
} StepsWait;

static gboolean
steps_are (gpointer data)
{
  StepsWait *wait = data;
  g_autofree char *steps = visible_steps (wait->f);

  return g_strcmp0 (steps, wait->steps) == 0;
}

static void
wait_steps (Fixture    *f,
            const char *steps)
{
  StepsWait wait = { f, steps };

  if (!utu_spin_until (steps_are, &wait, 10000))
    {
      g_autofree char *now = visible_steps (f);

      g_error ("The details show the steps “%s”, not “%s”", now, steps);
    }
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_is_visible (child))
        g_ptr_array_add (out, child);
      collect (child, type, out);
    }
}

/* The timeline's rows: "title — subtitle" each, joined with "\n". */
static char *
timeline (Fixture *f)
{
  GtkWidget *list = GTK_WIDGET (utu_child (details (f), FERRY_TYPE_MIGRATION_DETAILS, "timeline_list"));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  collect (list, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (text, "%s — %s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (row));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  Fixture    *f;
  const char *line;
} TimelineWait;

static gboolean
timeline_has (gpointer data)
{
  TimelineWait *wait = data;
  g_autofree char *text = timeline (wait->f);

  return strstr (text, wait->line) != NULL;
}

static void
wait_timeline (Fixture    *f,
               const char *line)
{
  TimelineWait wait = { f, line };

  if (!utu_spin_until (timeline_has, &wait, 10000))
    {
      g_autofree char *text = timeline (f);

      g_error ("The timeline has no “%s”:\n%s", line, text);
    }
}

static gboolean
waiting_count_is (gpointer data)
{
  gpointer *args = data;
  Fixture *f = args[0];
  const char *text = args[1];
  GtkWidget *button = GTK_WIDGET (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "waiting_button"));
  GtkLabel *label = GTK_LABEL (utu_child (f->view, FERRY_TYPE_MIGRATIONS_VIEW, "waiting_label"));

  if (text == NULL)
    return !gtk_widget_get_visible (button);
  return gtk_widget_get_visible (button) && g_strcmp0 (gtk_label_get_text (label), text) == 0;
}

static void
wait_waiting_count (Fixture    *f,
                    const char *text)
{
  gpointer args[] = { f, (gpointer) text };

  if (!utu_spin_until (waiting_count_is, args, 10000))
    g_error ("The waiting count is not “%s”", text != NULL ? text : "(hidden)");
}

static AdwMessageDialog *
wait_dialog (void)
{
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  return utu_find_dialog ();
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (no_dialogs, NULL, 5000));
}

static gboolean
two_shown (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (ferry_migrations_view_get_shown (f->view)) == 2;
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

/* PATCH …/packageInfo/certification (204, no body) as administrator. */
static void
certify (Fixture    *f,
         const char *path,
         const char *status)
{
  g_autofree char *cert = g_strdup_printf ("%s/packageInfo/certification", path);
  g_autofree char *body = g_strdup_printf ("{\"packageInfo\":{\"certification\":{\"status\":\"%s\"}}}", status);
  g_autoptr(SbtResponse) r = sbt_request (f->dev_api, "PATCH", cert, body, NULL);

  sbt_assert_status (r, 204);
}

static gboolean
says_requested (gpointer label)
{
  return g_strcmp0 (gtk_label_get_text (label), "Certification requested") == 0;
}

/* --- Tests ------------------------------------------------------------------ */

/* Two imports requested: shown as waiting, one rejected, one approved. */
static void
test_reject_approve (void)
{
  Fixture f;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *waiting_button;

  fixture_start (&f);
  first = create (&f, "Quarterly merge, for review", NULL);
  second = create (&f, "Year attribute fix", sbt_json_parse ("[{\"id\": \"" YEAR_ID "\", \"type\": 12,"
                                                             " \"action\": \"replace\", \"includeDependents\": true}]"));
  other = create (&f, "Not requested yet", NULL);
  /* The architect's requests. */
  patch (f.dev_api, first, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", 200);
  patch (f.dev_api, second, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", 200);

  open_window (&f, 1100, 720);
  wait_cell (&f, first, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Waiting for approval");
  wait_cell (&f, second, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Waiting for approval");
  wait_cell (&f, other, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Created");

  /* The count, and its button shows them (keyboard: it takes focus). */
  wait_waiting_count (&f, "2 waiting for approval");
  waiting_button = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "waiting_button"));
  g_assert_true (gtk_widget_get_focusable (waiting_button) || gtk_widget_get_can_focus (waiting_button));
  g_assert_true (gtk_widget_grab_focus (waiting_button));
  g_assert_true (gtk_widget_activate (waiting_button));
  g_assert_true (utu_spin_until (two_shown, &f, 5000));
  g_assert_true (shown (&f, first));
  g_assert_true (shown (&f, second));
  g_assert_false (shown (&f, other));
  {
    GtkDropDown *status = GTK_DROP_DOWN (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "status_dropdown"));

    g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, FERRY_MIGRATIONS_FILTER_WAITING);
  }
  screenshot (GTK_WIDGET (f.window), "approval-waiting.png");

  /* Approve is the next step, Reject beside it. */
  select_row (&f, first);
  wait_steps (&f, "approve reject delete");
  g_assert_true (utu_spin_until (action_ready, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_REJECT }, 5000));
  g_assert_true (ferry_migration_details_get_primary_button (details (&f)) ==
                 action_button (&f, FERRY_MIGRATION_ACTION_APPROVE));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (action_button (&f, FERRY_MIGRATION_ACTION_REJECT)), ==,
                   "Reject the import into Production");
  wait_timeline (&f, "Import requested — Done");
  screenshot (GTK_WIDGET (f.window), "approval-details.png");

  /* Reject asks first, and Cancel leaves it requested. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_REJECT, NULL));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Reject the Import of “Quarterly merge, for review”?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Nothing is imported into Production. The package stays; its import can be requested again.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "reject"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  screenshot (GTK_WIDGET (dialog), "approval-reject-dialog.png");
  respond (dialog, "cancel");
  {
    g_autofree char *request = server_says (f.dev_api, first, "importInfo.importRequestStatus");

    g_assert_cmpstr (request, ==, "requested");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_REJECT, NULL));
  respond (wait_dialog (), "reject");
  wait_cell (&f, first, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Rejected");
  {
    g_autofree char *request = server_says (f.dev_api, first, "importInfo.importRequestStatus");
    g_autofree char *package = server_says (f.dev_api, first, "packageInfo.status");

    g_assert_cmpstr (request, ==, "rejected");
    g_assert_cmpstr (package, ==, "created");
  }
  g_assert_cmpstr (g_ptr_array_index (f.toasts, f.toasts->len - 1), ==, "The import was rejected");
  wait_waiting_count (&f, "1 waiting for approval");

  /* Out of the waiting list; shown with every status, its details say so
   * and offer to request it again. */
  ferry_migrations_view_set_status_filter (f.view, FERRY_MIGRATIONS_FILTER_ALL);
  select_row (&f, first);
  wait_steps (&f, "request-import delete");
  wait_timeline (&f, "Import rejected — Failed");
  screenshot (GTK_WIDGET (f.window), "approval-rejected.png");

  /* The other one approved. */
  select_row (&f, second);
  g_assert_true (utu_spin_until (action_ready, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_APPROVE }, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_APPROVE, NULL));
  wait_cell (&f, second, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Approved");
  {
    g_autofree char *package = server_says (f.dev_api, second, "packageInfo.status");

    g_assert_cmpstr (package, ==, "locked");
  }
  wait_steps (&f, "import delete");
  wait_waiting_count (&f, NULL);

  close_window (&f);
}

/* A certified package whose validation failed: the badge and the failure,
 * in the details and the row. */
static void
test_certification_validation (void)
{
  Fixture f;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  GtkWidget *badge;
  GtkLabel *badge_label;

  fixture_start (&f);
  /* Year is used by other objects: deleting it is blocked, and the
   * validation says so. */
  id = create (&f, "Remove Year (blocked)", sbt_json_parse ("[{\"id\": \"" YEAR_ID "\", \"type\": 12,"
                                                            " \"action\": \"delete\", \"includeDependents\": false}]"));
  path = g_strdup_printf ("/api/migrations/%s", id);
  certify (&f, path, "certified");
  {
    g_autofree char *all_path = g_strdup_printf ("%s?showContent=all", path);
    g_autofree char *validation = g_strdup_printf ("%s/validation", path);
    g_autoptr(SbtResponse) all = sbt_request (f.dev_api, "GET", all_path, NULL, NULL);
    g_autoptr(SbtResponse) put = NULL;
    g_autoptr(JsonNode) done = NULL;

    sbt_assert_status (all, 200);
    text = sbt_json_to_string (all->json);
    put = sbt_request (f.prod_api, "PUT", validation, text, "X-MSTR-ProjectID", TUTORIAL_ID, NULL);
    sbt_assert_status (put, 202);
    patch (f.dev_api, id, "{\"validation\":{\"status\":\"validating\"}}", 200);
    done = sbt_wait_for (f.dev_api, path, "validation.status", "validated", "validation_failed", NULL);
    g_assert_cmpstr (sbt_json_get_string (done, "validation.status"), ==, "validation_failed");
    g_test_message ("validation: %s", sbt_json_get_string (done, "validation.message"));
  }

  open_window (&f, 1100, 720);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, "Validation failed");
  select_row (&f, id);

  badge = GTK_WIDGET (utu_child (details (&f), FERRY_TYPE_MIGRATION_DETAILS, "certification_badge"));
  badge_label = GTK_LABEL (utu_child (details (&f), FERRY_TYPE_MIGRATION_DETAILS, "certification_label"));
  g_assert_true (gtk_widget_is_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (badge_label), ==, "Certified");
  g_test_message ("badge tooltip: %s", gtk_widget_get_tooltip_text (badge));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (badge), "Certified by "));
  g_assert_nonnull (ferry_migration_get_certification_date (migration (&f, id)));
  g_assert_nonnull (strchr (gtk_widget_get_tooltip_text (badge), ','));
  {
    g_autofree char *message = g_strdup_printf ("Validation failed: %s",
                                                ferry_migration_get_validation_message (migration (&f, id)));

    g_assert_nonnull (ferry_migration_get_validation_message (migration (&f, id)));
    g_assert_cmpstr (ferry_migration_get_validation_message (migration (&f, id)), !=, "");
    wait_timeline (&f, message);
  }
  screenshot (GTK_WIDGET (f.window), "approval-certified-validation.png");

  /* The row: the badge beside the package's state (the Package column,
   * which leaves the list at this width while the details are open). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "migrations.close-details", NULL));
  utu_wait_ms (400);
  {
    GtkWidget *column_view = GTK_WIDGET (utu_child (f.view, FERRY_TYPE_MIGRATIONS_VIEW, "column_view"));
    g_autoptr(GPtrArray) images = g_ptr_array_new ();
    gboolean found = FALSE;

    collect (column_view, FERRY_TYPE_CELL_ICON, images);
    for (guint i = 0; i < images->len; i++)
      if (gtk_widget_has_css_class (g_ptr_array_index (images, i), "certification-badge"))
        found = TRUE;
    g_assert_true (found);
  }
  screenshot (GTK_WIDGET (f.window), "approval-certified-list.png");
  select_row (&f, id);

  /* Decertified: no badge; then requested again (as an architect does). */
  certify (&f, path, "uncertified");
  ferry_migrations_view_refresh (f.view);
  g_assert_true (utu_spin_until (widget_hidden, badge, 10000));
  certify (&f, path, "requested");
  ferry_migrations_view_refresh (f.view);
  g_assert_true (utu_spin_until (says_requested, badge_label, 10000));
  g_assert_true (gtk_widget_is_visible (badge));

  close_window (&f);
}

/* The undo as separate steps: requested, then approved (undone on the
 * target); another rejected. */
static void
test_undo_steps (void)
{
  Fixture f;
  g_autoptr(JsonNode) settings = merge_settings ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autofree char *id = NULL;
  AdwMessageDialog *dialog;

  fixture_start (&f);
  body = sbt_migration_body (ferry_sandbox_get_base_url (f.pair.dev), ferry_sandbox_get_base_url (f.pair.prod),
                             "project_merge", "project", TUTORIAL_ID, settings, NULL);
  imported = sbt_migration_run (f.dev_api, f.prod_api, TUTORIAL_ID, body, &id);
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.status"), ==, "imported");

  open_window (&f, 1100, 720);
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported");
  select_row (&f, id);
  /* One click for who may do both; Request Undo for who may only ask. */
  wait_steps (&f, "request-undo undo delete");
  g_assert_true (ferry_migration_details_get_primary_button (details (&f)) ==
                 action_button (&f, FERRY_MIGRATION_ACTION_UNDO));
  g_assert_true (utu_spin_until (action_ready, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_REQUEST_UNDO }, 5000));

  /* Requested: the target says so; the approver's steps show. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_REQUEST_UNDO, NULL));
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undo requested");
  {
    g_autofree char *request = server_says (f.prod_api, id, "importInfo.undoRequestStatus");
    g_autofree char *status = server_says (f.prod_api, id, "importInfo.status");

    g_assert_cmpstr (request, ==, "requested");
    g_assert_cmpstr (status, ==, "imported");
  }
  wait_steps (&f, "approve-undo reject-undo delete");
  g_assert_true (ferry_migration_details_get_primary_button (details (&f)) ==
                 action_button (&f, FERRY_MIGRATION_ACTION_APPROVE_UNDO));
  wait_waiting_count (&f, "1 waiting for approval");
  wait_timeline (&f, "Undo requested — Done");
  screenshot (GTK_WIDGET (f.window), "approval-undo-requested.png");

  /* Rejected: the objects stay; it may be requested again. */
  g_assert_true (utu_spin_until (action_ready, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_REJECT_UNDO }, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_REJECT_UNDO, NULL));
  dialog = wait_dialog ();
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "reject"), ==, ADW_RESPONSE_DESTRUCTIVE);
  respond (dialog, "reject");
  wait_steps (&f, "request-undo undo delete");
  wait_timeline (&f, "Undo rejected — Failed");
  {
    g_autofree char *request = server_says (f.prod_api, id, "importInfo.undoRequestStatus");

    g_assert_cmpstr (request, ==, "rejected");
  }
  wait_waiting_count (&f, NULL);

  /* Requested again, then approved: undone on the target. */
  g_assert_true (utu_spin_until (action_ready, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_REQUEST_UNDO }, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_REQUEST_UNDO, NULL));
  g_assert_true (utu_spin_until (action_ready, &(ActionWait) { &f, FERRY_MIGRATION_ACTION_APPROVE_UNDO }, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), FERRY_MIGRATION_ACTION_APPROVE_UNDO, NULL));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "approve");
  respond (dialog, "approve");
  wait_cell (&f, id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undone");
  {
    g_autofree char *status = server_says (f.prod_api, id, "importInfo.status");

    g_assert_cmpstr (status, ==, "undo_success");
  }
  wait_steps (&f, "delete");

  close_window (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  app = utu_init (&argc, &argv);
  if (app == NULL)
    return 0;

  g_test_add_func ("/approval-roles/reject-approve", test_reject_approve);
  g_test_add_func ("/approval-roles/certification-validation", test_certification_validation);
  g_test_add_func ("/approval-roles/undo-steps", test_undo_steps);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  return status;
}
