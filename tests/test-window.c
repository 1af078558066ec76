/* test-window.c: the main window, with and without the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (the suite runs under xvfb-run). Screenshots go to
 * G_TEST_BUILDDIR: test-window-empty.png, test-window-demo.png.
 */

#include "config.h"

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-demo.h"
#include "ferry-sandbox.h"
#include "ferry-compare-view.h"
#include "ferry-environment-dialog.h"
#include "ferry-environment-pane.h"
#include "ferry-migrations-view.h"
#include "ferry-password-dialog.h"
#include "sb-test-util.h"
#include "ferry-window.h"
#include "ui-test-util.h"

/* From utu_application_init(), which owns it. */
static GtkApplication *app;

/* --- helpers ------------------------------------------------------------ */

static gboolean
transition_done (gpointer stack)
{
  return !gtk_stack_get_transition_running (stack);
}

static GtkWidget *
template_child (FerryWindow *window,
                const char  *name)
{
  return GTK_WIDGET (utu_child (window, FERRY_TYPE_WINDOW, name));
}

static gboolean    menu_has_action (GMenuModel  *model,
                                    const char  *action,
                                    char       **label);
static GMenuModel *main_menu       (FerryWindow *window);

static FerryWindow *
new_mapped_window (void)
{
  FerryWindow *window = ferry_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (utu_is_mapped, window, 5000));

  return window;
}

static void
destroy_window (FerryWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
}

/* --- tests -------------------------------------------------------------- */

static void
test_pages (void)
{
  FerryWindow *window = new_mapped_window ();
  AdwViewStack *view_stack = ADW_VIEW_STACK (template_child (window, "view_stack"));
  AdwViewSwitcherTitle *switcher = ADW_VIEW_SWITCHER_TITLE (template_child (window, "switcher_title"));
  GtkStack *compare_stack = GTK_STACK (template_child (window, "compare_stack"));
  GtkWidget *compare = adw_view_stack_get_child_by_name (view_stack, "compare");
  GtkWidget *migrations = adw_view_stack_get_child_by_name (view_stack, "migrations");

  g_assert_nonnull (compare);
  g_assert_nonnull (migrations);
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (view_stack, compare)), ==, "Compare");
  g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (view_stack, migrations)), ==, "Migrations");
  g_assert_true (adw_view_switcher_title_get_stack (switcher) == view_stack);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "compare");

  /* No demo: the empty state with its two buttons. */
  g_assert_null (ferry_window_get_demo (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "empty");
  g_assert_true (gtk_widget_get_sensitive (template_child (window, "add_environment_button")));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (window, "add_environment_button"))),
                   ==, "win.add-environment");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (window, "try_demo_button"))),
                   ==, "app.try-demo");

  utu_save_png (GTK_WIDGET (window), "test-window-empty.png");

  adw_view_stack_set_visible_child_name (view_stack, "migrations");
  utu_save_png (GTK_WIDGET (window), "test-window-migrations.png");

  destroy_window (window);
}

static gboolean
bar_revealed (gpointer bar)
{
  return adw_view_switcher_bar_get_reveal (bar);
}

/* At phone width the switcher moves from the header bar to the bottom. */
static void
test_narrow (void)
{
  FerryWindow *window = ferry_window_new (app);
  AdwViewSwitcherTitle *switcher = ADW_VIEW_SWITCHER_TITLE (template_child (window, "switcher_title"));
  GtkWidget *bar = template_child (window, "switcher_bar");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (utu_is_mapped, window, 5000));
  g_assert_true (utu_spin_until (bar_revealed, bar, 5000));
  g_assert_true (adw_view_switcher_title_get_title_visible (switcher));
  utu_wait_ms (600);

  utu_save_png (GTK_WIDGET (window), "test-window-narrow.png");

  destroy_window (window);
}

