/* ferry-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-sandbox.h"
#include "ferry-window.h"

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkStack             *compare_stack;
  GtkListBox           *environment_list;

  /* owned references */
  GSettings            *settings;   /* NULL when the schema is not installed */
  FerryDemo            *demo;
};

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_compare_page (FerryWindow *self)
{
  FerryDemoState state = FERRY_DEMO_STATE_STOPPED;
  const char *page;

  if (self->demo != NULL)
    state = ferry_demo_get_state (self->demo);

  switch (state)
    {
    case FERRY_DEMO_STATE_STARTING:
      page = "starting";
      break;

    case FERRY_DEMO_STATE_RUNNING:
      page = "environments";
      break;

    case FERRY_DEMO_STATE_STOPPED:
    default:
      page = "empty";
      break;
    }

  gtk_stack_set_visible_child_name (self->compare_stack, page);
}

static void
demo_notify_state_cb (FerryWindow *self,
                      GParamSpec  *pspec,
                      FerryDemo   *demo)
{
  update_compare_page (self);
}

static GtkWidget *
create_environment_row (gpointer item,
                        gpointer user_data)
{
  FerrySandbox *sandbox = item;
  const char *base_url = ferry_sandbox_get_base_url (sandbox);
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *copy;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_sandbox_get_name (sandbox));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), base_url);
  gtk_widget_add_css_class (row, "environment-row");

  icon = gtk_image_new_from_icon_name ("network-server-symbolic");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy the Base URL"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "win.copy-url");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (copy), g_variant_new_string (base_url));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  return row;
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (parameter, NULL));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Base URL copied")));
}

/**
 * ferry_window_set_demo:
 * @demo: (nullable): the running or starting demo, or %NULL
 *
 * Shows @demo's servers on the Compare page while it runs.
 */
void
ferry_window_set_demo (FerryWindow *self,
                       FerryDemo   *demo)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (!demo || FERRY_IS_DEMO (demo));

  if (self->demo == demo)
    return;

  if (self->demo != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->demo, demo_notify_state_cb, self);
      gtk_list_box_bind_model (self->environment_list, NULL, NULL, NULL, NULL);
    }

  g_set_object (&self->demo, demo);

  if (self->demo != NULL)
    {
      g_signal_connect_object (self->demo, "notify::state",
                               G_CALLBACK (demo_notify_state_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->environment_list,
                               ferry_demo_get_servers (self->demo),
                               create_environment_row, NULL, NULL);
    }

  update_compare_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

FerryDemo *
ferry_window_get_demo (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->demo;
}

void
ferry_window_add_toast (FerryWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
load_window_state (FerryWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (FerryWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  /* The default size follows the unmaximized size of the window. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  save_window_state (FERRY_WINDOW (window));

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  if (self->environment_list != NULL)
    ferry_window_set_demo (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_object (value, self->demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      ferry_window_set_demo (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_window_dispose;
  object_class->get_property = ferry_window_get_property;
  object_class->set_property = ferry_window_set_property;

  window_class->close_request = ferry_window_close_request;

  properties[PROP_DEMO] =
    g_param_spec_object ("demo", NULL, NULL,
                         FERRY_TYPE_DEMO,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, compare_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, environment_list);
  /* Not needed in code, but reachable with gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "add_environment_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "try_demo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "switcher_bar", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.copy-url", "s", copy_url_action);
}

static void
ferry_window_init (FerryWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Running from the build folder without `meson devenv`, the schema may
   * be missing: then the window simply does not remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Schema %s is not installed; the window size is not saved", APP_ID);

  load_window_state (self);
  update_compare_page (self);
}

FerryWindow *
ferry_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (FERRY_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
