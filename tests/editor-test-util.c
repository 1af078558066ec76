/* editor-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "editor-test-util.h"

guint etu_notifications_sent;
char *etu_notification_summary;
char *etu_notification_body;

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
      g_free (etu_notification_summary);
      g_free (etu_notification_body);
      etu_notification_summary = g_strdup (summary);
      etu_notification_body = g_strdup (body);
      etu_notifications_sent++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", etu_notifications_sent));
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
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return;   /* no session bus: GApplication sends nothing either */
  info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
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
etu_notification_server_start (void)
{
  notification_server_start (0x2 | 0x4);
}

/* ALLOW_REPLACEMENT, queued: the name is owned by this test only while no
 * test that counts notifications wants it. */
void
etu_notification_server_start_standby (void)
{
  notification_server_start (0x1);
}

gboolean
etu_init (int    *argc,
          char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_printerr ("No display: run the tests under xvfb-run\n");
          exit (1);
        }
      g_print ("1..0 # SKIP no display (run the tests under xvfb-run)\n");
      return FALSE;
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* A registered application, as in the app: its style.css applies.
   * NON_UNIQUE: the tests run in parallel. */
  {
    static GtkApplication *app;
    g_autoptr(GError) error = NULL;

    app = GTK_APPLICATION (adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE));
    g_application_register (G_APPLICATION (app), NULL, &error);
    g_assert_no_error (error);
  }
  return TRUE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
etu_spin_until (EtuCondition condition,
                gpointer     data,
                guint        timeout_ms)
{
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
etu_wait_ms (guint ms)
{
  etu_spin_until (never, NULL, ms);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

void
etu_present (GtkWindow *window)
{
  gtk_window_present (window);
  g_assert_true (etu_spin_until (is_mapped, window, 10000));
  etu_wait_ms (100);
}

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

static gboolean
wait_for_paint (GtkWidget *widget,
                guint      timeout_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;
  gboolean ok;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  ok = etu_spin_until (flag_set, &painted, timeout_ms);
  g_signal_handler_disconnect (clock, id);
  return ok;
}

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

char *
etu_screenshot (GtkWidget  *widget,
                const char *name)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  char *path = g_build_filename (folder, name, NULL);
  int width, height;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  etu_wait_ms (150);   /* animations (revealers, stacks) settle */
  g_assert_true (wait_for_paint (widget, 5000));
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
  return path;
}

GObject *
etu_child (gpointer    widget,
           GType       type,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("no template child %s", name);
  return child;
}

JsonNode *
etu_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

JsonObject *
etu_member_object (JsonNode   *node,
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

/* --- Sandboxes ------------------------------------------------------------ */

static void
rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      rm_rf (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

void
etu_pair_start (EtuPair *pair)
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
etu_pair_stop (EtuPair *pair)
{
  if (pair->dev != NULL)
    ferry_sandbox_stop (pair->dev);
  if (pair->prod != NULL)
    ferry_sandbox_stop (pair->prod);
  g_clear_object (&pair->dev);
  g_clear_object (&pair->prod);
  if (pair->dir != NULL)
    rm_rf (pair->dir);
  g_clear_pointer (&pair->dir, g_free);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

FerryEnvironment *
etu_environment_connect (FerrySandbox *sandbox,
                         const char   *name,
                         const char   *username,
                         const char   *password)
{
  FerryEnvironment *environment;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  environment = ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                       FERRY_LOGIN_MODE_STANDARD, username, FALSE);
  ferry_environment_connect_async (environment, password, NULL, result_cb, &result);
  g_assert_true (etu_spin_until (result_set, &result, 20000));
  g_assert_true (ferry_environment_connect_finish (environment, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_environment_get_state (environment), ==, FERRY_CONNECTION_STATE_CONNECTED);
  return environment;
}