static gboolean
about_shown (gpointer data)
{
  return utu_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return utu_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* The primary menu's About and Keyboard Shortcuts entries. */
static void
test_about_and_shortcuts (void)
{
  FerryWindow *window = new_mapped_window ();
  GtkWindow *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (utu_spin_until (about_shown, NULL, 5000));
  dialog = utu_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (dialog)), ==, "Ferry");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (dialog)), ==, PACKAGE_VERSION);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  /* The app icon comes from the resource, through the icon theme. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window))),
                                          APP_ID));
  utu_wait_ms (400);
  utu_save_png (GTK_WIDGET (dialog), "test-window-about.png");
  gtk_window_destroy (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (utu_spin_until (shortcuts_shown, NULL, 5000));
  dialog = utu_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  utu_wait_ms (400);
  utu_save_png (GTK_WIDGET (dialog), "test-window-shortcuts.png");
  gtk_window_destroy (dialog);

  destroy_window (window);
}

static gboolean
pane_connected (gpointer data)
{
  FerryEnvironmentPane *pane = data;
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);

  return environment != NULL &&
         ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED &&
         ferry_environment_pane_get_project_id (pane) != NULL;
}

/* The demo's two servers open in the two panes, connected, with the
 * Tutorial project; stopping the demo takes them away again. */
static void
test_demo (void)
{
  g_autoptr(FerryDemo) demo = ferry_demo_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  FerryWindow *window = new_mapped_window ();
  GtkStack *compare_stack = GTK_STACK (template_child (window, "compare_stack"));
  FerryCompareView *view = ferry_window_get_compare_view (window);
  FerryEnvironmentList *environments = ferry_window_get_environments (window);
  const char *names[] = { "Development", "Production" };

  ferry_window_set_demo (window, demo);
  ferry_demo_start_async (demo, NULL, utu_store_result_cb, &result);
  g_assert_cmpint (ferry_demo_get_state (demo), ==, FERRY_DEMO_STATE_STARTING);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "starting");

  g_assert_true (utu_spin_until (utu_is_set, &result, 60000));
  ferry_demo_start_finish (demo, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_demo_get_state (demo), ==, FERRY_DEMO_STATE_RUNNING);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "compare");

  directory = g_strdup (ferry_demo_get_directory (demo));
  g_assert_nonnull (directory);
  g_assert_true (g_file_test (directory, G_FILE_TEST_IS_DIR));

  /* One environment per server, in its pane, with the server's name and URL. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FerrySandbox) sandbox = g_list_model_get_item (ferry_demo_get_servers (demo), i);
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (view, i);
      FerryEnvironment *environment = ferry_environment_list_lookup (environments, names[i]);

      g_assert_nonnull (environment);
      g_assert_true (ferry_environment_get_is_demo (environment));
      g_assert_cmpstr (ferry_environment_get_base_url (environment), ==, ferry_sandbox_get_base_url (sandbox));
      g_assert_true (g_str_has_prefix (ferry_environment_get_base_url (environment), "http://127.0.0.1:"));
      g_assert_true (ferry_environment_pane_get_environment (pane) == environment);
      g_assert_true (utu_spin_until (pane_connected, pane, 30000));
      g_assert_cmpstr (ferry_environment_pane_get_project_id (pane), ==, "B19DEDCC11D4E0EFC000EB9495D0F44F");
      g_assert_true (ferry_sandbox_is_running (sandbox));
    }
  g_assert_true (ferry_compare_view_get_can_compare (view));

  /* The window says it is the demo; Try the Demo leaves the menu. */
  g_assert_true (gtk_widget_get_visible (template_child (window, "demo_label")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (window, "demo_label"))), ==, "Demo");
  g_assert_false (menu_has_action (main_menu (window), "app.try-demo", NULL));

  g_assert_true (utu_spin_until (transition_done, compare_stack, 5000));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (window), "test-window-demo.png");
  utu_screenshot (GTK_WIDGET (window), "window-demo.png");

  /* Narrow: the switcher at the bottom, "Demo" still in the header bar. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 720);
  g_assert_true (utu_spin_until (bar_revealed, template_child (window, "switcher_bar"), 5000));
  utu_wait_ms (600);
  g_assert_true (gtk_widget_get_mapped (template_child (window, "demo_label")));
  g_assert_true (adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (template_child (window, "switcher_title"))));
  utu_screenshot (GTK_WIDGET (window), "window-demo-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  utu_wait_ms (600);

  /* Stopping removes every trace and brings the empty state back. */
  ferry_demo_stop (demo);
  g_assert_cmpint (ferry_demo_get_state (demo), ==, FERRY_DEMO_STATE_STOPPED);
  g_assert_null (ferry_demo_get_directory (demo));
  g_assert_false (g_file_test (directory, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_demo_get_servers (demo)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (environments)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "empty");
  g_assert_false (gtk_widget_get_visible (template_child (window, "demo_label")));
  g_assert_true (menu_has_action (main_menu (window), "app.try-demo", NULL));

  destroy_window (window);
}


