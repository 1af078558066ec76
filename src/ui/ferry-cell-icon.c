/* ferry-cell-icon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state icons of the Migrations list's cells. GTK 4.8's GtkImage asks
 * Pango for the font's metrics (and Pango shapes a sample sentence) the
 * first time each image is measured, to place itself on a text baseline
 * the cells do not use. The column view makes and drops rows of widgets
 * by the hundred (about 200 rows are kept whatever the window's height),
 * and each row has two or three images: removing an environment spent
 * some 35 ms there. This widget only draws the theme's icon, centred, at
 * a fixed size, in the colour its CSS node gives it (the state's colour),
 * with the theme's palette for the parts of symbolic icons that have
 * their own. Its CSS name is "image", so the style sheet's rules for
 * images apply to it as they did.
 */

#define G_LOG_DOMAIN "ferry-cell-icon"

#include "config.h"

#include "ferry-cell-icon.h"

struct _FerryCellIcon
{
  GtkWidget         parent_instance;

  char             *icon_name;
  int               pixel_size;
  GtkIconPaintable *paintable;     /* looked up when first drawn */
  int               paintable_scale;
  GtkTextDirection  paintable_direction;
};

G_DEFINE_FINAL_TYPE (FerryCellIcon, ferry_cell_icon, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkIconPaintable *
get_paintable (FerryCellIcon *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int scale = gtk_widget_get_scale_factor (widget);
  GtkTextDirection direction = gtk_widget_get_direction (widget);

  if (self->paintable != NULL &&
      (self->paintable_scale != scale || self->paintable_direction != direction))
    g_clear_object (&self->paintable);
  if (self->paintable == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

      self->paintable = gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, self->pixel_size,
                                                    scale, direction, 0);
      self->paintable_scale = scale;
      self->paintable_direction = direction;
    }
  return self->paintable;
}

static void
ferry_cell_icon_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  FerryCellIcon *self = FERRY_CELL_ICON (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int size = self->pixel_size;
  GtkIconPaintable *paintable;

  if (self->icon_name == NULL || width <= 0 || height <= 0)
    return;
  paintable = get_paintable (self);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - size) / 2, (height - size) / 2));
  if (GTK_IS_SYMBOLIC_PAINTABLE (paintable))
    {
      /* (GTK 4.8 has neither gtk_widget_get_color() nor a public icon
       * palette: the node's colour, and the theme's named colours for
       * the error, warning and success parts.) */
      static const char *const names[] = { NULL, "error_color", "warning_color", "success_color" };
      GtkStyleContext *style = gtk_widget_get_style_context (widget);
      GdkRGBA colors[G_N_ELEMENTS (names)];

      gtk_style_context_get_color (style, &colors[0]);
      for (guint i = 1; i < G_N_ELEMENTS (names); i++)
        if (!gtk_style_context_lookup_color (style, names[i], &colors[i]))
          colors[i] = colors[0];
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (paintable), snapshot,
                                                size, size, colors, G_N_ELEMENTS (colors));
    }
  else
    gdk_paintable_snapshot (GDK_PAINTABLE (paintable), snapshot, size, size);
  gtk_snapshot_restore (snapshot);
}

static void
ferry_cell_icon_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  FerryCellIcon *self = FERRY_CELL_ICON (widget);

  *minimum = *natural = self->pixel_size;
}

/* A new icon theme: looked up again. (A change of colour needs only a new
 * frame, which GTK draws itself.) */
static void
ferry_cell_icon_system_setting_changed (GtkWidget        *widget,
                                        GtkSystemSetting  setting)
{
  FerryCellIcon *self = FERRY_CELL_ICON (widget);

  GTK_WIDGET_CLASS (ferry_cell_icon_parent_class)->system_setting_changed (widget, setting);
  if (setting == GTK_SYSTEM_SETTING_ICON_THEME)
    {
      g_clear_object (&self->paintable);
      gtk_widget_queue_draw (widget);
    }
}

GtkWidget *
ferry_cell_icon_new (int pixel_size)
{
  FerryCellIcon *self = g_object_new (FERRY_TYPE_CELL_ICON, NULL);

  self->pixel_size = MAX (pixel_size, 1);
  return GTK_WIDGET (self);
}

void
ferry_cell_icon_set_icon_name (FerryCellIcon *self,
                               const char    *icon_name)
{
  g_return_if_fail (FERRY_IS_CELL_ICON (self));

  if (g_strcmp0 (self->icon_name, icon_name) == 0)
    return;
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);
  g_clear_object (&self->paintable);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

const char *
ferry_cell_icon_get_icon_name (FerryCellIcon *self)
{
  g_return_val_if_fail (FERRY_IS_CELL_ICON (self), NULL);

  return self->icon_name;
}

static void
ferry_cell_icon_finalize (GObject *object)
{
  FerryCellIcon *self = FERRY_CELL_ICON (object);

  g_clear_object (&self->paintable);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (ferry_cell_icon_parent_class)->finalize (object);
}

static void
ferry_cell_icon_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryCellIcon *self = FERRY_CELL_ICON (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_cell_icon_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FerryCellIcon *self = FERRY_CELL_ICON (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      ferry_cell_icon_set_icon_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_cell_icon_class_init (FerryCellIconClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ferry_cell_icon_finalize;
  object_class->get_property = ferry_cell_icon_get_property;
  object_class->set_property = ferry_cell_icon_set_property;
  widget_class->snapshot = ferry_cell_icon_snapshot;
  widget_class->measure = ferry_cell_icon_measure;
  widget_class->system_setting_changed = ferry_cell_icon_system_setting_changed;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "image");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ferry_cell_icon_init (FerryCellIcon *self)
{
}
