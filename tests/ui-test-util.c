/* ui-test-util.c: helpers shared by the UI tests (see ui-test-util.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-test-util.h"
#include "ui-test-util.h"

guint utu_notifications_sent;
char *utu_notification_summary;
char *utu_notification_body;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

static void
notifications_call_cb (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *object_path,
                       const char            *interface_name,
                       const char            *method_name,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_free (utu_notification_summary);
      g_free (utu_notification_body);
      utu_notification_summary = g_strdup (summary);
      utu_notification_body = g_strdup (body);
      utu_notifications_sent++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", utu_notifications_sent));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "ferry", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notification_server_start (guint32 flags)
{
  static const GDBusInterfaceVTable vtable = { notifications_call_cb, NULL, NULL, { 0 } };
  static guint registered;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return;   /* no session bus: GApplication sends nothing either */
  info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  if (registered == 0)
    registered = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                                    &vtable, NULL, NULL, NULL);
  /* Owned synchronously, so that it is there before any notification. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", flags),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
}

/* REPLACE_EXISTING | DO_NOT_QUEUE: the notifications come here. */
void
utu_notification_server_start (void)
{
  notification_server_start (0x2 | 0x4);
}

/* ALLOW_REPLACEMENT, queued: the name is owned by this test only while no
 * test that counts notifications wants it. */
void
utu_notification_server_start_standby (void)
{
  notification_server_start (0x1);
}

/* --- The start of a test program ------------------------------------------ */

static GtkApplication *application;

static GtkApplication *
application_init (int    *argc,
                  char ***argv,
                  GType   type)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_printerr ("No display: run the tests under xvfb-run\n");
          exit (1);
        }
      g_print ("1..0 # SKIP no display (run the tests under xvfb-run)\n");
      return NULL;
    }

  /* Drafts are per test process: an editor another test left open must not
   * be offered as a recovered draft in this one's window. A test that set a
   * state folder of its own keeps it. */
  if (g_str_has_suffix (g_getenv ("XDG_STATE_HOME") ? g_getenv ("XDG_STATE_HOME") : "", "/.local/state"))
    {
      g_autofree char *name = g_strdup_printf ("%s-%d", g_get_prgname () ? g_get_prgname () : "test", (int) getpid ());
      g_autofree char *state = g_build_filename (g_getenv ("XDG_STATE_HOME"), "per-test", name, NULL);

      g_setenv ("XDG_STATE_HOME", state, TRUE);
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* Each test has a session bus of its own (tests/meson.build): a job that
   * ends notifies, and with no server there GIO's warning would be fatal.
   * A test that counts notifications takes the name for itself. */
  utu_notification_server_start_standby ();

  g_assert_null (application);
  application = g_object_new (type,
                              "application-id", APP_ID,
                              /* Ferry opens the files it is given (`ferry FILE.mmp`), as it does when installed. */
                              "flags", G_APPLICATION_NON_UNIQUE |
                                       (type == FERRY_TYPE_APPLICATION ? G_APPLICATION_HANDLES_OPEN : 0),
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  return application;
}

GtkApplication *
utu_init (int    *argc,
          char ***argv)
{
  return application_init (argc, argv, ADW_TYPE_APPLICATION);
}

FerryApplication *
utu_application_init (int    *argc,
                      char ***argv)
{
  return FERRY_APPLICATION (application_init (argc, argv, FERRY_TYPE_APPLICATION));
}

void
utu_application_teardown (void)
{
  if (application == NULL)
    return;

  if (FERRY_IS_APPLICATION (application))
    {
      FerryDemo *demo = ferry_application_get_demo (FERRY_APPLICATION (application));

      if (demo != NULL)
        ferry_demo_stop (demo);
    }
  while (gtk_application_get_windows (application) != NULL)
    gtk_window_destroy (gtk_application_get_windows (application)->data);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&application);
}

FerryWindow *
utu_main_window (void)
{
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (FERRY_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

FerryCompareView *
utu_compare_view (void)
{
  return ferry_window_get_compare_view (utu_main_window ());
}

FerryEnvironmentPane *
utu_pane (FerryPaneSide side)
{
  return ferry_compare_view_get_pane (utu_compare_view (), side);
}

/* --- The main loop -------------------------------------------------------- */

/* The GUI-free part comes from tests/ferry-test-util. */

gboolean
utu_spin_until (UtuCondition condition,
                gpointer     data,
                guint        timeout_ms)
{
  return ftu_spin_until (condition, data, timeout_ms);
}

void
utu_wait_ms (guint ms)
{
  ftu_spin (ms);
}

gboolean
utu_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

gboolean
utu_is_set (gpointer pointer)
{
  return ftu_is_set (pointer);
}

void
utu_store_result_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ftu_store_result_cb (object, result, user_data);
}

void
utu_present (GtkWindow *window)
{
  gtk_window_present (window);
  g_assert_true (utu_spin_until (utu_is_mapped, window, 10000));
  utu_wait_ms (100);
}

/* --- Screenshots ---------------------------------------------------------- */

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       flag)
{
  *(gboolean *) flag = TRUE;
}