/* --- environments and the password prompt --------------------------------- */

static GtkWindow *
open_add_dialog (FerryWindow *window)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-environment", NULL));
  g_assert_true (utu_spin_until ((UtuCondition) utu_find_toplevel, (gpointer) FERRY_TYPE_ENVIRONMENT_DIALOG, 5000));
  dialog = utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  return dialog;
}

static void
fill (GtkWindow  *dialog,
      const char *field,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, field)), text);
}

static gboolean
no_toplevel (gpointer type)
{
  return utu_find_toplevel ((GType) type) == NULL;
}

static gboolean
environment_connected (gpointer environment)
{
  return ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED;
}

static gboolean
label_shows_text (gpointer label)
{
  return gtk_widget_get_visible (label) && gtk_label_get_label (label) != NULL &&
         *gtk_label_get_label (label) != '\0';
}

static guint
count_mapped (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible label of DIALOG that says TEXT exactly, or NULL. */
static GtkLabel *
find_text (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
prompt_ready (gpointer prompt)
{
  return !ferry_password_dialog_get_busy (prompt);
}

static gboolean
pointer_cleared (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

static gboolean
prompt_busy (gpointer prompt)
{
  return ferry_password_dialog_get_busy (prompt);
}

/* Enter in the prompt's entry, as a key press does: the text's "activate". */
static void
press_enter_in (GtkWindow *dialog)
{
  GtkWidget *focus = gtk_window_get_focus (dialog);

  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
}

static void
type_password (GtkWindow  *dialog,
               const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY)), text);
}

/* An account without a password (the sandbox's, and MicroStrategy's
 * default, administrator) is added through the dialog and connects; the
 * empty password is a password, remembered or not. */
static void
test_empty_password (void)
{
  UtuPair pair = { 0 };
  FerryWindow *window;
  FerryEnvironmentList *list;
  FerryEnvironment *added;
  GtkWindow *dialog;
  GtkWidget *hint;

  utu_pair_start (&pair);
  window = new_mapped_window ();
  list = ferry_window_get_environments (window);

  dialog = open_add_dialog (window);
  fill (dialog, "name_row", "Development (administrator)");
  fill (dialog, "url_row", ferry_sandbox_get_base_url (pair.dev));
  fill (dialog, "username_row", "administrator");
  /* The password stays empty; Remember Password stays on (the default). */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "remember_switch"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "password_row"))), ==, "");
  hint = GTK_WIDGET (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "password_hint"));
  g_assert_true (gtk_widget_is_visible (hint));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (hint)), ==, "Leave it empty for an account without a password.");
  utu_wait_ms (500);
  utu_screenshot (GTK_WIDGET (dialog), "window-add-environment-empty-password.png");

  g_signal_emit_by_name (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "save_button"), "clicked");
  g_assert_true (utu_spin_until (no_toplevel, (gpointer) FERRY_TYPE_ENVIRONMENT_DIALOG, 15000));
  g_assert_false (utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG));
  added = ferry_environment_list_lookup (list, "Development (administrator)");
  g_assert_nonnull (added);
  g_assert_cmpint (ferry_environment_get_state (added), ==, FERRY_CONNECTION_STATE_CONNECTED);
  g_assert_true (ferry_environment_get_remember_password (added));
  g_assert_true (ferry_environment_pane_get_environment (ferry_compare_view_get_pane (ferry_window_get_compare_view (window), 0)) == added);

  ferry_environment_list_remove (list, "Development (administrator)");
  destroy_window (window);
  utu_pair_stop (&pair);
}

/* Two environments whose passwords the keyring lacks: ONE prompt at a time,
 * the next after the first is answered. Enter connects (the default
 * response); the prompt says "Connecting…" in place, says why not in place
 * when it fails (Enter again tries again) and closes once connected. */
static void
test_password_prompt (void)
{
  UtuPair pair = { 0 };
  FerryWindow *window;
  FerryEnvironmentList *list;
  FerryCompareView *view;
  g_autoptr(FerryEnvironment) dev = NULL;
  g_autoptr(FerryEnvironment) prod = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *prompt;
  GtkLabel *error_label;

  utu_pair_start (&pair);
  window = new_mapped_window ();
  list = ferry_window_get_environments (window);
  view = ferry_window_get_compare_view (window);

  /* Not remembered: nothing in a keyring, a password is asked at once. */
  dev = ferry_environment_new ("Prompt Development", ferry_sandbox_get_base_url (pair.dev),
                               FERRY_LOGIN_MODE_STANDARD, UTU_MIGRATOR, FALSE);
  prod = ferry_environment_new ("Prompt Production", ferry_sandbox_get_base_url (pair.prod),
                                FERRY_LOGIN_MODE_STANDARD, UTU_MIGRATOR, FALSE);
  g_assert_true (ferry_environment_list_add (list, dev, &error));
  g_assert_true (ferry_environment_list_add (list, prod, &error));
  g_assert_no_error (error);

  /* Both panes ask to connect, as at start. */
  for (guint i = 0; i < 2; i++)
    {
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (view, i);

      ferry_environment_pane_set_environment (pane, i == 0 ? dev : prod);
      g_signal_emit_by_name (pane, "connect-requested", i == 0 ? dev : prod);
    }
  g_assert_true (utu_spin_until ((UtuCondition) utu_find_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 10000));
  utu_wait_ms (300);
  g_assert_cmpuint (count_mapped (FERRY_TYPE_PASSWORD_DIALOG), ==, 1);
  prompt = utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG);
  g_assert_true (ferry_password_dialog_get_environment (FERRY_PASSWORD_DIALOG (prompt)) == dev);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (prompt)), ==, "connect");

  /* A wrong password, Enter: "Connecting…", then the reason in place. */
  type_password (prompt, "not-the-password");
  press_enter_in (prompt);
  g_assert_true (ferry_password_dialog_get_busy (FERRY_PASSWORD_DIALOG (prompt)));
  g_assert_nonnull (find_text (GTK_WIDGET (prompt), "Connecting…"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prompt)));
  g_assert_true (utu_spin_until (prompt_ready, prompt, 10000));
  error_label = find_text (GTK_WIDGET (prompt), "The user name or password is wrong");
  g_assert_nonnull (error_label);
  g_assert_true (label_shows_text (error_label));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (prompt)));
  g_assert_cmpuint (count_mapped (FERRY_TYPE_PASSWORD_DIALOG), ==, 1);
  g_assert_null (find_text (GTK_WIDGET (prompt), "Connecting…"));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (prompt), "window-password-wrong.png");

  /* The right one, Enter again — this time through the window's default
   * widget, as Enter does with the focus elsewhere than the entry: the
   * Connect button. Connected, the prompt closes, and the next
   * environment's prompt follows. */
  type_password (prompt, UTU_PASSWORD);
  gtk_widget_activate_default (gtk_window_get_focus (prompt));
  g_assert_true (utu_spin_until (prompt_busy, prompt, 5000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prompt)));
  g_object_add_weak_pointer (G_OBJECT (prompt), (gpointer *) &prompt);
  g_assert_true (utu_spin_until (environment_connected, dev, 10000));
  g_assert_true (utu_spin_until (pointer_cleared, &prompt, 5000));   /* closed, and gone */
  g_assert_true (utu_spin_until ((UtuCondition) utu_find_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 5000));
  g_assert_cmpuint (count_mapped (FERRY_TYPE_PASSWORD_DIALOG), ==, 1);
  prompt = utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG);
  g_assert_true (ferry_password_dialog_get_environment (FERRY_PASSWORD_DIALOG (prompt)) == prod);

  type_password (prompt, UTU_PASSWORD);
  press_enter_in (prompt);
  g_assert_true (utu_spin_until (environment_connected, prod, 10000));
  g_assert_true (utu_spin_until (no_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 5000));
  g_assert_cmpuint (count_mapped (FERRY_TYPE_PASSWORD_DIALOG), ==, 0);

  /* A server that accepts and never answers: "Connecting…" stays, Connect
   * is off meanwhile; Escape closes the prompt. */
  {
    g_autoptr(GSocketService) silent = g_socket_service_new ();
    guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (silent), NULL, &error);
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/MicroStrategyLibrary", port);
    g_autoptr(FerryEnvironment) slow = ferry_environment_new ("Prompt Silent", url, FERRY_LOGIN_MODE_STANDARD,
                                                              UTU_MIGRATOR, FALSE);
    FerryEnvironmentPane *pane = ferry_compare_view_get_pane (view, 1);

    g_assert_no_error (error);
    g_assert_true (ferry_environment_list_add (list, slow, &error));
    g_assert_no_error (error);
    ferry_environment_pane_set_environment (pane, slow);
    g_signal_emit_by_name (pane, "connect-requested", slow);
    g_assert_true (utu_spin_until ((UtuCondition) utu_find_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 10000));
    prompt = utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG);
    type_password (prompt, "secret");
    press_enter_in (prompt);
    utu_wait_ms (300);
    g_assert_true (ferry_password_dialog_get_busy (FERRY_PASSWORD_DIALOG (prompt)));
    g_assert_nonnull (find_text (GTK_WIDGET (prompt), "Connecting…"));
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (prompt), "connect"));
    utu_screenshot (GTK_WIDGET (prompt), "window-password-connecting.png");

    gtk_window_close (prompt);
    g_assert_true (utu_spin_until (no_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 5000));
    ferry_environment_pane_set_environment (pane, prod);
    ferry_environment_list_remove (list, "Prompt Silent");
    g_socket_service_stop (silent);
  }

  ferry_environment_list_remove (list, "Prompt Development");
  ferry_environment_list_remove (list, "Prompt Production");
  /* The silent server's connection, cancelled with the window, lets go of
   * it once its cancellation has come through. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (pointer_cleared, &window, 20000));
  utu_pair_stop (&pair);
}


/* --- pages, menus, the demo, quitting, the import's toast ------------------ */