gboolean
utu_wait_for_paint (GtkWidget *widget,
                    guint      timeout_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;
  gboolean ok;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  ok = utu_spin_until (flag_set, &painted, timeout_ms);
  g_signal_handler_disconnect (clock, id);
  return ok;
}

/* Distinct colours among every other pixel: 1 for a blank image. */
static guint
count_colours (GdkTexture *texture)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guchar *pixels = NULL;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);

  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + ((gsize) y * width + x) * 4, sizeof pixel);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }
  return g_hash_table_size (colours);
}

void
utu_save_png (GtkWidget  *widget,
              const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  int width, height;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  /* The paintable holds the last painted node: paint first, then take it. */
  g_assert_true (utu_wait_for_paint (widget, 5000));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpuint (count_colours (texture), >, 20);
  g_test_message ("screenshot: %s", path);
}

void
utu_screenshot (GtkWidget  *widget,
                const char *name)
{
  g_autofree char *file = g_build_filename ("screenshots", name, NULL);

  utu_wait_ms (150);   /* animations (revealers, stacks) settle */
  utu_save_png (widget, file);
}

/* --- Template children and toplevels -------------------------------------- */

GObject *
utu_child (gpointer    widget,
           GType       type,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("no template child %s", name);
  return child;
}

GtkWindow *
utu_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* GTK keeps its own reference to every toplevel. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

AdwMessageDialog *
utu_find_dialog (void)
{
  return ADW_MESSAGE_DIALOG (utu_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

gboolean
utu_dialog_shown (gpointer data)
{
  return utu_find_dialog () != NULL;
}

/* --- Fixtures ------------------------------------------------------------- */

JsonNode *
utu_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

JsonObject *
utu_member_object (JsonNode   *node,
                   const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (node);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      object = json_object_get_object_member (object, parts[i]);
      g_assert_nonnull (object);
    }
  return object;
}

const char *
utu_expected_mark (const char    *state,
                   FerryPaneSide  side)
{
  gboolean source = side == FERRY_PANE_SIDE_SOURCE;

  if (g_str_equal (state, "newer_in_source"))
    return source ? "Newer here" : "Older here";
  if (g_str_equal (state, "newer_in_target"))
    return source ? "Older here" : "Newer here";
  if (g_str_equal (state, "only_in_source"))
    return source ? "Only here" : NULL;
  if (g_str_equal (state, "only_in_target"))
    return source ? NULL : "Only here";
  if (g_str_equal (state, "moved"))
    return "Moved";
  if (g_str_equal (state, "moved_and_newer_in_source"))
    return source ? "Newer here · moved" : "Older here · moved";
  g_error ("unknown state %s", state);
}

/* --- Sandboxes ------------------------------------------------------------ */

void
utu_pair_start (UtuPair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *dev_state = NULL;
  g_autofree char *prod_state = NULL;

  pair->dir = g_dir_make_tmp ("ferry-editor-test-XXXXXX", &error);
  g_assert_no_error (error);
  storage = g_build_filename (pair->dir, "storage", NULL);
  dev_state = g_build_filename (pair->dir, "development", NULL);
  prod_state = g_build_filename (pair->dir, "production", NULL);
  g_assert_cmpint (g_mkdir_with_parents (storage, 0755), ==, 0);

  pair->dev = ferry_sandbox_new (dev_state, "tutorial-dev");
  g_object_set (pair->dev, "shared-storage", storage, "name", "Development", NULL);
  pair->prod = ferry_sandbox_new (prod_state, "tutorial-prod");
  g_object_set (pair->prod, "shared-storage", storage, "name", "Production", NULL);
  g_assert_true (ferry_sandbox_start (pair->dev, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_sandbox_start (pair->prod, &error));
  g_assert_no_error (error);
}

void
utu_pair_stop (UtuPair *pair)
{
  if (pair->dev != NULL)
    ferry_sandbox_stop (pair->dev);
  if (pair->prod != NULL)
    ferry_sandbox_stop (pair->prod);
  g_clear_object (&pair->dev);
  g_clear_object (&pair->prod);
  if (pair->dir != NULL)
    ftu_rm_rf (pair->dir);
  g_clear_pointer (&pair->dir, g_free);
}

FerryEnvironment *
utu_environment_connect (FerrySandbox *sandbox,
                         const char   *name,
                         const char   *username,
                         const char   *password)
{
  return ftu_environment_connect (sandbox, name, username, password);
}