/* Whether MODEL (with its sections and submenus) has an item of ACTION;
 * its label in *LABEL when asked. */
static gboolean
menu_has_action (GMenuModel  *model,
                 const char  *action,
                 char       **label)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *link;
      GMenuModel *linked;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        {
          if (label != NULL)
            g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", label);
          return TRUE;
        }
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (links, &link, &linked))
        {
          gboolean found = menu_has_action (linked, action, label);

          g_object_unref (linked);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static GMenuModel *
main_menu (FerryWindow *window)
{
  return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (template_child (window, "menu_button")));
}

/* Presses the window's shortcut for ACCELERATOR ("<Alt>1"), as its
 * shortcut controller does with the key. */
static void
press_shortcut (GtkWidget  *widget,
                const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("No shortcut %s", accelerator);
}

/* Alt+1 and Alt+2 switch pages; the main menu shows the Compare page's
 * items only on the Compare page; the shortcuts window lists the pages. */
static void
test_page_shortcuts_and_menus (void)
{
  FerryWindow *window = new_mapped_window ();
  AdwViewStack *view_stack = ADW_VIEW_STACK (template_child (window, "view_stack"));
  static const char *compare_only[] = { "win.compare", "win.differences-only", "win.show-details",
                                        "win.add-to-migration" };
  g_autofree char *reload = NULL;

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "compare");
  for (guint i = 0; i < G_N_ELEMENTS (compare_only); i++)
    g_assert_true (menu_has_action (main_menu (window), compare_only[i], NULL));
  g_assert_true (menu_has_action (main_menu (window), "win.reload", &reload));
  g_assert_cmpstr (reload, ==, "_Reload");
  g_clear_pointer (&reload, g_free);
  g_assert_true (menu_has_action (main_menu (window), "win.add-environment", NULL));
  g_assert_true (menu_has_action (main_menu (window), "win.new-migration", NULL));

  press_shortcut (GTK_WIDGET (window), "<Alt>2");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "migrations");
  for (guint i = 0; i < G_N_ELEMENTS (compare_only); i++)
    g_assert_false (menu_has_action (main_menu (window), compare_only[i], NULL));
  /* Reload is the list's Refresh (F5) there. */
  g_assert_true (menu_has_action (main_menu (window), "win.reload", &reload));
  g_assert_cmpstr (reload, ==, "_Refresh");
  g_assert_true (menu_has_action (main_menu (window), "win.add-environment", NULL));
  g_assert_true (menu_has_action (main_menu (window), "win.new-migration", NULL));
  g_assert_true (menu_has_action (main_menu (window), "app.try-demo", NULL));
  g_assert_true (menu_has_action (main_menu (window), "win.show-help-overlay", NULL));

  press_shortcut (GTK_WIDGET (window), "<Alt>1");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "compare");
  g_assert_true (menu_has_action (main_menu (window), "win.compare", NULL));

  /* Through the action too, as the shortcuts and the toasts use it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "migrations"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "migrations");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-migrations", "s", "0123456789ABCDEF"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "migrations");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "compare"));

  /* The shortcuts window names them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (utu_spin_until (shortcuts_shown, NULL, 5000));
  {
    GtkWindow *shortcuts = utu_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
    gboolean alt1 = FALSE;
    gboolean alt2 = FALSE;
    GtkWidget *widget = GTK_WIDGET (shortcuts);

    /* Every GtkShortcutsShortcut is a descendant; look for the two. */
    for (GtkWidget *w = widget; w != NULL;)
      {
        if (GTK_IS_SHORTCUTS_SHORTCUT (w))
          {
            g_autofree char *accelerator = NULL;
            g_autofree char *title = NULL;

            g_object_get (w, "accelerator", &accelerator, "title", &title, NULL);
            if (g_strcmp0 (accelerator, "<Alt>1") == 0 && g_strcmp0 (title, "Go to Compare") == 0)
              alt1 = TRUE;
            if (g_strcmp0 (accelerator, "<Alt>2") == 0 && g_strcmp0 (title, "Go to Migrations") == 0)
              alt2 = TRUE;
          }
        /* depth-first walk */
        if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && w != widget && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w == NULL || w == widget ? NULL : gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_true (alt1);
    g_assert_true (alt2);
    gtk_window_destroy (shortcuts);
  }

  destroy_window (window);
}

static gboolean
toast_says (gpointer data)
{
  gpointer *args = data;

  return find_text (args[0], args[1]) != NULL;
}

static void
wait_toast (FerryWindow *window,
            const char  *text)
{
  gpointer args[] = { window, (gpointer) text };

  if (!utu_spin_until (toast_says, args, 120000))
    g_error ("No toast “%s”", text);
}

/* The button of the toast that says TEXT. */
static GtkButton *
toast_button (FerryWindow *window,
              const char  *text)
{
  GtkWidget *label = GTK_WIDGET (find_text (GTK_WIDGET (window), text));

  g_assert_nonnull (label);
  for (GtkWidget *w = label; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *button = find_descendant (w, GTK_TYPE_BUTTON);

      if (button != NULL && gtk_button_get_label (GTK_BUTTON (button)) != NULL)
        return GTK_BUTTON (button);
    }
  return NULL;
}

static gboolean
pane_can_compare (gpointer window)
{
  return ferry_compare_view_get_can_compare (ferry_window_get_compare_view (window));
}

static gboolean
job_has_id (gpointer job)
{
  return ferry_job_get_migration_id (job) != NULL;
}

static gboolean
job_done (gpointer job)
{
  return ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED || ferry_job_get_state (job) == FERRY_JOB_STATE_FAILED;
}

static gboolean
n_running (gpointer window)
{
  return ferry_migrations_view_get_n_running (ferry_window_get_migrations_view (window)) > 0;
}

/* A project merge run from the window's editor: closing the window while
 * it runs asks (Quit is the default), Cancel keeps the window; its end
 * says "… was imported into …" with Undo, which asks once (Undo is the
 * default) and undoes it: Production as it was, and a toast says so. */
static void
test_import_toast_undo (void)
{
  UtuPair pair = { 0 };
  FerryWindow *window;
  FerryEnvironmentList *list;
  FerryCompareView *view;
  g_autoptr(FerryEnvironment) dev = NULL;
  g_autoptr(FerryEnvironment) prod = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) undone = NULL;
  g_autoptr(FerryJob) job = NULL;
  FerryMigrationEditor *editor;
  AdwMessageDialog *dialog;
  GtkButton *undo;

  /* The end of a job is also a desktop notification when no window has
   * the focus (none has, under Xvfb). */
  utu_notification_server_start_standby ();
  utu_pair_start (&pair);
  window = new_mapped_window ();
  list = ferry_window_get_environments (window);
  view = ferry_window_get_compare_view (window);
  before = ferry_sandbox_dup_objects (pair.prod, UTU_TUTORIAL_ID);

  dev = utu_environment_connect (pair.dev, "Toast Development", UTU_MIGRATOR, UTU_PASSWORD);
  prod = utu_environment_connect (pair.prod, "Toast Production", UTU_MIGRATOR, UTU_PASSWORD);
  g_assert_true (ferry_environment_list_add (list, dev, &error));
  g_assert_true (ferry_environment_list_add (list, prod, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (view, i);

      ferry_environment_pane_set_environment (pane, i == 0 ? dev : prod);
      ferry_environment_pane_set_project_id (pane, UTU_TUTORIAL_ID);
    }
  g_assert_true (utu_spin_until (pane_can_compare, window, 30000));

  /* Slow enough to close the window while it runs. */
  g_object_set (pair.prod, "work-delay-ms", 20, NULL);
  editor = ferry_window_new_migration (window);
  g_assert_nonnull (editor);
  ferry_migration_editor_set_project_merge (editor, TRUE);
  ferry_migration_editor_set_name (editor, "Toast merge");
  g_assert_null (ferry_migration_editor_get_blocked_reason (editor));
  job = g_object_ref (ferry_migration_editor_run (editor));
  g_assert_true (utu_spin_until (job_has_id, job, 30000));
  gtk_window_destroy (GTK_WINDOW (editor));

  /* Closing the window now asks; the default quits, Cancel stays. */
  g_assert_true (utu_spin_until (n_running, window, 30000));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "A Migration Is Running");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "It goes on on the server; Ferry resumes watching it the next time it starts.");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "quit");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "quit"), ==, "_Quit");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (dialog), "window-quit-while-running.png");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* The end: "was imported into", with Undo. */
  g_object_set (pair.prod, "work-delay-ms", 0, NULL);
  g_assert_true (utu_spin_until (job_done, job, 120000));
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  merged = ferry_sandbox_dup_objects (pair.prod, UTU_TUTORIAL_ID);
  g_assert_cmpuint (sbt_count_changed (before, merged), >, 0);
  wait_toast (window, "“Toast merge” was imported into Toast Production");
  undo = toast_button (window, "“Toast merge” was imported into Toast Production");
  g_assert_nonnull (undo);
  g_assert_cmpstr (gtk_button_get_label (undo), ==, "_Undo");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (undo)), ==, "win.undo-migration");
  utu_screenshot (GTK_WIDGET (window), "window-import-toast-undo.png");

  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Undo “Toast merge” in Toast Production?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "undo");
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (dialog), "window-undo-question.png");
  /* Enter: the default response. */
  gtk_widget_activate_default (GTK_WIDGET (dialog));
  g_assert_true (utu_spin_until ((UtuCondition) no_toplevel, (gpointer) ADW_TYPE_MESSAGE_DIALOG, 5000));

  wait_toast (window, "“Toast merge” was undone in Toast Production");
  undone = ferry_sandbox_dup_objects (pair.prod, UTU_TUTORIAL_ID);
  sbt_assert_same_objects (before, undone);
  utu_screenshot (GTK_WIDGET (window), "window-undone-toast.png");

  ferry_environment_list_remove (list, "Toast Development");
  ferry_environment_list_remove (list, "Toast Production");
  destroy_window (window);
  utu_pair_stop (&pair);
}

static void
test_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FerryWindow *window = ferry_window_new (app);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (utu_is_mapped, window, 5000));

  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at the saved size. */
  g_settings_set_int (settings, "window-width", 800);
  window = ferry_window_new (app);
  {
    int width = 0;
    int height = 0;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 800);
  }
  destroy_window (window);
}

/* A keyring that fails: the test takes the Secret Service's name on its
 * session bus and answers nothing there (so no real keyring is ever
 * touched). A remembered password cannot be read: the prompt says why.
 * The typed one connects, cannot be saved: a toast says so, and the
 * environment stays connected for the session. */
static void
test_keyring_failure (void)
{
  UtuPair pair = { 0 };
  FerryWindow *window;
  FerryEnvironmentList *list;
  FerryEnvironmentPane *pane;
  g_autoptr(FerryEnvironment) dev = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  GtkWindow *prompt;
  const char *reason = "the keyring service gave an unexpected answer";
  g_autofree char *prompt_text = g_strdup_printf ("The keyring could not be read: %s", reason);
  g_autofree char *toast_text = g_strdup_printf ("The password for Keyring Development was not saved: %s", reason);

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets",
                                                      0x4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  if (g_variant_get_uint32 (g_variant_get_child_value (reply, 0)) != 1 /* PRIMARY_OWNER */)
    {
      g_test_skip ("A keyring already runs on this session bus");
      return;
    }

  utu_pair_start (&pair);
  window = new_mapped_window ();
  list = ferry_window_get_environments (window);
  dev = ferry_environment_new ("Keyring Development", ferry_sandbox_get_base_url (pair.dev),
                               FERRY_LOGIN_MODE_STANDARD, UTU_MIGRATOR, TRUE);
  g_assert_true (ferry_environment_list_add (list, dev, &error));
  g_assert_no_error (error);

  pane = ferry_compare_view_get_pane (ferry_window_get_compare_view (window), 0);
  ferry_environment_pane_set_environment (pane, dev);
  g_signal_emit_by_name (pane, "connect-requested", dev);
  g_assert_true (utu_spin_until ((UtuCondition) utu_find_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 20000));
  prompt = utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG);
  g_assert_cmpstr (ferry_environment_get_keyring_error (dev), ==, prompt_text);
  g_assert_nonnull (find_text (GTK_WIDGET (prompt), prompt_text));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (prompt), "window-keyring-unreadable.png");

  type_password (prompt, UTU_PASSWORD);
  press_enter_in (prompt);
  g_assert_true (utu_spin_until (environment_connected, dev, 10000));
  wait_toast (window, toast_text);
  g_assert_cmpint (ferry_environment_get_state (dev), ==, FERRY_CONNECTION_STATE_CONNECTED);
  g_assert_true (utu_spin_until (no_toplevel, (gpointer) FERRY_TYPE_PASSWORD_DIALOG, 5000));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (window), "window-keyring-not-saved.png");

  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ReleaseName",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  ferry_environment_list_remove (list, "Keyring Development");
  destroy_window (window);
  utu_pair_stop (&pair);
}

/* --- the Migrations page, built after the first frame ------------------------ */

static gboolean
has_child (gpointer bin)
{
  return adw_bin_get_child (bin) != NULL;
}

/* The first frame does not wait for the Migrations page (a large template
 * it does not show): the window is built without it, and the page is
 * built once the first frame was painted, or at once when asked for. */
static void
test_migrations_page_after_first_frame (void)
{
  FerryWindow *window = ferry_window_new (app);
  AdwBin *bin = ADW_BIN (template_child (window, "migrations_bin"));
  FerryWindow *other;

  g_assert_null (adw_bin_get_child (bin));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (utu_is_mapped, window, 5000));
  g_assert_true (utu_spin_until (has_child, bin, 5000));
  g_assert_true (FERRY_IS_MIGRATIONS_VIEW (adw_bin_get_child (bin)));
  g_assert_true (adw_bin_get_child (bin) == GTK_WIDGET (ferry_window_get_migrations_view (window)));
  destroy_window (window);

  /* Never shown: built when asked for, once. */
  other = ferry_window_new (app);
  bin = ADW_BIN (template_child (other, "migrations_bin"));
  g_assert_null (adw_bin_get_child (bin));
  g_assert_true (FERRY_IS_MIGRATIONS_VIEW (ferry_window_get_migrations_view (other)));
  g_assert_true (adw_bin_get_child (bin) == GTK_WIDGET (ferry_window_get_migrations_view (other)));
  destroy_window (other);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A FerryApplication, as in the app: it loads style.css and puts the app
   * icons on the icon theme's path. */
  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;

  g_test_add_func ("/window/pages", test_pages);
  g_test_add_func ("/window/narrow", test_narrow);
  g_test_add_func ("/window/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/window/demo", test_demo);
  g_test_add_func ("/window/size-saved", test_size_saved);
  g_test_add_func ("/window/empty-password", test_empty_password);
  g_test_add_func ("/window/password-prompt", test_password_prompt);
  g_test_add_func ("/window/page-shortcuts-and-menus", test_page_shortcuts_and_menus);
  g_test_add_func ("/window/import-toast-undo", test_import_toast_undo);
  g_test_add_func ("/window/keyring-failure", test_keyring_failure);
  g_test_add_func ("/window/migrations-page-after-first-frame", test_migrations_page_after_first_frame);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;

  return status;
}
